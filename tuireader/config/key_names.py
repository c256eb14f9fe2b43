"""Action names of ``[keys]`` that were renamed: the old name keeps working, and the reader
says once at start which name to write instead."""

from __future__ import annotations

RENAMED = {"undo_dismiss": "undo"}  # old name -> current name (ctrl+z now undoes every mark)


def current_names(keys: dict[str, str]) -> dict[str, str]:
    """``keys`` with renamed actions under their current names (a current name wins)."""
    current = {k: v for k, v in keys.items() if k not in RENAMED}
    for old, new in RENAMED.items():
        if old in keys:
            current.setdefault(new, keys[old])
    return current


def renamed_notice(keys: dict[str, str]) -> str:
    """What to tell the user about old names in their ``[keys]`` ("" when none)."""
    old = [name for name in keys if name in RENAMED]
    if not old:
        return ""
    names = ", ".join(f"{name} is now {RENAMED[name]}" for name in old)
    return (
        f"[keys] in config.toml uses renamed actions ({names}); they still work, but rename them."
    )
