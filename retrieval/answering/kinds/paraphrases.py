"""Equivalent wordings (config/paraphrases.toml), used both ways like the abbreviations."""

from __future__ import annotations

import re
import tomllib
from collections.abc import Mapping
from dataclasses import dataclass
from functools import lru_cache
from typing import Any

from retrieval.answering.kinds.folding import fold_phrase
from retrieval.project import PROJECT_ROOT, ConfigError

DEFAULT_PARAPHRASES = PROJECT_ROOT / "config" / "paraphrases.toml"


@dataclass(frozen=True)
class Paraphrases:
    groups: tuple[tuple[str, ...], ...]  # each group's phrases, folded

    def variants(self, folded_text: str) -> tuple[str, ...]:
        """The phrases equivalent to those found in `folded_text` that it does not already hold."""
        text = f" {' '.join(folded_text.split())} "
        extra: dict[str, None] = {}
        for group in self.groups:
            if any(f" {phrase} " in text for phrase in group):
                extra.update((phrase, None) for phrase in group if f" {phrase} " not in text)
        return tuple(extra)

    def rewritings(self, folded_text: str, toward_first: bool = False) -> tuple[str, ...]:
        """`folded_text` with each phrase found replaced by each of its equivalents (one change per text).

        toward_first: only by its group's first phrase, the one the articles' own wording is written as, never
        from it to a looser one ("chi ngân sách" is not reworded "khoản chi")."""
        text = " ".join(folded_text.split())
        found: dict[str, None] = {}
        for group in self.groups:
            for phrase in group:
                if phrase not in text:  # the cheap test first: most phrases are in no question
                    continue
                pattern = _phrase_pattern(phrase)
                if pattern.search(text):
                    others = (group[0],) if toward_first and phrase != group[0] else () if toward_first else group
                    found.update((pattern.sub(other, text), None) for other in others if other != phrase)
        found.pop(text, None)
        combined = self._canonical(text)
        if combined is not None and combined not in found:
            # Two wordings of the question reworded at once ("người trong Đảng … làm tốt công việc"): no
            # single change reaches the articles' words, the group's first phrase for each does.
            return (combined, *found)
        return tuple(found)

    def _canonical(self, text: str) -> str | None:
        """`text` with every phrase of a group replaced by the group's first phrase; None under two changes."""
        changed = 0
        for group in self.groups:
            for phrase in group[1:]:
                if phrase in text:
                    pattern = _phrase_pattern(phrase)
                    text, count = pattern.subn(group[0], text)
                    changed += count > 0
        return text if changed >= 2 else None


@lru_cache(maxsize=4096)
def _phrase_pattern(phrase: str) -> re.Pattern[str]:
    return re.compile(rf"(?<!\w){re.escape(phrase)}(?!\w)")


def paraphrases_from_toml(data: Mapping[str, Any], source: str = "paraphrases.toml") -> Paraphrases:
    """The table from parsed TOML: `[[group]] phrases = [...]`."""
    groups = data.get("group", [])
    if not isinstance(groups, list):
        raise ConfigError(f"{source}: 'group' phải là danh sách bảng [[group]]")
    result = []
    for number, group in enumerate(groups, start=1):
        phrases = group.get("phrases") if isinstance(group, dict) else None
        if not isinstance(phrases, list) or not all(isinstance(p, str) for p in phrases):
            raise ConfigError(f"{source}: nhóm thứ {number} cần 'phrases' là danh sách chuỗi")
        folded = tuple(dict.fromkeys(p for p in (fold_phrase(p) for p in phrases) if p))
        if len(folded) > 1:
            result.append(folded)
    return Paraphrases(tuple(result))


@lru_cache(maxsize=1)
def default_paraphrases() -> Paraphrases:
    """The project's own table (config/paraphrases.toml)."""
    with DEFAULT_PARAPHRASES.open("rb") as handle:
        return paraphrases_from_toml(tomllib.load(handle), str(DEFAULT_PARAPHRASES))


def paraphrase_variants(folded_text: str, table: Paraphrases | None = None) -> tuple[str, ...]:
    """Extra phrases to add to a question's matching terms: "thu duoc bao nhieu tien" → "thu ngan sach", …"""
    return (table or default_paraphrases()).variants(folded_text)
