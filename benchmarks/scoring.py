"""Scoring throughput in-process, against a bare loop counting "yes" answers.

    .venv/bin/python benchmarks/scoring.py [--screenings 20000]
"""

from __future__ import annotations

import argparse
import random
import sys
import time
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from benchmarks.report import write_section  # noqa: E402
from screening.questionnaire import QuestionSet, load_library, score  # noqa: E402
from screening.questionnaire.scoring import parameter_values  # noqa: E402

ROOT = Path(__file__).resolve().parent.parent


def synthetic_answers(question_set: QuestionSet, rng: random.Random) -> dict[str, Any]:
    """Answers a practitioner could have given: every question, an allowed value."""
    answers: dict[str, Any] = {}
    for question in question_set.questions:
        if question.type == "yes_no":
            answers[question.id] = rng.choice(["yes", "no", "no", "dont_know"])
        elif question.type == "single":
            answers[question.id] = rng.choice(question.allowed_values())
        elif question.type == "multiple":
            answers[question.id] = rng.sample(question.allowed_values(), 1)
        elif question.type == "number":
            answers[question.id] = rng.randint(question.min or 0, min(question.max or 60, 60))
        elif question.type == "text":
            answers[question.id] = "Synthetic note"
    return answers


def best_of(runs: int, work: Any) -> float:
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        work()
        times.append(time.perf_counter() - start)
    return min(times)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--screenings", type=int, default=20_000)
    args = parser.parse_args()
    library = load_library(ROOT / "questionnaires")
    rng = random.Random(7)
    rows = []
    for question_set in library.published():
        batch = [synthetic_answers(question_set, rng) for _ in range(args.screenings)]
        params = parameter_values(question_set)

        def bare(batch: list[dict[str, Any]] = batch) -> int:
            return sum(sum(1 for v in answers.values() if v == "yes") for answers in batch)

        def full(batch: list[dict[str, Any]] = batch, qs: QuestionSet = question_set,
                 params: dict[str, int] = params) -> None:
            for answers in batch:
                score(qs, answers, params)

        base, real = best_of(5, bare), best_of(3, full)
        rows.append(f"| {question_set.key} | {args.screenings / real:,.0f} | "
                    f"{args.screenings / base:,.0f} | {real / base:.1f}× |")
    body = ("Command: `.venv/bin/python benchmarks/scoring.py --screenings "
            f"{args.screenings}` (best of 3 runs; baseline best of 5)\n\n"
            "| question set | screenings scored per second | bare yes-count loop per second | "
            "scoring ÷ bare |\n| --- | --- | --- | --- |\n" + "\n".join(rows))
    print(body)
    write_section("Scoring throughput", body)


if __name__ == "__main__":
    main()
