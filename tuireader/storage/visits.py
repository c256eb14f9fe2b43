"""``visits.json``: when the reader's sessions start, were last active and end, for the
reader's "Since last visit" view.

The end of a session is recorded when the reader exits; a session killed (kill -9, a
crash, a lost terminal) never records one, so the reader also records when it was last
active, every minute or so. The previous visit ended at the previous session's end, or,
if it has none, at its last activity: never at the crash's unknown moment, and never
counting papers the user saw as new again. The file is small, rewritten atomically (a
temp file renamed over it), and one that cannot be read counts as no previous visit.
"""

from __future__ import annotations

import json
import logging
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

from tuireader.atomic_files import atomic_write
from tuireader.model import utc_iso

logger = logging.getLogger(__name__)


def _moment(value: object) -> datetime | None:
    if not isinstance(value, str):
        return None
    try:
        moment = datetime.fromisoformat(value)
    except ValueError:
        return None
    return moment if moment.tzinfo is not None else None


@dataclass
class Session:
    """This reader's session, recorded in ``path``; ``previous_end`` is when the visit
    before it ended (None: no earlier visit is known)."""

    path: Path
    started: datetime
    previous_end: datetime | None = None
    error: str = ""  # the last failure to record the session, for the reader to report

    @classmethod
    def begin(cls, path: Path, now: datetime) -> Session:
        """Read the previous session and record this one as started."""
        previous: datetime | None = None
        unreadable = ""
        try:
            record = json.loads(path.read_text("utf-8"))
        except FileNotFoundError:
            record = {}
        except (OSError, ValueError) as exc:
            unreadable = f"{path} could not be read ({exc}); no earlier visit is known"
            logger.warning("%s", unreadable)
            record = {}
        if isinstance(record, dict):
            previous = _moment(record.get("ended")) or _moment(record.get("last_active"))
        session = cls(path, now, previous)
        session._write(now, ended=False)
        # Said once by the reader, so that an empty "Since last visit" is explained.
        session.error = session.error or unreadable
        return session

    def touch(self, now: datetime) -> None:
        """The reader is still open: a crash from now on ends the visit here at the latest."""
        self._write(now, ended=False)

    def end(self, now: datetime) -> None:
        """The reader exits: the next session's "Since last visit" starts here."""
        self._write(now, ended=True)

    def _write(self, now: datetime, *, ended: bool) -> None:
        record = {
            "started": utc_iso(self.started),
            "last_active": utc_iso(now),
            "ended": utc_iso(now) if ended else None,
        }
        data = (json.dumps(record, indent=2) + "\n").encode("utf-8")
        try:
            atomic_write(self.path, data, backup=False)
            self.error = ""
        except OSError as exc:
            self.error = f"cannot save {self.path}: {exc.strerror or exc}"
            logger.warning("%s", self.error)
