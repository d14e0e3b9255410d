"""Every setting the tool reads, declared once: name, default and help.

Settings come from environment variables named ``SCREENING_<NAME>``. The README lists them and
a test keeps that list in step with this one.
"""

from __future__ import annotations

import os
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from pathlib import Path

from screening.wording import N_

PREFIX = "SCREENING_"
PROJECT_ROOT = Path(__file__).resolve().parent.parent
_TRUE, _FALSE = ("1", "true", "yes", "on"), ("0", "false", "no", "off", "")


def flag(raw: str) -> bool:
    """A yes/no setting: 1, true, yes or on; 0, false, no, off or empty."""
    if raw.strip().lower() in _TRUE:
        return True
    if raw.strip().lower() in _FALSE:
        return False
    raise ValueError(raw)


def port(raw: str) -> int:
    """A TCP port: a whole number from 1 to 65535."""
    value = int(raw)
    if not 1 <= value <= 65535:
        raise ValueError(raw)
    return value


def seconds(raw: str) -> float:
    """A wait in seconds: a number, 0 or more (0.5 is half a second)."""
    value = float(raw)
    if not 0 <= value < 86400:
        raise ValueError(raw)
    return value


def whole(raw: str) -> int:
    """A whole number."""
    return int(raw)


# What each kind of setting allows, said to whoever set it wrong (templates for the catalogs).
ALLOWED: dict[Callable[[str], object], str] = {
    whole: N_("a whole number, such as 10"),
    flag: N_("true or false (also yes or no, on or off, 1 or 0)"),
    port: N_("a whole number from 1 to 65535"),
    seconds: N_("a number of seconds from 0, such as 10 or 0.5"),
}


@dataclass(frozen=True)
class Setting:
    name: str
    default: str | None
    help: str
    kind: Callable[[str], object] = str

    @property
    def env_name(self) -> str:
        return PREFIX + self.name


SETTINGS: tuple[Setting, ...] = (
    Setting("INSTANCE_PATH", str(PROJECT_ROOT / "instance"),
            "Folder for the database, the generated secret key and other local state."),
    Setting("DATABASE", None,
            "Path of the SQLite database file. Default: screening.db in the instance folder."),
    Setting("SECRET_KEY", None,
            "Key that signs sessions and forms. When unset, one is generated once and kept in "
            "the instance folder (secret_key, mode 600); never commit it."),
    Setting("QUESTIONNAIRES", str(PROJECT_ROOT / "questionnaires"),
            "Folder of question sets, the services directory and published.lock."),
    Setting("ESCALATION_THRESHOLD", "3",
            "Incidents in the past 12 months that count as potential escalation on the DASH-style "
            "checklist and call for MARAC (some areas use a different figure).", whole),
    Setting("SUPPRESS_BELOW", "8",
            "Anonymised counts: cells from 1 up to one less than this are shown as '*'.", whole),
    Setting("ROUND_TO", "5",
            "Anonymised counts: other cells are rounded to the nearest multiple of this.", whole),
    Setting("DATA_KEY", None,
            "Key (32 bytes, base64) that encrypts answers, free text and handovers at rest. When "
            "unset, one is generated once and kept in the instance folder (data_key, mode 600), "
            "never in the database; keep a copy apart from database backups."),
    Setting("DB_KEY", None,
            "Key (32 bytes, base64) that encrypts the whole database file, its WAL and every "
            "backup (SQLCipher). When unset, one is generated once and kept in the instance "
            "folder (db_key, mode 600), never in the database; keep a copy apart from database "
            "backups: without it no backup opens."),
    Setting("RETAIN_COMPLETED_DAYS", "730",
            "Days a completed screening keeps its answers. The handover and the case-record note "
            "carry what services need; after two years (long enough to follow up a referral and "
            "report year on year) `screening purge` wipes answers, references and free text and "
            "keeps only the non-identifying columns that counts use.", whole),
    Setting("RETAIN_DRAFT_DAYS", "30",
            "Days an abandoned draft is kept before `screening purge` deletes it: long enough to "
            "resume after a missed appointment, short enough not to hoard unfinished disclosures.",
            whole),
    Setting("IDLE_TIMEOUT_MINUTES", "15",
            "Minutes without a page opened or a form sent before a session ends (a warning comes "
            "2 minutes before): a screen left open in a shared consulting room shows no one's "
            "answers for long. Signing in again returns to the same page; saved answers are kept.",
            whole),
    Setting("ABSOLUTE_TIMEOUT_HOURS", "10",
            "Hours after signing in when a session ends however active it is: a working day, so "
            "a stolen or forgotten session cookie stops working by the next one.", whole),
    Setting("SIGNIN_MAX_FAILURES", "10",
            "Failed sign-ins for one user name within SIGNIN_LOCKOUT_MINUTES before that name is "
            "locked out for SIGNIN_LOCKOUT_MINUTES (NCSC: about 10 tries; guessing stays "
            "impractical, mistyping does not lock people out).", whole),
    Setting("SIGNIN_MAX_FAILURES_PER_ADDRESS", "30",
            "Failed sign-ins from one network address within SIGNIN_LOCKOUT_MINUTES before that "
            "address is locked out, whatever names it tries (a practice's staff may share one "
            "address, so this is higher than the per-name limit).", whole),
    Setting("SIGNIN_LOCKOUT_MINUTES", "15",
            "Minutes a locked-out user name or address must wait; also the window failures are "
            "counted in. An administrator who resets the password lifts a name's lock-out.", whole),
    Setting("ANSWER_WITHIN_WORKING_DAYS", "5",
            "Working days (Monday to Friday) a receiving service has to answer a referral sent "
            "to its inbox in the tool; after that the inbox shows it as overdue.", whole),
    Setting("SECURE_COOKIES", "false",
            "Mark the session cookie Secure on every response, for a tool behind a proxy that "
            "ends HTTPS. Requests that arrive over HTTPS get Secure cookies either way.", flag),
    Setting("TRUSTED_PROXIES", "0",
            "How many proxies in front of the tool (nginx, a load balancer) to believe about the "
            "client's address and HTTPS (X-Forwarded-For and X-Forwarded-Proto). 0 believes "
            "none. Behind one proxy set 1: otherwise every sign-in seems to come from the proxy, "
            "and 30 failures anywhere would lock everyone out.", whole),
    Setting("WRITE_WAIT_SECONDS", "10",
            "Seconds a change waits for the writers' lock (<database>-writers.lock) before the "
            "tool answers 503 Service Unavailable with Retry-After, instead of every writer "
            "stalling behind one that is stuck.", seconds),
    Setting("OIDC_ISSUER", None,
            "Address of the organisation's OpenID Connect provider (its discovery document is at "
            "/.well-known/openid-configuration under it), for example "
            "https://login.microsoftonline.com/TENANT-ID/v2.0. When unset, only local passwords "
            "sign in."),
    Setting("OIDC_CLIENT_ID", None,
            "The client (application) id the provider gave this tool when it was registered."),
    Setting("OIDC_CLIENT_SECRET", None,
            "The client secret the provider gave this tool. Set it in the environment only; never "
            "in a file that is committed or backed up with the database."),
    Setting("OIDC_ALLOWED_DOMAINS", "",
            "E-mail domains whose organisation accounts may sign in, separated by commas (for "
            "example nhs.net,southampton.gov.uk). Empty accepts any domain; the address must "
            "still belong to a user an administrator added."),
    Setting("OIDC_BUTTON", None,
            "Wording of the organisation sign-in button, for example 'Sign in with NHSmail'. "
            "Default: 'Sign in with your organisation account', in the page's language."),
    Setting("HOST", "127.0.0.1", "Address `make run` serves on."),
    Setting("PORT", "5000", "Port `make run` serves on.", port),
)

BY_NAME = {setting.name: setting for setting in SETTINGS}


class SettingError(ValueError):
    """A setting has a value the tool cannot use: which one, the value, and what it allows."""

    def __init__(self, setting: Setting, raw: str) -> None:
        self.setting, self.raw = setting, raw
        self.allowed = ALLOWED.get(setting.kind, N_("another value"))
        super().__init__(f"{setting.env_name}={raw!r} cannot be used: give {self.allowed}. "
                         f"{setting.env_name}: {setting.help}")


def read(name: str, environ: Mapping[str, str] | None = None) -> object:
    """The value of one setting, from the environment or its default, converted to its kind."""
    setting = BY_NAME[name]
    env = os.environ if environ is None else environ
    raw = env.get(setting.env_name, setting.default)
    if raw is None or setting.kind is str:
        return raw
    try:
        return setting.kind(raw)
    except ValueError:
        raise SettingError(setting, raw) from None


def domains(raw: str | None) -> tuple[str, ...]:
    """E-mail domains from a comma-separated list, lower case, without '@' or spaces."""
    return tuple(part.strip().lstrip("@").lower() for part in (raw or "").split(",")
                 if part.strip())


def database_path(environ: Mapping[str, str] | None = None) -> Path:
    """The SQLite file: SCREENING_DATABASE, else screening.db in the instance folder."""
    configured = read("DATABASE", environ)
    if configured:
        return Path(str(configured))
    return Path(str(read("INSTANCE_PATH", environ))) / "screening.db"


def read_all(environ: Mapping[str, str] | None = None) -> dict[str, object]:
    """Every setting's value, keyed by its short name."""
    return {setting.name: read(setting.name, environ) for setting in SETTINGS}
