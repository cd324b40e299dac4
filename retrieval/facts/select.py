"""Choosing rows of the fact table by district, measure and period, as `tracuu facts` asks for them.

A measure is matched strictly, as answers match it: every content syllable of the asked measure (folded,
abbreviations expanded, generic words left out by the lexicon) must be among the figure's measure words, so
"thu ngân sách" finds "Tổng thu NSNN trên địa bàn" and not "chi ngân sách". A period is read as questions write
it ("quý I/2021", "6 tháng đầu năm 2020", "năm 2022"); one without a year matches that period of any year.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

from retrieval.facts.figures import measure_syllables
from retrieval.facts.lexicon import Lexicon
from retrieval.facts.model import FactPeriod, FigureFact, RoleFact
from retrieval.facts.periods import find_periods, same_period
from retrieval.facts.table import FactTable
from retrieval.gazetteer import name_key

_DIVISIONS = ("quận ", "huyện ", "thị xã ", "thành phố ", "q. ", "q.", "h. ", "h.")


@dataclass(frozen=True)
class FactFilter:
    district: str | None = None  # a name key ("ba dinh"); None: every place, city-wide figures included
    measure: tuple[str, ...] = ()  # folded content syllables, every one required
    period: FactPeriod | None = None

    @property
    def figures_only(self) -> bool:
        """A role states no measure and covers no period: asking for either leaves roles out."""
        return bool(self.measure) or self.period is not None


def read_filter(
    district: str | None, measure: str | None, period: str | None, lexicon: Lexicon, abbreviations: Mapping[str, str]
) -> FactFilter:
    """The filter the words ask for; ValueError (a line for the user) when a measure or period says nothing."""
    district_key = None
    if district is not None:
        name = " ".join(district.split())
        lowered = name.lower()
        for division in _DIVISIONS:
            if lowered.startswith(division) and len(name) > len(division):
                name = name[len(division) :].strip()
                break
        district_key = name_key(name)
        if not district_key:
            raise ValueError("--district trống: hãy ghi tên quận, huyện, ví dụ --district \"Ba Đình\"")
    words: tuple[str, ...] = ()
    if measure is not None:
        words = measure_syllables(measure, lexicon, abbreviations)
        if not words:
            raise ValueError(f"--measure {measure!r} không có từ nào nói đo cái gì, ví dụ --measure \"thu ngân sách\"")
    asked = None
    if period is not None:
        found = [f for f in find_periods(period) if not f.compared]
        if not found:
            raise ValueError(f"--period {period!r}: không đọc được kỳ, ví dụ \"quý I/2021\", \"6 tháng đầu năm 2020\", \"năm 2022\"")
        asked = found[0].period
    return FactFilter(district_key, words, asked)


def figure_matches(fact: FigureFact, chosen: FactFilter) -> bool:
    if chosen.district is not None and (fact.place_is_city or fact.district is None or name_key(fact.district) != chosen.district):
        return False
    if chosen.measure and not set(chosen.measure) <= set(fact.measure_words):
        return False
    if chosen.period is not None and (fact.period is None or not same_period(chosen.period, fact.period)):
        return False
    return True


def role_matches(fact: RoleFact, chosen: FactFilter) -> bool:
    if chosen.figures_only:
        return False
    return chosen.district is None or (fact.district is not None and name_key(fact.district) == chosen.district)


def select_facts(table: FactTable, chosen: FactFilter) -> tuple[tuple[FigureFact, ...], tuple[RoleFact, ...]]:
    """The figures and roles the filter keeps, in corpus order (article, paragraph, sentence)."""
    figures = tuple(f for f in table.figures if figure_matches(f, chosen))
    roles = tuple(r for r in table.roles if role_matches(r, chosen))
    return figures, roles
