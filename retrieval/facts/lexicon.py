"""The fact reader's word lists (config/facts.toml), folded once into the forms the reader matches."""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Mapping
from dataclasses import dataclass, field
from functools import cached_property
from pathlib import Path
from typing import Any

from retrieval.project import PROJECT_ROOT, ConfigError, read_toml
from retrieval.text.folding import fold_aligned, phrase_pattern
from retrieval.text.patterns import word_start_alternatives

DEFAULT_FACTS_FILE = PROJECT_ROOT / "config" / "facts.toml"


def _folded(words: Any, where: str) -> tuple[str, ...]:
    if not isinstance(words, list) or not all(isinstance(w, str) for w in words):
        raise ConfigError(f"{where} phải là danh sách chuỗi")
    return tuple(sorted({" ".join(fold_aligned(w).split()) for w in words if w.strip()}, key=len, reverse=True))


def _written(words: Any, where: str) -> tuple[str, ...]:
    """Phrases as written (lower case, NFC, single spaces), longest first: compared with their diacritics."""
    if not isinstance(words, list) or not all(isinstance(w, str) for w in words):
        raise ConfigError(f"{where} phải là danh sách chuỗi")
    return tuple(sorted({" ".join(unicodedata.normalize("NFC", w).lower().split()) for w in words if w.strip()},
                        key=len, reverse=True))


def _pairs(pairs: Any, where: str) -> tuple[tuple[str, str], ...]:
    if not isinstance(pairs, list) or not all(isinstance(p, list) and len(p) == 2 and all(isinstance(w, str) for w in p) for p in pairs):
        raise ConfigError(f"{where} phải là danh sách các cặp chuỗi")
    folded = [tuple(" ".join(fold_aligned(w).lower().split()) for w in pair) for pair in pairs]
    return tuple((a, b) for a, b in folded)


def _folded_map(table: Any, where: str) -> dict[str, str]:
    if not isinstance(table, dict) or not all(isinstance(v, str) for v in table.values()):
        raise ConfigError(f"{where} phải là bảng chuỗi")
    return {" ".join(fold_aligned(k).split()): " ".join(fold_aligned(v).split()) for k, v in table.items()}


_NOT_A_PLAN_AFTER = r"(?!\s+(?:\d+(?:,\d+)?\s*%\s+)?(?:cac\s+)?(?:chi\s+tieu|ke\s+hoach|du\s+toan|muc\s+tieu)(?![^\W_]))"


@dataclass(frozen=True)
class Lexicon:
    target: tuple[str, ...]
    budget: tuple[str, ...]
    estimate: tuple[str, ...]
    plan_items: tuple[str, ...]
    horizon: tuple[str, ...]  # words before a plan's period: "nhiệm vụ năm 2025"
    share: tuple[str, ...]
    growth: tuple[str, ...]
    bases: tuple[str, ...]
    ignored: frozenset[str]  # single folded syllables and phrases
    qualifiers: tuple[str, ...]
    grades: tuple[str, ...]
    # Heads of a noun list a comma does not end: "tổng số tiền bồi thường, hỗ trợ là N tỷ đồng".
    list_heads: tuple[str, ...]
    paired: tuple[str, ...]  # "lãnh đạo, chỉ đạo": comma-joined pairs that are one act
    opposites: tuple[tuple[str, str], ...]  # folded syllable pairs that name opposite measures: thu / chi
    city: tuple[str, ...]
    country: tuple[str, ...]
    not_city_after: tuple[str, ...]
    role_heads: tuple[str, ...]
    role_links: tuple[str, ...]
    role_bodies: Mapping[str, str]
    implied_bodies: Mapping[str, str]
    # Parts of a total, lower case as written ("thuế", "tiền sử dụng đất"): asked, the fact must name them too.
    components: tuple[str, ...] = ()
    fall: tuple[str, ...] = ()  # change words that say the figure went down: "giảm 3,2% so với cùng kỳ"
    # A verb of money standing alone as the measure, folded → the measure it names: "huyện thu 1.930 tỷ đồng".
    money_verbs: Mapping[str, str] = field(default_factory=dict)
    # Wordings of a count that say what it counts in other words, folded → the words they imply: people
    # "được kết nạp vào Đảng" are new Party members, "phát triển đảng viên" is admitting them.
    implied: Mapping[str, str] = field(default_factory=dict)
    # Words before the colon that opens a list of tasks ("đề nghị thời gian tới tập trung: …"): each figure of
    # the list is a target.
    directive: tuple[str, ...] = ()

    @classmethod
    def from_mapping(cls, data: Mapping[str, Any], where: str = "facts.toml") -> Lexicon:
        def table(name: str) -> Mapping[str, Any]:
            value = data.get(name, {})
            if not isinstance(value, dict):
                raise ConfigError(f"{where}: [{name}] phải là một bảng")
            return value

        status, relation, measure, places, roles = (table(n) for n in ("status", "relation", "measure", "places", "roles"))
        return cls(
            target=_folded(status.get("target", []), f"{where}: [status] target"),
            budget=_folded(status.get("budget", []), f"{where}: [status] budget"),
            estimate=_folded(status.get("estimate", []), f"{where}: [status] estimate"),
            plan_items=_folded(status.get("plan_items", []), f"{where}: [status] plan_items"),
            horizon=_folded(status.get("horizon", []), f"{where}: [status] horizon"),
            share=_folded(relation.get("share", []), f"{where}: [relation] share"),
            growth=_folded(relation.get("growth", []), f"{where}: [relation] growth"),
            bases=_folded(relation.get("bases", []), f"{where}: [relation] bases"),
            ignored=frozenset(_folded(measure.get("ignored", []), f"{where}: [measure] ignored")),
            qualifiers=_folded(measure.get("qualifiers", []), f"{where}: [measure] qualifiers"),
            grades=_folded(measure.get("grades", []), f"{where}: [measure] grades"),
            list_heads=_folded(measure.get("list_heads", []), f"{where}: [measure] list_heads"),
            paired=_folded(measure.get("paired", []), f"{where}: [measure] paired"),
            opposites=_pairs(measure.get("opposites", []), f"{where}: [measure] opposites"),
            city=_folded(places.get("city", []), f"{where}: [places] city"),
            country=_folded(places.get("country", []), f"{where}: [places] country"),
            not_city_after=_folded(places.get("not_city_after", []), f"{where}: [places] not_city_after"),
            role_heads=_folded(roles.get("heads", []), f"{where}: [roles] heads"),
            role_links=_folded(roles.get("links", []), f"{where}: [roles] links"),
            role_bodies=_folded_map(roles.get("bodies", {}), f"{where}: [roles] bodies"),
            implied_bodies=_folded_map(roles.get("implied", {}), f"{where}: [roles] implied"),
            components=_written(measure.get("components", []), f"{where}: [measure] components"),
            fall=_folded(relation.get("fall", []), f"{where}: [relation] fall"),
            money_verbs=_folded_map(measure.get("money_verbs", {}), f"{where}: [measure] money_verbs"),
            implied=_folded_map(measure.get("implied", {}), f"{where}: [measure] implied"),
            directive=_folded(status.get("directive", []), f"{where}: [status] directive"),
        )

    @cached_property
    def target_pattern(self) -> re.Pattern[str]:
        return phrase_pattern(list(self.target))

    @cached_property
    def directive_pattern(self) -> re.Pattern[str]:
        return phrase_pattern(list(self.directive)) if self.directive else re.compile(r"(?!)")

    @cached_property
    def budget_pattern(self) -> re.Pattern[str]:
        return phrase_pattern(list(self.budget))

    @cached_property
    def estimate_pattern(self) -> re.Pattern[str]:
        return phrase_pattern(list(self.estimate))

    @cached_property
    def horizon_pattern(self) -> re.Pattern[str]:
        """A horizon word ending the text before a period."""
        if not self.horizon:
            return re.compile(r"(?!)")
        body = word_start_alternatives(self.horizon)
        return re.compile(rf"(?:{body})\s+(?:cong\s+tac\s+)?$")

    @cached_property
    def plan_year_pattern(self) -> re.Pattern[str]:
        """A basis, a budget or a horizon word and at most four words more, ending the text before a period:
        "dự toán pháp lệnh năm 2023", "dự toán HĐND thành phố giao năm 2023"."""
        words = sorted(set(self.bases) | set(self.budget) | set(self.horizon), key=len, reverse=True)
        if not words:
            return re.compile(r"(?!)")
        body = word_start_alternatives(words)
        return re.compile(rf"(?:{body})(?:\s+[^\W\d_]+){{0,4}}\s+$")

    @cached_property
    def paired_halves(self) -> tuple[tuple[str, str], ...]:
        """Each comma pair's two halves: a sentence holding neither pair of halves holds no pair."""
        halves = (tuple(" ".join(h.split()) for h in p.split(",", 1)) for p in self.paired if "," in p)
        return tuple(h for h in halves if len(h) == 2)

    @cached_property
    def paired_pattern(self) -> re.Pattern[str]:
        if not self.paired:
            return re.compile(r"(?!)")
        body = "|".join(r"\s*,\s*".join(r"\s+".join(re.escape(w) for w in part.split()) for part in p.split(",")) for p in self.paired)
        return re.compile(rf"(?<![^\W_])(?:{body})(?![^\W_])")

    @cached_property
    def growth_pattern(self) -> re.Pattern[str]:
        return phrase_pattern(list(self.growth))

    @cached_property
    def fall_pattern(self) -> re.Pattern[str]:
        return phrase_pattern(list(self.fall))

    @cached_property
    def share_pattern(self) -> re.Pattern[str]:
        return phrase_pattern(list(self.share))

    @cached_property
    def base_pattern(self) -> re.Pattern[str]:
        return phrase_pattern(list(self.bases))

    @cached_property
    def city_pattern(self) -> re.Pattern[str]:
        return phrase_pattern(list(self.city))

    @cached_property
    def country_pattern(self) -> re.Pattern[str]:
        return phrase_pattern(list(self.country))

    @cached_property
    def qualifier_pattern(self) -> re.Pattern[str]:
        return phrase_pattern(list(self.qualifiers))

    @cached_property
    def component_pattern(self) -> re.Pattern[str]:
        """The components in lower-case text with its diacritics."""
        return _written_pattern(self.components)

    @cached_property
    def folded_component_pattern(self) -> re.Pattern[str]:
        """The components of two syllables or more in folded text: one syllable folded is too often another
        word ("thuế" and "thuê" are both "thue")."""
        return phrase_pattern([fold_aligned(c) for c in self.components if len(c.split()) >= 2])

    @cached_property
    def grade_pattern(self) -> re.Pattern[str]:
        # "phấn đấu hoàn thành chỉ tiêu kết nạp …", "hoàn thành 100% dự toán": a plan completed, not a grade.
        graded = phrase_pattern(list(self.grades))
        return re.compile(graded.pattern + _NOT_A_PLAN_AFTER, graded.flags)

    @cached_property
    def list_head_pattern(self) -> re.Pattern[str]:
        return phrase_pattern(list(self.list_heads))

    @cached_property
    def role_head_pattern(self) -> re.Pattern[str]:
        return phrase_pattern(list(self.role_heads))

    @cached_property
    def role_body_pattern(self) -> re.Pattern[str]:
        return phrase_pattern(list(self.role_bodies))

    @cached_property
    def ignored_phrases(self) -> tuple[tuple[str, ...], ...]:
        """Ignored entries of several syllables, longest first."""
        return tuple(sorted((tuple(p.split()) for p in self.ignored if " " in p), key=len, reverse=True))

    @cached_property
    def ignored_phrases_by_first(self) -> Mapping[str, tuple[tuple[str, ...], ...]]:
        """ignored_phrases by their first syllable: a measure is scanned once, not once per phrase."""
        index: dict[str, list[tuple[str, ...]]] = {}
        for phrase in self.ignored_phrases:
            index.setdefault(phrase[0], []).append(phrase)
        return {first: tuple(phrases) for first, phrases in index.items()}


def read_lexicon(path: Path | None = None) -> Lexicon:
    """The lexicon from a facts.toml (the project's own by default); ConfigError naming the file."""
    path = path or DEFAULT_FACTS_FILE
    data = read_toml(path)
    return Lexicon.from_mapping(data, str(path))


def _written_pattern(phrases: tuple[str, ...]) -> re.Pattern[str]:
    if not phrases:
        return re.compile(r"(?!)")
    return re.compile(rf"(?:{word_start_alternatives(phrases)})(?![^\W_])")
