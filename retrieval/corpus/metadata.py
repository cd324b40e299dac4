"""What an article says about itself: title, district, city, date, year, author and outlet (pure)."""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass

from retrieval.gazetteer import District, Gazetteer, load_gazetteer, name_key
from retrieval.models import PassageKind
from retrieval.corpus.datelines import is_name_in_capitals, read_dateline
from retrieval.corpus.sentences import split_sentences
from retrieval.corpus.paragraphs import (
    DropReason,
    Layout,
    Paragraph,
    dateline_parts,
    is_caption,
    is_credit_line,
    is_name_like,
)

# Outlet codes printed at the start of a lede ("(LĐTĐ) Sáng nay …") or in a credit ("Theo TTXVN").
# Extend it through the `outlets` argument (from config) rather than here.
OUTLET_CODES: Mapping[str, str] = {
    "LĐTĐ": "Lao động Thủ đô",
    "TTXVN": "Thông tấn xã Việt Nam",
    "TTO": "Tuổi Trẻ Online",
    "VOV": "Đài Tiếng nói Việt Nam",
    "VTV": "Đài Truyền hình Việt Nam",
    "VTC": "VTC News",
    "QĐND": "Quân đội nhân dân",
    "CAND": "Công an nhân dân",
    "ND": "Nhân Dân",
    "HNM": "Hànộimới",
    "KTĐT": "Kinh tế & Đô thị",
    "KT&ĐT": "Kinh tế & Đô thị",
    "ANTĐ": "An ninh Thủ đô",
    "PLVN": "Pháp luật Việt Nam",
    "GD&TĐ": "Giáo dục và Thời đại",
    "NLĐ": "Người Lao Động",
    "SGGP": "Sài Gòn Giải Phóng",
    "ĐCSVN": "Báo điện tử Đảng Cộng sản Việt Nam",
    "VNA": "Thông tấn xã Việt Nam",
    "VNE": "VnExpress",
    "TN": "Thanh Niên",
    "DNO": "Đà Nẵng Online",
    "BĐN": "Báo Đà Nẵng",
    "Chinhphu.vn": "Cổng Thông tin điện tử Chính phủ",
}
# When a district name exists in several provinces and the text names none of them, prefer these.
PREFERRED_PROVINCES: tuple[str, ...] = ("Hà Nội", "Đà Nẵng")
TITLE_WEIGHT = 3
LEDE_PARAGRAPHS = 3  # a date without a dateline is only read from the first body paragraphs

# Words that introduce a district name, with the district kinds each may introduce.
_DISTRICT_TRIGGERS: tuple[tuple[str, frozenset[str]], ...] = (
    (r"Đảng bộ quận", frozenset({"quận"})),
    (r"Đảng bộ huyện", frozenset({"huyện"})),
    (r"Đảng bộ thị xã", frozenset({"thị xã"})),
    (r"Quận\s+(?:ủy|uỷ|uy)", frozenset({"quận"})),
    (r"Huyện\s+(?:ủy|uỷ|uy)", frozenset({"huyện"})),
    (r"Thị\s+(?:ủy|uỷ|uy)", frozenset({"thị xã"})),
    (r"Thành\s+(?:ủy|uỷ|uy)", frozenset({"thành phố"})),
    (r"quận", frozenset({"quận"})),
    (r"huyện", frozenset({"huyện"})),
    (r"thị xã", frozenset({"thị xã"})),
    (r"thành phố", frozenset({"thành phố"})),
    (r"Q\.", frozenset({"quận"})),
    (r"H\.", frozenset({"huyện"})),
    (r"TX\.", frozenset({"thị xã"})),
    (r"TP\.?", frozenset({"thành phố"})),
)
_TRIGGER = re.compile(
    r"(?<!\w)(?:" + "|".join(f"(?P<t{i}>{pattern})" for i, (pattern, _) in enumerate(_DISTRICT_TRIGGERS)) + r")\s*",
    re.IGNORECASE,
)
_MAX_NAME_WORDS = 4

_YEAR = re.compile(r"(?<![\d.,])(?:19|20)\d{2}(?![\d.,]\d)")
_RANGE_DASH = re.compile(r"\s*[-–—]\s*$")
# "diễn ra cả ngày 9/5", "Sáng 14-3", "Sáng nay (8/1/2025)": when the lede says the event happened.
_PARTIAL_DATE = re.compile(
    r"(?:ngày|sáng|chiều|trưa|tối|đêm)\s+(?:nay\s+)?(?:ngày\s+)?\(?"
    r"(?P<date>\d{1,2}[/-]\d{1,2}(?:[/-]\d{4})?)(?![/-]?\d)",
    re.IGNORECASE,
)
# "Nghị quyết số 07-NQ/QU, ngày 14/11/2025": the date of a document, not of the article.
_DOCUMENT_REFERENCE = re.compile(r"(?:\b\d+[-/][A-ZĐ]{1,8}(?:[-/][\wĐđ]+)*|/\d{4}/[\wĐđ]+|\bsố\s+\d+)[\s,]*$")
_LEDE_CODE = re.compile(r"^\s*\((?P<code>[^()\s]{2,15})\)")
# Built from str.isupper: a range such as "À-Ỹ" would also take in lower-case "đ", "ạ".
_CAPITAL = "".join(re.escape(c) for c in map(chr, range(0x41, 0x1F00)) if c.isalpha() and c.isupper())
# "Báo Hànộimới", "Báo Lao Động": the capitalised words after "Báo", "Tạp chí", "Đài".
_BAO_NAME = re.compile(
    rf"\b(?:[Bb]áo|[Tt]ạp chí|[Đđ]ài)\s+(?P<name>[{_CAPITAL}][^\s.,;:!?()]*(?:\s+[{_CAPITAL}&][^\s.,;:!?()]*)*)"
)


@dataclass(frozen=True)
class DistrictMatch:
    district: str
    kind: str
    city: str


@dataclass(frozen=True)
class DateInfo:
    date: str | None  # ISO, only from a dateline stating day, month and year
    date_text: str | None  # as printed
    year: int | None
    year_inferred: bool
    line: int | None = None  # the source line the date was read from


@dataclass(frozen=True)
class ArticleMetadata:
    title: str | None
    district: str | None
    district_kind: str | None
    city: str | None
    date: str | None
    date_text: str | None
    year: int | None
    year_inferred: bool
    author: str | None
    outlet: str | None
    date_line: int | None = None  # where `date_text` was read, so that a user can check and correct it
    title_line: int | None = None  # the headline's line, or that of `first_sentence` when there is no headline
    title_from_body: bool = False  # no headline: the article is named by `first_sentence`
    first_sentence: str | None = None  # only for an article without a headline


def extract_metadata(layout: Layout, outlets: Mapping[str, str] | None = None) -> ArticleMetadata:
    title, title_line = layout.title, layout.title_line
    # `title` stays the headline alone: answers and facts read it as the article's own words about itself.
    first = first_sentence(layout.paragraphs) if title is None else None
    if first is not None:
        title_line = first[1]
    district = find_district(layout.paragraphs)
    dates = find_date(layout.paragraphs)
    return ArticleMetadata(
        title=title,
        district=district.district if district else None,
        district_kind=district.kind if district else None,
        city=district.city if district else None,
        date=dates.date,
        date_text=dates.date_text,
        year=dates.year,
        year_inferred=dates.year_inferred,
        author=find_author(layout.paragraphs),
        outlet=find_outlet(layout, outlets),
        date_line=dates.line,
        title_line=title_line,
        title_from_body=first is not None,
        first_sentence=first[0] if first is not None else None,
    )


# --- title -----------------------------------------------------------------------------------------------

MAX_FIRST_SENTENCE_WORDS = 25


def first_sentence(paragraphs: Iterable[Paragraph]) -> tuple[str, int] | None:
    """For an article without a headline: its first sentence (shortened) and line, skipping a photo caption."""
    body = [p for p in paragraphs if p.kind is PassageKind.BODY]
    for index, paragraph in enumerate(body):
        if index == 0 and len(body) > 1 and is_caption(paragraph.text) and len(split_sentences(paragraph.text)) == 1:
            continue
        sentences = split_sentences(paragraph.text)
        if not sentences:
            continue
        words = sentences[0].split()
        text = " ".join(words[:MAX_FIRST_SENTENCE_WORDS]) + (" …" if len(words) > MAX_FIRST_SENTENCE_WORDS else "")
        return text, paragraph.line
    return None


# --- district ---------------------------------------------------------------------------------------------


def district_mentions(text: str, gazetteer: Gazetteer | None = None) -> list[District]:
    """Districts named after "quận", "Quận ủy", "Đảng bộ quận", "Q.", "huyện", "thị xã", "thành phố" in `text`."""
    gazetteer = gazetteer or load_gazetteer()
    found: list[District] = []
    for match in _TRIGGER.finditer(text):
        district = _name_after(text, match.end(), _trigger_kinds(match), gazetteer)
        if district is not None:
            found.append(district)
    return found


def _trigger_kinds(match: re.Match[str]) -> frozenset[str]:
    index = int((match.lastgroup or "t0")[1:])
    return _DISTRICT_TRIGGERS[index][1]


_COUNTS_TIME = re.compile(r"(?:tháng|năm|quý|ngày|tuần)(?![^\W_])", re.IGNORECASE)


def _name_after(text: str, start: int, kinds: frozenset[str], gazetteer: Gazetteer) -> District | None:
    words: list[str] = []
    following = text[start:].split(maxsplit=_MAX_NAME_WORDS)[: _MAX_NAME_WORDS + 1]
    for index, word in enumerate(following[:_MAX_NAME_WORDS]):
        bare = word.rstrip(",.;:!?)”\"'’…-|")
        if not bare or not (bare[0].isupper() or bare.isdigit()):
            break
        if bare.isdigit() and index + 1 < len(following) and _COUNTS_TIME.match(following[index + 1]):
            break  # "trên địa bàn quận 6 tháng đầu năm": six months, not Quận 6
        words.append(bare)
        if bare != word:
            break  # punctuation ends the name
    for size in range(len(words), 0, -1):
        candidates = [d for d in gazetteer.districts_named(" ".join(words[:size])) if d.kind in kinds]
        if candidates:
            return _pick_one(candidates, text, gazetteer)
    return None


def _pick_one(candidates: list[District], text: str, gazetteer: Gazetteer) -> District:
    if len(candidates) == 1:
        return candidates[0]
    counts = province_mentions(text, gazetteer)

    def rank(district: District) -> tuple[int, int]:
        preferred = PREFERRED_PROVINCES.index(district.province) if district.province in PREFERRED_PROVINCES else None
        return (counts.get(district.province, 0), -(preferred if preferred is not None else len(PREFERRED_PROVINCES)))

    return max(candidates, key=rank)


def province_mentions(text: str, gazetteer: Gazetteer | None = None) -> dict[str, int]:
    """How often each province name occurs in `text` (compared without diacritics or case)."""
    gazetteer = gazetteer or load_gazetteer()
    folded = f" {re.sub(r'[^0-9a-z]+', ' ', name_key(text))} "
    counts: dict[str, int] = {}
    for province in gazetteer.provinces:
        key = f" {re.sub(r'[^0-9a-z]+', ' ', name_key(province.name))} "
        count = folded.count(key)
        if count:
            counts[province.name] = count
    return counts


def find_district(paragraphs: Iterable[Paragraph], gazetteer: Gazetteer | None = None) -> DistrictMatch | None:
    """The dominant district: most mentions, the title's counting TITLE_WEIGHT times; ties go to the first named."""
    gazetteer = gazetteer or load_gazetteer()
    paragraphs = list(paragraphs)
    scores: dict[District, int] = {}
    first_seen: dict[District, int] = {}
    for paragraph in paragraphs:
        weight = TITLE_WEIGHT if paragraph.kind is PassageKind.TITLE else 1
        for district in district_mentions(paragraph.text, gazetteer):
            scores[district] = scores.get(district, 0) + weight
            first_seen.setdefault(district, len(first_seen))
    if not scores:
        return _headline_district(paragraphs, gazetteer)
    best = max(scores, key=lambda d: (scores[d], -first_seen[d]))
    return DistrictMatch(best.name, best.kind, best.province)


def _headline_district(paragraphs: Sequence[Paragraph], gazetteer: Gazetteer) -> DistrictMatch | None:
    """ "Thường Tín sơ kết 6 tháng …", "Đông Anh: 9 tháng thu …": a headline opening on a district's bare name, when
    the body speaks of a district of that kind ("Chủ tịch UBND quận") and names no district itself."""
    title = next((p.text for p in paragraphs if p.kind is PassageKind.TITLE), None)
    if title is None:
        return None
    body = " ".join(p.text for p in paragraphs if p.kind is PassageKind.BODY)
    kinds = frozenset(kind for kind in ("quận", "huyện", "thị xã") if re.search(rf"(?<![^\W_]){kind}(?![^\W_])", body, re.IGNORECASE))
    district = _name_after(title, 0, kinds, gazetteer) if kinds else None
    return DistrictMatch(district.name, district.kind, district.province) if district is not None else None


# --- date and year ----------------------------------------------------------------------------------------


def parse_date(text: str) -> dt.date | None:
    """The day, month and year stated in `text` ("15/01/2021", "26-1-2022", "ngày 15 tháng 1 năm 2021"), or None."""
    spelled = re.search(r"(\d{1,2})\s+tháng\s+(\d{1,2})\s+năm\s+(\d{4})", text, re.IGNORECASE)
    numeric = re.search(r"(?<!\d)(\d{1,2})\s*[/.-]\s*(\d{1,2})\s*[/.-]\s*(\d{4})(?!\d)", text)
    match = spelled or numeric
    if match is None:
        return None
    day, month, year = (int(group) for group in match.groups())
    try:
        return dt.date(year, month, day)
    except ValueError:
        return None


def find_date(paragraphs: Iterable[Paragraph]) -> DateInfo:
    """Publication date from a dateline; otherwise the event date of the lede and a year read off the text.

    Only a dateline states the publication date. A lede's "Sáng 26-1" or "Ngày 12/3/2022" is when the event
    took place, so it gives the year (inferred unless the lede prints it) but never `date`.
    """
    paragraphs = list(paragraphs)
    for paragraph in paragraphs:
        if paragraph.kind is not PassageKind.META:
            continue
        dateline = read_dateline(paragraph.text)
        if dateline is not None:
            date = dateline.date
            return DateInfo(date.isoformat(), dateline.text, date.year, False, paragraph.line)
    body = [p for p in paragraphs if p.kind is PassageKind.BODY]
    found = _lede_date(body[:LEDE_PARAGRAPHS])
    date_text, line = found if found is not None else (None, None)
    stated = parse_date(date_text) if date_text else None
    if stated is not None:
        return DateInfo(None, date_text, stated.year, False, line)
    text = " ".join(p.text for p in paragraphs if p.kind is not PassageKind.META)
    year = infer_year(text)
    if year is not None and date_text is not None:
        year = event_year(date_text, year, text)
    return DateInfo(None, date_text, year, year is not None, line)


# "tổng kết công tác năm 2021", "kết quả cả năm 2021": the article reviews a whole year. No digit between the
# cue and the year: in "tổng kết công tác năm 2020, triển khai nhiệm vụ năm 2021" the year reviewed is 2020.
_WHOLE_YEAR_REVIEW = re.compile(r"(?:tổng kết\b[^.;:\d]{0,60}?\bnăm|cả năm)\s+(?P<year>(?:19|20)\d{2})(?!\d)", re.IGNORECASE)
# "bằng 30% dự toán cả năm 2021": a plan for the year, which a first-quarter report also names.
_PLAN_BEFORE = re.compile(r"(?:dự toán|kế hoạch|chỉ tiêu|mục tiêu)\s*$", re.IGNORECASE)
LAST_REVIEW_MONTH = 6  # a whole year is reviewed in its last weeks or the months after, never in its first half


def event_year(day_month: str, latest: int, text: str) -> int:
    """The year of the lede's event date ("Sáng 26-1") given the latest year the article reports.

    An event in the first half of a year cannot review that whole year: "Sáng 26-1, … tổng kết công tác
    năm 2021" took place in 2022, even when the article also sets out the tasks of 2022. Any other event
    date falls in the latest year reported.
    """
    month = int(re.split(r"[/-]", day_month)[1])
    reviewed = [
        int(match["year"])
        for match in _WHOLE_YEAR_REVIEW.finditer(text)
        if int(match["year"]) <= latest and not _PLAN_BEFORE.search(text[max(0, match.start() - 20) : match.start()])
    ]
    if month <= LAST_REVIEW_MONTH and reviewed:
        return max(reviewed) + 1
    return latest


# "Tính đến ngày 2/6", "từ ngày 1/6 đến ngày 5/6", "hạn chót ngày 30/6": a cut-off or a span, not an event.
_CUT_OFF_BEFORE = re.compile(r"(?:đến|tới|từ|trước|sau|hết|hạn|chót|cuối|kể)\s*$", re.IGNORECASE)


def _lede_date(paragraphs: Iterable[Paragraph]) -> tuple[str, int] | None:
    for paragraph in paragraphs:
        for match in _PARTIAL_DATE.finditer(paragraph.text):
            before = paragraph.text[max(0, match.start() - 40) : match.start()]
            if _DOCUMENT_REFERENCE.search(before) or _CUT_OFF_BEFORE.search(before):
                continue
            return match["date"], paragraph.line
    return None


def infer_year(text: str) -> int | None:
    """The latest single year the text mentions ("năm 2021", "quý I/2021").

    Left out: ranges ("nhiệm kỳ 2020-2025"), horizons ("đến năm 2030", "tầm nhìn 2045"), document numbers
    ("45/2021/QH15") and the dates of cited documents ("Nghị quyết 07-NQ/QU ngày 14/11/2025", "Luật
    Đất đai năm 2013"): none of them says when the article was written.
    """
    years = [int(match.group()) for match in _YEAR.finditer(text) if _is_single_year(text, match)]
    return max(years, default=None)


_HORIZON_BEFORE = re.compile(
    r"(?:(?:tầm nhìn|định hướng)(?:\s+đến)?|(?:đến|tới)(?:\s+hết)?|giai đoạn|nhiệm kỳ|khóa|khoá)(?:\s+năm)?\s*$",
    re.IGNORECASE,
)
_CITED_LAW_BEFORE = re.compile(r"\b(?:Luật|Bộ luật|Hiến pháp)\s+[^.;,()]{0,40}?\bnăm\s*$")
_FULL_DATE_BEFORE = re.compile(r"(?:ngày\s+)?\d{1,2}\s*[/.-]\s*\d{1,2}\s*[/.-]\s*$|\d{1,2}\s+tháng\s+\d{1,2}\s+năm\s+$")


def _is_single_year(text: str, match: re.Match[str]) -> bool:
    before, after = text[: match.start()], text[match.end() :]
    if _RANGE_DASH.search(before) and re.search(r"\d$", before.rstrip(" -–—")):
        return False  # the end of "2020-2025" / "2020 -2025", or the year of "5-8-2005"
    if re.match(r"\s*[-–—]\s*(?:19|20)?\d{2}(?!\d)", after):
        return False  # the start of a range
    if before.endswith("/") and after.startswith("/"):
        return False  # "45/2021/QH15"
    window = before[-80:]
    if _HORIZON_BEFORE.search(window) or _CITED_LAW_BEFORE.search(window):
        return False
    date = _FULL_DATE_BEFORE.search(window)
    if date is not None and _DOCUMENT_REFERENCE.search(window[: date.start()][-40:].rstrip(" ,")):
        return False  # the date a cited document was signed
    return True


# --- author and outlet ------------------------------------------------------------------------------------


def find_author(paragraphs: Iterable[Paragraph]) -> str | None:
    """The byline before a dateline ("Minh Khang 09/05/2025 - 08:10") or a name-like META line ("T.Lan")."""
    metas = [p for p in paragraphs if p.kind is PassageKind.META]
    for paragraph in metas:
        labelled = _BYLINE_LABEL.match(paragraph.text)
        if labelled is not None and _is_person_name(paragraph.text[labelled.end() :].strip()):
            return paragraph.text[labelled.end() :].strip()
    for paragraph in metas:
        parts = dateline_parts(paragraph.text)
        # "Thứ Hai, 05/01/2026 08:00 | Báo Tin Mới": the outlet beside the date is no byline.
        if parts is not None and parts[0] and _is_person_name(parts[0]) and not _names_outlet(parts[0]):
            return parts[0]
    for paragraph in reversed(metas):
        if _is_person_name(paragraph.text) and dateline_parts(paragraph.text) is None and not _names_outlet(paragraph.text):
            return paragraph.text
    # "THU HÀ" closing the article: the byline in capitals, as many papers print it (given as printed).
    last = metas[-1].text.strip() if metas else ""
    if is_name_in_capitals(last) and _is_person_name(last.title()) and not _names_outlet(last.title()):
        return last
    return None


# "Bài: Hoàng Lâm", "Bài và ảnh: …", "Tác giả: …": a byline that says so ("Ảnh:" credits a photo, not the text).
_BYLINE_LABEL = re.compile(
    r"^(?:bài(?:\s*(?:và|,)\s*ảnh)?|tin(?:\s*(?:và|,)\s*ảnh)?|tác giả|phóng viên|nhóm phóng viên|pv)\s*:\s*",
    re.IGNORECASE,
)
# "Báo Hà Nội Mới" on a line of its own names the outlet: capitalised like a person, it is no byline.
_OUTLET_LINE = re.compile(r"^(?:báo|tạp chí|đài|cổng thông tin|trang thông tin|thông tấn xã)\s+\S", re.IGNORECASE)


def _names_outlet(text: str) -> bool:
    return _OUTLET_LINE.match(text) is not None


def _is_person_name(text: str) -> bool:
    """Name-like and not a place: "Hà Nội 15/01/2021" is a dateline with a place, not a byline."""
    if not is_name_like(text):
        return False
    gazetteer = load_gazetteer()
    return gazetteer.province_named(text) is None and not gazetteer.districts_named(text)


def find_outlet(layout: Layout, outlets: Mapping[str, str] | None = None) -> str | None:
    """The publishing outlet: a lede code "(LĐTĐ)", "Nguồn: Báo X", "Theo X", or a copyright footer naming "Báo X"."""
    table = {**OUTLET_CODES, **(outlets or {})}
    body = [p for p in layout.paragraphs if p.kind is PassageKind.BODY]
    if body:
        match = _LEDE_CODE.match(body[0].text)
        if match is not None and (_known_code(match["code"], table) or _looks_like_code(match["code"])):
            return _resolve(match["code"], table)
    for dropped in layout.dropped:
        if dropped.reason is DropReason.SOURCE:
            named = dropped.text.split(":", 1)[1].strip() if ":" in dropped.text else ""
            if named:
                return _outlet_name(named, table)
    for paragraph in layout.paragraphs:
        if paragraph.kind is PassageKind.META and is_credit_line(paragraph.text) and paragraph.text.startswith("Theo "):
            return _outlet_name(paragraph.text[len("Theo ") :].strip(), table)
    for paragraph in layout.paragraphs:
        if paragraph.kind is PassageKind.META and _names_outlet(paragraph.text) and is_name_like(paragraph.text):
            return _outlet_name(paragraph.text, table)
    for dropped in layout.dropped:
        if dropped.reason is DropReason.COPYRIGHT:
            match = _BAO_NAME.search(dropped.text)
            if match is not None:
                return match["name"].rstrip(".")
    return None


def _known_code(code: str, table: Mapping[str, str]) -> bool:
    return code in table or name_key(code) in {name_key(key) for key in table}


def _looks_like_code(code: str) -> bool:
    """An unknown outlet code: capitals only, and not a place such as "(TP.HCM)" or "(Hà Nội)"."""
    letters = [c for c in code if c.isalpha()]
    if len(letters) < 2 or not all(c.isupper() for c in letters) or "." in code:
        return False
    gazetteer = load_gazetteer()
    return gazetteer.province_named(code) is None and not gazetteer.districts_named(code)


def _resolve(code: str, table: Mapping[str, str]) -> str:
    if code in table:
        return table[code]
    folded = {name_key(key): value for key, value in table.items()}
    return folded.get(name_key(code), code)


def _outlet_name(named: str, table: Mapping[str, str]) -> str:
    named = named.strip().rstrip(".")
    match = _BAO_NAME.match(named)
    if match is not None:
        return match["name"]
    return _resolve(named, table)

