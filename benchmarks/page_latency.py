"""Page latency and completed screenings per second under load, against a static file.

N signed-in practitioners (threads, one connection each, on 127.0.0.1) complete positive routine
enquiries the way the pages are used (open a page, send its form: 7 requests a screening) for
a fixed time against `screening serve --gunicorn` (3 sync workers). Then, in the same run and
from the same server, N more clients fetch a static file as large as the median page: at the
same time as the pages and at the same rate of requests when paced (`--think`), after them when
flat out. Then the offline API: N devices each POST one finished screening at a time.

With `--think T` each practitioner spends T seconds (0.5 to 1.5 T, at random) on each page
between opening and sending it, and on the result: a human pace, as issue 16 measures it ("5 s
between pages"). `--pace screenings` instead waits T between whole screenings, pages sent back
to back: a harsher load, kept for comparison. Without `--think`, flat out.

    .venv/bin/python benchmarks/page_latency.py [--practitioners 50] [--seconds 20]
        [--think 0] [--pace pages|screenings]
"""

from __future__ import annotations

import argparse
import json
import os
import random
import shutil
import statistics
import sys
import tempfile
import threading
import time
from collections.abc import Callable
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from benchmarks.crash_test import submission  # noqa: E402
from benchmarks.loopback import (  # noqa: E402
    COMPRESSED,
    PAGES,
    ROOT,
    Practitioner,
    Server,
    add_practitioners,
    complete_routine_enquiry,
)
from benchmarks.report import write_section  # noqa: E402

BASELINE_FOLDER = ROOT / "static" / "_bench"
# Each page's p95 at most this many times the p95 of a static file of the same size (issue 16;
# the old 100 completed screenings a second flat out is withdrawn).
TARGET_RATIO = 3.0


def percentile(values: list[float], share: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(share * len(ordered)))] if ordered else 0.0


def ms(seconds: float) -> str:
    return f"{seconds * 1000:.1f}"


Work = tuple[list[Practitioner], Callable[[Practitioner], None]]


def for_a_while(seconds: float, *groups: Work) -> tuple[list[float], list[BaseException]]:
    """Each person of each group repeats its group's work until the time is up, all groups at
    once; the time each group really took (it finishes what it started), and errors."""
    stop, errors = threading.Event(), []
    finished: list[list[float]] = [[] for _ in groups]  # when each person of a group stopped
    started = time.perf_counter()

    def loop(person: Practitioner, work: Callable[[Practitioner], None], number: int) -> None:
        while not stop.is_set():
            try:
                work(person)
            except BaseException as error:  # reported, not hidden
                errors.append(error)
                break
        finished[number].append(time.perf_counter() - started)

    threads = [threading.Thread(target=loop, args=(person, work, number))
               for number, (people, work) in enumerate(groups) for person in people]
    for thread in threads:
        thread.start()
    time.sleep(seconds)
    stop.set()
    for thread in threads:
        thread.join()
    return [max(times) for times in finished], errors


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__,
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--practitioners", type=int, default=50)
    parser.add_argument("--seconds", type=float, default=20.0)
    parser.add_argument("--think", type=float, default=0.0,
                        help="seconds each practitioner spends on each page (see --pace)")
    parser.add_argument("--pace", choices=("pages", "screenings"), default="pages",
                        help="spend the think time on each page (the default) or between "
                             "whole screenings, pages sent back to back")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as folder:
        instance = Path(folder) / "instance"
        instance.mkdir()
        names = add_practitioners(instance, args.practitioners)
        server = Server(instance)
        server.start()
        try:
            body = measure(server, names, args)
        finally:
            server.stop()
            shutil.rmtree(BASELINE_FOLDER, ignore_errors=True)
    print(body)
    pace = f", {args.think:g} s between {args.pace}" if args.think else ", flat out"
    write_section(f"Page latency, {args.practitioners} practitioners{pace}", body)


def measure(server: Server, names: list[str], args: argparse.Namespace) -> str:
    people = [Practitioner(server.port, name) for name in names]
    for person in people:
        person.sign_in()
    timings: dict[str, list[float]] = {}
    statuses: list[int] = []
    completed = [0]
    lock = threading.Lock()

    # With a think time, people arrive over one think time, not all in the same instant.
    arrival = {person.name: time.monotonic() + random.uniform(0, args.think)  # noqa: S311
               for person in people}

    def thinking() -> None:
        time.sleep(random.uniform(0.5, 1.5) * args.think)  # noqa: S311 - not for security

    per_page = bool(args.think) and args.pace == "pages"

    def practitioner(person: Practitioner) -> None:
        wait = arrival.pop(person.name, 0) - time.monotonic()
        if wait > 0:
            time.sleep(wait)
        mine: dict[str, list[float]] = {}
        complete_routine_enquiry(person, mine, statuses, reading=thinking if per_page else None)
        with lock:
            completed[0] += 1
            for page, found in mine.items():
                timings.setdefault(page, []).extend(found)
        if args.think and not per_page:
            thinking()

    page_sizes: list[int] = []
    complete_routine_enquiry(people[0], sizes=page_sizes)
    size = int(statistics.median(page_sizes))
    # The baseline is a copy of a real page of the median size, so it compresses as pages do.
    median_page = people[0].request("GET", "/screenings/new", headers=COMPRESSED).body
    BASELINE_FOLDER.mkdir(exist_ok=True)
    (BASELINE_FOLDER / "baseline.html").write_bytes((median_page * (size // len(median_page) + 1)
                                                     )[:size])
    static: list[float] = []
    # As many requests a second as the pages made: a page is two requests per think time;
    # whole screenings were 7 requests (and their own time) per think time.
    static_pace = 2 if per_page else 11

    def fetch_static(person: Practitioner) -> None:
        reply = person.request("GET", "/static/_bench/baseline.html", headers=COMPRESSED)
        with lock:
            static.append(reply.seconds)
            statuses.append(reply.status)
        if args.think:
            time.sleep(random.uniform(0.5, 1.5) * args.think / static_pace)  # noqa: S311

    anonymous = [Practitioner(server.port, name) for name in names]
    server_cpu, client_cpu = server.cpu_seconds(), time.process_time()
    if args.think:
        # At a human pace the static file is fetched at the same time as the pages, from the
        # same server at the same rate: whatever else the machine does touches both alike.
        (pages_took, static_took), errors = for_a_while(
            args.seconds, (people, practitioner), (anonymous, fetch_static))
        cpu = {"server": server.cpu_seconds() - server_cpu,
               "clients": time.process_time() - client_cpu}
    else:
        # Flat out, each alone: either would queue behind the other.
        (pages_took,), errors = for_a_while(args.seconds, (people, practitioner))
        cpu = {"server": server.cpu_seconds() - server_cpu,
               "clients": time.process_time() - client_cpu}
        (static_took,), static_errors = for_a_while(args.seconds, (anonymous, fetch_static))
        errors += static_errors

    sent: list[float] = []
    sets = json.loads(people[0].get("/api/v1/question-sets").body)["question_sets"]
    routine = next(s for s in sets if s["id"] == "routine-enquiry")
    for person in people:
        person.token = json.loads(person.get("/api/v1/session").body)["csrf_token"]

    def device(person: Practitioner) -> None:
        document = submission(routine, random.Random())  # noqa: S311
        reply = person.post_json("/api/v1/screenings", json.dumps(document).encode(),
                                 {"Idempotency-Key": document["idempotency_key"]})
        if reply.status != 201:
            raise RuntimeError(f"offline screening: {reply.status} {reply.text[:200]}")
        with lock:
            sent.append(reply.seconds)

    (api_took,), api_errors = for_a_while(args.seconds / 2, (people, device))
    for person in people + anonymous:
        person.close()
    return report(args, timings, completed[0], pages_took, static, static_took, size, sent,
                  api_took, statuses, errors + api_errors, cpu)


def report(args: argparse.Namespace, timings: dict[str, list[float]], completed: int,
           pages_took: float, static: list[float], static_took: float, size: int,
           sent: list[float], api_took: float, statuses: list[int],
           errors: list[BaseException], cpu: dict[str, float]) -> str:
    every = [t for page in PAGES for t in timings.get(page, [])]
    static_p95 = max(percentile(static, 0.95), 1e-9)
    ratios = {page: percentile(timings[page], 0.95) / static_p95
              for page in PAGES if timings.get(page)}
    rows = [f"| {page} (open and send) | {len(timings.get(page, []))} | "
            f"{ms(statistics.median(timings[page]))} | {ms(percentile(timings[page], 0.95))} | "
            f"{ratios[page]:.1f}× |" for page in PAGES if timings.get(page)]
    rows.append(f"| every page | {len(every)} | {ms(statistics.median(every))} | "
                f"{ms(percentile(every, 0.95))} | "
                f"{percentile(every, 0.95) / static_p95:.1f}× |")
    when = "at the same time as the pages" if args.think else "after the pages"
    rows.append(f"| static file of {size:,} bytes (a page of the median page's size), same "
                f"server, {args.practitioners} clients, {when} | {len(static)} | "
                f"{ms(statistics.median(static))} | {ms(percentile(static, 0.95))} | 1.0× |")
    rows.append(f"| offline API: one POST /api/v1/screenings per screening | {len(sent)} | "
                f"{ms(statistics.median(sent))} | {ms(percentile(sent, 0.95))} | |")
    per_second = completed / pages_took
    api_per_second = len(sent) / api_took
    worst = max(ratios.values()) if ratios else 0.0
    server_errors = sum(1 for s in statuses if s >= 500)
    cores = os.cpu_count() or 1
    server_ms = cpu["server"] * 1000 / max(completed, 1)
    clients_ms = cpu["clients"] * 1000 / max(completed, 1)
    think = (f" --think {args.think:g}" + (" --pace screenings" if args.pace == "screenings"
                                            else "")) if args.think else ""
    requests = 2 * len(PAGES) - 1
    return (
        f"Command: `.venv/bin/python benchmarks/page_latency.py --practitioners "
        f"{args.practitioners} --seconds {args.seconds:g}{think}` (gunicorn, 3 sync workers, "
        f"127.0.0.1; the clients are threads in one process on the same 2 cores; pages and the "
        f"static file both asked for with `Accept-Encoding: gzip`)\n\n"
        "| request | count | p50 ms | p95 ms | p95 ÷ static p95 |\n"
        "| --- | --- | --- | --- | --- |\n" + "\n".join(rows)
        + "\n\n"
        f"- Completed screenings through the pages: {completed} in {pages_took:.1f} s = "
        f"**{per_second:.1f} per second** ({requests} requests each); requests per second "
        f"{len(every) / pages_took:.0f}, against {len(static) / static_took:.0f} for the static "
        f"file.\n"
        f"- CPU per completed screening through the pages: server {server_ms:.1f} ms (gunicorn "
        f"master and workers, from /proc"
        + ("; the static file's requests, served alongside, included" if args.think else "")
        + f"), load generator {clients_ms:.1f} ms; both share "
        f"{cores} cores. The server with the {cores} cores to itself could complete about "
        f"{cores * 1000 / max(server_ms, 1e-9):.0f} per second.\n"
        f"- Completed screenings through the offline API: {len(sent)} in {api_took:.1f} s = "
        f"**{api_per_second:.1f} per second**.\n"
        f"- Server errors: {server_errors}. Client errors: {len(errors)}"
        + (f" (first: {errors[0]!r})" if errors else "") + ".\n"
        f"- Target: every page's p95 at most {TARGET_RATIO:g}× the static file's p95 — "
        f"{'met' if worst <= TARGET_RATIO else 'NOT met'} (worst {worst:.1f}×)"
        + ("" if args.think and args.pace == "pages"
           else "; the target is for `--think 5`, 5 s between pages") + ".")


if __name__ == "__main__":
    main()
