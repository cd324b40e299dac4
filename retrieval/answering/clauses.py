"""The clause of a long quote that holds its short answer: a name, a role, a date, a place."""

from __future__ import annotations

import re

_CLAUSE_END = re.compile(r"[;,]\s+")


def clause_holding(text: str, start: int, end: int, limit: int) -> str:
    """`text` cut to what holds text[start:end]: its ";" clause when that fits in `limit`, else its "," clause
    grown with its neighbours (the earlier first: the subject comes first) while it fits. Unchanged when short."""
    if len(text) <= limit or not 0 <= start < end <= len(text):
        return text
    ends = list(_CLAUSE_END.finditer(text))
    cuts = [0, *(m.end() for m in ends), len(text)]
    semis = [0, *(m.end() for m in ends if m.group().startswith(";")), len(text)]
    lo, hi = max(c for c in semis if c <= start), min(c for c in semis if c >= end)
    if hi - lo > limit:
        lo, hi = max(c for c in cuts if c <= start), min(c for c in cuts if c >= end)
        grown = True
        while grown:
            grown = False
            for step in ([c for c in cuts if c < lo][-1:], [c for c in cuts if c > hi][:1]):
                if step and max(hi, step[0]) - min(lo, step[0]) <= limit:
                    lo, hi = min(lo, step[0]), max(hi, step[0])
                    grown = True
                    break
    return text[lo:hi].rstrip(" ,;")
