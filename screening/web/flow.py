"""Which page comes next: a section per page, skipping sections whose questions are not asked."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from screening.questionnaire import Question, QuestionSet
from screening.questionnaire.scoring import parameter_values, visible_answers


@dataclass(frozen=True)
class Flow:
    """The pages of one screening given the answers so far."""

    question_set: QuestionSet
    answers: Mapping[str, Any]

    @property
    def check_page(self) -> int:
        """The page number stored for "check your answers" (after the last section)."""
        return len(self.question_set.sections)

    def shown(self) -> set[str]:
        questions, _ = visible_answers(self.question_set, self.answers,
                                       parameter_values(self.question_set))
        return {q.id for q in questions}

    def questions_on(self, page: int) -> list[Question]:
        """The questions asked on a page, in order."""
        shown = self.shown()
        return [q for q in self.question_set.sections[page].questions if q.id in shown]

    def pages(self) -> list[int]:
        """Section pages that have at least one question to ask."""
        shown = self.shown()
        return [i for i, section in enumerate(self.question_set.sections)
                if any(q.id in shown for q in section.questions)]

    def next_page(self, after: int) -> int:
        """The next page with questions, or the check page."""
        return next((p for p in self.pages() if p > after), self.check_page)

    def unstarted_after(self, page: int) -> int | None:
        """The first later page whose questions all wait for an answer (a change showed it)."""
        for later in self.pages():
            if later > page and not any(q.id in self.answers for q in self.questions_on(later)):
                return later
        return None

    def previous_page(self, before: int) -> int | None:
        """The page before, or None when the opening statement comes before."""
        earlier = [p for p in self.pages() if p < before]
        return earlier[-1] if earlier else None

    def missing_required(self) -> list[tuple[int, Question]]:
        """Required questions that are asked but have no answer, with their page."""
        shown = self.shown()
        missing = []
        for page, section in enumerate(self.question_set.sections):
            for question in section.questions:
                value = self.answers.get(question.id)
                if question.required and question.id in shown and value in (
                        None, "", [], "not_asked"):
                    missing.append((page, question))
        return missing

    def number_on_page(self, question_id: str) -> tuple[int, int] | None:
        """The page and the question's number on it, for links from check-your-answers."""
        for page in self.pages():
            ids = [q.id for q in self.questions_on(page)]
            if question_id in ids:
                return page, ids.index(question_id) + 1
        return None
