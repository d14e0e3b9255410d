"""Field classes shared by the question pages and the fixed forms."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from wtforms import RadioField, SelectChoice, SelectMultipleField
from wtforms.validators import ValidationError


def choices(pairs: Iterable[tuple[str, Any]]) -> list[SelectChoice]:
    """Options for a radio or checkbox field from (value, label) pairs."""
    return [SelectChoice(value, label) for value, label in pairs]


def _values(field: Any) -> set[str]:
    return {choice.value for choice in field.choices}


class ChoiceField(RadioField):
    """Radios that may be left empty (validators decide) and refuse any value not shown."""

    def pre_validate(self, form: Any) -> None:
        if self.data is not None and self.data not in _values(self):
            raise ValidationError(self.invalid_choice_message)


class ChecksField(SelectMultipleField):
    """Checkboxes: any number of the options shown."""

    def pre_validate(self, form: Any) -> None:
        allowed = _values(self)
        if any(value not in allowed for value in self.data or []):
            raise ValidationError(self.invalid_choice_message)
