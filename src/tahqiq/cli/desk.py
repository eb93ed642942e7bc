"""The desk's learning commands: correct a stance, train a desk model on the corrections, list models.

Kept apart from the other commands so each module stays short; they register on the same app.
"""

from __future__ import annotations

from typing import Annotated

import typer
from rich.table import Table

from tahqiq.cli import DbOption, JsonOption, app, opened, out, write_json


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
    """
    if not from_reviews:
        raise typer.BadParameter("say what to learn from: --from-reviews", param_hint="--from-reviews")
    with opened(db) as tq:
        model = tq.train_from_reviews(name)
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
