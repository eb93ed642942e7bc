"""Terminal rendering of an evaluation: a summary table, then per-label and confusion tables per task."""

from __future__ import annotations

from rich.table import Table

from tahqiq.evaluation.checkworthy import CheckworthyResult
from tahqiq.evaluation.persuasion import LabelResult, SpanResult
from tahqiq.evaluation.runner import EvalResult, TaskResult


def render_table(result: EvalResult | LabelResult | SpanResult | CheckworthyResult) -> list[Table]:
    """Tables to print with rich: one summary, then per-label scores and confusion for each task."""
    if isinstance(result, CheckworthyResult):
        return [_checkworthy(result)]
    if isinstance(result, LabelResult | SpanResult):
        return [_persuasion(result)]
    tables = [_summary(result)] if result.tasks() else []
    if "retrieval" in result.extra:
        tables.append(_retrieval(result))
    if "provenance" in result.extra:
        tables.append(_provenance(result))
    for task in result.tasks():
        tables.append(_per_class(task))
        tables.append(_confusion(task))
    return tables


def _summary(result: EvalResult) -> Table:
    split = f", split {result.split}" if result.split else ""
    table = Table(title=f"{result.fmt}: {result.path}{split}; model {result.model or '-'}")
    for column in ("task", "unit", "n", "accuracy", "macro-F1", "ECE", "per second", "notes"):
        table.add_column(column, justify="left" if column in ("task", "unit", "notes") else "right")
    for task in result.tasks():
        table.add_row(
            task.task,
            task.unit,
            str(task.report.n),
            _num(task.report.accuracy),
            _num(task.report.macro_f1),
            _num(task.extra.get("ece")),
            _num(task.pairs_per_second, 1),
            _task_note(task),
        )
        decided = task.extra.get("decided")
        if task.task == "factuality" and isinstance(decided, dict):
            table.add_row(
                "  decided",
                task.unit,
                str(decided["n"]),
                _num(decided["accuracy"]),
                _num(decided["macro_f1"]),
                _num(decided["ece"]),
                "",
                f"coverage {_num(task.extra['coverage'])}",
            )
    if result.notes:
        table.caption = "; ".join(result.notes)
    return table


def _retrieval(result: EvalResult) -> Table:
    """Recall@k of the end-to-end run (macro over claims, micro pooled) and check latency."""
    retrieval = result.extra["retrieval"]
    table = Table(title="retrieval: recall@k, macro / micro")
    table.add_column("gold articles")
    table.add_column("claims", justify="right")
    keys = [k for k in retrieval["related"] if k.startswith("recall@")]
    for k in keys:
        table.add_column(k, justify="right")
    for name in ("agree_disagree", "related"):
        row = retrieval[name]
        table.add_row(
            name.replace("_", " + "),
            str(row["claims"]),
            *(f"{_num(row[k]['macro'])} / {_num(row[k]['micro'])}" for k in keys),
        )
    latency = result.extra.get("latency", {})
    wall, cpu = latency.get("wall_ms", {}), latency.get("cpu_ms", {})
    table.caption = (
        f"precision of the {retrieval['limit']} weighed: {_num(retrieval['precision_at_limit'])}; "
        f"check p50 {_num(wall.get('p50'), 0)} ms, p95 {_num(wall.get('p95'), 0)} ms "
        f"(CPU p50 {_num(cpu.get('p50'), 0)} ms, p95 {_num(cpu.get('p95'), 0)} ms)"
    )
    return table


def _checkworthy(result: CheckworthyResult) -> Table:
    """Check-worthiness: F1 of the positive class at the named threshold."""
    table = Table(
        title=f"checkthat: {result.path}; F1 (Yes) {_num(result.f1)} over {result.n} at threshold "
        f"{result.threshold} ({result.threshold_origin})"
    )
    for column in ("Yes rows", "predicted Yes", "true Yes", "precision", "recall", "F1"):
        table.add_column(column, justify="right")
    table.add_row(
        str(result.positives),
        str(result.predicted),
        str(result.true_positives),
        _num(result.precision),
        _num(result.recall),
        _num(result.f1),
    )
    return table


def _persuasion(result: LabelResult | SpanResult) -> Table:
    """A persuasion score: F1 (micro or macro, as the task defines it) and per label, or span P/R/F1."""
    if isinstance(result, SpanResult):
        table = Table(title=f"armpro spans: {result.n_paragraphs} paragraphs, partial-overlap credit")
        for column in ("gold spans", "found spans", "precision", "recall", "F1"):
            table.add_column(column, justify="right")
        table.add_row(
            str(result.n_gold),
            str(result.n_predicted),
            _num(result.precision),
            _num(result.recall),
            _num(result.f1),
        )
        return table
    table = Table(title=f"{result.task}: {result.average}-F1 {_num(result.f1)} over {result.n}")
    for column in ("label", "precision", "recall", "F1", "support"):
        table.add_column(column, justify="left" if column == "label" else "right")
    for name, scores in result.per_label.items():
        table.add_row(name, _num(scores.precision), _num(scores.recall), _num(scores.f1), str(scores.support))
    return table


def _provenance(result: EvalResult) -> Table:
    """Share right per provenance field against the hand labels, with how many were scored."""
    table = Table(title="provenance against the hand labels")
    for column in ("field", "right", "scored", "share"):
        table.add_column(column, justify="left" if column == "field" else "right")
    for name, row in result.extra["provenance"].items():
        table.add_row(name, str(row["right"]), str(row["scored"]), _num(row["share"]))
    pages = result.extra.get("pages", {})
    counts = f"{pages.get('labelled', 0)} labelled pages, {pages.get('not_found', 0)} not in the articles"
    table.caption = "; ".join([counts, *result.notes])
    return table


def _task_note(task: TaskResult) -> str:
    if task.task == "rationale":
        return (
            f"hit rate {_num(task.extra['hit_rate'])} ({task.extra['hits']}/{task.extra['pairs']} pairs), "
            f"sentence precision {_num(task.extra['sentence_precision'])}"
        )
    if task.task == "factuality":
        counts = task.extra.get("verdicts", {})
        return ", ".join(f"{label} {n}" for label, n in sorted(counts.items()))
    return ""


def _per_class(task: TaskResult) -> Table:
    table = Table(title=f"{task.task}: per label")
    for column in ("label", "precision", "recall", "F1", "support"):
        table.add_column(column, justify="left" if column == "label" else "right")
    for label in task.report.labels:
        s = task.report.per_class[label]
        table.add_row(label, _num(s.precision), _num(s.recall), _num(s.f1), str(s.support))
    return table


def _confusion(task: TaskResult) -> Table:
    labels = task.report.labels
    table = Table(title=f"{task.task}: confusion (rows gold, columns predicted)")
    table.add_column("gold \\ pred")
    for label in labels:
        table.add_column(label, justify="right")
    for gold in labels:
        table.add_row(gold, *(str(task.report.confusion[gold][pred]) for pred in labels))
    return table


def _num(value: object, digits: int = 3) -> str:
    if isinstance(value, int | float) and not isinstance(value, bool):
        return f"{value:.{digits}f}"
    return "-"
