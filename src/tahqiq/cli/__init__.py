"""The ``tahqiq`` command line: each command is one call of the Python API plus printing.

Errors that tahqiq raises on purpose become one clear line on stderr and exit status 1;
usage errors exit with 2.
"""

from __future__ import annotations

import json
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from enum import StrEnum
from pathlib import Path
from typing import Annotated

import typer
from rich.console import Console
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TaskID, TextColumn, TimeElapsedColumn
from rich.table import Table

from tahqiq.api import Tahqiq
from tahqiq.api import open as open_store
from tahqiq.errors import TahqiqError
from tahqiq.records import IngestSummary

app = typer.Typer(
    name="tahqiq",
    help="Verify claims in Arabic news, offline: ingest articles, search them, check a claim.",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
)
# Message lines (summaries, warnings, errors) are printed with soft_wrap=True: piped into a file
# or another program they are never broken at 80 columns, so a path or a warning stays whole on its
# line for grep and the next program; in a terminal, the terminal itself folds them. Tables and
# panels are laid out to the width as usual: cropping them instead would lose text.
out = Console()
err = Console(stderr=True)

# Options every command shares are defined once here, so --db, --json and --format mean the
# same thing wherever they appear.
DbOption = Annotated[
    str | None,
    typer.Option("--db", envvar="TAHQIQ_DB", help="Store path (default ./tahqiq.db, or $TAHQIQ_DB)."),
]
JsonOption = Annotated[bool, typer.Option("--json", help="Print JSON (same as --format json).")]
QuietOption = Annotated[bool, typer.Option("--quiet", "-q", help="No progress bar.")]


class OutputFormat(StrEnum):
    text = "text"
    json = "json"
    markdown = "markdown"


ReportFormat = OutputFormat  # the name `tahqiq check` has documented since 1.0
FormatOption = Annotated[
    OutputFormat | None, typer.Option("--format", "-f", help="text (default) or json.", show_default=False)
]
ReportFormatOption = Annotated[
    OutputFormat | None, typer.Option("--format", "-f", help="text (default), json or markdown.")
]
MarkdownOption = Annotated[bool, typer.Option("--markdown", help="Same as --format markdown.")]


def output_format(
    fmt: OutputFormat | None, *, as_json: bool, markdown: bool = False, allowed: tuple[OutputFormat, ...] = ()
) -> OutputFormat:
    """The one output format asked for; two different ones at once are a usage error, not a guess."""
    asked = {
        f
        for f, on in ((fmt, fmt is not None), (OutputFormat.json, as_json), (OutputFormat.markdown, markdown))
        if on and f is not None
    }
    if len(asked) > 1:
        names = " and ".join(sorted(f.value for f in asked))
        raise typer.BadParameter(f"choose one output format, not {names}", param_hint="--format")
    chosen = next(iter(asked), OutputFormat.text)
    if allowed and chosen not in allowed:
        choices = " or ".join(a.value for a in allowed)
        raise typer.BadParameter(
            f"{chosen.value} is not an output of this command; choose {choices}", param_hint="--format"
        )
    return chosen


def wants_json(fmt: OutputFormat | None, as_json: bool) -> bool:
    """Whether a command that prints text or JSON was asked for JSON."""
    chosen = output_format(fmt, as_json=as_json, allowed=(OutputFormat.text, OutputFormat.json))
    return chosen == OutputFormat.json


def progress_bar(label: TextColumn, *, quiet: bool, detail: bool = False) -> Progress:
    """The progress bar of a long command, on stderr, shown only in a terminal and unless ``quiet``."""
    columns = [label, BarColumn(), MofNCompleteColumn(), TimeElapsedColumn()]
    if detail:
        columns.append(TextColumn("{task.description}"))
    return Progress(*columns, console=err, transient=True, disable=quiet or not err.is_terminal)


def write_json(data: object) -> None:
    """The one way a command prints JSON: the records' one JSON form (:mod:`tahqiq.records.serialize`),
    UTF-8 Arabic as is, indented, one trailing newline."""
    from tahqiq.records.serialize import to_dict

    sys.stdout.write(json.dumps(to_dict(data), ensure_ascii=False, indent=2) + "\n")


@contextmanager
def opened(db: str | None) -> Iterator[Tahqiq]:
    """Open the store, turning tahqiq's own errors into one line and exit status 1."""
    try:
        with open_store(db) as tq:
            yield tq
    except TahqiqError as exc:
        err.print(f"[red]error:[/red] {exc}", highlight=False, soft_wrap=True)
        raise typer.Exit(1) from None


@app.command()
def ingest(
    paths: Annotated[list[str], typer.Argument(help="Files, folders (recursive), globs, or - for stdin.")],
    db: DbOption = None,
    outlet: Annotated[str | None, typer.Option(help="Outlet name for articles that don't name one.")] = None,
    quiet: QuietOption = False,
) -> None:
    """Add articles (.txt, .html, .jsonl/.json, RSS/Atom) to the store.

    Example: tahqiq ingest examples/ --db tahqiq.db
    """
    with opened(db) as tq:
        progress = progress_bar(TextColumn("ingest"), quiet=quiet, detail=True)
        with progress:
            task = progress.add_task("", total=None)

            def step(n: int, source: str) -> None:
                progress.update(task, advance=n, description=Path(source).name[-40:])

            summary = tq.ingest(paths, outlet=outlet, stdin=sys.stdin, progress=step)
        _print_summary(summary, tq.store.path)
        waiting = tq.store.outlet_stale()
        if waiting:
            err.print(f"outlet profiles: {waiting} articles wait for `tahqiq index`", highlight=False)


def _print_summary(summary: IngestSummary, path: str) -> None:
    out.print(
        f"{len(summary.added)} added, {len(summary.duplicates)} duplicates, "
        f"{len(summary.unchanged)} already stored, {len(summary.skipped)} skipped → {path}",
        soft_wrap=True,
    )
    for s in summary.skipped:
        err.print(f"[yellow]skipped[/yellow] {s.source}: {s.reason}", highlight=False, soft_wrap=True)
    for w in summary.warnings:
        err.print(f"[yellow]warning[/yellow] {w.source}: {w.message}", highlight=False, soft_wrap=True)


@app.command()
def search(
    query: Annotated[str, typer.Argument(help="Arabic words to look for.")],
    db: DbOption = None,
    limit: Annotated[int, typer.Option(min=1, max=1000)] = 10,
    as_json: JsonOption = False,
    fmt: FormatOption = None,
) -> None:
    """Find articles by BM25 over normalized Arabic stems.

    Example: tahqiq search "الحسكة الجيش السوري الجديد" --limit 5
    """
    from tahqiq.report.terminal import rtl

    json_out = wants_json(fmt, as_json)
    with opened(db) as tq:
        hits = tq.search(query, limit=limit)
    if json_out:
        write_json(hits)
        return
    table = Table(title=f"{len(hits)} result(s)", expand=True, show_lines=True)
    for col in ("#", "score", "outlet / date", "title and best sentence"):
        table.add_column(col)
    for h in hits:
        best = h.sentences[0].text if h.sentences else ""
        table.add_row(
            str(h.article.id),
            f"{h.score:.3f}",
            f"{h.article.outlet or '—'}\n{h.article.published or ''}",
            rtl(h.article.title) + "\n" + rtl(best),
        )
    out.print(table)


@app.command()
def check(
    claim: Annotated[str, typer.Argument(help="The claim, in Arabic.")],
    db: DbOption = None,
    limit: Annotated[int, typer.Option(min=1, max=200, help="Articles to weigh.")] = 10,
    fmt: ReportFormatOption = None,
    as_json: JsonOption = False,
    markdown: MarkdownOption = False,
    model: Annotated[
        str | None, typer.Option(help="default, fast, rules or a desk model (tahqiq models).")
    ] = None,
) -> None:
    """Check a claim: stance of each relevant article, rationales, copied passages, verdict.

    Example: tahqiq check "القوات الأمريكية تدرب منشقين عن داعش في الحسكة" --format json
    """
    chosen = output_format(fmt, as_json=as_json, markdown=markdown)
    with opened(db) as tq:
        if model:
            tq.use_model(model)
        report = tq.check(claim, limit=limit)
    if chosen == OutputFormat.json:
        write_json(report)
    elif chosen == OutputFormat.markdown:
        from tahqiq.report.markdown import to_markdown

        sys.stdout.write(to_markdown(report))
    else:
        from tahqiq.report.terminal import render_check

        out.print(render_check(report))


@app.command()
def show(
    article_id: Annotated[int, typer.Argument(help="Article id, as printed by search or check.")],
    db: DbOption = None,
    as_json: JsonOption = False,
    fmt: FormatOption = None,
) -> None:
    """Show one stored article with its numbered sentences.

    Example: tahqiq show 1
    """
    json_out = wants_json(fmt, as_json)
    with opened(db) as tq:
        shown = tq.show(article_id)
    if json_out:
        write_json(shown)
        return
    from tahqiq.report.terminal import render_article, render_persuasion

    out.print(render_article(shown.article, [(s.index, s.text) for s in shown.sentences]))
    out.print(render_persuasion(shown.article.text, shown.persuasion))


@app.command()
def claims(
    article_id: Annotated[int | None, typer.Argument(help="Only this article's sentences.")] = None,
    story: Annotated[
        int | None, typer.Option(help="Only this story's articles (its id, from stories).")
    ] = None,
    since: Annotated[str | None, typer.Option(help="Only articles published on or after YYYY-MM-DD.")] = None,
    limit: Annotated[int, typer.Option(min=1, max=500, help="Claims to list.")] = 20,
    check_k: Annotated[
        int | None, typer.Option("--check", min=1, help="Check the K-th listed claim and save the check.")
    ] = None,
    db: DbOption = None,
    as_json: JsonOption = False,
    fmt: FormatOption = None,
) -> None:
    """List the store's check-worthy sentences, best first: who asserts each, how many outlets and
    independent origins carry it, and the saved check of it; --check K checks the K-th.

    Example: tahqiq claims --since 2017-12-01 --limit 10 --check 1
    """
    json_out = wants_json(fmt, as_json)
    with opened(db) as tq:
        found = tq.claims(article_id, story=story, since=since, limit=limit)
        if check_k is None:
            if json_out:
                write_json(found)
            else:
                from tahqiq.report.terminal import render_claims

                out.print(render_claims(found))
            return
        if check_k > len(found):
            err.print(f"[red]error:[/red] only {len(found)} claims are listed", highlight=False)
            raise typer.Exit(1)
        report = tq.check(found[check_k - 1].text)
        check_id = tq.save_check(report)
    if json_out:
        write_json({"check_id": check_id, "report": report})
        return
    from tahqiq.report.terminal import render_check

    out.print(render_check(report))
    out.print(f"saved as check {check_id}")


@app.command()
def quotes(
    article_id: Annotated[int, typer.Argument(help="Article id.")],
    db: DbOption = None,
    as_json: JsonOption = False,
    fmt: FormatOption = None,
) -> None:
    """Who said what in an article: speakers, speech verbs and their class, content, cited sources.

    Example: tahqiq quotes 5
    """
    from tahqiq.report.terminal import rtl

    json_out = wants_json(fmt, as_json)
    with opened(db) as tq:
        speech = tq.quotes(article_id)
    if json_out:
        write_json(speech)
        return
    out.print(f"primary source: {rtl(speech.primary_source or '—')}")
    table = Table(title=f"statements in #{article_id}", expand=True, show_lines=True)
    for col in ("sent.", "speaker", "verb", "class", "distanced"):
        table.add_column(col, ratio=1)
    table.add_column("content", ratio=4)
    for q in speech.quotes:
        speaker = q.speaker_canonical or q.speaker
        if q.speaker_title:
            speaker = f"{q.speaker_title} — {speaker}"
        table.add_row(
            str(q.sentence),
            rtl(speaker),
            rtl(q.verb),
            q.verb_class,
            ", ".join(q.distancing) if q.distanced else "",
            rtl(q.content),
        )
    out.print(table)
    cites = Table(title="cited sources", expand=True)
    for col in ("sent.", "cue", "source", "canonical", "type"):
        cites.add_column(col)
    for a in speech.attributions:
        cites.add_row(str(a.sentence), rtl(a.cue), rtl(a.source), rtl(a.canonical or "—"), a.source_type)
    out.print(cites)


@app.command()
def reuse(
    article_id: Annotated[int, typer.Argument(help="Article id.")],
    db: DbOption = None,
    as_json: JsonOption = False,
    fmt: FormatOption = None,
) -> None:
    """Articles sharing copied passages with one article, side by side, with who published first.

    Example: tahqiq reuse 1
    """
    from tahqiq.report.terminal import rtl

    json_out = wants_json(fmt, as_json)
    with opened(db) as tq:
        report = tq.reuse(article_id)
    if json_out:
        write_json(report)
        return
    a = report.article
    out.print(
        f"#{a.id} {rtl(a.title)} — {a.outlet or '—'}, {a.published or 'no date'}: "
        f"{report.copied_words} of {a.words} words ({report.share:.0%}) "
        f"shared with {len(report.links)} article(s)"
    )
    for link in report.links:
        o = link.other
        first = {"article": f"#{a.id} first", "other": f"#{o.id} first", "unknown": "order unknown"}[
            link.first
        ]
        table = Table(
            title=f"#{a.id} ↔ #{o.id} {rtl(o.title)} ({o.outlet or '—'}, {o.published or 'no date'}) — "
            f"{link.share:.0%} of #{a.id}, {link.other_share:.0%} of #{o.id}; {first} ({link.order})",
            expand=True,
            show_lines=True,
        )
        table.add_column(f"#{a.id}", ratio=1)
        table.add_column(f"#{o.id}", ratio=1)
        for p in link.passages:
            table.add_row(rtl(p.passage), rtl(p.passage_other))
        out.print(table)


@app.command()
def stories(
    db: DbOption = None,
    limit: Annotated[int, typer.Option(min=1, help="Stories to show, largest first.")] = 20,
    min_articles: Annotated[int, typer.Option(min=1, help="Smallest story size.")] = 2,
    as_json: JsonOption = False,
    fmt: FormatOption = None,
) -> None:
    """Group the store into stories (events): outlets, first and last report, central claims, who holds them.

    Example: tahqiq stories --limit 5
    """
    from tahqiq.report.terminal import rtl

    json_out = wants_json(fmt, as_json)
    with opened(db) as tq:
        found = tq.stories(min_articles=min_articles, limit=limit)[:limit]
    if json_out:
        write_json(found)
        return
    if not found:
        out.print(f"no story has {min_articles} or more articles")
    for story in found:
        span = f"{story.first_report or '?'} → {story.last_report or '?'}"
        out.print(
            f"\n[bold]story {story.id}[/bold]: {rtl(story.title)}\n"
            f"{len(story.articles)} articles ({', '.join(f'#{a.id}' for a in story.articles)}), "
            f"outlets: {rtl('، '.join(story.outlets) or '—')}; {span}"
            + (f", {story.undated} undated" if story.undated else ""),
            highlight=False,
        )
        table = Table(expand=True, show_lines=True)
        table.add_column("central claim", ratio=3)
        table.add_column("in", ratio=1)
        table.add_column("who asserts / denies", ratio=2)
        for claim in story.claims:
            voices = "\n".join(f"{v.speaker} ({v.verb_class}, #{v.article_id})" for v in claim.voices)
            table.add_row(rtl(claim.text), ", ".join(f"#{i}" for i in claim.articles), rtl(voices or "—"))
        out.print(table)


@app.command(name="index")
def index_cmd(
    db: DbOption = None,
    semantic: Annotated[
        bool, typer.Option("--semantic/--lexical-only", help="Also embed passages for semantic retrieval.")
    ] = True,
    rebuild: Annotated[bool, typer.Option(help="Rebuild the lexical index from the store.")] = False,
    quiet: QuietOption = False,
) -> None:
    """Catch the indexes up with the store: persuasion spans of older articles, the lexical index,
    and passage vectors.

    Example: tahqiq index --db tahqiq.db
    """
    with opened(db) as tq:
        progress = progress_bar(TextColumn("{task.description}"), quiet=quiet)
        with progress:
            tasks: dict[str, TaskID] = {}

            def step(phase: str, n: int, total: int) -> None:
                if phase not in tasks:
                    tasks[phase] = progress.add_task(phase, total=total)
                progress.update(tasks[phase], advance=n)

            analysed = tq.index_persuasion()
            summary = tq.index(semantic=semantic, rebuild=rebuild, progress=step)
    out.print(f"persuasion techniques: {analysed} articles analysed")
    if summary.lexical_added is None:
        out.print("lexical index: another process holds it; it will catch up (searches stay complete)")
    else:
        out.print(
            f"lexical index: {summary.lexical_added} articles added in {summary.lexical_seconds:.1f} s "
            f"({summary.lexical_rate:.0f} articles/s)"
        )
    if summary.embedder is not None:
        out.print(
            f"passage vectors ({summary.embedder}): {summary.embedded} articles embedded in "
            f"{summary.vector_seconds:.1f} s ({summary.vector_rate:.1f} articles/s)"
        )
    elif semantic:
        out.print("passage vectors: no sentence embedder installed; retrieval stays lexical")


@app.command()
def stats(db: DbOption = None, as_json: JsonOption = False, fmt: FormatOption = None) -> None:
    """Count what the store holds.

    Example: tahqiq stats --json
    """
    json_out = wants_json(fmt, as_json)
    with opened(db) as tq:
        counts = tq.stats()
    if json_out:
        write_json(counts)
        return
    for key, value in counts.items():
        out.print(f"{key}: {value}")


@app.command(name="eval")
def evaluate_cmd(
    path: Annotated[str, typer.Argument(help="Dataset file (or folder, for baly).")],
    fmt: Annotated[
        str,
        typer.Option(
            "--format",
            "-f",
            help="ans-stance, ans-claim, arastance, baly, fnc, provenance, ptc, armpro, checkthat.",
        ),
    ],
    as_json: Annotated[bool, typer.Option("--json", help="Print the scores as JSON.")] = False,
    limit: Annotated[
        int | None, typer.Option(min=1, help="Score only the first N pairs (claims for baly).")
    ] = None,
    model: Annotated[
        str | None,
        typer.Option(help="Stance model: a shipped name, a desk model (with --db) or its JSON file."),
    ] = None,
    db: DbOption = None,
    bodies: Annotated[
        str | None, typer.Option(help="FNC bodies CSV, if not beside the stances file.")
    ] = None,
    end_to_end: Annotated[
        bool,
        typer.Option(
            "--end-to-end",
            help="baly, arastance: ingest every article into one store and run check for every claim.",
        ),
    ] = False,
    articles: Annotated[
        str | None,
        typer.Option(
            help="provenance: the pages the labels describe (anything ingest reads, or a Baly folder)."
        ),
    ] = None,
) -> None:
    """Score a stance model (and the verdict) on a labelled Arabic stance dataset, or provenance labels.

    Example: tahqiq eval ../shared/data/ans/stance_dev.csv --format ans-stance --json
    Example: tahqiq eval eval/provenance/baly_dev_labels.jsonl -f provenance --articles DATA/baly2018_dev
    """
    from tahqiq.evaluation.dispatch import evaluate_dataset
    from tahqiq.evaluation.table import render_table

    if fmt == "provenance" and articles is None:
        raise typer.BadParameter("--format provenance needs --articles PATH", param_hint="--articles")
    from tahqiq.cli.desk import resolve_model

    try:
        chosen, stance = resolve_model(model, db)
        result = evaluate_dataset(
            path,
            fmt,
            model=chosen,
            limit=limit,
            bodies=bodies,
            end_to_end=end_to_end,
            articles=articles,
            stance=stance,
        )
    except TahqiqError as exc:
        err.print(f"[red]error:[/red] {exc}", highlight=False, soft_wrap=True)
        raise typer.Exit(1) from None
    if as_json:
        write_json(result.to_dict())
        return
    for table in render_table(result):
        out.print(table)


def main() -> None:
    app()


from tahqiq.cli import desk as desk  # noqa: E402  (registers its commands on app)
from tahqiq.cli import outlets as outlets  # noqa: E402  (registers the outlet commands on app)
from tahqiq.cli import serve as serve  # noqa: E402  (registers tahqiq serve on app)
from tahqiq.cli import spark as spark  # noqa: E402  (registers the spark commands on app)
from tahqiq.cli import watch as watch  # noqa: E402  (registers its commands on app)
