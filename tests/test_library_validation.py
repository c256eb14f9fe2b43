"""library.json of any shape: bad records are set aside and kept, the rest loads, no traceback."""

from __future__ import annotations

import json
from pathlib import Path

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tuireader.cli import main
from tuireader.model import Paper
from tuireader.storage.library import LibraryError, LibraryStore

GOOD = Paper(key="arxiv:2611.00001", title="Good paper", authors=("Ann Lee",))


def library_with(path: Path, **sections: object) -> None:
    good_star = {"starred_at": "2026-01-01T00:00:00+00:00", "paper": GOOD.to_dict()}
    stars = {GOOD.key: good_star, **sections.pop("stars", {})}  # type: ignore[dict-item]
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(json.dumps({"version": 1, "stars": stars, **sections}))


BAD_STARS = {
    "a": {"paper": {}},
    "b": {"paper": {"key": "b", "title": "B", "published": "garbage"}},
    "c": {"paper": {"key": "c", "title": "C", "authors": 5}},
    "d": "not an object",
}


def test_bad_records_are_set_aside_kept_and_reported(tmp_path: Path) -> None:
    path = tmp_path / "library.json"
    library_with(
        path,
        stars=BAD_STARS,
        tags={"x": "not-a-list", GOOD.key: ["ok"]},
        notes={"y": 5, GOOD.key: "fine"},
    )
    lib = LibraryStore(path)
    assert lib.starred_keys() == {GOOD.key}  # the rest is kept
    assert lib.starred_papers() == [GOOD]
    assert lib.tags(GOOD.key) == ("ok",) and lib.note(GOOD.key) == "fine"
    (problem,) = lib.problems
    assert "6 records" in problem and '"published" is not an ISO 8601 date' in problem
    assert 'under "rejected" in library.json' in problem
    saved = json.loads(path.read_text())
    assert set(saved["stars"]) == {GOOD.key}
    kept = {(r["section"], r["key"]): r for r in saved["rejected"].values()}
    assert kept[("stars", "c")]["value"] == BAD_STARS["c"]  # unchanged, with the reason
    assert '"authors" is not a list of strings' in kept[("stars", "c")]["reason"]
    assert kept[("tags", "x")]["value"] == "not-a-list" and kept[("notes", "y")]["value"] == 5
    assert len(kept) == 6

    again = LibraryStore(path)  # read again: nothing new to report, nothing kept twice
    assert again.problems == [] and not again.dirty
    again.star(Paper(key="k2", title="Another"))
    assert again.flush()
    assert len(json.loads(path.read_text())["rejected"]) == 6


def test_a_section_of_the_wrong_type_is_kept_and_the_others_load(tmp_path: Path) -> None:
    path = tmp_path / "library.json"
    library_with(path, tags=["not", "an", "object"], read={GOOD.key: "2026-01-01"})
    lib = LibraryStore(path)
    assert lib.is_starred(GOOD.key) and lib.is_read(GOOD.key) and lib.all_tags() == {}
    assert '"tags" is not an object' in lib.problems[0]
    (kept,) = json.loads(path.read_text())["rejected"].values()
    assert kept["value"] == ["not", "an", "object"]


def test_a_library_nested_100k_deep_is_corrupt_not_a_crash(tmp_path: Path) -> None:
    path = tmp_path / "library.json"
    deep = '{"version": 1, "notes": {"k": ' + "[" * 100_000 + "]" * 100_000 + "}}"
    path.write_text(deep)
    lib = LibraryStore(path)
    assert lib.starred_keys() == set()
    assert "nested too deeply" in lib.problems[0] and "moved aside" in lib.problems[0]
    (aside,) = tmp_path.glob("library.json.corrupt-*")
    assert aside.read_text() == deep


def test_nesting_deeper_than_any_library_is_corrupt(tmp_path: Path) -> None:
    path = tmp_path / "library.json"
    library_with(
        path,
        stars={
            GOOD.key: {
                "paper": {
                    **GOOD.to_dict(),
                    "x": [[[[[[[[]]]]]]]] * 1,
                    "y": json.loads("[" * 500 + "]" * 500),
                }
            }
        },
    )
    lib = LibraryStore(path)
    assert "nested more than 64 levels deep" in lib.problems[0]


def test_export_and_fetch_of_a_bad_library_say_so_on_stderr(tmp_path: Path, capsys) -> None:
    data = tmp_path / "data"
    library_with(data / "library.json", stars=BAD_STARS)
    config = tmp_path / "config.toml"
    config.write_text("sources = []\n")
    args = ["--config", str(config), "--data-dir", str(data)]
    assert main(["export", "--format", "json", *args]) == 0
    out, err = capsys.readouterr()
    assert [p["key"] for p in json.loads(out)] == [GOOD.key]
    assert "4 records" in err and "could not be used" in err


JSON = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats(allow_nan=False) | st.text(max_size=8),
    lambda children: (
        st.lists(children, max_size=4)
        | st.dictionaries(
            st.sampled_from(
                [
                    "version",
                    "stars",
                    "tags",
                    "read",
                    "notes",
                    "paper",
                    "key",
                    "title",
                    "authors",
                    "published",
                    "extra",
                    "rejected",
                    "x",
                ]
            )
            | st.text(max_size=4),
            children,
            max_size=5,
        )
    ),
    max_leaves=30,
)
SECTION = st.dictionaries(st.text(max_size=6), JSON, max_size=4)
LIBRARY = (
    st.fixed_dictionaries(
        {"version": st.integers(-1, 1) | JSON},
        optional={
            "stars": SECTION | JSON,
            "tags": SECTION | JSON,
            "read": SECTION | JSON,
            "notes": SECTION | JSON,
            "rejected": SECTION | JSON,
        },
    )
    | JSON
)


@settings(
    max_examples=300,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture],
)
@given(data=LIBRARY)
def test_any_json_shape_loads_without_a_traceback(tmp_path: Path, data: object) -> None:
    path = tmp_path / "fuzz" / "library.json"
    path.parent.mkdir(exist_ok=True)
    for leftover in path.parent.iterdir():
        leftover.unlink()
    path.write_text(json.dumps(data))
    try:
        lib = LibraryStore(path)
    except LibraryError as exc:  # only for a newer hubread's file
        assert "newer hubread" in str(exc)
        return
    lib.starred_papers()  # whatever loaded is usable
    lib.all_tags()
    for key in lib.read_keys():
        lib.note(key)
    assert lib.flush()
    assert LibraryStore(path).problems == []  # what was written back is clean
