"""A printable HTML report of a checked claim: what an editor files or hands to a colleague.

Built on the server with every piece of text escaped (article text is untrusted), styled by a
static stylesheet (the Content-Security-Policy allows no inline style), and carrying its
ClaimReview as a JSON-LD data block, so the printed page and the published markup agree.

Untrusted names and titles set inside a line of other text go in ``<bdi>`` (or, in the page
title, which holds no markup, through :func:`~tahqiq.text.bidi.isolate`), so a bidi control in an
outlet name cannot reverse the rest of the line.
"""

from __future__ import annotations

import json
from collections.abc import Mapping, Sequence
from html import escape
from typing import Any

from tahqiq.records.reviews import ReviewEdit
from tahqiq.report.markdown import STANCE_AR
from tahqiq.server.claimreview import LABEL_AR
from tahqiq.text.bidi import contain, isolate


def _e(value: object) -> str:
    return escape("" if value is None else str(value), quote=True)


def _bdi(value: object) -> str:
    """Untrusted text, escaped and laid out on its own: it cannot reorder the text around it."""
    return f"<bdi>{_e(value)}</bdi>"


def json_ld_block(doc: Mapping[str, Any]) -> str:
    """A ``<script type="application/ld+json">`` whose content cannot close the element early."""
    data = json.dumps(doc, ensure_ascii=False, indent=2)
    data = data.replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026")
    return f'<script type="application/ld+json">{data}</script>'


def _percent(value: float) -> str:
    return f"{round(value * 100)}٪"


def _evidence_rows(evidence: Sequence[Mapping[str, Any]]) -> str:
    rows = []
    for e in evidence:
        stance = str(e.get("stance", ""))
        rows.append(
            "<tr>"
            f"<td>#{_e(e.get('article_id'))}</td>"
            f"<td>{_bdi(e.get('title'))}</td>"
            f"<td>{_bdi(e.get('outlet') or '—')}</td>"
            f"<td>{_e(e.get('date') or '—')}</td>"
            f'<td><span class="badge stance-{_e(stance)}">{_e(STANCE_AR.get(stance, stance))}</span></td>'
            "</tr>"
        )
    return "".join(rows)


def _rationales(evidence: Sequence[Mapping[str, Any]]) -> str:
    parts = []
    for e in evidence:
        if e.get("stance") == "unrelated" or not e.get("rationales"):
            continue
        items = "".join(
            f'<li><span class="idx">[{_e(r.get("index"))}]</span> {_bdi(r.get("text"))}</li>'
            for r in e["rationales"]
        )
        stance = str(e.get("stance", ""))
        parts.append(
            f'<section class="evidence"><h3>#{_e(e.get("article_id"))} — {_bdi(e.get("title"))} '
            f'<span class="badge stance-{_e(stance)}">{_e(STANCE_AR.get(stance, stance))}</span></h3>'
            f'<p class="meta">{_bdi(e.get("outlet") or "")} {_e(e.get("date") or "")} · '
            f'<span dir="ltr">{_e(e.get("source"))}</span></p><ol class="rationales">{items}</ol></section>'
        )
    return "".join(parts)


def _copies(copies: Sequence[Mapping[str, Any]]) -> str:
    if not copies:
        return ""
    rows = "".join(
        '<div class="pair">'
        f"<blockquote><cite>#{_e(c['articles'][0])}</cite>{_bdi(c.get('passage'))}</blockquote>"
        f"<blockquote><cite>#{_e(c['articles'][1])}</cite>{_bdi(c.get('passage_other'))}</blockquote>"
        "</div>"
        for c in copies
    )
    return f"<h2>مقاطع منسوخة</h2>{rows}"


def printable_report(
    check_id: int, report: Mapping[str, Any], review: ReviewEdit | None, claim_review: Mapping[str, Any]
) -> str:
    """The whole printable page for a saved check."""
    verdict = report["verdict"]
    label = review.rating if review else verdict["label"]
    words = review.verdict_text if review else LABEL_AR.get(label, label)
    reviewed = (
        f'<p class="reviewed">راجعه: {_bdi(review.reviewer)} · '
        f'<time dir="ltr">{_e(review.edited_at)}</time></p>'
        if review
        else '<p class="reviewed">لم يُراجَع بعد: الحكم كما أصدره النظام.</p>'
    )
    explanation = review.explanation if review and review.explanation else contain(verdict["explanation"])
    machine = (
        f'<p class="machine">حكم النظام: <b>{_e(LABEL_AR.get(verdict["label"], verdict["label"]))}</b> '
        f"({_e(verdict['label'])}) · الثقة {_percent(float(verdict['confidence']))}</p>"
    )
    return (
        '<!doctype html><html lang="ar" dir="rtl"><head><meta charset="utf-8">'
        '<meta name="viewport" content="width=device-width, initial-scale=1">'
        f"<title>تحقيق #{check_id}: {_e(isolate(str(report['claim'])))}</title>"
        '<link rel="stylesheet" href="/static/print.css">'
        f"{json_ld_block(claim_review)}</head><body>"
        f'<header><p class="brand">تحقيق · تقرير تحقق رقم {check_id}</p>'
        f"<h1>{_e(report['claim'])}</h1></header>"
        f'<section class="verdict verdict-{_e(label)}"><p class="label">{_e(words)}</p>'
        f'{reviewed}{machine}<p class="explanation" dir="auto">{_e(explanation)}</p></section>'
        "<h2>الأدلة</h2><table><thead><tr><th>#</th><th>العنوان</th><th>المنفذ</th><th>التاريخ</th>"
        f"<th>الموقف</th></tr></thead><tbody>{_evidence_rows(report.get('evidence', []))}</tbody></table>"
        f"<h2>الجمل الدالة</h2>{_rationales(report.get('evidence', []))}"
        f"{_copies(report.get('copies', []))}"
        f'<footer><p>تاريخ التحقق: <time dir="ltr">{_e(report.get("checked_at"))}</time> · '
        f"عدد المقالات في المخزن: {_e(report.get('store_articles'))} · "
        f'نموذج الموقف: <span dir="ltr">{_e(report.get("stance_model", ""))}</span></p></footer>'
        "</body></html>"
    )
