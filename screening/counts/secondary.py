"""Secondary suppression: hide further counts until no hidden count can be worked out from the rest.

A table with its totals is a set of sums: each row, each column and the totals line add up. We
treat every count as an edge in a small graph whose nodes are those sums, directed the way the
count flows (row -> column -> totals), so the whole table is a circulation. A hidden count can be
worked out exactly when no other table fits what is shown; another table fits when the hidden
count lies on a cycle of hidden counts that can move by one (up along the flow, or down when the
count is 2 or more, since a shown '*' means at least 1). We assume the reader knows every shown
count exactly — rounding is not relied on — so the protection holds even with ROUND_TO=1.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass

from screening.counts.graph import bridges, cheapest_path, reaches, strong_components

Position = tuple[int, int]  # (row, column); the totals row and column come last


@dataclass(frozen=True)
class _Count:
    position: Position
    tail: int
    head: int
    value: int
    is_total: bool


def _grid(counts: Sequence[Sequence[int]]) -> list[_Count]:
    """A two-way table: a node per row, the totals row, each column and the totals column."""
    rows, cols = len(counts), len(counts[0]) if counts else 0

    def column(j: int) -> int:
        return rows + 1 + j

    row_totals = [sum(row) for row in counts]
    column_totals = [sum(row[j] for row in counts) for j in range(cols)]
    graph = []
    for i, row in enumerate(counts):
        graph += [_Count((i, j), i, column(j), value, False) for j, value in enumerate(row)]
        graph.append(_Count((i, cols), column(cols), i, row_totals[i], True))
    graph += [_Count((rows, j), column(j), rows, value, True)
              for j, value in enumerate(column_totals)]
    graph.append(_Count((rows, cols), rows, column(cols), sum(row_totals), True))
    return graph


def _column(counts: Sequence[int]) -> list[_Count]:
    """A one-way table is a single sum: counts flow from node 0 to 1, the total flows back."""
    graph = [_Count((i, 0), 0, 1, value, False) for i, value in enumerate(counts)]
    return graph + [_Count((len(counts), 0), 1, 0, sum(counts), True)]


def _arcs(count: _Count) -> list[tuple[int, int]]:
    """(from, to) moves along this count: up with the flow, or down if it stays 1 or more."""
    arcs = [(count.tail, count.head)]
    if count.value >= 2:
        arcs.append((count.head, count.tail))
    return arcs


def _add(adjacent: dict[int, list[tuple[int, int]]], graph: list[_Count], index: int) -> None:
    for tail, head in _arcs(graph[index]):
        adjacent.setdefault(tail, []).append((head, index))


def _safe_at_once(graph: list[_Count], hidden: set[int], node_count: int) -> set[int]:
    """Hidden counts already protected, found in two linear passes instead of one search each."""
    moves: dict[int, list[tuple[int, int]]] = {}
    for index in hidden:
        _add(moves, graph, index)
    component = strong_components(node_count, moves)
    # A count of 2 or more on a cycle of such counts can move either way round it.
    two_way = [(graph[i].tail, graph[i].head, i) for i in hidden if graph[i].value >= 2]
    cut = bridges(node_count, two_way)
    safe = set()
    for index in hidden:
        count = graph[index]
        if count.value >= 2:
            if index not in cut:
                safe.add(index)
        elif component[count.tail] == component[count.head]:  # a 1 needs a way back round
            safe.add(index)
    return safe


def _protect(graph: list[_Count], is_primary: Callable[[int], bool]) -> frozenset[Position]:
    hidden = {index for index, count in enumerate(graph) if is_primary(count.value)}
    if not hidden:
        return frozenset()
    node_count = 1 + max(max(count.tail, count.head) for count in graph)
    grand = max(count.value for count in graph)
    moves: dict[int, list[tuple[int, int]]] = {}
    every: dict[int, list[tuple[int, int]]] = {}
    for index, count in enumerate(graph):
        if count.value > 0:  # a 0 is shown as 0, so it can never move
            _add(every, graph, index)
    for index in hidden:
        _add(moves, graph, index)

    def cost(index: int) -> int:
        # Hiding a total costs more than any cell, so totals stay shown when cells can do.
        count = graph[index]
        return 0 if index in hidden else count.value + (grand if count.is_total else 0)

    safe = _safe_at_once(graph, hidden, node_count)
    for index in sorted(hidden - safe):
        arcs = _arcs(graph[index])
        if index in safe or any(reaches(moves, head, tail, index) for tail, head in arcs):
            continue
        paths = [found for tail, head in arcs
                 if (found := cheapest_path(every, head, tail, index, cost)) is not None]
        if not paths:  # cannot happen: every positive count lies on a cycle of its table
            raise RuntimeError(f"no way to protect the count at {graph[index].position}")
        _, path = min(paths, key=lambda found: found[0])
        for added in path:  # every count on the cycle can now move along it: all are safe
            if added not in hidden:
                hidden.add(added)
                _add(moves, graph, added)
        safe.update(path)
    return frozenset(graph[index].position for index in hidden)


def hidden_in_grid(counts: Sequence[Sequence[int]],
                   is_primary: Callable[[int], bool]) -> frozenset[Position]:
    """Positions to show as '*' in a two-way table; totals are at row len(counts), column C."""
    return _protect(_grid(counts), is_primary)


def hidden_in_column(counts: Sequence[int],
                     is_primary: Callable[[int], bool]) -> frozenset[Position]:
    """Positions (row, 0) to show as '*' in a one-way table; the total is row len(counts)."""
    return _protect(_column(counts), is_primary)
