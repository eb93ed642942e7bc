"""Outlet commands: ``tahqiq outlets`` (a table) and ``tahqiq outlet NAME`` (one profile), and the
desk's names for outlets (``tahqiq outlet rename OLD NEW``, ``tahqiq outlet merge NAME INTO``).

Each is one call of the API plus printing; every figure is printed with the ids of the articles
behind it (``tahqiq show ID`` opens one).
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Annotated

import typer
from rich.table import Table

from tahqiq.cli import DbOption, FormatOption, JsonOption, app, opened, out, wants_json, write_json
from tahqiq.records.outlets import NamedTally, OutletList, OutletProfile, Tally
from tahqiq.report.terminal import rtl

ACTIONS = ("rename", "merge")
#: Ids printed after a figure on the terminal; --json lists up to the profile's cap.
SHOWN_IDS = 12


@app.command()
def outlets(db: DbOption = None, as_json: JsonOption = False, fmt: FormatOption = None) -> None:
    """List the outlets in the store, most articles first, with their dates and loaded language.

    Example: tahqiq outlets
    """
    json_out = wants_json(fmt, as_json)
    with opened(db) as tq:
        found = tq.outlets()
    if json_out:
        write_json(found)
        return
    _print_list(found)


@app.command()
def outlet(
    words: Annotated[
        list[str],
        typer.Argument(help="NAME for a profile; rename OLD NEW; merge NAME INTO.", show_default=False),
    ],
    by: Annotated[str, typer.Option("--by", help="Who renames or merges (kept with the change).")] = "cli",
    db: DbOption = None,
    as_json: JsonOption = False,
    fmt: FormatOption = None,
) -> None:
    """One outlet's profile, built from its articles; or rename an outlet, or merge two names for one.

    Example: tahqiq outlet "بلدي نيوز"  ·  tahqiq outlet rename "الوطن" "الوطن السورية" --by Huda
    """
    json_out = wants_json(fmt, as_json)
    if words[0] in ACTIONS and len(words) == 3:
        with opened(db) as tq:
            if words[0] == "rename":
                change = tq.rename_outlet(words[1], words[2], by=by)
            else:
                change = tq.merge_outlets(words[1], words[2], by=by)
        if json_out:
            write_json(change)
            return
        verb = "renamed" if change.action == "rename" else "merged into"
        out.print(
            f"{rtl(change.old)} {verb} {rtl(change.new)} (by {change.changed_by}, {change.changed_at})",
            highlight=False,
        )
        return
    if len(words) != 1:
        raise typer.BadParameter(
            "give one outlet NAME, or rename OLD NEW, or merge NAME INTO", param_hint="WORDS"
        )
    with opened(db) as tq:
        profile = tq.outlet(words[0])
    if json_out:
        write_json(profile)
        return
    _print_profile(profile)


def _ids(ids: Sequence[int], count: int) -> str:
    shown = ", ".join(f"#{i}" for i in ids[:SHOWN_IDS])
    return shown + (f" … (+{count - SHOWN_IDS})" if count > SHOWN_IDS else "")


def _tally(label: str, tally: Tally, whole: int) -> str:
    share = f" ({tally.count / whole:.0%})" if whole else ""
    return f"{label}: {tally.count}{share}" + (
        f"  {_ids(tally.articles, tally.count)}" if tally.count else ""
    )


def _named(rows: Sequence[NamedTally]) -> str:
    return "; ".join(f"{rtl(r.name)} {r.count} ({_ids(r.articles, r.count)})" for r in rows) or "—"


def _print_list(found: OutletList) -> None:
    table = Table("outlet", "articles", "first", "last", "loaded language", "detected as")
    for row in found.outlets:
        table.add_row(
            rtl(row.name),
            str(row.articles),
            row.first_published or "—",
            row.last_published or "—",
            f"{row.loaded_share:.0%}",
            rtl("، ".join(d for d in row.detected if d != row.name)) or "",
        )
    out.print(table)
    out.print(f"{found.unattributed} articles without a known outlet", highlight=False)
    if found.stale:
        out.print(f"{found.stale} articles not in the profiles yet (tahqiq index adds them)", highlight=False)


def _print_profile(p: OutletProfile) -> None:
    whole = p.articles.count
    dates = f"{p.first_published or '?'} → {p.last_published or '?'}" + (
        f", {p.undated} undated" if p.undated else ""
    )
    lines = [
        f"[bold]{rtl(p.name)}[/bold]"
        + (f"  (detected as {rtl('، '.join(p.detected))})" if p.detected != (p.name,) else ""),
        _tally("articles", p.articles, 0) + f"; {dates}",
        _tally("copy an earlier report of another outlet", p.copies, whole),
        _tally("published first, then copied", p.first, whole),
        _tally("share no passage with another outlet", p.own, whole),
        _tally("copy links of unknown order", p.unordered, whole),
        f"copies from: {_named(p.copies_from)}",
        f"copied by: {_named(p.copied_by)}",
        f"shares passages (order unknown) with: {_named(p.shares_with)}",
    ]
    for r in p.relays[:3]:
        lines.append(
            f"relays {rtl(r.name)} in {r.count} of its {p.relayed_of} reports: {_ids(r.articles, r.count)}"
        )
    carried = "; ".join(f"{r.name} {r.count} ({_ids(r.articles, r.count)})" for r in p.stance.carried)
    disputed = "; ".join(
        f"{r.name} {r.count} ({_ids(r.articles, r.count)})" for r in p.stance.disputed_claims
    )
    lines.append(f"claims it carried in saved checks, by later rating: {carried or '—'}")
    lines.append(f"claims it disputed in saved checks, by later rating: {disputed or '—'}")
    for d in p.denials[:SHOWN_IDS]:
        lines.append(f"carried a denial by {rtl(d.speaker)}: #{d.article_id}, sentence {d.sentence + 1}")
    lines.append(
        f"loaded language: {p.loaded_share:.0%} of {p.sentences} sentences; "
        + _tally("articles with some", p.loaded, whole)
    )
    labels = "; ".join(f"{rtl(x.label)} ({x.party}) {x.count}" for x in p.labels)
    lines.append(f"labels for the parties: {labels or '—'}")
    lines.append(f"languages: {_named(p.languages)}")
    if p.stale:
        lines.append(f"{p.stale} store articles are not in the profiles yet (tahqiq index adds them)")
    for line in lines:
        out.print(line, highlight=False, soft_wrap=True)
