"""Dataset readers: the records they yield, and errors that name the file and line to fix."""

from __future__ import annotations

import json
from collections import Counter
from pathlib import Path

import pytest

from tahqiq.errors import DatasetError
from tahqiq.evaluation import iter_claims, iter_pairs
from tahqiq.evaluation.baly import split_name
from tahqiq.evaluation.fnc import find_bodies
from tahqiq.evaluation.rationale import line_spans, match_rationale
from tahqiq.evaluation.source import split_from_name
from tahqiq.records import Sentence
from tahqiq.text import split_sentences

from ..conftest import SHARED_DATA

FIXTURES = Path(__file__).parents[1] / "fixtures" / "eval"


def test_ans_stance_pairs() -> None:
    pairs = list(iter_pairs(FIXTURES / "ans_stance.csv", "ans-stance"))
    assert len(pairs) == 7
    first = pairs[0]
    assert first.claim == "الجيش يدرب مقاتلين سابقين"
    assert first.article == "الجيش يدرب مقاتلين سابقين في الحسكة"
    assert first.stance == "agree" and first.fact is None and first.rationale == ()
    assert first.source.endswith("ans_stance.csv:2")
    assert [p.stance for p in pairs].count("other") == 2


def test_ans_claim_pairs() -> None:
    pairs = list(iter_pairs(FIXTURES / "ans_claim.csv", "ans-claim"))
    assert [p.fact for p in pairs] == [True, False, False, True, True]
    assert all(p.article == "" and p.stance is None for p in pairs)
    claims = list(iter_claims(FIXTURES / "ans_claim.csv", "ans-claim"))
    assert len(claims) == 5 and claims[1].fact is False and claims[1].pairs == ()


def test_arastance_pairs() -> None:
    pairs = list(iter_pairs(FIXTURES / "arastance.jsonl", "arastance"))
    assert [p.claim_id for p in pairs] == ["a1", "a2", "a3", "a4", "a5", "a6"]
    assert [p.stance for p in pairs] == ["agree", "disagree", "discuss", "unrelated", "discuss", "disagree"]
    assert pairs[2].article == "الأسواق تترقب قرار البنك المركزي.\nويتابع المستثمرون أسعار النفط والذهب."
    assert pairs[0].title == "مصدر: تدريب مستمر"
    assert pairs[3].source.endswith("arastance.jsonl:5")  # the blank line 3 still counts


def test_arastance_one_claim_many_articles(tmp_path: Path) -> None:
    path = tmp_path / "multi.jsonl"
    row = {"id": "m", "claim": "خبر", "article": ["نص أول", "نص ثان"], "stance": ["agree", "Unrelated"]}
    path.write_text(json.dumps(row, ensure_ascii=False) + "\n", encoding="utf-8")
    pairs = list(iter_pairs(path, "arastance"))
    assert [(p.article, p.stance, p.article_id) for p in pairs] == [
        ("نص أول", "agree", "m#0"),
        ("نص ثان", "unrelated", "m#1"),
    ]
    claims = list(iter_claims(path, "arastance"))
    assert len(claims) == 1 and len(claims[0].pairs) == 2


def test_baly_pairs_and_claims() -> None:
    pairs = list(iter_pairs(FIXTURES / "baly", "baly"))
    assert [p.claim_id for p in pairs] == ["R-1"] * 3 + ["R-3"] * 2 + ["V-2"] * 4
    assert [p.rationale for p in pairs[:3]] == [(1,), (0, 1), ()]
    assert pairs[3].stance == "agree" and pairs[3].fact is True  # capitalised keys and values
    assert pairs[5].fact is False
    assert pairs[0].article_id == "http://example.org/r1/0"
    assert pairs[0].source.endswith("R-1.json#article[0]")
    claims = list(iter_claims(FIXTURES / "baly", "baly"))
    assert [(c.claim_id, len(c.pairs)) for c in claims] == [("R-1", 3), ("R-3", 2), ("V-2", 4)]
    # The dataset/ folder itself and a single file are accepted too.
    assert len(list(iter_pairs(FIXTURES / "baly" / "dataset", "baly"))) == 9
    assert len(list(iter_pairs(FIXTURES / "baly" / "dataset" / "V-2.json", "baly"))) == 4


def test_baly_gold_rationale_lines_are_zero_based() -> None:
    pair = next(iter(iter_pairs(FIXTURES / "baly", "baly")))
    lines = pair.article.split("\n")
    assert lines[pair.rationale[0]].startswith("قال مصدر إن الجيش يدرب")


def test_baly_split_name() -> None:
    assert split_name(FIXTURES / "baly", {"R-1", "V-2", "R-3"}) == "fold_a"
    assert split_name(FIXTURES / "baly", {"R-5", "V-6"}) == "fold_b"
    assert split_name(FIXTURES / "baly", {"R-99"}) is None


def test_baly_split_file_with_name_lines(tmp_path: Path) -> None:
    (tmp_path / "dataset").mkdir()
    (tmp_path / "train_test_splits.txt").write_text("Fold 1\nR-1\nV-2\n\nFold 2\nR-7\n", encoding="utf-8")
    assert split_name(tmp_path, {"R-1", "V-2"}) == "Fold 1"
    assert split_name(tmp_path, {"R-7"}) == "Fold 2"


def test_fnc_pairs_and_bodies() -> None:
    stances = FIXTURES / "fnc" / "train_stances.csv"
    assert find_bodies(stances) == FIXTURES / "fnc" / "train_bodies.csv"
    pairs = list(iter_pairs(stances, "fnc"))
    assert [p.article_id for p in pairs] == ["1", "3", "2", "2", "1"]
    assert pairs[0].article.endswith("began last year, they added.")
    assert "\n" in pairs[0].article
    assert pairs[1].article.endswith('"No such camp exists," one said.')
    assert pairs[0].claim == "Army trains former fighters"


def test_fnc_bodies_given_explicitly(tmp_path: Path) -> None:
    stances = tmp_path / "pairs.csv"
    stances.write_text("Headline,Body ID,Stance\nعنوان,7,Discuss\n", encoding="utf-8")
    other = tmp_path / "elsewhere.csv"
    other.write_text("Body ID,articleBody\n7,نص المقال\n", encoding="utf-8")
    pairs = list(iter_pairs(stances, "fnc", bodies=other))
    assert pairs[0].article == "نص المقال" and pairs[0].stance == "discuss"


def test_split_from_name() -> None:
    assert split_from_name("/x/ans/stance_dev.csv") == "dev"
    assert split_from_name("/x/fnc/train_stances.csv") == "train"
    assert split_from_name("/x/baly2018_dev") == "dev"
    assert split_from_name("/x/data/pairs.jsonl") is None


# --- malformed files -------------------------------------------------------------------------


def _write(tmp_path: Path, name: str, text: str) -> Path:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


@pytest.mark.parametrize(
    ("fmt", "name", "text", "where", "why"),
    [
        ("ans-stance", "s.csv", "s1,s2,stance\nأ,ب,agree\nأ,ب,maybe\n", "s.csv:3", "unknown stance"),
        ("ans-stance", "s.csv", "s1,s2,stance\nأ,ب,agree,extra\n", "s.csv:2", "columns"),
        ("ans-stance", "s.csv", "s1,s2,label\nأ,ب,agree\n", "s.csv:1", "missing stance"),
        ("ans-stance", "s.csv", "s1,s2,stance\n,ب,agree\n", "s.csv:2", "empty s1"),
        ("ans-stance", "s.csv", "", "s.csv", "empty file"),
        ("ans-stance", "s.csv", 's1,s2,stance\nأ,"ب\nج",agree\nأ,ب,nope\n', "s.csv:4", "unknown stance"),
        ("ans-claim", "c.csv", "claim_s,fake_flag\nخبر,2\n", "c.csv:2", "fake_flag"),
        (
            "arastance",
            "a.jsonl",
            '{"claim": "أ", "article": "ب", "stance": "agree"}\n{oops\n',
            "a.jsonl:2",
            "JSON",
        ),
        (
            "arastance",
            "a.jsonl",
            '{"claim": "أ", "article": "ب", "stance": "maybe"}\n',
            "a.jsonl:1",
            "stance",
        ),
        ("arastance", "a.jsonl", '{"article": "ب", "stance": "agree"}\n', "a.jsonl:1", "claim"),
        ("arastance", "a.jsonl", '["claim"]\n', "a.jsonl:1", "JSON object"),
        ("fnc", "x_stances.csv", "Headline,Body ID\nأ,1\n", "x_stances.csv:1", "missing Stance"),
    ],
)
def test_malformed_text_files(tmp_path: Path, fmt: str, name: str, text: str, where: str, why: str) -> None:
    path = _write(tmp_path, name, text)
    if fmt == "fnc":
        _write(tmp_path, "x_bodies.csv", "Body ID,articleBody\n1,نص\n")
    with pytest.raises(DatasetError) as caught:
        list(iter_pairs(path, fmt))
    message = str(caught.value)
    assert message.startswith(f"{tmp_path / name}{where[len(name) :]}: ")
    assert why in message


def test_bad_utf8_names_its_line(tmp_path: Path) -> None:
    path = tmp_path / "s.csv"
    path.write_bytes("s1,s2,stance\nأ,ب,agree\n".encode() + b"\xff\xfe,x,agree\n")
    with pytest.raises(DatasetError, match=r"s\.csv:3: not valid UTF-8"):
        list(iter_pairs(path, "ans-stance"))


def test_missing_file(tmp_path: Path) -> None:
    with pytest.raises(DatasetError, match="no such file"):
        list(iter_pairs(tmp_path / "absent.csv", "ans-stance"))


def test_fnc_unknown_body_and_ambiguous_bodies(tmp_path: Path) -> None:
    stances = _write(tmp_path, "test_stances.csv", "Headline,Body ID,Stance\nأ,1,agree\nب,9,agree\n")
    _write(tmp_path, "test_bodies.csv", "Body ID,articleBody\n1,نص\n")
    with pytest.raises(DatasetError, match=r"test_stances\.csv:3: Body ID 9"):
        list(iter_pairs(stances, "fnc"))
    lone = _write(tmp_path, "pairs.csv", "Headline,Body ID,Stance\nأ,1,agree\n")
    _write(tmp_path, "more_bodies.csv", "Body ID,articleBody\n1,نص\n")
    with pytest.raises(DatasetError, match="cannot tell which"):
        list(iter_pairs(lone, "fnc"))
    dup = _write(tmp_path, "dup_bodies.csv", "Body ID,articleBody\n1,نص\n1,آخر\n")
    with pytest.raises(DatasetError, match=r"dup_bodies\.csv:3: Body ID 1 appears twice"):
        list(iter_pairs(lone, "fnc", bodies=dup))


def _baly(tmp_path: Path, obj: object | str) -> Path:
    folder = tmp_path / "dataset"
    folder.mkdir(exist_ok=True)
    text = obj if isinstance(obj, str) else json.dumps(obj, ensure_ascii=False)
    (folder / "R-1.json").write_text(text, encoding="utf-8")
    return tmp_path


GOOD = {
    "id": "R-1",
    "claim": "خبر",
    "fact": "true",
    "article": ["أ\nب"],
    "stance": ["agree"],
    "rationale": ["[1]"],
}


@pytest.mark.parametrize(
    ("change", "why"),
    [
        ({"rationale": ["[2]"]}, "rationale[0] index 2 is outside the article's 2 lines"),
        ({"rationale": ["three"]}, "rationale[0] must list line indices"),
        ({"stance": ["agree", "agree"]}, "differ in length"),
        ({"stance": ["maybe"]}, "stance[0] must be one of"),
        ({"fact": "perhaps"}, "'fact' must be true or false"),
        ({"claim": " "}, "missing or empty 'claim'"),
        ({"article": [1]}, "'article' must be a list of strings"),
        ({"Claim": "خبر آخر"}, "appears twice"),
    ],
)
def test_malformed_baly(tmp_path: Path, change: dict[str, object], why: str) -> None:
    root = _baly(tmp_path, {**GOOD, **change})
    with pytest.raises(DatasetError) as caught:
        list(iter_pairs(root, "baly"))
    assert str(caught.value).startswith(str(root / "dataset" / "R-1.json"))
    assert why in str(caught.value)


def test_baly_invalid_json_names_line(tmp_path: Path) -> None:
    root = _baly(tmp_path, '{\n "claim": "خبر",\n "fact": true,,\n}')
    with pytest.raises(DatasetError, match=r"R-1\.json:3: not valid JSON"):
        list(iter_pairs(root, "baly"))


def test_baly_empty_folder(tmp_path: Path) -> None:
    (tmp_path / "dataset").mkdir()
    with pytest.raises(DatasetError, match=r"no \*\.json claim files"):
        list(iter_pairs(tmp_path, "baly"))


def test_baly_accepts_plain_int_rationales_and_missing_rationale(tmp_path: Path) -> None:
    root = _baly(tmp_path, {**GOOD, "rationale": [[0, 1, 1]]})
    assert next(iter(iter_pairs(root, "baly"))).rationale == (0, 1)
    no_rationale = {k: v for k, v in GOOD.items() if k != "rationale"}
    root = _baly(tmp_path, no_rationale)
    assert next(iter(iter_pairs(root, "baly"))).rationale == ()


# --- rationale line mapping ------------------------------------------------------------------


def test_line_spans_and_matching() -> None:
    text = "سطر أول.\nجملة أولى. جملة ثانية.\nسطر ثالث"
    assert [text[s.start : s.end] for s in line_spans(text)] == [
        "سطر أول.",
        "جملة أولى. جملة ثانية.",
        "سطر ثالث",
    ]
    sentences = split_sentences(text)
    assert [s.text for s in sentences][1:3] == ["جملة أولى.", "جملة ثانية."]
    match = match_rationale(text, [1], [sentences[2]])
    assert match.hit and match.predicted_lines == {1} and match.sentences_on_gold == 1
    miss = match_rationale(text, [1], [sentences[0], sentences[3]])
    assert not miss.hit and miss.predicted_lines == {0, 2} and miss.sentences == 2
    spanning = Sentence(0, "", 0, len(text))
    assert match_rationale(text, [2], [spanning]).predicted_lines == {0, 1, 2}


# --- the real Baly fold, when this machine has it ---------------------------------------------


@pytest.mark.shared_data
def test_real_baly_fold_reads_completely() -> None:
    pairs = list(iter_pairs(SHARED_DATA / "baly2018_dev", "baly"))
    assert len(pairs) == 616
    assert Counter(p.stance for p in pairs) == {"unrelated": 419, "agree": 93, "discuss": 88, "disagree": 16}
    assert len({p.claim_id for p in pairs}) == 85
    with_rationale = [p for p in pairs if p.rationale]
    assert {p.stance for p in with_rationale} == {"agree", "disagree"}
    assert any(0 in p.rationale for p in with_rationale)  # index 0 occurs: the indices are 0-based
