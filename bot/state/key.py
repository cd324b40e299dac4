"""The store's secret key, kept outside the database so that a copied database identifies no one.

Chat and user ids reach the database only as HMAC-SHA256 keyed with this key, and updates waiting to be
answered only sealed with a key derived from it (bot/state/sql.py). Where it comes from, first found:

1. TRACUU_STATE_KEY (at least MIN_KEY_CHARS characters): what replicas on several hosts must share;
2. the file `state.key` in the state folder, mode 0600, made on first start (O_EXCL, so two processes
   starting together end with one key).

Before this file existed the key (then called the salt) sat in the database's `meta` table. A store opened
on such a database moves it out: into `state.key` when no TRACUU_STATE_KEY is set, so every stored hash
keeps working; when TRACUU_STATE_KEY is set, that key is used and the old one is only deleted. Either way
the database no longer holds it.
"""

from __future__ import annotations

import base64
import hashlib
import hmac
import os
import secrets
import stat
from pathlib import Path

from bot.state.migrations import StateError

STATE_KEY_ENV = "TRACUU_STATE_KEY"
KEY_FILE = "state.key"
MIN_KEY_CHARS = 32


def key_path(state_dir: Path) -> Path:
    return state_dir / KEY_FILE


def env_key() -> str | None:
    """TRACUU_STATE_KEY, or None when unset; StateError (one line) when too short to be a key."""
    value = os.environ.get(STATE_KEY_ENV, "").strip()
    if not value:
        return None
    if len(value) < MIN_KEY_CHARS:
        raise StateError(
            f"{STATE_KEY_ENV} quá ngắn: cần ít nhất {MIN_KEY_CHARS} ký tự, ví dụ"
            f' {STATE_KEY_ENV}="$(python3 -c \'import secrets; print(secrets.token_hex(32))\')"'
        )
    return value


def file_key(path: Path, initial: str | None) -> str:
    """The key in `path`; made (with `initial`, else a new random key) when the file does not exist.

    Written whole to a private temporary file first and then linked into place, which fails if another
    process got there first: no process ever reads a key file half written, and all end with one key.
    """
    try:
        if path.exists():
            return _read_key(path)
        path.parent.mkdir(parents=True, exist_ok=True)
        temporary = path.with_name(f".{path.name}.{os.getpid()}.{secrets.token_hex(4)}")
        descriptor = os.open(temporary, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
        try:
            with os.fdopen(descriptor, "w", encoding="ascii") as handle:
                handle.write((initial or secrets.token_hex(32)) + "\n")
            os.chmod(temporary, 0o600)  # whatever the umask said
            try:
                os.link(temporary, path)
            except FileExistsError:
                pass  # another process made it meanwhile: theirs is the key
        finally:
            temporary.unlink(missing_ok=True)
        return _read_key(path)
    except OSError as error:
        raise StateError(f"{path}: không đọc hay tạo được khóa của kho trạng thái — {error.strerror or error}") from None


def _read_key(path: Path) -> str:
    mode = stat.S_IMODE(path.stat().st_mode)
    if mode & 0o077:
        os.chmod(path, 0o600)  # a key readable by others is no key; tighten it rather than refuse to start
    value = path.read_text(encoding="ascii").strip()
    if len(value) < MIN_KEY_CHARS:
        raise StateError(f"{path}: khóa của kho trạng thái hỏng (quá ngắn); xóa tệp này để tạo khóa mới")
    return value


def fingerprint(key: str) -> str:
    """What the database keeps to tell whether a process holds the key it was written with (not the key)."""
    return hmac.new(key.encode(), b"tracuu state key check", hashlib.sha256).hexdigest()[:16]


def sealing_key(key: str) -> bytes:
    """The Fernet key that seals updates kept until answered: derived, so it is not the hashing key itself."""
    return base64.urlsafe_b64encode(hmac.new(key.encode(), b"tracuu pending updates", hashlib.sha256).digest())
