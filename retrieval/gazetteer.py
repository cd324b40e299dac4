"""Vietnam's provinces and district-level units (before the July 2025 reform), from `vietnam-provinces`."""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from functools import cached_property, lru_cache
from importlib import resources

from retrieval.text.normalize import fold_accents, normalize_text

_PROVINCE_PREFIXES = ("Thành phố ", "Tỉnh ")
_DISTRICT_PREFIXES = ("Thành phố ", "Thị xã ", "Quận ", "Huyện ")


@dataclass(frozen=True)
class Province:
    name: str  # "Hà Nội", "Đà Nẵng", "Hòa Bình"
    kind: str  # "thành phố" or "tỉnh"
    code: int


@dataclass(frozen=True)
class District:
    name: str  # "Đống Đa", "Sơn Trà", "1" for "Quận 1"
    kind: str  # "quận", "huyện", "thị xã" or "thành phố"
    province: str  # the Province name
    code: int


@dataclass(frozen=True)
class Gazetteer:
    provinces: tuple[Province, ...]
    districts: tuple[District, ...]

    def districts_named(self, name: str) -> tuple[District, ...]:
        """Districts whose name matches `name`, ignoring case, tone placement and diacritics."""
        return self._district_index().get(name_key(name), ())

    def province_named(self, name: str) -> Province | None:
        return self._province_index().get(name_key(name))

    def _district_index(self) -> dict[str, tuple[District, ...]]:
        return self.district_keys

    def _province_index(self) -> dict[str, Province]:
        return self.province_keys

    @cached_property
    def district_keys(self) -> dict[str, tuple[District, ...]]:
        """name_key → the districts of that name (several provinces share some names)."""
        index: dict[str, list[District]] = {}
        for district in self.districts:
            index.setdefault(name_key(district.name), []).append(district)
        return {key: tuple(found) for key, found in index.items()}

    @cached_property
    def province_keys(self) -> dict[str, Province]:
        return {name_key(p.name): p for p in self.provinces}

    @cached_property
    def mention_pattern(self) -> re.Pattern[str]:
        """One pattern for every place name in name_key form, longest first, matched as whole words."""
        keys = sorted(set(self.district_keys) | set(self.province_keys), key=len, reverse=True)
        return re.compile(r"(?<!\w)(" + "|".join(re.escape(k) for k in keys) + r")(?!\w)")


@lru_cache(maxsize=1 << 14)
def name_key(name: str) -> str:
    """The form place names are compared in: no diacritics, lower case, single spaces."""
    # Cached: every question compares against the same seven hundred gazetteer names.
    return re.sub(r"\s+", " ", fold_accents(normalize_text(name)).lower()).strip()


def _strip_prefix(name: str, prefixes: tuple[str, ...]) -> tuple[str, str]:
    for prefix in prefixes:
        if name.lower().startswith(prefix.lower()):
            return name[len(prefix) :].strip(), prefix.strip().lower()
    return name, ""


@lru_cache(maxsize=1)
def load_gazetteer() -> Gazetteer:
    """Read the package's nested division data once (about 30 ms)."""
    data_file = resources.files("vietnam_provinces") / "data" / "nested-divisions.json"
    raw = json.loads(data_file.read_text(encoding="utf-8"))
    provinces: list[Province] = []
    districts: list[District] = []
    for province_row in raw:
        province_name, province_kind = _strip_prefix(province_row["name"], _PROVINCE_PREFIXES)
        province_name = normalize_text(province_name)
        provinces.append(Province(province_name, province_kind, int(province_row["code"])))
        for district_row in province_row.get("districts", ()):
            district_name, district_kind = _strip_prefix(district_row["name"], _DISTRICT_PREFIXES)
            districts.append(
                District(normalize_text(district_name), district_kind, province_name, int(district_row["code"]))
            )
    return Gazetteer(tuple(provinces), tuple(districts))
