"""A dateline as Vietnamese news sites print it: "Nguyệt Ánh| 12/10/2022 14:14", "Ngày đăng 17/07/2019 | 09:15" (pure).

A page's dateline mixes the publication date with a weekday, a time and time zone, labels ("Ngày đăng",
"Cập nhật lúc"), view or comment counters, the author's name and an outlet code, joined by `|`, `-` or `,`
in any order. Rather than one pattern per site, a line is read element by element: a line is a dateline when
every part of it is one of those elements, it states a whole date, and whatever words remain are a byline
or an outlet code. A sentence always leaves lower-case words over, so it is never a dateline.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass

MAX_DATELINE_CHARS = 160
MAX_BYLINE_WORDS = 5  # "Nguyễn Thị Minh Khai" and an outlet code
MAX_CODE_LETTERS = 10

_WEEKDAY = r"(?:Thứ\s+(?:hai|ba|tư|năm|sáu|bảy|bẩy|[2-7])|Chủ\s+nhật|CN|T[2-7])"
_LABEL = (
    r"(?:Ngày\s+(?:đăng(?:\s+tải)?|xuất\s+bản|cập\s+nhật|đưa\s+tin)|Cập\s+nhật(?:\s+lần\s+cuối)?|Đăng\s+tải|Đăng|"
    r"Xuất\s+bản|Thời\s+gian(?:\s+đăng)?|Giờ\s+đăng|Published|Publish|Updated|Update|Posted|vào\s+lúc|lúc|ngày|giờ)"
)
_NUMERIC_DATE = r"(?P<d>\d{1,2})\s*(?P<s>[/.-])\s*(?P<m>\d{1,2})\s*(?P=s)\s*(?P<y>(?:19|20)\d{2})"
_ISO_DATE = r"(?P<iy>(?:19|20)\d{2})-(?P<im>\d{1,2})-(?P<id>\d{1,2})(?:T(?=\d))?"  # "2021-01-15T11:53:00+07:00"
_SPELLED_DATE = r"(?P<sd>\d{1,2})\s+tháng\s+(?P<sm>\d{1,2})\s*,?\s*năm\s+(?P<sy>(?:19|20)\d{2})"
_TIME = r"\d{1,2}\s*(?::|h|g|giờ)\s*\d{2}(?::\d{2})?(?:\s*(?:AM|PM|SA|CH|sáng|chiều|tối))?"
_ZONE = r"\(?\s*(?:GMT|UTC)\s*[+-]\s*\d{1,2}(?::?\d{2})?\s*\)?|[+-]\d{2}:\d{2}"
_COUNTER = (
    r"(?:Lượt\s+(?:xem|đọc|thích|chia\s+sẻ|bình\s+luận)|Bình\s+luận|Views?|Comments?)\s*:?\s*\(?\d[\d.,]*\)?"
    r"|\(?\d[\d.,]*\)?\s*(?:lượt\s+(?:xem|đọc|thích)|bình\s+luận|views?|comments?)"
    r"|\d{1,7}"  # a bare count after a separator: "20/07/2021 15:21 | 0"
)
# A page's buttons printed beside its date: "| Chia sẻ", "| In bài", "Nghe đọc bài".
_CHROME = r"(?:Chia\s+sẻ|In\s+bài|Lưu\s+bài|Gửi\s+bài|Nghe\s+(?:đọc\s+)?bài|Nghe\s+đọc|Theo\s+dõi|Bình\s+luận|Share|Print)"
_CREDIT = r"(?:Bài\s+và\s+ảnh|Bài,\s*ảnh|Bài|Ảnh|Tin,\s*ảnh|Tác\s+giả|Phóng\s+viên|Nhóm\s+PV)\s*:"
_END = r"(?:(?![\w])|(?-i:(?<=\dT)))"  # a whole element, or an ISO date running into its time

# Tried in this order at each position; the first that matches is taken.
_ELEMENTS: tuple[tuple[str, re.Pattern[str]], ...] = tuple(
    (kind, re.compile(pattern + _END, re.IGNORECASE))
    for kind, pattern in (
        ("date", _SPELLED_DATE),
        ("date", _ISO_DATE),
        ("date", _NUMERIC_DATE),
        ("time", _TIME),
        ("zone", _ZONE),
        ("counter", _COUNTER),
        ("weekday", _WEEKDAY),
        ("label", _LABEL),
        ("chrome", _CHROME),
        ("credit", _CREDIT),
    )
)
_SEPARATOR = re.compile(r"(?:[^\w]|_)+")
_WORD = re.compile(r"\w[\w.&'’]*\w|\w")
# Parts of a dateline that are the date as printed (a counter, a byline or a code are not).
_DATE_KINDS = frozenset({"date", "time", "zone", "weekday", "label"})
# Words that begin a lede ("Sáng 16/1/2023, …") and are never someone's name.
_NOT_A_NAME = frozenset({"sáng", "chiều", "trưa", "tối", "đêm", "hôm", "nay", "theo", "tại", "từ", "đến"})


@dataclass(frozen=True)
class Dateline:
    """What a dateline line says: the date (and as printed), the byline and the outlet code, when given."""

    date: dt.date
    text: str  # the date part as printed: "Ngày đăng 17/07/2019 | 09:15"
    byline: str | None = None
    code: str | None = None


@dataclass(frozen=True)
class _Part:
    kind: str  # an element kind, or "word" for what no element took
    start: int
    end: int
    date: dt.date | None = None


def read_dateline(line: str) -> Dateline | None:
    """The dateline `line` is, or None when it is anything else (a sentence, a headline, a date without a year)."""
    line = line.strip()
    if not line or len(line) > MAX_DATELINE_CHARS:
        return None
    parts = _scan(line)
    dates = [p for p in parts if p.kind == "date"]
    if not dates or any(p.date is None for p in dates):
        return None  # no whole date, or one that is no day of the calendar ("31/02/2021")
    runs = _word_runs(line, parts)
    if len(runs) > 2 or any(not _is_credit_run(run) for run in runs):
        return None
    byline, code = _byline_and_code(runs)
    first = next(p for p in parts if p.kind in _DATE_KINDS)
    last = [p for p in parts if p.kind in _DATE_KINDS][-1]
    return Dateline(dates[0].date, line[first.start : last.end].strip(" ,|-–—"), byline, code)


def trailing_dateline(line: str) -> tuple[str, Dateline] | None:
    """A headline with its dateline glued on: "Quận X tổng kết năm 2024 (14/01/2025)" → (headline, dateline).

    Only a dateline set off by a bracket, `|` or a dash, or one with a time of day, is cut off: a headline may
    itself end with a date ("… ngày 2/9/2025").
    """
    for match in re.finditer(r"\s*(?:[(\[|]|\s[-–—])\s*|\s+", line):
        head, tail = line[: match.start()].rstrip(" -–—|,("), line[match.end() :]
        if len(head.split()) < 3 or not tail[:1].isalnum():
            continue
        dateline = read_dateline(tail.rstrip(")] "))
        if dateline is None:
            continue
        if dateline.byline is not None:
            return None  # the name could as well be the headline's last words ("… quận Hoàng Mai")
        separated = match.group().strip() != ""
        if separated or any(p.kind == "time" for p in _scan(tail)):
            return head, dateline
        return None
    return None


def _scan(line: str) -> list[_Part]:
    parts: list[_Part] = []
    position = 0
    while position < len(line):
        separator = _SEPARATOR.match(line, position)
        if separator is not None and separator.end() > position:
            position = separator.end()
            continue
        part = _element_at(line, position, after_separator=bool(parts))
        if part is None:
            word = _WORD.match(line, position)
            end = word.end() if word is not None else position + 1
            part = _Part("word", position, end)
        parts.append(part)
        position = part.end
    return parts


def _element_at(line: str, position: int, after_separator: bool) -> _Part | None:
    for kind, pattern in _ELEMENTS:
        match = pattern.match(line, position)
        if match is None:
            continue
        if kind == "counter" and match.group().isdigit() and not after_separator:
            continue  # a bare number opening the line is not a count
        return _Part(kind, position, match.end(), _calendar_date(match) if kind == "date" else None)
    return None


def _calendar_date(match: re.Match[str]) -> dt.date | None:
    groups = match.groupdict()
    for day, month, year in (("d", "m", "y"), ("id", "im", "iy"), ("sd", "sm", "sy")):
        if groups.get(day):
            try:
                return dt.date(int(groups[year]), int(groups[month]), int(groups[day]))
            except ValueError:
                return None
    return None


def _word_runs(line: str, parts: list[_Part]) -> list[str]:
    """The leftover words, grouped: words next to each other (only spaces or dots between) make one run."""
    runs: list[list[_Part]] = []
    previous: _Part | None = None
    for part in parts:
        if part.kind == "word":
            joined = previous is not None and previous.kind == "word" and not line[previous.end : part.start].strip(" .")
            if joined or (previous is not None and previous.kind == "credit"):  # the name after "Bài và ảnh:"
                runs[-1].append(part)
            else:
                runs.append([part])
        elif part.kind == "credit":
            runs.append([part])  # "Bài và ảnh:" opens a byline run
        previous = part
    texts = []
    for run in runs:
        words = [p for p in run if p.kind == "word"]
        if words:
            texts.append(line[words[0].start : words[-1].end])
        elif run:
            return ["?"]  # a credit label with no name after it
    return texts


def _is_credit_run(run: str) -> bool:
    words = run.split()
    if not words or len(words) > MAX_BYLINE_WORDS:
        return False
    if any(word.lower() in _NOT_A_NAME for word in words):
        return False
    if _is_code(words[-1]) and all(word.isalpha() for word in words[:-1]):
        return True  # a programme or section with the outlet's code: "Thời sự HTV"
    return all(_is_code(word) or _is_name_word(word) for word in words)


def _is_name_word(word: str) -> bool:
    return is_capitalised_word(word) or _is_initials(word)


def _byline_and_code(runs: list[str]) -> tuple[str | None, str | None]:
    byline: str | None = None
    code: str | None = None
    for run in runs:
        words = run.split()
        if _is_code(words[-1]) and not (len(words) == 1 and _is_initials(words[0])):
            code = code or words[-1]
            words = words[:-1]
        if words and byline is None and all(_is_name_word(word) for word in words):
            byline = " ".join(words)
    return byline, code


def _is_code(word: str) -> bool:
    """An outlet code ("HTV", "TTXVN", "KT&ĐT") or a site name ("hanoimoi.vn")."""
    if re.fullmatch(r"[\w-]+(?:\.[\w-]+)*\.(?:vn|com|net|org)", word, re.IGNORECASE):
        return True
    letters = [c for c in word if c.isalpha()]
    return 2 <= len(letters) <= MAX_CODE_LETTERS and all(c.isupper() for c in letters) and re.fullmatch(r"[\w&]+", word) is not None


def _is_initials(word: str) -> bool:
    return re.fullmatch(r"(?:[^\W\d_]\.\s?){1,3}[^\W\d_]*", word) is not None and word[:1].isupper()


def is_capitalised_word(word: str) -> bool:
    """"Hoàng", "Ánh": a capital then lower-case letters only."""
    return word.isalpha() and word[0].isupper() and (len(word) == 1 or word[1:].islower())


def is_name_in_capitals(line: str) -> bool:
    """ "PHƯƠNG LINH": a byline as many papers print it, in capitals."""
    text = line.strip()
    return text.isupper() and is_name_like(text.title())


def is_name_like(line: str) -> bool:
    """A byline: 2–4 capitalised syllables ("Lê Anh Tuấn") or initials with a name ("T.Lan", "N.H. Anh")."""
    text = line.strip()
    if re.fullmatch(r"(?:[^\W\d_]\.\s?){1,3}[^\W\d_]+", text):
        return all(part[:1].isupper() for part in re.split(r"[.\s]+", text) if part)
    words = text.split()
    if not 2 <= len(words) <= 4:
        return False
    return all(is_capitalised_word(word) for word in words)
