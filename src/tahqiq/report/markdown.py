"""A Markdown check report, for pasting into an editor's notes or a ticket."""

from __future__ import annotations

from tahqiq.records import STANCES, VERDICTS, CheckReport
from tahqiq.report.labels import labels_for, technique_key
from tahqiq.text.bidi import isolate

# The Arabic words for stances and verdicts are the workbench's (data/labels/ui.tsv): one wording.
_AR = labels_for("ar")
STANCE_AR = {s: _AR(f"stance.{s}") for s in STANCES}
VERDICT_AR = {v: _AR(f"verdict.{v}") for v in VERDICTS}
SPEECH_AR = "ادعاء بأن أحدًا قال شيئًا"


def to_markdown(report: CheckReport) -> str:
    v = report.verdict
    lines = [
        f"# تحقيق: {report.claim}",
        "",
        f"**Verdict:** {v.label} ({VERDICT_AR[v.label]}) — confidence {v.confidence:.0%}",
        "",
        *_claim_kind(report),
        f"> {v.explanation}",
        "",
        *_origins(report),
        "## Evidence",
        "",
        "| # | Article | Outlet | Date | Stance | agree | disagree | discuss | unrelated |",
        "|---|---|---|---|---|---|---|---|---|",
    ]
    for e in report.evidence:
        s = e.stance.scores
        lines.append(
            f"| {e.article.id} | {_cell(e.article.title)} | {_cell(e.article.outlet or '—')} | "
            f"{e.article.published or '—'} | **{e.stance.stance}** ({STANCE_AR[e.stance.stance]}) | "
            f"{s['agree']:.2f} | {s['disagree']:.2f} | {s['discuss']:.2f} | {s['unrelated']:.2f} |"
        )
    for e in report.evidence:
        if not e.stance.rationales or e.stance.stance == "unrelated":
            continue
        lines += ["", f"### #{e.article.id} — {e.article.title}", f"Source: `{e.article.source}`", ""]
        lines += [f"- [{r.index}] {r.text}  \n  _{r.role}_" for r in e.stance.rationales]
    lines += _persuasion(report)
    if report.copies:
        lines += ["", "## Copied passages", ""]
        for c in report.copies:
            a, b = c.articles
            lines += [f"- #{a} ↔ #{b} ({c.words} words): «{c.passage}»"]
    return "\n".join(lines) + "\n"


def _origins(report: CheckReport) -> list[str]:
    if not report.verdict.origins:
        return []
    lines = ["## Independent origins", "", "| side | articles | traces to | speakers |", "|---|---|---|---|"]
    for o in report.verdict.origins:
        articles = ", ".join(f"#{i}" for i in o.articles)
        lines.append(
            f"| {o.side} | {articles} | {_cell(o.source or '—')} | {_cell('، '.join(o.speakers) or '—')} |"
        )
    return [*lines, ""]


def persuasion_rows(report: CheckReport) -> list[tuple[int, float, str]]:
    """Per evidence article with stored spans: id, loaded-language share, top techniques as text."""
    found = report.extra.get("persuasion") or {}
    rows = []
    for e in report.evidence:
        p = found.get(str(e.article.id))
        if not p:
            continue
        top = ", ".join(
            f"{t['technique']} ({_AR(technique_key(t['technique']))}) ×{t['spans']}"
            for t in p["top_techniques"]
        )
        rows.append((e.article.id, float(p["loaded_share"]), top or "—"))
    return rows


def _persuasion(report: CheckReport) -> list[str]:
    rows = persuasion_rows(report)
    if not rows:
        return []
    lines = [
        "",
        "## Loaded language (لغة مشحونة)",
        "",
        "| # | sentences with loaded language | top techniques |",
    ]
    lines.append("|---|---|---|")
    lines += [f"| {aid} | {share:.0%} | {_cell(top)} |" for aid, share, top in rows]
    return lines


def _cell(text: str) -> str:
    """An untrusted string in one table cell: isolated, so a bidi control cannot reorder the row."""
    return isolate(text.replace("|", "\\|").replace("\n", " "))


def _claim_kind(report: CheckReport) -> list[str]:
    """For a speech claim: the verdict is about whether it was said, the statement is another claim."""
    v = report.verdict
    if v.claim_kind != "speech":
        return []
    who = v.speaker or "المتحدث"
    return [
        f"**Claim of speech ({SPEECH_AR}):** did {_cell(who)} say it? The statement itself "
        f"(«{_cell(v.statement or '')}») is a separate claim to check.",
        "",
    ]
