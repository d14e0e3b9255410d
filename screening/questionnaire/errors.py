"""Problems found while loading question sets: each says the file, where inside it, and the fix."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from screening.wording import N_, Catalog, Template, Wording

LINE = Template("question_set_problem", N_("%(where)s: %(problem)s. Fix: %(fix)s"))
# Said by many checks; `allowed` is a list of ids, `value` the file's value as Python shows it.
USE_ONE_OF = N_("use one of: %(allowed)s")
NOT_ALLOWED = N_("%(value)s is not allowed")


def worded(template: str, **params: Any) -> Wording:
    """A question-set problem as a Wording of the one message system (screening/wording.py): a
    thin constructor whose Template's code is its English text, marked N_ beside the check that
    says it. These are read by people only (the check command and start-up, in their language),
    never by a machine, so they carry no snake_case code of their own to keep in step."""
    return Template(template, template)(**params)


@dataclass(frozen=True)
class Problem:
    """Where in which file, what is wrong and how to fix it, in any interface language."""

    file: str
    path: str
    wording: Wording
    fix_wording: Wording

    @property
    def message(self) -> str:
        return self.wording.english()

    @property
    def fix(self) -> str:
        return self.fix_wording.english()

    def say(self, catalog: Catalog | None = None, lang: str = "en") -> str:
        where = f"{self.file}: {self.path}" if self.path else self.file
        return LINE(where=where, problem=self.wording, fix=self.fix_wording).say(catalog, lang)

    def __str__(self) -> str:
        return self.say()


class QuestionSetError(Exception):
    """One or more question-set files cannot be used; the tool refuses to start with them."""

    def __init__(self, problems: list[Problem]) -> None:
        self.problems = problems
        super().__init__("\n".join(str(p) for p in problems))


class Collector:
    """Gathers the problems of one file so the author sees them all at once."""

    def __init__(self, file: str) -> None:
        self.file = file
        self.problems: list[Problem] = []

    def add(self, path: str, message: str, fix: str, **params: Any) -> None:
        """`message` and `fix` are templates marked N_; `params` fill them both."""
        self.problems.append(Problem(self.file, path, worded(message, **params),
                                     worded(fix, **params)))
