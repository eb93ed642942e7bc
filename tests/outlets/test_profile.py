"""Outlet profiles on the five sample reports, with a saved check of the sample claim."""

from __future__ import annotations

import pytest

from tahqiq.api import Tahqiq
from tahqiq.errors import InputError
from tahqiq.outlets import OutletNotFound
from tahqiq.records.outlets import OutletProfile
from tahqiq.records.serialize import SCHEMA_VERSION, from_dict, to_dict

from ..conftest import SAMPLE_CLAIM, article_id_for

HMEIMIM = "مركز المصالحة الروسي في حميميم"
STATE_OUTLETS = ("سانا", "الوطن السورية")


@pytest.fixture
def checked(sample_store: Tahqiq) -> Tahqiq:
    """The sample store with the sample claim checked and saved."""
    sample_store.save_check(sample_store.check(SAMPLE_CLAIM))
    return sample_store


def test_the_sample_outlets_are_listed_under_their_names(sample_store: Tahqiq) -> None:
    found = sample_store.outlets()
    assert {o.name: o.articles for o in found.outlets} == {"سانا": 2, "الوطن السورية": 1, "بلدي نيوز": 1}
    assert found.unattributed == 1
    assert found.stale == 0


def test_baladi_news_carried_the_denial(checked: Tahqiq) -> None:
    baladi = article_id_for(checked, "004_9a22f17ed7bf8f62.txt")
    profile = checked.outlet("بلدي نيوز")
    assert [(d.article_id, d.speaker) for d in profile.denials] == [(baladi, "مضر حماد الأسعد")]
    assert profile.denials_total == 1
    # In the saved check its report disputes the claim; the state outlets' reports carried it.
    assert [(r.name, r.articles) for r in profile.stance.disputed_claims] == [("disputed", (baladi,))]
    assert profile.stance.carried == ()


def test_the_state_outlets_relay_the_hmeimim_centre(checked: Tahqiq) -> None:
    for name in STATE_OUTLETS:
        profile = checked.outlet(name)
        relayed = {r.name: r for r in profile.relays}
        assert HMEIMIM in relayed, (name, profile.relays)
        assert set(relayed[HMEIMIM].articles) <= set(profile.articles.articles)
        assert [r.name for r in profile.stance.carried] == ["disputed"]


def test_every_figure_names_articles_of_the_outlet(checked: Tahqiq) -> None:
    profile = checked.outlet("سانا")
    mine = set(profile.articles.articles)
    assert profile.articles.count == 2 and len(mine) == 2
    for tally in (profile.copies, profile.first, profile.own, profile.unordered, profile.loaded):
        assert set(tally.articles) <= mine
    for named in (*profile.relays, *profile.languages, *profile.shares_with):
        assert set(named.articles) <= mine
    assert profile.copies.count + profile.first.count + profile.own.count + profile.unordered.count == 2
    assert 0.0 < profile.loaded_share < 1.0
    assert {x.party for x in profile.labels} <= {"government", "opposition"}


def test_the_copy_links_of_the_sample_are_between_outlets(sample_store: Tahqiq) -> None:
    watan = sample_store.outlet("الوطن السورية")
    # 000 (al-Watan, dated) shares passages with the undated SANA editorial and the Baladi report.
    assert {r.name for r in watan.shares_with} == {"سانا", "بلدي نيوز"}


def test_the_json_export_reads_back(checked: Tahqiq) -> None:
    profile = checked.outlet("بلدي نيوز")
    data = to_dict(profile)
    assert data["schema_version"] == SCHEMA_VERSION
    assert data["denials"][0]["speaker"] == "مضر حماد الأسعد"
    assert from_dict(OutletProfile, data) == profile


def test_an_unknown_outlet_is_one_line_in_arabic_and_english(sample_store: Tahqiq) -> None:
    with pytest.raises(OutletNotFound) as raised:
        sample_store.outlet("منفذ لا وجود له")
    message = str(raised.value)
    assert "\n" not in message
    assert "لا منفذ باسم" in message and "no outlet named" in message


def test_rename_and_merge_are_kept_and_the_profiles_follow(sample_store: Tahqiq) -> None:
    stored = {a.id: a.outlet for a in sample_store.store.iter_articles()}
    change = sample_store.rename_outlet("سانا", "الوكالة العربية السورية للأنباء", by="هدى")
    assert (change.action, change.changed_by) == ("rename", "هدى")
    with pytest.raises(OutletNotFound):
        sample_store.outlet("سانا")
    renamed = sample_store.outlet("الوكالة العربية السورية للأنباء")
    assert renamed.articles.count == 2 and renamed.detected == ("سانا",)
    sample_store.merge_outlets("الوطن السورية", "الوكالة العربية السورية للأنباء", by="Sami")
    merged = sample_store.outlet("الوكالة العربية السورية للأنباء")
    assert merged.articles.count == 3
    assert merged.detected == ("الوطن السورية", "سانا")
    # Copies between two names of one outlet are its own text, not copying from another outlet.
    assert "الوطن السورية" not in {r.name for r in merged.shares_with}
    assert [o.name for o in sample_store.outlets().outlets] == [
        "الوكالة العربية السورية للأنباء",
        "بلدي نيوز",
    ]
    assert [(c.action, c.old, c.changed_by) for c in sample_store.outlet_name_changes()] == [
        ("rename", "سانا", "هدى"),
        ("merge", "الوطن السورية", "Sami"),
    ]
    # The articles' stored outlets are never rewritten.
    assert {a.id: a.outlet for a in sample_store.store.iter_articles()} == stored


def test_bad_renames_are_refused(sample_store: Tahqiq) -> None:
    with pytest.raises(OutletNotFound):
        sample_store.rename_outlet("لا أحد", "س", by="x")
    with pytest.raises(InputError, match="already names an outlet"):
        sample_store.rename_outlet("سانا", "بلدي نيوز", by="x")
    with pytest.raises(InputError, match="empty"):
        sample_store.rename_outlet("سانا", "  ", by="x")
    with pytest.raises(InputError, match="into itself"):
        sample_store.merge_outlets("سانا", "سانا", by="x")


def test_the_desk_s_edits_override_the_machine_in_the_stance_record(sample_store: Tahqiq) -> None:
    check_id = sample_store.save_check(sample_store.check(SAMPLE_CLAIM))
    baladi = article_id_for(sample_store, "004_9a22f17ed7bf8f62.txt")
    assert sample_store.outlet("بلدي نيوز").stance.checks[0].reviewed is False
    sample_store.review(check_id, reviewer="هدى", rating="refuted", verdict_text="مفنّد")
    sample_store.review_stance(check_id, baladi, "discuss", reviewer="هدى")
    [entry] = sample_store.outlet("بلدي نيوز").stance.checks
    assert (entry.article_id, entry.stance, entry.rating, entry.reviewed) == (
        baladi,
        "discuss",
        "refuted",
        True,
    )
    assert [r.name for r in sample_store.outlet("سانا").stance.carried] == ["refuted"]
