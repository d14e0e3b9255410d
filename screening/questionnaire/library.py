"""The question sets and the services directory of a folder, loaded in stages and checked."""

from __future__ import annotations

import hashlib
import json
import re
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from screening.questionnaire.errors import Collector, Problem, QuestionSetError
from screening.questionnaire.golden import check_golden_cases
from screening.questionnaire.meaning import Meaning
from screening.questionnaire.model import (
    Band,
    GoldenCase,
    Option,
    PathwayRule,
    Question,
    QuestionSet,
    RaiseRule,
    SafetyFlagRule,
    Section,
)
from screening.questionnaire.structure import check_structure
from screening.wording import N_

FILE_NAME = re.compile(r"^v([1-9][0-9]*)\.json$")
LOCK_NAME = "published.lock"
SERVICES_NAME = "services.json"
# With abuse these are unsafe: a directory that offers them is refused.
UNSAFE_SERVICES = ("couple", "mediation", "joint")


@dataclass(frozen=True)
class Service:
    id: str
    kind: str
    name: Mapping[str, str]
    description: Mapping[str, str]
    contact: str
    audience: str
    basis: str


@dataclass(frozen=True)
class Library:
    """Every question set version and the services directory, ready to use."""

    question_sets: tuple[QuestionSet, ...]
    services: Mapping[str, Service]

    def get(self, question_set_id: str, version: int | None = None) -> QuestionSet:
        """That version, or the latest published one; KeyError when there is none."""
        found = [qs for qs in self.question_sets if qs.id == question_set_id and (
            qs.version == version if version is not None else qs.status == "published")]
        if not found:
            raise KeyError(f"{question_set_id}@{version}" if version else question_set_id)
        return max(found, key=lambda qs: qs.version)

    def parse_key(self, key: str) -> QuestionSet:
        """`ID` or `ID@VERSION` as typed on the command line."""
        name, _, version = key.partition("@")
        if version and not version.isdigit():
            raise KeyError(key)
        return self.get(name, int(version) if version else None)

    @property
    def basis_of(self) -> dict[str, str]:
        """Each service's basis for a referral, from the services directory."""
        return {service_id: service.basis for service_id, service in self.services.items()}

    def published(self) -> list[QuestionSet]:
        """The latest published version of each set, for starting new screenings."""
        ids = sorted({qs.id for qs in self.question_sets if qs.status == "published"})
        return [self.get(i) for i in ids]


def read_lock(folder: Path) -> dict[str, str]:
    """`published.lock`: relative file name to SHA-256."""
    path = folder / LOCK_NAME
    if not path.exists():
        return {}
    entries: dict[str, str] = {}
    for line in path.read_text(encoding="utf-8").splitlines():
        if line.strip() and not line.startswith("#"):
            digest, _, name = line.partition("  ")
            entries[name.strip()] = digest.strip()
    return entries


def write_lock(folder: Path, entries: Mapping[str, str]) -> None:
    lines = ["# SHA-256 of every published question-set file. Published files never change:",
             "# make a new version instead. Written by `screening questionnaires publish`."]
    lines += [f"{digest}  {name}" for name, digest in sorted(entries.items())]
    (folder / LOCK_NAME).write_text("\n".join(lines) + "\n", encoding="utf-8")


def _read_json(path: Path, out: Collector) -> Any:
    try:
        return json.loads(path.read_text(encoding="utf-8"))
    except UnicodeDecodeError:
        out.add("", N_("is not UTF-8 text"), N_("save the file as UTF-8"))
    except json.JSONDecodeError as error:
        out.add(f"line {error.lineno} column {error.colno}", N_("is not valid JSON (%(error)s)"),
                N_("correct the JSON there (a missing comma or quote is the usual cause)"),
                error=error.msg)
    return None


def load_services(folder: Path, problems: list[Problem]) -> dict[str, Service]:
    out = Collector(SERVICES_NAME)
    data = _read_json(folder / SERVICES_NAME, out) if (folder / SERVICES_NAME).exists() else None
    if data is None and not out.problems:
        out.add("", N_("is missing"), N_("add the services directory (see "
                                        "questionnaires/FORMAT.md)"))
    services: dict[str, Service] = {}
    if data is not None and not check_structure(data, out, "services_file"):
        # The library will not load, but the question sets are still checked against the
        # services that do have an id, so an author is not told a named service is missing.
        data = {"services": [item for item in data.get("services", []) if isinstance(
            item, dict) and isinstance(item.get("id"), str)] if isinstance(data, dict) else []}
    for i, item in enumerate((data or {}).get("services", [])):
        service = Service(item["id"], item.get("kind", ""), item.get("name", {}),
                          item.get("description", {}), item.get("contact", ""),
                          item.get("audience", "both"),
                          item.get("basis", ""))
        if any(word in f"{service.id} {service.kind}" for word in UNSAFE_SERVICES):
            out.add(f"services[{i}]", N_("%(service)s is couples work, mediation or a joint "
                                         "session, which is unsafe where there is abuse"),
                    N_("remove this service"), service=repr(service.id))
        services[service.id] = service
    problems.extend(out.problems)
    return services


def _build(data: Mapping[str, Any], digest: str, source: str,
           basis: Mapping[str, str]) -> QuestionSet:
    sections = tuple(Section(s["id"], s["title"], tuple(
        Question(q["id"], q["type"], q["text"], q["how_to_ask"], q["why_we_ask"],
                 q.get("required", False), q.get("show_if"),
                 tuple(Option(o["id"], o["label"]) for o in q.get("options", [])),
                 q.get("min"), q.get("max"), q.get("max_length"), q.get("asked", "client"))
        for q in s["questions"])) for s in data["sections"])
    return QuestionSet(
        data["id"], data["version"], data["status"], data["title"], data["opening_statement"],
        data["asked_of"], tuple(data["settings"]), tuple(data["languages"]),
        tuple(data["guidance_languages"]), tuple(data.get("unreviewed_languages", [])),
        data.get("parameters", {}), sections, tuple(data["scoring"]["points"]),
        tuple(Band(b["id"], b["min"], b["max"], b["risk_level"], b["label"])
              for b in data["bands"]),
        tuple(RaiseRule(r["id"], r["when"], r["to"], r["reason"])
              for r in data.get("raise_rules", [])),
        tuple(SafetyFlagRule(f["id"], f["severity"], f["when"], f["label"], f["action"],
                             f["audience"]) for f in data.get("safety_flags", [])),
        tuple(PathwayRule(p["id"], p["when"], p["service"], p["role"], p["reason"],
                          p.get("hold_for_review", False))
              for p in data.get("pathway_rules", [])),
        tuple(GoldenCase(g["name"], g["answers"], g["expect"], g.get("judgement"),
                         g.get("parameters", {})) for g in data["golden_cases"]),
        digest, source, data,
        {p["service"]: basis[p["service"]] for p in data.get("pathway_rules", [])})


def load_file(path: Path, folder: Path, services: Mapping[str, str],
              ) -> tuple[QuestionSet | None, list[Problem]]:
    """Read, check the structure, check the meaning; the set, or None and the problems."""
    name = path.relative_to(folder).as_posix()
    out = Collector(f"questionnaires/{name}")
    raw = path.read_bytes()
    data = _read_json(path, out)
    if data is None or not check_structure(data, out):
        return None, out.problems
    match = FILE_NAME.match(path.name)
    if data["id"] != path.parent.name:
        out.add("id", N_("%(id)s differs from the folder %(folder)s"),
                N_("make id %(folder)s or move the file"), id=repr(data["id"]),
                folder=repr(path.parent.name))
    if match is None or data["version"] != int(match.group(1)):
        out.add("version", N_("%(version)s differs from the file name %(name)s"),
                N_("name the file v%(version)s.json"), version=data["version"],
                name=repr(path.name))
    Meaning(data, set(services), out).run()
    if out.problems:
        return None, out.problems
    question_set = _build(data, hashlib.sha256(raw).hexdigest(), name, services)
    check_golden_cases(question_set, out)
    return (None if out.problems else question_set), out.problems


def check_folder(folder: Path) -> tuple[list[QuestionSet], dict[str, Service], list[Problem]]:
    """Every file of the folder, the lock and the services: what loaded and every problem."""
    problems: list[Problem] = []
    services = load_services(folder, problems)
    question_sets: list[QuestionSet] = []
    files = sorted(folder.glob("*/*.json"))
    for path in files:
        question_set, found = load_file(path, folder,
                                        {sid: s.basis for sid, s in services.items()})
        problems.extend(found)
        if question_set is not None:
            question_sets.append(question_set)
    problems.extend(check_lock(folder, question_sets))
    problems.extend(check_service_languages(question_sets, services))
    return question_sets, services, problems


def check_service_languages(question_sets: list[QuestionSet], services: Mapping[str, Service]
                            ) -> list[Problem]:
    """A service a set names is shown in every language the set writes its guidance in: its
    name and description are practitioner-facing text too."""
    out = Collector(SERVICES_NAME)
    order = list(services)
    missing: dict[tuple[int, str, str], str] = {}  # (place, part, language) -> a set needing it
    for qs in question_sets:
        for service_id in {rule.service for rule in qs.pathway_rules} & set(services):
            service = services[service_id]
            # A text that is missing altogether is the structure's problem, said there; one
            # that is given is given in every language.
            parts = (("name", service.name), ("description", service.description))
            for part, texts in (part for part in parts if part[1]):
                for lang in qs.guidance_languages:
                    if not texts.get(lang):
                        missing.setdefault((order.index(service_id), part, lang), qs.key)
    for (place, part, lang), key in sorted(missing.items()):
        out.add(f"services[{place}].{part}",
                N_("has no %(lang)s text, and %(key)s lists %(lang)s in guidance_languages"),
                N_('add "%(lang)s", or take it out of the set\'s guidance_languages'),
                lang=lang, key=key)
    return out.problems


def check_lock(folder: Path, question_sets: list[QuestionSet]) -> list[Problem]:
    """Published files match their recorded hash; every published file is recorded."""
    lock = read_lock(folder)
    out = Collector(f"questionnaires/{LOCK_NAME}")
    loaded = {qs.source: qs for qs in question_sets}
    for qs in question_sets:
        if qs.status != "published":
            continue
        recorded = lock.get(qs.source)
        if recorded is None:
            out.add(qs.source, N_("is published but not in the lock"),
                    N_("run `screening questionnaires publish %(key)s`"), key=qs.key)
        elif recorded != qs.content_hash:
            out.add(qs.source, N_("has changed since it was published; a published version "
                                  "never changes"),
                    N_("undo the edit (git checkout questionnaires/%(source)s) and make the "
                       "change in v%(next)s.json as a draft"), source=qs.source,
                    next=qs.version + 1)
    for name in lock:
        if not (folder / name).exists():
            out.add(name, N_("is in the lock but the file is gone"),
                    N_("restore the file: screenings made with it still refer to it"))
        elif name in loaded and loaded[name].status != "published":
            out.add(name, N_("is in the lock but no longer says published"),
                    N_('set "status" back to "published" and make changes in a new version'))
    return out.problems


def load_library(folder: Path) -> Library:
    """The library, or QuestionSetError listing every problem (the tool refuses to start)."""
    question_sets, services, problems = check_folder(folder)
    if problems:
        raise QuestionSetError(problems)
    return Library(tuple(question_sets), services)
