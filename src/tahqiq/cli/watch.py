"""The watch's commands: ``tahqiq watch`` ingests folders as files appear; ``tahqiq alerts`` lists
what came back.

Kept apart from the other commands so each module stays short; they register on the same app.
"""

from __future__ import annotations

import json
import os
import re
import signal
import sys
import threading
from types import FrameType
from typing import Annotated

import typer
from rich.table import Table

from tahqiq.cli import DbOption, FormatOption, JsonOption, app, err, opened, out, wants_json
from tahqiq.records.alerts import Alert, WatchRound
from tahqiq.records.serialize import to_dict

_DURATION = re.compile(r"^\s*(\d+(?:\.\d+)?)\s*(ms|s|m|h)?\s*$")
_UNIT_SECONDS = {"ms": 0.001, "s": 1.0, "m": 60.0, "h": 3600.0}


def parse_duration(text: str) -> float:
    """``"60s"``, ``"2m"``, ``"1h"``, ``"500ms"`` or plain seconds as seconds; ``BadParameter`` otherwise."""
    m = _DURATION.match(text)
    if m is None or float(m.group(1)) <= 0:
        raise typer.BadParameter(f"not a duration such as 60s, 5m or 1h: {text!r}", param_hint="--every")
    return float(m.group(1)) * _UNIT_SECONDS[m.group(2) or "s"]


@app.command()
def watch(
    paths: Annotated[list[str], typer.Argument(help="Folders (watched recursively) or files.")],
    db: DbOption = None,
    every: Annotated[str, typer.Option(help="Time between looks: 60s, 5m, 1h.")] = "60s",
    once: Annotated[bool, typer.Option("--once", help="Look once, ingest what is ready, and stop.")] = False,
    outlet: Annotated[str | None, typer.Option(help="Outlet name for articles that don't name one.")] = None,
    jsonl: Annotated[
        str | None,
        typer.Option(
            "--jsonl", envvar="TAHQIQ_ALERTS_JSONL", help="Append each alert to this JSON Lines file."
        ),
    ] = None,
    webhook: Annotated[
        str | None,
        typer.Option("--webhook", envvar="TAHQIQ_WEBHOOK", help="POST each alert as JSON to this URL."),
    ] = None,
) -> None:
    """Ingest new or changed files in folders as they appear, and alert when a checked claim comes back.

    A file still being written waits for the next look; what was read is remembered in the store,
    so a restart reads nothing twice. Ctrl-C stops after the batch in flight is committed.

    Example: tahqiq watch feeds/ --every 5m --jsonl alerts.jsonl
    """
    from tahqiq.watch import Watch, WebhookPoster, append_jsonl

    seconds = parse_duration(every)
    missing = [p for p in paths if not os.path.exists(p)]
    if missing:
        raise typer.BadParameter(f"no such file or folder: {', '.join(missing)}", param_hint="PATHS")
    stop = threading.Event()

    def on_signal(signum: int, frame: FrameType | None) -> None:
        if not stop.is_set():
            err.print("stopping after the batch in flight…", highlight=False)
        stop.set()

    previous = {s: signal.signal(s, on_signal) for s in (signal.SIGINT, signal.SIGTERM)}
    poster: WebhookPoster | None = None
    try:
        with opened(db) as tq:
            if webhook:
                try:
                    poster = WebhookPoster(tq.store.path, webhook).start()
                except ValueError as exc:
                    raise typer.BadParameter(str(exc), param_hint="--webhook") from None
            watcher = Watch(tq, paths, outlet=outlet, stop=stop)

            def report(done: WatchRound) -> None:
                _print_round(done)
                if jsonl:
                    append_jsonl(jsonl, done.alerts)
                if poster is not None and done.alerts:
                    poster.wake()

            if not once:
                err.print(
                    f"watching {', '.join(paths)} every {every}; Ctrl-C stops",
                    highlight=False,
                    soft_wrap=True,
                )
            watcher.run(every=seconds, once=once, report=report)
    finally:
        if poster is not None:
            poster.close()
        for s, handler in previous.items():
            signal.signal(s, handler)
    if stop.is_set():
        err.print("stopped", highlight=False)


def _print_round(done: WatchRound) -> None:
    if done.ingested or done.alerts:
        out.print(
            f"{len(done.ingested)} files read: {done.added} added, {done.duplicates} duplicates, "
            f"{len(done.skipped)} skipped, {len(done.alerts)} alerts",
            soft_wrap=True,
        )
    for source, reason in done.skipped:
        err.print(f"[yellow]skipped[/yellow] {source}: {reason}", highlight=False, soft_wrap=True)
    for path in done.waiting:
        err.print(f"still being written, next look: {path}", highlight=False, soft_wrap=True)
    for alert in done.alerts:
        out.print(_alert_line(alert), highlight=False, soft_wrap=True)


def _alert_line(a: Alert) -> str:
    marks: list[str] = [a.stance]
    if a.new_outlet:
        marks.append("new outlet")
    if a.copy_of:
        marks.append("copies " + ", ".join(f"#{i}" for i in a.copy_of))
    where = f"#{a.article_id} ({a.outlet or '?'}; {'; '.join(marks)})"
    return f"alert {a.id}: check {a.check_id} «{a.claim}» in {where}"


@app.command()
def alerts(
    db: DbOption = None,
    since: Annotated[
        str | None, typer.Option(help="Only alerts raised on or after this date or time (ISO).")
    ] = None,
    check: Annotated[
        int | None, typer.Option("--check", min=1, help="Only alerts of this saved check.")
    ] = None,
    limit: Annotated[int, typer.Option(min=1, max=10000)] = 50,
    as_json: JsonOption = False,
    fmt: FormatOption = None,
) -> None:
    """List alerts: saved checks' claims found again in articles ingested later, newest first.

    Example: tahqiq alerts --since 2026-01-01 --json
    """
    json_out = wants_json(fmt, as_json)
    with opened(db) as tq:
        found = tq.alerts(since=since, check_id=check, limit=limit)
    if json_out:
        sys.stdout.write(json.dumps(to_dict(found), ensure_ascii=False, indent=2) + "\n")
        return
    if not found:
        out.print("no alerts")
        return
    table = Table()
    for name in ("id", "raised", "check", "article", "outlet", "stance", "new", "copies"):
        table.add_column(name, no_wrap=True, min_width=len(name))
    table.add_column("sentence", overflow="ellipsis", no_wrap=True, max_width=40)
    for a in found:
        table.add_row(
            str(a.id),
            a.raised_at[:10],
            str(a.check_id),
            str(a.article_id),
            a.outlet or "",
            a.stance,
            "yes" if a.new_outlet else "",
            " ".join(f"#{i}" for i in a.copy_of),
            a.sentence[:80],
        )
    out.print(table)
