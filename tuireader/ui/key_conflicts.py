"""Keys that ``[keys]`` gives to two actions on one screen, found when the reader starts.

Textual runs the first binding of a key along the focus chain (the focused widget, its
containers, the screen, the app), so a remapped key that another action of that chain also
has runs one of them and silently never the other. Every chain of the reader screen is
checked: its bindings as Textual merges them (a subclass's key replaces its base's), with
the keymap applied as ``App.set_keymap`` applies it. Text fields are left out: the reader's
keys type letters there.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from textual.app import App
from textual.binding import Binding, InvalidBinding
from textual.dom import DOMNode

TEXT_FIELDS = frozenset(("Input", "TextArea"))  # by class name: no TextArea import here


@dataclass(frozen=True, slots=True)
class Bound:
    """One key of one binding, after the keymap."""

    key: str
    action: str  # with its namespace ("app.quit", "PaperList.cursor_down"): what runs
    name: str  # as the message names it
    remapped: bool  # the key comes from [keys]
    ours: bool  # defined by hubread, not by Textual's own widgets


@dataclass(frozen=True, slots=True)
class Conflict:
    key: str
    names: tuple[str, ...]


def normalized_keys(keys: str) -> list[str]:
    """``"?, ctrl+x"`` -> ``["question_mark", "ctrl+x"]``: the names Textual's keys carry."""
    names: list[str] = []
    for key in (k.strip() for k in keys.split(",")):
        if key:
            try:
                names.extend(b.key for b in Binding.make_bindings([Binding(key, "-")]))
            except InvalidBinding:
                continue
    return names


def class_bindings(cls: type[DOMNode]) -> list[tuple[Binding, type[DOMNode]]]:
    """``cls``'s bindings, each with the class that defines it, merged over its bases as
    Textual merges them (a class's binding for a key replaces its bases' ones)."""
    by_key: dict[str, list[tuple[Binding, type[DOMNode]]]] = {}
    for base in reversed(cls.__mro__):
        own = vars(base).get("BINDINGS")
        if not own:
            continue
        mine: dict[str, list[tuple[Binding, type[DOMNode]]]] = {}
        for binding in Binding.make_bindings(own):
            mine.setdefault(binding.key, []).append((binding, base))
        by_key.update(mine)
    return [pair for pairs in by_key.values() for pair in pairs]


_OWNERS = {
    "PaperList": "the paper list",
    "SourceList": "the sources pane",
    "AbstractView": "the abstract",
    "ReaderScreen": "the reader",
    "HubreadApp": "the app",
}


def node_bindings(cls: type[DOMNode], keymap: Mapping[str, str], *, is_app: bool) -> list[Bound]:
    """The keys of ``cls``'s bindings once ``keymap`` (action id -> keys) is applied."""
    namespace = "app" if is_app else cls.__name__
    owner = _OWNERS.get(cls.__name__, cls.__name__)
    bound: list[Bound] = []
    for binding, defined_by in class_bindings(cls):
        action = binding.action if "." in binding.action else f"{namespace}.{binding.action}"
        if binding.id:
            name = f"{binding.id} ({binding.description})" if binding.description else binding.id
        else:
            name = f'"{binding.description or binding.action}" in {owner}'
        if binding.id and binding.id in keymap:
            keys, remapped = normalized_keys(keymap[binding.id]), True
        else:
            keys, remapped = [binding.key], False
        ours = defined_by.__module__.startswith("tuireader")
        bound.extend(Bound(k, action, name, remapped, ours) for k in keys)
    # A remapped id has its keys once, however many default keys it had.
    return list(dict.fromkeys(bound))


def conflicts(
    chains: Iterable[Sequence[list[Bound]]], *, remapped_only: bool = True
) -> list[Conflict]:
    """Keys that run two different actions in one chain (each a list of nodes' bindings),
    one per key with every action that has it somewhere. ``remapped_only``: only where
    [keys] is involved (the start-up report); else every conflict among hubread's own
    bindings (a test of the defaults)."""
    found: dict[str, dict[str, bool]] = {}  # key -> names (remapped ones first)
    for chain in chains:
        by_key: dict[str, list[Bound]] = {}
        for node in chain:
            for bound in node:
                by_key.setdefault(bound.key, []).append(bound)
        for key, bounds in by_key.items():
            if len({b.action for b in bounds}) < 2:
                continue
            if remapped_only and not any(b.remapped for b in bounds):
                continue
            if not remapped_only and not all(b.ours for b in bounds):
                continue
            names = found.setdefault(key, {})
            for b in bounds:
                names[b.name] = names.get(b.name, False) or b.remapped
    return [
        Conflict(key, tuple(sorted(names, key=lambda n: (not names[n], n))))
        for key, names in sorted(found.items())
    ]


def screen_chains(
    screen: DOMNode, app: DOMNode, keymap: Mapping[str, str]
) -> list[list[list[Bound]]]:
    """One chain per focusable widget of ``screen`` (text fields aside), and the screen's."""
    app_nodes = node_bindings(type(app), keymap, is_app=True)
    chains = [[node_bindings(type(screen), keymap, is_app=False), app_nodes]]
    for widget in screen.walk_children():
        names = {cls.__name__ for cls in type(widget).__mro__}
        if not getattr(widget, "can_focus", False) or names & TEXT_FIELDS:
            continue
        chain: list[list[Bound]] = []
        node: DOMNode | None = widget
        while node is not None and node is not app:
            chain.append(node_bindings(type(node), keymap, is_app=False))
            node = node.parent
        chains.append([*chain, app_nodes])
    return chains


def conflict_notice(found: Sequence[Conflict], display: Callable[[str], str]) -> str:
    """One message naming, for each key, the actions that share it."""
    lines = [f"{display(c.key)}: {', '.join(c.names[:-1])} and {c.names[-1]}" for c in found]
    return (
        "[keys] in config.toml gives one key to two actions; only one of them runs. "
        "Give each of them a key of its own:\n" + "\n".join(lines)
    )


def report(app: App[Any], screen: DOMNode, keymap: Mapping[str, str]) -> list[Conflict]:
    """Warn (as the unknown names in [keys] are warned about) of every conflict."""
    found = conflicts(screen_chains(screen, app, keymap))
    if found:
        app.notify(
            conflict_notice(found, lambda key: app.get_key_display(Binding(key, "-"))),
            severity="warning",
            timeout=20,
            markup=False,
        )
    return found
