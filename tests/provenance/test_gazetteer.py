"""The provenance gazetteer: packaged data, user files, broken lines, matching with clitics."""

from __future__ import annotations

from pathlib import Path

import pytest

from tahqiq.provenance.gazetteer import (
    ENV_VAR,
    Gazetteer,
    GazetteerEntry,
    GazetteerWarning,
    load_gazetteer,
)
from tahqiq.text import clitic_forms, tokenize

FIXTURES = Path(__file__).parents[1] / "fixtures" / "provenance"
EXAMPLES = Path(__file__).resolve().parents[2] / "examples"


@pytest.fixture(scope="module")
def gaz() -> Gazetteer:
    return load_gazetteer(use_env=False)


def ids(g: Gazetteer, text: str, *, weak: bool = False) -> list[str]:
    return [m.entry.id for m in g.find(text, weak=weak)]


def test_packaged_files_load_without_problems(gaz: Gazetteer) -> None:
    assert gaz.problems == ()
    assert len(gaz) > 80
    for entry_id in (
        "sana",
        "rt",
        "ru_mod",
        "ru_hmeimim_centre",
        "hmeimim_channel",
        "baladi_news",
        "al_asaad",
    ):
        assert entry_id in gaz


def test_every_party_named_in_the_samples_is_in_the_gazetteer(gaz: Gazetteer) -> None:
    found: set[str] = set()
    for path in EXAMPLES.glob("*.txt"):
        found |= set(ids(gaz, path.read_text(encoding="utf-8")))
    expected = {
        "sana", "rt", "ru_hmeimim_centre", "hmeimim_channel", "hmeimim_base", "ru_mod", "us_state",
        "baladi_news", "lavrov", "ryabkov", "konashenkov", "mattis", "borodavkin", "al_asaad",
        "tillerson", "putin", "trump", "h_clinton", "msf", "ru_federation_council", "title_ru_un_geneva",
    }  # fmt: skip
    assert expected <= found


def test_spellings_and_clitics_match_the_same_entry(gaz: Gazetteer) -> None:
    assert ids(gaz, "نقلته وكالة «سانا» للأنباء") == ["sana"]
    assert ids(gaz, "بحسب الموقع الإلكتروني لقناة «روسيا اليوم»") == ["rt"]
    assert ids(gaz, "اتهم ما يسمى بمركز المصالحة في سوريا") == ["ru_hmeimim_centre"]
    assert ids(gaz, "والقناة المركزية لقاعدة حميميم") == ["hmeimim_channel"]
    assert ids(gaz, "قال سيرجي لافروف") == ids(gaz, "قال سيرغي لافروف") == ["lavrov"]
    assert ids(gaz, "وأكدت وزارة الدفاع الروسیة") == ["ru_mod"]  # Persian yeh folds to Arabic yeh
    assert ids(gaz, "الخارجية الأميركية والخارجية الأمريكية") == ["us_state", "us_state"]


def test_an_article_is_not_a_clitic_of_a_name_without_one(gaz: Gazetteer) -> None:
    # "السورية" is the adjective "Syrian"; only "سورية" names the country.
    assert ids(gaz, "الحكومة السورية") == ["sy_gov"]
    assert ids(gaz, "الأراضي السورية") == []
    assert ids(gaz, "في سورية") == ["syria"]


def test_longest_name_wins_and_mentions_keep_original_offsets(gaz: Gazetteer) -> None:
    text = "وقال وزير الخارجية الروسي سيرغي لافروف إن الجيش السوري الجديد تدربه واشنطن"
    mentions = gaz.find(text)
    assert [m.entry.id for m in mentions] == ["title_ru_fm", "lavrov", "new_syrian_army", "usa"]
    for m in mentions:
        assert text[m.start : m.end] == m.text
    assert mentions[2].text == "الجيش السوري الجديد"


def test_weak_variants_only_match_when_asked(gaz: Gazetteer) -> None:
    text = "قتلى في منطقة الجزيرة السورية"
    assert ids(gaz, text) == []
    assert ids(gaz, "الجزيرة", weak=True) == ["aljazeera"]
    assert ids(gaz, "قناة الجزيرة") == ["aljazeera"]


def test_lookup_is_exact_then_fuzzy_for_people(gaz: Gazetteer) -> None:
    assert gaz.lookup("الجزيرة") == gaz.get("aljazeera")
    assert gaz.lookup("ألكسي بورودافكن") == gaz.get("borodavkin")  # a letter missing
    assert gaz.lookup("ألكسي بورودافكن", fuzzy=False) is None
    assert gaz.lookup("أحمد محمود") is None
    assert gaz.lookup("") is None


def test_origin_parent_and_back_reference_heads(gaz: Gazetteer) -> None:
    channel = gaz.get("hmeimim_channel")
    centre = gaz.get("ru_hmeimim_centre")
    assert channel is not None and centre is not None
    assert gaz.origin(channel) == centre
    assert gaz.origin(centre) == centre
    assert [e.id for e in gaz.ancestors(centre)] == ["ru_mod"]
    assert "ru_mod" in {e.id for e in gaz.heads("الوزارة")}


def test_origin_and_parent_cycles_stop(gaz: Gazetteer) -> None:
    a = GazetteerEntry("a", "هيئة ألف", "official_body", parent="b", origin="b")
    b = GazetteerEntry("b", "هيئة باء", "official_body", parent="a", origin="a")
    g = Gazetteer([a, b])
    assert g.origin(a) in (a, b)
    assert [e.id for e in g.ancestors(a)] == ["b"]


def test_a_broken_line_is_reported_and_the_rest_loaded() -> None:
    path = FIXTURES / "broken.tsv"
    with pytest.warns(GazetteerWarning) as caught:
        g = load_gazetteer([path], use_env=False)
    lines = sorted(p.line for p in g.problems)
    assert lines == [4, 5, 6, 7]
    assert all(p.path == str(path) for p in g.problems)
    assert any("unknown type 'newspaper'" in p.message for p in g.problems)
    assert len(caught) == 4
    assert str(g.problems[0]).startswith(f"{path}:")
    # the good rows are there, the packaged data too, and the orphan keeps its row
    assert ids(g, "ونشر موقع بريد الحسكة أن") == ["hasakah_post"]
    assert "orphan" in g and "sana" in g
    assert "bad_type" not in g and "too_many" not in g


def test_user_files_override_packaged_ids_and_come_from_env(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv(ENV_VAR, str(FIXTURES / "override.tsv"))
    g = load_gazetteer()
    assert g.problems == ()
    rt = g.get("rt")
    assert rt is not None and "روسيا اليوم عربي" in rt.variants
    assert ids(g, "قال الخليل إن") == ["hasakah_mayor"]
    assert load_gazetteer(use_env=False).get("hasakah_mayor") is None


def test_a_folder_loads_every_tsv_and_a_missing_file_is_a_problem(tmp_path: Path) -> None:
    (tmp_path / "a.tsv").write_text("id\tcanonical\ttype\nx1\tهيئة الاختبار\tngo\n", encoding="utf-8")
    (tmp_path / "b.tsv").write_text("canonical\ttype\nبلا معرف\tngo\n", encoding="utf-8")
    with pytest.warns(GazetteerWarning):
        g = load_gazetteer([tmp_path, tmp_path / "missing.tsv"], use_env=False)
    assert "x1" in g
    messages = [str(p) for p in g.problems]
    assert any("b.tsv:1: bad header (missing id)" in m for m in messages)
    assert any("missing.tsv:0: cannot read" in m for m in messages)


def test_clitic_forms_and_tokens() -> None:
    keys = dict(clitic_forms("للانباء"))
    assert keys.get("انباء") is True
    assert ("سانا", False) in clitic_forms("وبسانا")
    words = tokenize("قالَ «سانا»")
    assert [w.norm for w in words] == ["قال", "سانا"]
    assert words[1].start == 6
