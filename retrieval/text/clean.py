"""Text from outside made safe to process and to write as UTF-8: what cannot be encoded is replaced.

Questions arrive from a terminal, a pipe or a chat: bytes that are not UTF-8 (read with surrogateescape
they become lone surrogates), NUL, lone surrogates sent as JSON escapes.
None of these can mean anything in a question, and a lone surrogate cannot be written as UTF-8 at all, so
a strict JSON consumer would choke on an answer that echoes it. They are replaced, and the caller is told.
"""

from __future__ import annotations

import re

REPLACEMENT = "\ufffd"
_SURROGATE = re.compile("[\ud800-\udfff]")
# NUL ends a string for much C software (and PostgreSQL refuses it in text); other control characters are
# valid JSON and are shown as typed. A space keeps the words on either side apart.
_CONTROL = re.compile("\x00")


def clean_text(text: str) -> tuple[str, bool]:
    """`text` with lone surrogates as U+FFFD and NUL as a space; True when anything changed."""
    cleaned = _CONTROL.sub(" ", _SURROGATE.sub(REPLACEMENT, text))
    return cleaned, cleaned != text


def encodable(text: str) -> str:
    """`text` with lone surrogates as U+FFFD: always encodable as UTF-8 (control characters are kept)."""
    return _SURROGATE.sub(REPLACEMENT, text)
