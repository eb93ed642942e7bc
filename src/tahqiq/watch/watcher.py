"""Watch folders and ingest what appears in them, round after round, until told to stop.

Each round looks at the watched files twice, :data:`SETTLE_SECONDS` apart: a file whose size or
modification time changed between the two looks is still being written (a fetcher dropping a
feed, a copy in progress) and waits for the next round. A stable file is read only if its size,
modification time and content hash differ from what the store remembers of it
(:mod:`tahqiq.store.alerts`), so a restarted watch reads nothing twice. New files go through
:meth:`tahqiq.api.Tahqiq.ingest` a few at a time, with its rules for bad input and its matching of
new articles against the saved checks; the stop flag is read between those groups, so Ctrl-C or
SIGTERM stops the watch after the group in flight is committed, never inside one.
"""

from __future__ import annotations

import hashlib
import os
import threading
from collections.abc import Callable, Iterator, Sequence
from contextlib import AbstractContextManager, nullcontext
from datetime import UTC, datetime

from tahqiq.api import Tahqiq
from tahqiq.ingest import iter_sources
from tahqiq.records.alerts import WatchedFile, WatchRound

#: Seconds between the two looks of a round. A fetcher writing a feed of a few megabytes over a
#: local disk changes its size within this time; one that stalls longer is caught by the next round.
SETTLE_SECONDS = 1.0
#: Files ingested per call, with the stop flag read between calls: small enough that stopping is
#: prompt, large enough that a folder of many small files is not one transaction a file.
FILES_PER_GROUP = 50
HASH_CHUNK = 1 << 20
#: Names a fetcher writes while downloading and renames when done: never read.
PARTIAL_SUFFIXES = (".part", ".partial", ".tmp", ".crdownload", ".download", "~")


def file_hash(path: str) -> str:
    """SHA-256 of a file's bytes, read in chunks."""
    digest = hashlib.sha256()
    with open(path, "rb") as f:
        for chunk in iter(lambda: f.read(HASH_CHUNK), b""):
            digest.update(chunk)
    return digest.hexdigest()


class Watch:
    """The folders and files to watch, over one open store.

    ``write_lock`` is held around each ingest (the server passes its writer lock, so a watch
    running beside requests never races them for SQLite's write lock); ``stop`` ends the watch
    between groups of files.
    """

    def __init__(
        self,
        tq: Tahqiq,
        paths: Sequence[str],
        *,
        outlet: str | None = None,
        settle: float = SETTLE_SECONDS,
        stop: threading.Event | None = None,
        write_lock: Callable[[], AbstractContextManager[object]] | None = None,
    ) -> None:
        self.tq = tq
        self.paths = [os.path.abspath(p) for p in paths]
        self.outlet = outlet
        self.settle = settle
        self.stop = stop or threading.Event()
        self.write_lock = write_lock or nullcontext
        self.last_alert = tq.store.last_alert_id()

    def look(self) -> dict[str, tuple[int, int]]:
        """Size and modification time (ns) of every readable file under the watched paths."""
        refused = {os.path.abspath(f) for f in self.tq.store.files()}
        found: dict[str, tuple[int, int]] = {}
        for path in iter_sources(self.paths):
            name = os.path.basename(path)
            if path in refused or name.endswith(PARTIAL_SUFFIXES):
                continue
            try:
                st = os.stat(path)
            except OSError:  # gone between the listing and the look: the next round sees it or not
                continue
            found[path] = (st.st_size, st.st_mtime_ns)
        return found

    def round(self) -> WatchRound:
        """Look twice, ingest the stable new or changed files, and say what came of it."""
        first = self.look()
        if self.settle > 0 and first:
            self.stop.wait(self.settle)
        second = self.look()
        stable = {p: st for p, st in second.items() if first.get(p) == st}
        waiting = tuple(sorted(p for p in second if p not in stable))
        known = self.tq.store.watched_files(sorted(stable))
        todo: list[WatchedFile] = []
        unchanged: list[WatchedFile] = []
        now = datetime.now(UTC).isoformat(timespec="seconds")
        for path, (size, mtime) in sorted(stable.items()):
            seen = known.get(path)
            if seen is not None and (seen.size, seen.mtime_ns) == (size, mtime):
                continue
            try:
                digest = file_hash(path)
            except OSError:
                continue
            record = WatchedFile(path, size, mtime, digest, now)
            (unchanged if seen is not None and seen.content_hash == digest else todo).append(record)
        if unchanged:
            with self.write_lock():
                self.tq.store.remember_files(unchanged)
        ingested: list[str] = []
        added = duplicates = 0
        skipped: list[tuple[str, str]] = []
        for group in _groups(todo, FILES_PER_GROUP):
            if self.stop.is_set():
                break
            with self.write_lock():
                summary = self.tq.ingest([f.path for f in group], outlet=self.outlet)
                self.tq.store.remember_files(group)
            ingested += [f.path for f in group]
            added += len(summary.added)
            duplicates += len(summary.duplicates)
            skipped += [(s.source, s.reason) for s in summary.skipped]
        alerts = sorted(self.tq.store.alerts(after_id=self.last_alert, limit=None), key=lambda a: a.id)
        if alerts:
            self.last_alert = alerts[-1].id
        return WatchRound(
            ingested=tuple(ingested),
            waiting=waiting,
            unchanged=len(stable) - len(todo),
            added=added,
            duplicates=duplicates,
            skipped=tuple(skipped),
            alerts=tuple(alerts),
        )

    def run(
        self, *, every: float, once: bool = False, report: Callable[[WatchRound], None] | None = None
    ) -> None:
        """Run rounds ``every`` seconds apart until :attr:`stop` is set (one round with ``once``)."""
        while not self.stop.is_set():
            done = self.round()
            if report is not None:
                report(done)
            if once:
                return
            self.stop.wait(every)


def _groups(items: Sequence[WatchedFile], size: int) -> Iterator[Sequence[WatchedFile]]:
    for start in range(0, len(items), size):
        yield items[start : start + size]
