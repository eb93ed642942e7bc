"""Word lists as data: loaded by name, normalized, bad lines reported with file and line."""

from __future__ import annotations

from importlib import resources

import pytest

from tahqiq.text import normalize
from tahqiq.text.lexicon import (
    lexicon_sha256,
    load_aliases,
    load_lexicon,
    load_table,
    parse_aliases,
    parse_lexicon,
    parse_table,
    phrase_pattern,
)


def test_entries_are_normalized_and_problems_named_by_line() -> None:
    text = "# comment\nفي سياق آخر\n\nin another context\nفي سياق اخر\nمن\tجهة\nعلى صعيد آخر  # trailing\n"
    lexicon = parse_lexicon("t", text, "t.txt")
    assert lexicon.entries == ("في سياق اخر", "علي صعيد اخر")
    assert [str(p) for p in lexicon.problems] == [
        "t.txt:4: 'in another context' has no Arabic letters",
        "t.txt:5: 'في سياق اخر' repeats line 2",
        "t.txt:6: a tab inside an entry; one entry a line",
    ]
    assert len(lexicon.sha256) == 64


def test_the_shipped_lists_load_without_problems() -> None:
    folder = resources.files("tahqiq").joinpath("data/lexicon")
    names = [p.name.removesuffix(".txt") for p in folder.iterdir() if p.name.endswith(".txt")]
    assert "topic_shift" in names
    for name in names:
        assert load_lexicon(name).problems == ()


def test_phrases_match_as_whole_words_with_proclitics() -> None:
    pattern = phrase_pattern(load_lexicon("topic_shift"))
    assert pattern.search(normalize("وفي سياق آخر، أعلنت الوزارة"))
    assert pattern.search(normalize("ومن جهة أخرى قال"))
    assert not pattern.search(normalize("في سياقات أخرى متعددة"))


def test_a_missing_list_is_an_error() -> None:
    with pytest.raises(FileNotFoundError):
        load_lexicon("no-such-list")


def test_aliases_fold_whole_names_with_proclitics() -> None:
    aliases = load_aliases("aliases")
    assert aliases.problems == ()
    assert aliases.fold(normalize("وقالت واشنطن إن")) == normalize("وقالت أمريكا إن")
    assert aliases.fold(normalize("عناصر تنظيم الدولة الإسلامية")) == normalize("عناصر داعش")
    assert aliases.fold(normalize("بالولايات المتحدة الأمريكية")) == normalize("بأمريكا")
    assert aliases.fold(normalize("واشنطنية")) == normalize("واشنطنية")  # not a whole word


def test_alias_table_problems_are_named_by_line() -> None:
    table = parse_aliases("t", "واشنطن\tأمريكا\nواشنطن\tروسيا\nبلا عمود\nx\ty\n", "t.tsv")
    assert table.pairs == ((normalize("واشنطن"), normalize("أمريكا")),)
    assert [p.line for p in table.problems] == [2, 3, 4]


def test_stance_reads_a_capital_as_its_government() -> None:
    from tahqiq.stance.features import soft_coverage, view

    sentence = view("قالت وزارة الدفاع إن القوات الأمريكية تدرب منشقين عن داعش")
    assert soft_coverage(view("واشنطن تدرب منشقين عن داعش"), sentence) == 1.0


def test_table_rows_keep_their_cells_and_problems_are_named_by_line() -> None:
    text = "# a comment\ngroup\tentry\nmarker\tأن  # trailing\nmarker\tأن\nmarker\n\nanonymous\tمصادر\n"
    table = parse_table("t", text, "t.tsv", ("group", "entry"))
    assert [(row.line, row["group"], row["entry"]) for row in table.rows] == [
        (3, "marker", "أن"),
        (7, "anonymous", "مصادر"),
    ]
    assert [str(p) for p in table.problems] == [
        "t.tsv:4: repeats line 3",
        "t.tsv:5: expected 2 non-empty cells",
    ]
    assert table.group("marker") == ("أن",)
    with pytest.raises(KeyError, match="no rows in group"):
        table.group("missing")


def test_a_table_with_another_header_is_skipped_whole() -> None:
    table = parse_table("t", "word\tkind\nأن\tmarker\n", "t.tsv", ("group", "entry"))
    assert table.rows == ()
    assert [str(p) for p in table.problems] == ["t.tsv:1: header must be 'group\\tentry'; file skipped"]


def test_table_hash_follows_rows_not_comments() -> None:
    one = parse_table("t", "group\tentry\nmarker\tأن\n", "t.tsv", ("group", "entry"))
    commented = parse_table("t", "# note\ngroup\tentry\nmarker\tأن  # why\n", "t.tsv", ("group", "entry"))
    other = parse_table("t", "group\tentry\nmarker\tإن\n", "t.tsv", ("group", "entry"))
    assert one.sha256 == commented.sha256 != other.sha256
    assert lexicon_sha256(one) != lexicon_sha256(other)


def test_the_shipped_tables_load_without_problems() -> None:
    from tahqiq.provenance.speech import VERB_COLUMNS

    for name in ("stance_cues", "speech", "boilerplate", "set_phrases", "function_words"):
        assert load_table(name).problems == (), name
    assert load_table("speech_verbs", VERB_COLUMNS).problems == ()
    assert load_table("dates", ("group", "number", "name")).problems == ()
