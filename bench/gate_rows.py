"""Write the bank gate's answers as a graded JSONL for `interview score --batch` and
`bench/fit_fusion.py --gate`: every shipped question's own model answer (kind own, grade 10)
and the answer to another question that tests/banks/test_shipped_banks_scored.py pairs it with (kind
unrelated, grade 0).

    python bench/gate_rows.py gate.jsonl
    interview score --batch gate.jsonl --out gate_scored.jsonl
    python bench/fit_fusion.py ... --gate gate_scored.jsonl=gate.jsonl
"""

from __future__ import annotations

import json
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from tests.banks.test_shipped_banks_scored import QUESTIONS, _unrelated  # noqa: E402


def main() -> None:
    if len(sys.argv) != 2:
        raise SystemExit("usage: python bench/gate_rows.py OUT.jsonl")
    with Path(sys.argv[1]).open("w", encoding="utf-8") as out:
        for index, (bank, question) in enumerate(QUESTIONS):
            base = {
                "question": question.question,
                "key_points": list(question.key_points),
                "language": bank.language,
            }
            other = _unrelated(bank, index)
            rows = [
                {
                    "id": f"{question.id}:own",
                    "kind": "own",
                    "answer": question.model_answer,
                    "score": 10,
                },
                {
                    "id": f"{question.id}:unrelated:{other.id}",
                    "kind": "unrelated",
                    "answer": other.model_answer,
                    "score": 0,
                },
            ]
            for row in rows:
                out.write(json.dumps(base | row, ensure_ascii=False) + "\n")


if __name__ == "__main__":
    main()
