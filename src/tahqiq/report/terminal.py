"""The terminal check report (Rich).

Arabic is printed in logical order inside Unicode right-to-left isolates (RLI … PDI), so a
bidi-aware terminal shows each Arabic line right to left without mixing in the Latin labels
around it; Arabic paragraphs are right-aligned.
"""

from __future__ import annotations

from collections.abc import Sequence

from rich.console import Console, Group, RenderableType
from rich.panel import Panel
from rich.table import Table
from rich.text import Text

from tahqiq.records import Article, ArticlePersuasion, CheckReport
from tahqiq.records.persuasion import CheckWorthyClaim
from tahqiq.report.labels import labels_for, technique_key
from tahqiq.report.markdown import STANCE_AR, VERDICT_AR, persuasion_rows
from tahqiq.text import arabic_ratio
from tahqiq.text.bidi import isolate

RLI, PDI = "\u2067", "\u2069"
AR = labels_for("ar")
STANCE_STYLE = {"agree": "green", "disagree": "red", "discuss": "yellow", "unrelated": "dim"}
VERDICT_STYLE = {
    "supported": "bold green",
    "refuted": "bold red",
    "disputed": "bold yellow",
    "unverified": "bold",
}


def rtl(text: str) -> str:
    """Wrap Arabic text in a right-to-left isolate; leave other text alone."""
    return f"{RLI}{text}{PDI}" if arabic_ratio(text) > 0.5 else text


def para(text: str, style: str = "") -> Text:
    return Text(rtl(text), style=style, justify="right" if arabic_ratio(text) > 0.5 else "left")


def render_check(report: CheckReport) -> RenderableType:
    v = report.verdict
    head = Group(
        para(report.claim, "bold"),
        Text(
            f"{v.label.upper()} ({rtl(VERDICT_AR[v.label])})  confidence {v.confidence:.0%}",
            style=VERDICT_STYLE[v.label],
        ),
        *(
            [
                Text(
                    f"claim of speech: did {rtl(v.speaker or '—')} say it? "
                    f"The statement «{rtl(v.statement or '')}» is a separate claim.",
                    style="italic",
                )
            ]
            if v.claim_kind == "speech"
            else []
        ),
        Text(v.explanation),
    )
    parts: list[RenderableType] = [Panel(head, title="tahqiq check", border_style=VERDICT_STYLE[v.label])]
    table = Table(title=f"Evidence ({report.store_articles} articles in store)", expand=True)
    for col in ("#", "stance", "agree", "disagree", "discuss", "unrel.", "outlet / date", "title"):
        table.add_column(
            col, justify="right" if col in ("agree", "disagree", "discuss", "unrel.") else "left"
        )
    for e in report.evidence:
        s = e.stance.scores
        table.add_row(
            str(e.article.id),
            Text(e.stance.stance, style=STANCE_STYLE[e.stance.stance]),
            f"{s['agree']:.2f}",
            f"{s['disagree']:.2f}",
            f"{s['discuss']:.2f}",
            f"{s['unrelated']:.2f}",
            f"{isolate(e.article.outlet) if e.article.outlet else '—'}\n{e.article.published or ''}",
            rtl(e.article.title),
        )
    parts.append(table)
    if v.origins:
        origins = Table(title="Independent origins", expand=True)
        for col in ("side", "articles", "traces to", "speakers"):
            origins.add_column(col)
        for o in v.origins:
            origins.add_row(
                Text(o.side, style=STANCE_STYLE[o.side]),
                ", ".join(f"#{i}" for i in o.articles),
                rtl(o.source or "—"),
                rtl("، ".join(o.speakers) or "—"),
            )
        parts.append(origins)
    for e in report.evidence:
        if e.stance.stance == "unrelated" or not e.stance.rationales:
            continue
        body = [
            Text(f"[{r.index}] ", style="dim") + para(r.text) + Text(f"\n    {r.role}", style="dim")
            for r in e.stance.rationales
        ]
        parts.append(
            Panel(
                Group(*body),
                title=f"#{e.article.id} {rtl(STANCE_AR[e.stance.stance])} ({e.stance.stance})",
                subtitle=e.article.source,
                border_style=STANCE_STYLE[e.stance.stance],
            )
        )
    loaded = persuasion_rows(report)
    if loaded:
        table = Table(title="Loaded language (persuasion techniques, stored at ingest)", expand=True)
        for col in ("#", "sentences", "top techniques"):
            table.add_column(col, justify="right" if col == "sentences" else "left")
        for aid, share, top in loaded:
            table.add_row(str(aid), f"{share:.0%}", rtl(top))
        parts.append(table)
    for c in report.copies:
        a, b = c.articles
        parts.append(
            Panel(para(c.passage), title=f"copied passage #{a} ↔ #{b}, {c.words} words", border_style="cyan")
        )
    return Group(*parts)


def render_article(article: Article, sentences: list[tuple[int, str]]) -> RenderableType:
    meta = Table.grid(padding=(0, 2))
    for key, value in (
        ("id", str(article.id)),
        ("outlet", isolate(article.outlet) if article.outlet else "—"),
        ("date", article.published or "—"),
        ("language", article.language),
        ("url", article.url or "—"),
        ("sources", "\n".join(article.sources)),
    ):
        meta.add_row(Text(key, style="dim"), value)
    body = [Text(f"[{i}] ", style="dim") + para(t) for i, t in sentences]
    return Group(Panel(Group(para(article.title, "bold"), meta), title="article"), *body)


def render_persuasion(text: str, persuasion: ArticlePersuasion | None) -> RenderableType:
    """An article's persuasion spans: share of loaded sentences, then each span with its technique."""
    if persuasion is None:
        return Text("persuasion techniques: not analysed yet (run `tahqiq index`)", style="dim")
    table = Table(
        title=f"Persuasion techniques: {persuasion.loaded_sentences} of {persuasion.sentences} sentences "
        f"({persuasion.loaded_share:.0%}) with loaded language",
        expand=True,
    )
    for col in ("span", "technique", "score", "cue", "text"):
        table.add_column(col)
    for s in persuasion.spans:
        name = f"{s.technique}\n{rtl(AR(technique_key(s.technique)))}"
        table.add_row(f"{s.start}-{s.end}", name, f"{s.score:.2f}", rtl(s.cue), rtl(text[s.start : s.end]))
    return table


def render_claims(claims: Sequence[CheckWorthyClaim]) -> RenderableType:
    """The ranked claims of ``tahqiq claims``: K, score, where, the sentence, who, outlets, check."""
    table = Table(title="Check-worthy claims (tahqiq claims … --check K checks the K-th)", expand=True)
    for col in ("K", "score", "article", "claim", "asserted by", "articles / origins", "checked"):
        table.add_column(col, justify="right" if col in ("K", "score") else "left")
    for k, c in enumerate(claims, start=1):
        table.add_row(
            str(k),
            f"{c.score:.2f}",
            f"#{c.article_id} [{c.sentence}]\n{isolate(c.outlet) if c.outlet else '—'}",
            rtl(c.text),
            rtl("، ".join(c.asserted_by) or "—"),
            f"{1 + len(c.carriers)} / {c.origins}\n{isolate('، '.join(c.outlets))}",
            f"check {c.check_id}" if c.check_id is not None else "—",
        )
    return table


def print_renderable(renderable: RenderableType, console: Console | None = None) -> None:
    (console or Console()).print(renderable)
