"""Small graph searches that secondary suppression needs, iterative so big tables cannot recurse."""

from __future__ import annotations

import heapq
from collections.abc import Callable, Mapping, Sequence

Adjacency = Mapping[int, Sequence[tuple[int, int]]]  # node -> (next node, edge id)


def strong_components(node_count: int, adjacent: Adjacency) -> list[int]:
    """A component number per node; two nodes share one when each reaches the other (Tarjan)."""
    order, low = [-1] * node_count, [0] * node_count
    component, on_stack, stack = [-1] * node_count, [False] * node_count, []
    counter = components = 0
    for root in range(node_count):
        if order[root] != -1:
            continue
        order[root] = low[root] = counter
        counter += 1
        stack.append(root)
        on_stack[root] = True
        work = [(root, 0)]
        while work:
            node, i = work[-1]
            successors = adjacent.get(node, ())
            if i < len(successors):
                work[-1] = (node, i + 1)
                following = successors[i][0]
                if order[following] == -1:
                    order[following] = low[following] = counter
                    counter += 1
                    stack.append(following)
                    on_stack[following] = True
                    work.append((following, 0))
                elif on_stack[following]:
                    low[node] = min(low[node], order[following])
                continue
            work.pop()
            if work:
                parent = work[-1][0]
                low[parent] = min(low[parent], low[node])
            if low[node] == order[node]:
                while True:
                    member = stack.pop()
                    on_stack[member] = False
                    component[member] = components
                    if member == node:
                        break
                components += 1
    return component


def bridges(node_count: int, edges: Sequence[tuple[int, int, int]]) -> set[int]:
    """Ids of undirected edges (u, v, id) on no cycle; parallel edges are a cycle."""
    adjacent: dict[int, list[tuple[int, int]]] = {}
    for u, v, edge in edges:
        adjacent.setdefault(u, []).append((v, edge))
        adjacent.setdefault(v, []).append((u, edge))
    order, low = [-1] * node_count, [0] * node_count
    counter, found = 0, set()
    for root in adjacent:
        if order[root] != -1:
            continue
        order[root] = low[root] = counter
        counter += 1
        work = [(root, -1, 0)]
        while work:
            node, arrived_by, i = work[-1]
            if i < len(adjacent[node]):
                work[-1] = (node, arrived_by, i + 1)
                following, edge = adjacent[node][i]
                if edge == arrived_by:
                    continue
                if order[following] == -1:
                    order[following] = low[following] = counter
                    counter += 1
                    work.append((following, edge, 0))
                else:
                    low[node] = min(low[node], order[following])
                continue
            work.pop()
            if work:
                parent = work[-1][0]
                low[parent] = min(low[parent], low[node])
                if low[node] > order[parent]:
                    found.add(arrived_by)
    return found


def reaches(adjacent: Adjacency, start: int, goal: int, skip: int) -> bool:
    """Whether goal can be reached from start without the edge `skip`."""
    seen, frontier = {start}, [start]
    while frontier:
        node = frontier.pop()
        if node == goal:
            return True
        for following, edge in adjacent.get(node, ()):
            if edge != skip and following not in seen:
                seen.add(following)
                frontier.append(following)
    return False


def cheapest_path(adjacent: Adjacency, start: int, goal: int, skip: int,
                  cost: Callable[[int], int]) -> tuple[int, list[int]] | None:
    """(total cost, edge ids) of the cheapest path without `skip`, or None (Dijkstra)."""
    best = {start: 0}
    via: dict[int, tuple[int, int]] = {}
    queue = [(0, start)]
    while queue:
        spent, node = heapq.heappop(queue)
        if node == goal:
            path, at = [], goal
            while at != start:
                at, edge = via[at]
                path.append(edge)
            return spent, path
        if spent > best[node]:
            continue
        for following, edge in adjacent.get(node, ()):
            if edge == skip:
                continue
            total = spent + cost(edge)
            if following not in best or total < best[following]:
                best[following] = total
                via[following] = (node, edge)
                heapq.heappush(queue, (total, following))
    return None
