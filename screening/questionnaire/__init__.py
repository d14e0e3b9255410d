"""Question sets as versioned data: loading in stages, rules, scoring, golden cases."""

from screening.questionnaire.errors import Problem, QuestionSetError
from screening.questionnaire.library import Library, Service, check_folder, load_library
from screening.questionnaire.model import Question, QuestionSet
from screening.questionnaire.scoring import AnswerError, Judgement, Result, score

__all__ = [
    "AnswerError", "Judgement", "Library", "Problem", "Question", "QuestionSet",
    "QuestionSetError", "Result", "Service", "check_folder", "load_library", "score",
]
