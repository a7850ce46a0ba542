"""`interview calibrate`: agreement with human grades next to word overlap, and the adversarial
report per kind (the rubric scorer, so no model is needed)."""

from __future__ import annotations

import json
from pathlib import Path

from typer.testing import CliRunner

from interview_cli.cli import app
from interview_cli.scoring.calibration import agreement, kind_report

runner = CliRunner()

QUESTION = "Compare a stack and a queue."
POINTS = ["A stack is LIFO: the last item pushed is the first popped.", "A queue is FIFO."]
ROWS = [
    ("correct", "A stack is LIFO, the last item pushed comes out first. A queue is FIFO.", 9),
    ("swapped", "A queue is LIFO, the last item pushed comes out first. A stack is FIFO.", 1),
    ("term_list", "stack, queue, LIFO, FIFO, push, pop", 1),
    ("off_topic", "Hash tables map keys to buckets with a hash function.", 0),
]


def _file(tmp_path: Path) -> Path:
    path = tmp_path / "graded.jsonl"
    lines = [
        json.dumps({"question": QUESTION, "key_points": POINTS, "answer": a, "score": g, "kind": k})
        for k, a, g in ROWS
    ]
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


def test_calibrate_reports_kinds_next_to_the_baseline(tmp_path: Path) -> None:
    result = runner.invoke(
        app, ["calibrate", "--labelled", str(_file(tmp_path)), "--gold-max", "10", "--no-model"]
    )
    assert result.exit_code == 0, result.output
    out = result.output
    assert "MAE (0-10)" in out and "human mean (0-10)" in out
    assert "mean score per kind (0-10):" in out
    for kind in ("correct", "swapped", "term_list", "off_topic"):
        assert f"  {kind}" in out
    assert "correct >= swapped + 3" in out and "(1 question)" in out


def test_calibrate_json_carries_the_kind_report(tmp_path: Path) -> None:
    args = ["calibrate", "--labelled", str(_file(tmp_path)), "--gold-max", "10"]
    result = runner.invoke(app, [*args, "--no-model", "--json"])
    assert result.exit_code == 0, result.output
    data = json.loads(result.output)
    assert set(data["scorer_kinds"]["means"]) == {"correct", "swapped", "term_list", "off_topic"}
    assert data["scorer_kinds"]["swap_questions"] == 1
    assert data["baseline_kinds"]["counts"]["correct"] == 1
    assert 0 <= data["scorer_metrics"]["mae_10"] <= 10


def test_kind_report_counts_questions_where_correct_clearly_wins() -> None:
    report = kind_report(
        [
            ("q1", "correct", 8.0),
            ("q1", "swapped", 2.0),
            ("q2", "correct", 7.0),
            ("q2", "swapped", 5.0),
            ("q3", "correct", 9.0),  # no swapped twin: not counted
        ]
    )
    assert report.swap_questions == 2
    assert report.swap_margin_share == 0.5
    assert report.means["correct"] == 8.0


def test_agreement_rescales_gold_for_the_mean_absolute_error() -> None:
    result = agreement([10.0, 5.0], [1.0, 0.0], gold_max=1)
    assert result.mae_10 == 2.5  # |10 - 10| and |5 - 0|
    assert result.gold_mean_10 == 5.0 and result.mean_10 == 7.5
