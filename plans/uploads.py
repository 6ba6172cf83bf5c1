"""An uploaded plan sheet kept between its preview and the confirmation. The bytes wait in a private temporary
file named by a random token; the token, the file's SHA-256, its name and the options live in the signed-in
user's server-side session, so a request can name neither a path nor another person's upload, and a file
changed on disk is refused. Files older than IMPORT_PENDING_HOURS are removed at the next upload."""

import hashlib
import os
import secrets
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path

from django.conf import settings

SESSION_KEY = "plan_sheet"


@dataclass(frozen=True)
class Pending:
    data: bytes
    digest: str
    file_name: str
    options: dict


def _directory() -> Path:
    directory = Path(tempfile.gettempdir()) / "jiangyin-plan-sheets"
    directory.mkdir(mode=0o700, exist_ok=True)
    return directory


def _path(token: str) -> Path | None:
    return _directory() / f"{token}.xlsx" if token.isalnum() and token.isascii() else None


def pending_put(session, *, data: bytes, file_name: str, options: dict) -> str:
    """Keep an upload for this session (replacing its previous one); returns the file's digest."""
    pending_drop(session)
    expired = time.time() - settings.IMPORT_PENDING_HOURS * 3600
    for old in _directory().glob("*.xlsx"):
        if old.stat().st_mtime < expired:
            old.unlink(missing_ok=True)
    token = secrets.token_hex(16)
    descriptor = os.open(_path(token), os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    with os.fdopen(descriptor, "wb") as file:
        file.write(data)
    digest = hashlib.sha256(data).hexdigest()
    session[SESSION_KEY] = {"token": token, "digest": digest, "file_name": file_name, "options": options}
    return digest


def pending_get(session) -> Pending | None:
    """This session's upload, if it is still there, unchanged and not expired."""
    kept = session.get(SESSION_KEY)
    path = _path(str(kept.get("token", ""))) if isinstance(kept, dict) else None
    try:
        if path is None or path.stat().st_mtime < time.time() - settings.IMPORT_PENDING_HOURS * 3600:
            return None
        data = path.read_bytes()
    except OSError:
        return None
    if hashlib.sha256(data).hexdigest() != kept.get("digest"):
        return None
    return Pending(data, kept["digest"], kept["file_name"], kept["options"])


def pending_options(session, options: dict) -> None:
    """Replace the options kept with this session's upload (the rules chosen in its preview)."""
    kept = session.get(SESSION_KEY)
    if isinstance(kept, dict):
        session[SESSION_KEY] = {**kept, "options": options}


def pending_drop(session) -> None:
    kept = session.pop(SESSION_KEY, None)
    path = _path(str(kept.get("token", ""))) if isinstance(kept, dict) else None
    if path is not None:
        path.unlink(missing_ok=True)
