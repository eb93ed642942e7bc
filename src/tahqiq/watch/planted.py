"""A planted stream for measuring claim matching: claims, real rewordings of them, and decoys.

Claims say who did what to what, where and when, composed from the slots of
``data/lexicon/claim_grammar.tsv`` with a seed. A **rewording** states the same fact in other words,
the way another outlet would: other names for the actor (القوات التركية for الجيش التركي), a
synonym or another tense of the verb, the verbal noun («قصف الجيش التركي …»), another word order,
a reporting frame («قالت مصادر محلية إن …»), a dropped place or time. A **decoy** keeps the claim's
actor and act (or its act and object) and changes the rest: the same words, another fact, which
a matcher must not alert on. Both are planted as one sentence each into synthetic articles
(:func:`tahqiq.fixtures.synthetic_articles`), whose own sentences (the sample reports about
Syria) share much of the claims' vocabulary.
"""

from __future__ import annotations

import random
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from functools import cache
from typing import Any

from tahqiq.fixtures import synthetic_articles
from tahqiq.text import normalize
from tahqiq.text.lexicon import load_table

GRAMMAR = "claim_grammar"


@dataclass(frozen=True)
class Fact:
    """The slots of one claim: names of grammar rows (the object as ``act:object``), time optional."""

    actor: str
    act: str
    object: str
    place: str
    time: str | None


@dataclass(frozen=True)
class Grammar:
    """The grammar's rows by slot: actors with gender, act forms, objects, places, times, orders, frames."""

    actors: dict[str, list[tuple[str, str]]]  # name → [(gender, text)], canonical first
    acts: dict[str, dict[str, str]]  # name → form → text
    objects: dict[str, dict[str, list[str]]]  # act → object → [canon, syn...]
    places: dict[str, list[str]]
    times: dict[str, list[str]]
    orders: dict[str, str]
    frames: list[str]


@cache
def grammar() -> Grammar:
    """The packaged claim grammar."""
    table = load_table(GRAMMAR, ("group", "name", "form", "text"))
    g = Grammar({}, {}, {}, {}, {}, {}, [])
    for row in table.rows:
        group, name, form, text = row["group"], row["name"], row["form"], row["text"]
        if group == "actor":
            g.actors.setdefault(name, []).append((form, text))
        elif group == "act":
            g.acts.setdefault(name, {})[form] = text
        elif group == "object":
            act, obj = name.split(":", 1)
            g.objects.setdefault(act, {}).setdefault(obj, []).append(text)
        elif group == "place":
            g.places.setdefault(name, []).append(text)
        elif group == "time":
            g.times.setdefault(name, []).append(text)
        elif group == "order":
            g.orders[name] = text
        elif group == "frame":
            g.frames.append(text)
    return g


def random_fact(rng: random.Random, *, time: bool | None = None) -> Fact:
    g = grammar()
    act = rng.choice(sorted(g.acts))
    with_time = rng.random() < 0.4 if time is None else time
    return Fact(
        actor=rng.choice(sorted(g.actors)),
        act=act,
        object=rng.choice(sorted(g.objects[act])),
        place=rng.choice(sorted(g.places)),
        time=rng.choice(sorted(g.times)) if with_time else None,
    )


def render(
    fact: Fact,
    *,
    actor: int = 0,
    verb: str = "pres",
    synonym: bool = False,
    obj: int = 0,
    place: int | None = 0,
    time: int | None = 0,
    order: str = "svo",
    frame: str | None = None,
) -> str:
    """One sentence stating ``fact``: which actor name, verb form, object and place wording to use."""
    g = grammar()
    gender, actor_text = g.actors[fact.actor][actor % len(g.actors[fact.actor])]
    forms = g.acts[fact.act]
    act_text = forms[f"{'syn_' if synonym else ''}{verb}_{gender}"]
    objects = g.objects[fact.act][fact.object]
    head, _, tail = act_text.partition(" ")  # «يفرج عن»: the verb, then what follows its subject
    slots = {
        "actor": actor_text,
        "act": act_text,
        "verb": head,
        "tail": tail,
        "noun": forms["noun"].replace("{actor}", actor_text),
        "object": objects[obj % len(objects)],
        "place": "" if place is None else g.places[fact.place][place % len(g.places[fact.place])],
        "time": ""
        if time is None or fact.time is None
        else g.times[fact.time][time % len(g.times[fact.time])],
    }
    text = g.orders[order].format(**slots)
    text = " ".join(text.replace("، ", "،").split()).replace("،", "، ").strip("، ")
    if frame:
        text = f"{frame} {text}"
    return text


def claim_text(fact: Fact) -> str:
    """The claim as a checker would type it: canonical names, present tense, subject first."""
    return render(fact)


def reword(fact: Fact, rng: random.Random) -> str:
    """A rewording of ``fact`` with at least two changes, never the claim's own words."""
    g = grammar()
    claim = normalize(claim_text(fact))
    while True:
        order = rng.choice(sorted(g.orders))
        options: dict[str, Any] = {
            "actor": rng.randrange(len(g.actors[fact.actor])) if rng.random() < 0.6 else 0,
            "verb": rng.choice(("pres", "past")),
            "synonym": rng.random() < 0.5,
            "obj": 1 if rng.random() < 0.5 else 0,
            "place": None if rng.random() < 0.2 else (1 if rng.random() < 0.5 else 0),
            "time": None if rng.random() < 0.3 else (1 if rng.random() < 0.5 else 0),
            "order": order,
            "frame": rng.choice(g.frames) if order == "svo" and rng.random() < 0.5 else None,
        }
        changes = sum(
            (
                options["actor"] != 0,
                options["verb"] != "pres" or options["synonym"],
                options["obj"] != 0,
                options["place"] != 0,
                order != "svo",
                options["frame"] is not None,
            )
        )
        text = render(fact, **options)
        if changes >= 2 and normalize(text) != claim:
            return text


def _slots(f: Fact) -> tuple[str, str, str, str]:
    return (f.actor, f.act, f.object, f.place)


def decoy(fact: Fact, rng: random.Random, facts: Sequence[Fact] = ()) -> str:
    """A sentence sharing ``fact``'s actor and act, or its act and object, but stating another fact:
    another object or another actor, and another place."""
    g = grammar()
    while True:
        place = rng.choice([p for p in sorted(g.places) if p != fact.place])
        if rng.random() < 0.5:
            others = [o for o in sorted(g.objects[fact.act]) if o != fact.object]
            other = Fact(fact.actor, fact.act, rng.choice(others), place, fact.time)
        else:
            actor = rng.choice([a for a in sorted(g.actors) if a != fact.actor])
            other = Fact(actor, fact.act, fact.object, place, fact.time)
        # Another fact for every claim, not only this one: at most two slots shared with any.
        if all(sum(x == y for x, y in zip(_slots(other), _slots(f), strict=True)) <= 2 for f in facts):
            break
    return render(other, verb=rng.choice(("pres", "past")), order=rng.choice(("svo", "vso")))


@dataclass(frozen=True)
class PlantedStream:
    """Claims, and articles with what was planted in each: ``(claim number, 'reword'|'decoy')``."""

    claims: list[str]
    articles: list[dict[str, Any]]
    planted: dict[int, tuple[int, str]]  # article number → (claim number, kind)


def claims(n: int, seed: int) -> list[Fact]:
    """``n`` distinct facts (no two with the same actor, act and object)."""
    rng = random.Random(seed)
    out: dict[tuple[str, str, str], Fact] = {}
    while len(out) < n:
        fact = random_fact(rng)
        out.setdefault((fact.actor, fact.act, fact.object), fact)
    return list(out.values())


def planted_stream(
    articles: int, *, claims_n: int = 50, rewordings: int = 4, decoys: int = 4, seed: int = 1
) -> PlantedStream:
    """``articles`` synthetic articles, ``rewordings`` per claim and ``decoys`` per claim planted
    into distinct ones (one sentence each, at a random place among their sentences)."""
    rng = random.Random(seed)
    facts = claims(claims_n, seed)
    plants: list[tuple[int, str, str]] = []
    for n, fact in enumerate(facts):
        plants += [(n, "reword", reword(fact, rng)) for _ in range(rewordings)]
        plants += [(n, "decoy", decoy(fact, rng, facts)) for _ in range(decoys)]
    if len(plants) > articles:
        raise ValueError(f"{len(plants)} planted sentences need at least as many articles, not {articles}")
    where = rng.sample(range(articles), len(plants))
    by_article = dict(zip(where, plants, strict=True))
    out: list[dict[str, Any]] = []
    planted: dict[int, tuple[int, str]] = {}
    for i, record in enumerate(synthetic_articles(articles, seed=seed)):
        if i in by_article:
            n, kind, sentence = by_article[i]
            lines = record["text"].split("\n")
            lines.insert(rng.randint(0, len(lines) - 1), sentence + ".")
            record = {**record, "text": "\n".join(lines)}
            planted[i] = (n, kind)
        out.append(record)
    return PlantedStream([claim_text(f) for f in facts], out, planted)


def iter_sentences(stream: PlantedStream) -> Iterator[tuple[int, str, str]]:
    """``(claim number, kind, sentence)`` of each planted sentence, for reading them over."""
    for i, (n, kind) in sorted(stream.planted.items()):
        text = stream.articles[i]["text"]
        line = next((x for x in text.split("\n") if x.endswith(".") and not x.startswith("رقم التقرير")), "")
        yield n, kind, line
