"""A question's radios or checkboxes, rendered once and reused on every later page.

A question page renders every question it may ask: the routine enquiry's first page has 26, 20 of
them follow-ups sent hidden until an answer calls for them. Most of the page's time went on
rendering the same options the same way on every page. What a block shows depends on its question,
the action its answer calls for, the field's name, the interface and client languages, its number
and how many the page has; what differs from one page to the next is only which answers are
checked. So the block is rendered once with a mark where " checked" may go, and each page fills
the marks from the field's data. A field with an error is rendered afresh (its message, its
described-by), as is anything whose text holds the mark itself.

Blocks are kept per app (its services decide the actions, its catalogs the words) and name their
question and action by identity, holding both so no other object can take their place: a question
set loaded again is rendered again, never mistaken for the old one.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from flask import Flask, current_app
from markupsafe import Markup

_MARK = Markup("\x00checked\x00")
_CHECKED = Markup(" checked")
_NOTHING = Markup("")
# Each (question, place, languages) is one block; a set's pages make a few hundred. Past this,
# start again rather than grow without end (a question set loaded again leaves the old ones).
LIMIT = 4096


@dataclass(frozen=True)
class _Block:
    held: tuple[object, object]  # the question and action, so their ids stay theirs
    pieces: tuple[Markup, ...]  # the HTML between the marks
    values: tuple[object, ...]  # the option each mark belongs to, in order


def _checked_now(option: Any) -> Markup:
    return _CHECKED if option.checked else _NOTHING


def reused_choices(question: object, action: object, field: Any, place: tuple[object, ...],
                   caller: Callable[[Callable[[Any], Markup]], Markup]) -> Markup:
    """The block `caller` renders (a Jinja call block given the function that writes each
    option's " checked"), from the one kept for this question and place when there is one.
    `place` holds everything else the block shows: its number, the page's total, the client's
    and the interface's languages, radios or checkboxes."""
    if field.errors:
        return caller(_checked_now)
    blocks: dict[tuple[object, ...], _Block] = current_app.extensions["screening.question_blocks"]
    key = (id(question), id(action), field.name, field.id, *place)
    block = blocks.get(key)
    if block is None or block.held[0] is not question or block.held[1] is not action:
        values: list[object] = []

        def mark(option: Any) -> Markup:
            values.append(option.data)
            return _MARK

        pieces = caller(mark).split(_MARK)
        if len(pieces) != len(values) + 1:  # the mark was in a text: never reuse this one
            return caller(_checked_now)
        if len(blocks) >= LIMIT:
            blocks.clear()
        block = blocks[key] = _Block((question, action), tuple(pieces), tuple(values))
    # Nothing is checked while there is no answer (most pages, first time): no need to ask
    # each option.
    unanswered = field.data is None or field.data == []
    chosen = set() if unanswered else {c.value for c in field.iter_choices() if c.selected}
    html = [block.pieces[0]]
    for value, piece in zip(block.values, block.pieces[1:], strict=True):
        if value in chosen:
            html.append(_CHECKED)
        html.append(piece)
    return _NOTHING.join(html)


def init_app(app: Flask) -> None:
    app.extensions["screening.question_blocks"] = {}
    app.jinja_env.globals["reused_choices"] = reused_choices
