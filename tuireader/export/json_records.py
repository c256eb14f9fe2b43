"""JSON: the Paper records as hubread stores them, with the user's star, tags and note,
and the radar's signals (dismissed, opened)."""

from __future__ import annotations

import json
from collections.abc import Iterable

from tuireader.export.marks import NO_MARKS, ExportMarks
from tuireader.model import Paper


def to_json(papers: Iterable[Paper], marks: ExportMarks = NO_MARKS) -> str:
    records = []
    for paper in papers:
        record = paper.to_dict()
        record["starred"] = paper.key in marks.starred
        record["tags"] = list(marks.tags.get(paper.key, ()))
        record["note"] = marks.notes.get(paper.key, "")
        record["dismissed"] = paper.key in marks.dismissed
        record["opened"] = paper.key in marks.opened
        record["tldr"] = marks.tldrs.get(paper.key, "")  # "" until one was asked for
        records.append(record)
    return json.dumps(records, ensure_ascii=False, indent=2) + "\n"
