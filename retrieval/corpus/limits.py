"""What reading one article file may cost: the archive limits checked before parsing, and the reader's budget.

`[reading]` in config/settings.toml sets them (validated in retrieval/config.py); docs/reliability.md says
what each one stops. Every refusal names the key it tripped, so an operator knows what to raise.
"""

from __future__ import annotations

from dataclasses import dataclass

SECTION = "reading"


@dataclass(frozen=True)
class ReadLimits:
    # An archive (.docx) is refused before it is parsed when its entries, uncompressed, exceed these. The
    # sizes are those the archive declares; Python's zipfile never inflates an entry past its declared size.
    max_unpacked_bytes: int = 64 * 1024 * 1024  # all entries together
    max_archive_entries: int = 1000
    max_compression_ratio: float = 100.0  # one entry's size over its compressed size (a Word text: 5–20)
    # The worker process that turns a file's bytes into text: its address space and the time for one file.
    memory_mb: int = 1024
    seconds: float = 60.0

    def key(self, name: str) -> str:
        """The setting as an operator writes it: "[reading] memory_mb = 1024"."""
        value = getattr(self, name)
        shown = f"{value:g}" if isinstance(value, float) else str(value)
        return f"[{SECTION}] {name} = {shown}"
