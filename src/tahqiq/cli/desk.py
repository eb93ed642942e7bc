"""The desk's learning commands: correct a stance, train a desk model on the corrections, list models.

Kept apart from the other commands so each module stays short; they register on the same app.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Annotated

import typer
from rich.table import Table

from tahqiq.api import open as open_store
from tahqiq.cli import DbOption, JsonOption, app, opened, out, write_json
from tahqiq.errors import ModelError
from tahqiq.records import Sentence
from tahqiq.stance.base import StanceModel


@app.command(name="review-stance")
def review_stance(
    check_id: Annotated[int, typer.Argument(help="Saved check id (as the workbench shows it).")],
    article_id: Annotated[int, typer.Argument(help="An article the check weighed.")],
    stance: Annotated[str, typer.Argument(help="agree, disagree, discuss or unrelated.")],
    by: Annotated[str, typer.Option("--by", help="Who corrects it.")] = "cli",
    db: DbOption = None,
) -> None:
    """Correct an article's stance in a saved check; the desk model learns from the corrections.

    Example: tahqiq review-stance 3 17 disagree --by Huda
    """
    with opened(db) as tq:
        done = tq.review_stance(check_id, article_id, stance, reviewer=by)
    out.print(f"check {done.check_id}: article {done.article_id} is now {done.stance} (by {done.reviewer})")


@app.command()
def train(
    path: Annotated[str | None, typer.Argument(help="A labelled dataset (file, or folder for baly).")] = None,
    fmt: Annotated[
        str | None, typer.Option("--format", "-f", help="The dataset's format: baly or arastance.")
    ] = None,
    from_reviews: Annotated[
        bool, typer.Option("--from-reviews", help="Fit on the desk's stance corrections in the store.")
    ] = False,
    name: Annotated[str | None, typer.Option(help="The desk model's name (default: desk-<time>).")] = None,
    db: DbOption = None,
    as_json: JsonOption = False,
) -> None:
    """Fit a desk model: the combiner's gates refitted on the desk's labels, kept in the store.

    The shipped pair model is never refitted; `tahqiq check` uses the newest desk model.

    Example: tahqiq train --from-reviews --name spring
    Example: tahqiq train ../shared/data/baly2018_dev --format baly --name baly-dev
    """
    if from_reviews == (path is not None):
        raise typer.BadParameter("learn from either --from-reviews or a dataset PATH", param_hint="PATH")
    if path is not None and fmt not in ("baly", "arastance"):
        raise typer.BadParameter("a dataset needs --format baly or arastance", param_hint="--format")
    with opened(db) as tq:
        if path is None:
            model = tq.train_from_reviews(name)
        else:
            model = tq.train_gates(dataset_rows(path, str(fmt)), name=name)
    if as_json:
        write_json(model)
        return
    out.print(f"desk model {model.name}: {model.labels} labels over {model.base}; gates {model.gates}")


@app.command()
def models(db: DbOption = None, as_json: JsonOption = False) -> None:
    """List the stance models: the shipped ones, and the desk models in the store (newest first).

    Example: tahqiq models --db desk.db
    """
    from tahqiq.stance.trained import MODEL_NAMES

    with opened(db) as tq:
        desk = tq.desk_models()
    rows: list[dict[str, str | int | None]] = [
        {"name": n, "kind": "shipped", "created": "", "labels": None, "base": ""} for n in MODEL_NAMES
    ]
    rows += [
        {"name": m.name, "kind": "desk", "created": m.created, "labels": m.labels, "base": m.base}
        for m in desk
    ]
    if as_json:
        write_json(rows)
        return
    table = Table("name", "kind", "created", "labels", "base")
    for row in rows:
        table.add_row(
            *(
                str(row[k]) if row[k] is not None else ""
                for k in ("name", "kind", "created", "labels", "base")
            )
        )
    out.print(table)


def dataset_rows(path: str, fmt: str) -> list[tuple[str, str, list[Sentence], str, str]]:
    """A labelled dataset as the rows :meth:`~tahqiq.api.Tahqiq.train_gates` fits on."""
    from tahqiq.evaluation import iter_claims
    from tahqiq.text import split_sentences

    return [
        (claim.claim, claim.claim_id, split_sentences(pair.article), pair.title, pair.stance or "unrelated")
        for claim in iter_claims(path, fmt)
        for pair in claim.pairs
    ]


def resolve_model(name: str | None, db: str | None) -> tuple[str | None, StanceModel | None]:
    """A model ``tahqiq eval`` can score: a shipped name (returned as a name), a desk model's JSON
    file (as ``train --json`` prints it), or a desk model in the store ``db``."""
    from tahqiq.stance.trained import MODEL_NAMES, desk_stance

    if name is None or name in MODEL_NAMES:
        return name, None
    if Path(name).is_file():
        try:
            data = json.loads(Path(name).read_text(encoding="utf-8"))
            return None, desk_stance(str(data["name"]), str(data["base"]), dict(data["gates"]))
        except (OSError, ValueError, KeyError, TypeError) as exc:
            raise ModelError(f"{name}: not a desk model file ({exc})") from exc
    with open_store(db, readonly=True) as tq:
        tq.use_model(name)
        return None, tq.stance_model
