"""How the stored index writes its vocabulary and article list, shared by the loader and the partial store."""

from __future__ import annotations

import numpy as np

from retrieval.search.stored.parse import METADATA_FIELDS


def vocabulary_blob(terms: list[str]) -> np.ndarray:
    """The terms as one UTF-8 array (terms never hold a newline: they come from whitespace-split words)."""
    return np.frombuffer("\n".join(terms).encode("utf-8"), dtype=np.uint8)


def split_vocabulary(blob: np.ndarray) -> list[str]:
    """The terms of a vocabulary_blob(), in column order."""
    text = blob.tobytes().decode("utf-8")
    return text.split("\n") if text else []


def valid_articles(entries: object) -> bool:
    """The header's article list has the shape this code writes (a checksum only proves it was written)."""
    if not isinstance(entries, list):
        return False
    fields = set(METADATA_FIELDS)
    return all(
        isinstance(e, dict)
        and isinstance(e.get("name"), str)
        and (e.get("digest") is None or isinstance(e.get("digest"), str))
        and (e.get("metadata") is None or (isinstance(e["metadata"], dict) and set(e["metadata"]) <= fields))
        for e in entries
    )
