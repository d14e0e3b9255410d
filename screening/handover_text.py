"""Plain-text forms of a handover and of the case-record note, ready to paste."""

from __future__ import annotations

from typing import TYPE_CHECKING

from screening.handover_parts import CaseNote, FlagNote, PartnerSafety, ReasonNote

if TYPE_CHECKING:
    from screening.handover import Handover

RULE = "-" * 60
LANGUAGE_NAMES = {"en": "English", "cy": "Welsh", "pl": "Polish", "ar": "Arabic"}
PARTNER_CONTACT = ("add a partner's name and a safe way to contact them in the secure e-mail only "
                   "if you already hold them safely; this tool does not keep them.")
CONTACT = ("add name, date of birth and a safe way to make contact in the secure e-mail; "
           "this tool does not keep them.")


def _reasons(reasons: tuple[ReasonNote, ...]) -> list[str]:
    lines = []
    for reason in reasons:
        lines.append(f"- {reason.text}")
        lines += [f"    {a.question} {a.answer}" for a in reason.answers]
    return lines


def _flags(flags: tuple[FlagNote, ...]) -> list[str]:
    return [f"- [{f.severity.upper()}] {f.action} ({f.label})" if f.action
            else f"- [{f.severity.upper()}] {f.label}" for f in flags]


def _language(code: str, reviewed: bool) -> str:
    name = LANGUAGE_NAMES.get(code, code)
    return name if reviewed else f"{name} (translation not yet reviewed by a fluent speaker)"


def _partner_part(part: PartnerSafety) -> list[str]:
    lines = ["", "=" * 60, f"PARTNER SAFETY: FOR {part.addressed_to.upper()} ONLY",
             "Do not pass this part to the person referred or to any service working with them.",
             "=" * 60, f"Partner's details: {PARTNER_CONTACT}"]
    if part.risk_level:
        lines += ["", f"Risk level: {part.risk_level.upper()}", "Why:", *_reasons(part.reasons)]
    if part.notes:
        lines += ["", "Practitioner's notes:"]
        lines += [f"- {n.question} {n.answer}" for n in part.notes]
    if part.flags:
        lines += ["", "Safety flags (action first):", *_flags(part.flags)]
    if part.services:
        lines += ["", "Partner and safeguarding referrals:"]
        lines += [f"- {s.name}: {s.reason} Contact: {s.contact}" for s in part.services]
    return lines


def handover_text(handover: Handover) -> str:
    """The handover as plain text: the referral part, then any partner-safety part."""
    h = handover
    lines = [f"REFERRAL HANDOVER TO {h.recipient.name.upper()}", RULE,
             f"Reference: {h.reference} (screening {h.screening_id})"]
    if h.local_record_number:
        lines.append(f"Referrer's local record number: {h.local_record_number}")
    lines += [f"Date of screening: {h.date}",
              f"Referred by: {h.practitioner}, {h.team} ({h.setting})",
              f"Question set: {h.question_set_title} ({h.question_set} version {h.version})",
              f"Questions asked in: {_language(h.client_language, h.translation_reviewed)}",
              f"Person's details: {CONTACT}", "", "Basis of this referral", f"- {h.consent}"]
    if h.consent_reason:
        lines.append(f"- Reason recorded: {h.consent_reason}")
    if h.risk_level:
        lines += ["", f"{h.level_label}: {h.risk_level.upper()}", "Why:", *_reasons(h.reasons)]
    lines += ["", f"Why this service: {h.recipient.reason}", f"Contact: {h.recipient.contact}"]
    if h.pathway and h.pathway.id != h.recipient.id:
        lines += ["", f"Recommended pathway: {h.pathway.name}: {h.pathway.reason}"]
    if h.other_actions:
        lines += ["", "Other actions:"]
        lines += [f"- {s.name}: {s.reason}" for s in h.other_actions]
    if h.safety_flags:
        lines += ["", "Safety flags (action first):", *_flags(h.safety_flags)]
    if h.actions_taken:
        lines += ["", "Actions taken:", *[f"- {a}" for a in h.actions_taken]]
    if h.partner_safety:
        lines += _partner_part(h.partner_safety)
    return "\n".join(lines) + "\n"


def case_note_text(note: CaseNote, hide_line: str) -> str:
    """The note for the person's own record: a line to hide it from online access first, then
    the screening, the person's own answers and the voluntary referrals; nothing else."""
    what = ("Risk identification checklist completed with a partner or ex-partner"
            if note.asked_of_partner else "Routine enquiry about relationships completed")
    lines = [hide_line, "",
             f"{what}: {note.question_set_title} ({note.question_set} v{note.version}).",
             f"Date: {note.date}. By: {note.practitioner}, {note.team} ({note.setting}).",
             f"Screening reference: {note.reference} (screening {note.screening_id})."]
    if note.local_record_number:
        lines.append(f"Local record number: {note.local_record_number}.")
    if note.asked_of_partner:
        lines.append("Details are with the victim safety service. Keep this note out of the "
                     "record of the person causing harm.")
        return "\n".join(lines) + "\n"
    if note.answers:
        lines += ["", "The person's answers:"]
        lines += [f"- {a.question} {a.answer}" for a in note.answers]
    if note.voluntary_referrals:
        lines += ["", "Support offered to the person:"]
        lines += [f"- {r}" for r in note.voluntary_referrals]
    return "\n".join(lines) + "\n"
