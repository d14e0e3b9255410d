"""Static files fingerprinted and kept by browsers, and every text response compressed.

`url_for('static', filename=...)` adds `?v=<hash of the file>`: a changed file gets a new
address, so a browser may keep each one for a year without asking again (`immutable`); a
request without the current hash is answered as before (`no-cache`, revalidated). HTML, CSS,
JavaScript and JSON are compressed by Flask-Compress: brotli at quality 5 when the browser
takes it (every current one does), else zstd or gzip; pages stay `no-store` (security.py).
Brotli 5 sends a question page about a tenth smaller than zstd's default level 3 (the routine
enquiry's one page of 26 questions: 10,601 bytes against 11,727, all it loads 28,626 against
31,842; benchmarks/results.md), for under a millisecond more of the server's time on the
largest page; quality 4 saves less than half as much, and leaves that page over 30,000.

BREACH: a compressed page that holds a secret (the form's CSRF token, answers) beside text an
attacker chose (a reflected query value) leaks the secret through its length, to someone who
sees the encrypted traffic and can make the practitioner's browser ask for the page many times.
Those requests come from another site, and the browser says so (`Sec-Fetch-Site: cross-site`),
so only the tool's own pages and a typed address or bookmark (`same-origin`, `none`) get a
compressed page or API answer; a request from elsewhere, or from a browser that does not say
where it comes from, gets it uncompressed. Static files hold no secret and are always compressed.
"""

from __future__ import annotations

import hashlib
import urllib.parse
from typing import Any

from flask import Flask, Response, current_app, request, url_for
from flask_compress import Compress

from screening.web import STATIC_FOLDER

HASHES_KEY = "screening.static_hashes"
URLS_KEY = "screening.fixed_urls"
IMMUTABLE = "public, max-age=31536000, immutable"
NOT_DOCUMENTS = {"text/css", "text/javascript", "application/javascript", "image/png",
                 "application/manifest+json"}
DOCUMENT_ONLY = ("Content-Security-Policy", "Cross-Origin-Opener-Policy", "Permissions-Policy",
                 "X-Frame-Options", "Content-Disposition", "ETag", "Last-Modified")
compress = Compress()
# Where a request may come from to be answered compressed (see BREACH above).
COMPRESSED_FROM = frozenset({"same-origin", "none"})


def file_hash(app: Flask, filename: str) -> str | None:
    """The first 12 hex digits of the file's SHA-256, read once per process; None if absent."""
    hashes: dict[str, str | None] = app.extensions.setdefault(HASHES_KEY, {})
    if filename not in hashes:
        path = (STATIC_FOLDER / filename).resolve()
        inside = path.is_relative_to(STATIC_FOLDER.resolve()) and path.is_file()
        hashes[filename] = hashlib.sha256(path.read_bytes()).hexdigest()[:12] if inside else None
    return hashes[filename]


def add_fingerprint(endpoint: str, values: dict[str, Any]) -> None:
    if endpoint == "static" and "filename" in values and "v" not in values:
        found = file_hash(current_app, str(values["filename"]))
        if found:
            values["v"] = found


def page_url_for(endpoint: str, **values: Any) -> str:
    """`url_for` in templates. An address with no values, or a static file's, is the same on
    every page (its fingerprint too: read once per process), and a page asks for about twenty
    of them (styles, scripts, the menu, the offline app's): each is built once per app and
    script root. Any other is built as Flask builds it, every time."""
    fixed = not values or (endpoint == "static" and values.keys() == {"filename"})
    if not fixed or endpoint.startswith("."):
        return url_for(endpoint, **values)
    built: dict[tuple[str, str, object], str] = current_app.extensions[URLS_KEY]
    key = (request.script_root, endpoint, values.get("filename"))
    found = built.get(key)
    if found is None:
        found = built[key] = url_for(endpoint, **values)
    return found


def cache_fingerprinted(response: Response) -> Response:
    if request.endpoint == "static" and response.status_code in (200, 304):
        filename = (request.view_args or {}).get("filename", "")
        wanted = request.args.get("v")
        if wanted and wanted == file_hash(current_app, str(filename)):
            response.headers["Cache-Control"] = IMMUTABLE
            if response.mimetype in NOT_DOCUMENTS:
                # Headers that govern a document, not a style or script it loads: a tenth of
                # each file's weight. Never asked again, so nothing to revalidate with either.
                for name in DOCUMENT_ONLY:
                    response.headers.pop(name, None)
    return response


def whole_static_file(response: Response) -> Response:
    """A static file read into memory before it is compressed: compressing it as a stream left
    the file open when a browser stopped reading half way. The files are small."""
    if request.endpoint == "static" and response.direct_passthrough:
        response.direct_passthrough = False
        response.make_sequence()
    return response


def compress_when_safe(response: Response) -> Response:
    """Flask-Compress for static files, and for pages and data the tool itself asked for; the
    answer varies with where the request came from, so caches keep the two apart."""
    if request.endpoint == "static":
        return compress.after_request(response)
    response.vary.add("Sec-Fetch-Site")
    if request.headers.get("Sec-Fetch-Site", "") in COMPRESSED_FROM:
        return compress.after_request(response)
    response.vary.add("Accept-Encoding")
    return response


def favicon_data() -> str:
    """The icon in the page itself (a data: address, 300 bytes): one request fewer a page."""
    svg = (STATIC_FOLDER / "img" / "favicon.svg").read_text(encoding="utf-8").strip()
    return "data:image/svg+xml," + urllib.parse.quote(svg, safe=" =")


def init_app(app: Flask) -> None:
    app.jinja_env.globals["favicon_data"] = favicon_data()
    app.extensions[URLS_KEY] = {}
    app.jinja_env.globals["url_for"] = page_url_for
    app.config.setdefault("COMPRESS_MIMETYPES", [
        "text/html", "text/css", "text/javascript", "application/javascript",
        "application/json", "application/manifest+json", "image/svg+xml", "text/plain"])
    # Compression runs from compress_when_safe rather than on every response (BREACH).
    app.config["COMPRESS_REGISTER"] = False
    app.config.setdefault("COMPRESS_ALGORITHM", ["br", "zstd", "gzip", "deflate"])
    app.config.setdefault("COMPRESS_BR_LEVEL", 5)
    app.url_defaults(add_fingerprint)
    app.after_request(cache_fingerprinted)
    compress.init_app(app)
    app.after_request(compress_when_safe)
    app.after_request(whole_static_file)  # registered last: runs before compression
