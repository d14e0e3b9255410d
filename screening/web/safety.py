"""Small guards the views share: safe redirects and pages that must never be cached."""

from __future__ import annotations

from urllib.parse import urlsplit


def has_control_characters(text: str) -> bool:
    """CR, LF, tab, NUL and the like: never part of an address, and in a Location header they
    would start a header of their own."""
    return any(ord(c) < 32 or ord(c) == 127 for c in text)


def safe_next(target: str | None, default: str = "/") -> str:
    """A redirect target on this site only: a path, never another host."""
    if not target or not target.startswith("/") or target.startswith("//") or "\\" in target:
        return default
    if has_control_characters(target):
        return default
    parts = urlsplit(target)
    if parts.scheme or parts.netloc:
        return default
    return target
