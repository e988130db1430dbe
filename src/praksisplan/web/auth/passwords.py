"""Passwords (Argon2id, argon2-cffi) and the random secrets of sessions and API tokens.

Only hashes are stored: Argon2 for passwords (slow on purpose), SHA-256 for session ids and
API tokens (256 random bits each, so a fast hash suffices).
"""

from __future__ import annotations

import hashlib
import secrets

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError

from praksisplan.core.errors import PraksisplanError

_HASHER = PasswordHasher()
#: Shortest password accepted.
MIN_PASSWORD_LENGTH = 10
#: A hash to verify against when the user does not exist, so both cases take as long.
_DUMMY_HASH = _HASHER.hash("ingen-bruger-med-dette-navn")


def hash_password(password: str) -> str:
    if len(password) < MIN_PASSWORD_LENGTH:
        raise PraksisplanError(
            f"Adgangskoden skal have mindst {MIN_PASSWORD_LENGTH} tegn (password too short)"
        )
    return _HASHER.hash(password)


def verify_password(password_hash: str | None, password: str) -> bool:
    """Whether ``password`` matches; ``None`` (no such user) costs the same and fails."""
    try:
        return _HASHER.verify(password_hash or _DUMMY_HASH, password) and bool(password_hash)
    except (VerificationError, InvalidHashError):
        return False


def new_secret() -> str:
    """A new session id, CSRF token or API token (URL-safe, 256 bits)."""
    return secrets.token_urlsafe(32)


def digest(secret: str) -> str:
    """The stored form of a session id or API token."""
    return hashlib.sha256(secret.encode("utf-8")).hexdigest()
