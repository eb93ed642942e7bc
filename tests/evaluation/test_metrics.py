"""Metrics checked against values worked out by hand."""

from __future__ import annotations

import pytest

from tahqiq.evaluation.metrics import (
    calibration_bins,
    classification_report,
    confusion_matrix,
    expected_calibration_error,
    scored_labels,
)


def test_report_matches_hand_computation() -> None:
    # gold a a a b b c ; pred a a b b c c
    # a: tp 2, predicted 2, support 3 -> P 1, R 2/3, F1 0.8
    # b: tp 1, predicted 2, support 2 -> P 1/2, R 1/2, F1 1/2
    # c: tp 1, predicted 2, support 1 -> P 1/2, R 1, F1 2/3
    gold = ["a", "a", "a", "b", "b", "c"]
    pred = ["a", "a", "b", "b", "c", "c"]
    report = classification_report(gold, pred)
    assert report.labels == ("a", "b", "c")
    assert report.n == 6
    assert report.accuracy == pytest.approx(4 / 6)
    assert report.per_class["a"].precision == pytest.approx(1.0)
    assert report.per_class["a"].recall == pytest.approx(2 / 3)
    assert report.per_class["a"].f1 == pytest.approx(0.8)
    assert report.per_class["b"].f1 == pytest.approx(0.5)
    assert report.per_class["c"].precision == pytest.approx(0.5)
    assert report.per_class["c"].recall == pytest.approx(1.0)
    assert report.per_class["c"].f1 == pytest.approx(2 / 3)
    assert [report.per_class[x].support for x in "abc"] == [3, 2, 1]
    assert report.macro_f1 == pytest.approx((0.8 + 0.5 + 2 / 3) / 3)
    assert report.confusion == {
        "a": {"a": 2, "b": 1, "c": 0},
        "b": {"a": 0, "b": 1, "c": 1},
        "c": {"a": 0, "b": 0, "c": 1},
    }


def test_macro_f1_counts_labels_only_predicted_or_only_gold() -> None:
    # "x" is never in gold, "b" never predicted: both enter macro-F1 with F1 0.
    gold = ["a", "a", "b"]
    pred = ["a", "x", "a"]
    report = classification_report(gold, pred, order=("b", "a"))
    assert report.labels == ("b", "a", "x")
    assert report.per_class["x"].precision == 0.0
    assert report.per_class["x"].support == 0
    assert report.per_class["b"].recall == 0.0
    # a: tp 1, predicted 2, support 2 -> F1 1/2
    assert report.macro_f1 == pytest.approx(0.5 / 3)


def test_order_does_not_add_absent_labels() -> None:
    assert scored_labels(["b"], ["b"], order=("a", "b", "c")) == ("b",)


def test_perfect_and_empty_inputs() -> None:
    report = classification_report(["a", "b"], ["a", "b"])
    assert report.accuracy == 1.0 and report.macro_f1 == 1.0
    with pytest.raises(ValueError):
        classification_report([], [])
    with pytest.raises(ValueError):
        classification_report(["a"], ["a", "b"])


def test_confusion_refuses_unknown_label() -> None:
    with pytest.raises(ValueError):
        confusion_matrix(["a"], ["z"], ["a"])


def test_ece_by_hand() -> None:
    # bin 9: p 0.9, 0.95 outcomes T, F -> mean 0.925, rate 0.5, gap 0.425, weight 2/5
    # bin 2: p 0.2 outcome F -> gap 0.2, weight 1/5
    # bin 5: p 0.5, 0.55 outcomes T, T -> mean 0.525, rate 1, gap 0.475, weight 2/5
    probs = [0.9, 0.95, 0.2, 0.5, 0.55]
    outcomes = [True, False, False, True, True]
    expected = 2 / 5 * 0.425 + 1 / 5 * 0.2 + 2 / 5 * 0.475
    assert expected_calibration_error(probs, outcomes) == pytest.approx(expected)


def test_ece_is_zero_when_calibrated_and_one_when_certainly_wrong() -> None:
    assert expected_calibration_error([0.0, 1.0], [False, True]) == pytest.approx(0.0)
    assert expected_calibration_error([1.0, 0.0], [False, True]) == pytest.approx(1.0)


def test_calibration_bins_put_one_in_last_bin() -> None:
    bins = calibration_bins([1.0, 0.0, 0.1], [True, False, True], bins=10)
    assert len(bins) == 10
    assert bins[9].count == 1 and bins[9].positive_rate == 1.0
    assert bins[0].count == 1 and bins[1].count == 1
    assert bins[3].low == pytest.approx(0.3) and bins[3].high == pytest.approx(0.4)
    with pytest.raises(ValueError):
        calibration_bins([1.5], [True])
    with pytest.raises(ValueError):
        expected_calibration_error([], [])
