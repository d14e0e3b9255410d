"""Which page comes next: sections grouped into pages, skipping pages with nothing to ask.

A page is one section, joined by the sections after it while together they ask at most
`PAGE_QUESTIONS` questions, and by any section whose every question depends on earlier answers
(a follow-up): those appear on the same page as soon as the answers call for them (by script;
without it, after the page is sent). A page is numbered by its first section.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from functools import cached_property
from typing import Any

from screening.questionnaire import Question, QuestionSet
from screening.questionnaire.scoring import parameter_values, visible_answers

PAGE_QUESTIONS = 10


_GROUPS: dict[tuple[str, int, str], tuple[tuple[int, ...], ...]] = {}


def page_groups(question_set: QuestionSet) -> tuple[tuple[int, ...], ...]:
    """The section numbers on each page, in order (worked out once per version)."""
    key = (question_set.id, question_set.version, question_set.content_hash)
    if key not in _GROUPS:
        _GROUPS[key] = _grouped(question_set)
    return _GROUPS[key]


def _grouped(question_set: QuestionSet) -> tuple[tuple[int, ...], ...]:
    groups: list[list[int]] = []
    size = 0
    for number, section in enumerate(question_set.sections):
        follow_up = bool(section.questions) and all(q.show_if for q in section.questions)
        if groups and (follow_up or size + len(section.questions) <= PAGE_QUESTIONS):
            groups[-1].append(number)
            size += len(section.questions)
        else:
            groups.append([number])
            size = len(section.questions)
    return tuple(tuple(group) for group in groups)


def page_of(question_set: QuestionSet, section: int) -> int:
    """The page (its first section's number) a section is shown on."""
    return next(group[0] for group in page_groups(question_set) if section in group)


@dataclass(frozen=True)
class Flow:
    """The pages of one screening given the answers so far (a page asks which questions are
    shown several times: the set's rules are run once per Flow, so keep its answers as they
    are, and make a new Flow for new answers)."""

    question_set: QuestionSet
    answers: Mapping[str, Any]

    @property
    def check_page(self) -> int:
        """The page number stored for "check your answers" (after the last section)."""
        return len(self.question_set.sections)

    @cached_property
    def _shown(self) -> frozenset[str]:
        questions, _ = visible_answers(self.question_set, self.answers,
                                       parameter_values(self.question_set))
        return frozenset(q.id for q in questions)

    def shown(self) -> frozenset[str]:
        """The ids of the questions asked, given the answers."""
        return self._shown

    def sections_on(self, page: int) -> tuple[int, ...]:
        """The sections shown on a page; none when `page` does not start one."""
        return next((g for g in page_groups(self.question_set) if g[0] == page), ())

    def all_questions_on(self, page: int) -> list[Question]:
        """Every question of the page's sections, asked now or not (yet)."""
        sections = self.question_set.sections
        return [q for number in self.sections_on(page) for q in sections[number].questions]

    def questions_on(self, page: int) -> list[Question]:
        """The questions asked on a page, in order."""
        shown = self.shown()
        return [q for q in self.all_questions_on(page) if q.id in shown]

    def pages(self) -> list[int]:
        """Pages that have at least one question to ask."""
        shown = self.shown()
        return [group[0] for group in page_groups(self.question_set)
                if any(q.id in shown for q in self.all_questions_on(group[0]))]

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
                    missing.append((page_of(self.question_set, page), question))
        return missing

    def number_on_page(self, question_id: str) -> tuple[int, int] | None:
        """The page and the question's number on it, for links from check-your-answers."""
        for page in self.pages():
            ids = [q.id for q in self.questions_on(page)]
            if question_id in ids:
                return page, ids.index(question_id) + 1
        return None
