"""Raw article lines → kept paragraphs (title, meta, body), with scraping boilerplate set aside."""

from __future__ import annotations

import re
from dataclasses import dataclass
from enum import Enum

from retrieval.models import PassageKind
from retrieval.text.normalize import normalize_text
from retrieval.corpus.datelines import is_capitalised_word, is_name_in_capitals, is_name_like, read_dateline, trailing_dateline
from retrieval.corpus.sentences import glue_points


class DropReason(str, Enum):
    BOILERPLATE = "boilerplate"  # "(0) Bình luận", "Nổi bật", image file names, lone characters
    SOURCE = "source"  # "Nguồn: Báo X" (the outlet is kept as metadata)
    COPYRIGHT = "copyright"  # "(*) Không sao chép …", "© …"
    TITLE_COPY = "title_copy"  # the headline repeated under a photo or at the foot of the page
    HEADLINE_RUN = "headline_run"  # related-article headlines glued into one line


@dataclass(frozen=True)
class Paragraph:
    line: int  # 1-based source line where the paragraph starts
    text: str
    kind: PassageKind = PassageKind.BODY


@dataclass(frozen=True)
class DroppedLine:
    line: int
    text: str
    reason: DropReason


@dataclass(frozen=True)
class Layout:
    """An article's kept paragraphs in reading order, and the lines left out with the reason."""

    paragraphs: tuple[Paragraph, ...]
    dropped: tuple[DroppedLine, ...] = ()

    @property
    def title(self) -> str | None:
        return next((p.text for p in self.paragraphs if p.kind is PassageKind.TITLE), None)

    @property
    def title_line(self) -> int | None:
        """The source line the headline was read from."""
        return next((p.line for p in self.paragraphs if p.kind is PassageKind.TITLE), None)


# Characters stripped from line edges besides whitespace: byte-order marks and zero-width marks of copy-paste.
_EDGE_JUNK = "\ufeff\u200b\u200c\u200d\u2060"
_TERMINAL_END = re.compile(r"[.!?…;:]['\"”’»)\]]*$")
_SENTENCE_PUNCTUATION = re.compile(r"[.!?…;:](?!\d)")

_IMAGE_FILE = re.compile(r"^\S+\.(?:jpe?g|png|gif|webp|bmp|svg|tiff?|avif|heic)(?:\?\S*)?$", re.IGNORECASE)
_SOURCE_LINE = re.compile(r"^Nguồn\s*:\s*(?P<outlet>.*)$", re.IGNORECASE)
_BOILERPLATE_LINE = re.compile(
    r"^(?:\(\d+\)\s*Bình luận|\d+\s*Bình luận|Bình luận|Nổi bật|Đừng bỏ lỡ|Xem thêm|Tin liên quan|Tin cùng chuyên mục"
    r"|Tin mới|Tin khác|Đọc thêm|Chia sẻ|In bài(?: viết)?|Gửi bài|Bài viết liên quan|Theo dõi chúng tôi.*"
    r"|Quay lại|Trở về)"
    r"\s*(?::.*)?$",
    re.IGNORECASE,
)
_COPYRIGHT_LINE = re.compile(
    r"^(?:\(\*\)|©|\(c\)\s|Copyright\b|Bản quyền\b|Không sao chép\b|Ghi rõ nguồn\b)", re.IGNORECASE
)
_ONLY_SYMBOLS = re.compile(r"^[\W_]+$")

MAX_TITLE_WORDS = 40
MAX_SECTION_WORDS = 6
MIN_HEADLINE_RUN_WORDS = 30
WORDS_PER_COMMA = 20  # headline runs have fewer commas than one per this many words
MIN_HEADLINE_RUN_STARTS = 3


def split_lines(text: str) -> list[str]:
    """The file's lines as editors number them (\\r\\n, \\n or \\r), without edge whitespace or byte-order marks."""
    return [line.strip().strip(_EDGE_JUNK).strip() for line in re.split(r"\r\n|\n|\r", text)]


def layout_article(text: str) -> Layout:
    """Kept paragraphs of an article with their kinds, plus the dropped boilerplate lines."""
    logical = _join_hard_wraps(split_lines(text))
    kept: list[Paragraph] = []
    dropped: list[DroppedLine] = []
    for line_number, line in logical:
        reason = _boilerplate_reason(line)
        if reason is not None:
            dropped.append(DroppedLine(line_number, line, reason))
            continue
        kept.append(Paragraph(line_number, _strip_trailing_bar(line)))
    kept = _unlabelled_header(kept)
    kept = _split_glued_header(kept)
    kept = _split_trailing_dateline(kept)
    kept = _classify_header(kept)
    kept, title_copies = _drop_title_copies(kept)
    kept = _mark_trailing_bylines(kept)
    dropped.extend(title_copies)
    dropped.sort(key=lambda d: d.line)
    return Layout(tuple(kept), tuple(dropped))


# "Tiêu đề: …", "Tác giả: …", "Nguồn: …": a header typed as a form, as people write their own .txt files.
_HEADER_LABEL = re.compile(
    r"^(?:tiêu đề|tựa đề|tên bài|title|tác giả|người viết|bút danh|author|nguồn|nguồn tin|source)\s*:\s*(?=\S)",
    re.IGNORECASE,
)
_HEADER_LINES = 8  # a form's labels stand among the first lines, never in the body


def _unlabelled_header(paragraphs: list[Paragraph]) -> list[Paragraph]:
    """The header's values without their labels: the headline, the byline and the outlet are then read as on a
    page ("Tác giả: Minh Châu" is a byline, not a paragraph of the article)."""
    result = list(paragraphs)
    for index, paragraph in enumerate(paragraphs[:_HEADER_LINES]):
        label = _HEADER_LABEL.match(paragraph.text)
        if label is not None:
            result[index] = Paragraph(paragraph.line, paragraph.text[label.end() :].strip(), paragraph.kind)
    return result


def is_dateline(line: str) -> bool:
    return dateline_parts(line) is not None


def dateline_parts(line: str) -> tuple[str | None, str] | None:
    """(byline, date as printed) of a dateline such as "Minh Khang 09/05/2025 - 08:10", or None."""
    dateline = read_dateline(line)
    if dateline is None:
        return None
    return dateline.byline, dateline.text


def _join_hard_wraps(lines: list[str]) -> list[tuple[int, str]]:
    """Each non-empty line is a paragraph, except a line starting lower-case that continues an unfinished one."""
    joined: list[tuple[int, str]] = []
    previous_blank = True
    for index, line in enumerate(lines, start=1):
        if not line:
            previous_blank = True
            continue
        if joined and not previous_blank and _continues(joined[-1][1], line):
            start, text = joined[-1]
            joined[-1] = (start, f"{text} {line}")
        else:
            joined.append((index, line))
        previous_blank = False
    return joined


def _continues(previous: str, line: str) -> bool:
    first_letter = next((c for c in line if c.isalnum()), "")
    return (
        not _TERMINAL_END.search(previous)
        and not previous.endswith("|")
        and line[0].isalpha()
        and first_letter.islower()
        and _IMAGE_FILE.match(line) is None
        and _IMAGE_FILE.match(previous) is None
    )


def _boilerplate_reason(line: str) -> DropReason | None:
    if len(line) == 1 or _ONLY_SYMBOLS.match(line) or _IMAGE_FILE.match(line) or _BOILERPLATE_LINE.match(line):
        return DropReason.BOILERPLATE
    if _SOURCE_LINE.match(line):
        return DropReason.SOURCE
    if _COPYRIGHT_LINE.match(line):
        return DropReason.COPYRIGHT
    if is_headline_run(line):
        return DropReason.HEADLINE_RUN
    return None


def is_headline_run(line: str) -> bool:
    """Several related-article headlines glued into one long line with no sentence punctuation and few commas.

    Each glued headline restarts with a capitalised word after a lower-case word or a number
    ("… giai đoạn 2020 -2025 Tập huấn Nghị quyết …"); a caption has one such start at most.
    """
    if _SENTENCE_PUNCTUATION.search(line) or line.endswith("|"):
        return False
    words = line.split()
    if len(words) < MIN_HEADLINE_RUN_WORDS or line.count(",") * WORDS_PER_COMMA > len(words):
        return False  # a long sentence that only lost its final period still has its commas
    starts = 0
    for before, word, after in zip(words, words[1:], words[2:]):
        if is_capitalised_word(word) and not is_capitalised_word(before) and after[:1].islower():
            starts += 1
    return starts >= MIN_HEADLINE_RUN_STARTS


def _strip_trailing_bar(line: str) -> str:
    """Captions scraped with a trailing " |": keep the text before it."""
    stripped = line
    while stripped.endswith("|"):
        stripped = stripped[:-1].rstrip()
    return stripped or line


def _split_glued_header(paragraphs: list[Paragraph]) -> list[Paragraph]:
    """A headline glued to the lede ("… đề raTại Hội nghị, …") becomes two paragraphs on the same line."""
    if not paragraphs:
        return paragraphs
    header_end = _header_end(paragraphs)
    result: list[Paragraph] = []
    for index, paragraph in enumerate(paragraphs):
        points = glue_points(paragraph.text) if index <= header_end else ()
        if not points or not _looks_like_headline(paragraph.text[: points[0]]):
            result.append(paragraph)
            continue
        result.append(Paragraph(paragraph.line, paragraph.text[: points[0]].rstrip()))
        result.append(Paragraph(paragraph.line, paragraph.text[points[0] :]))
    return result


def _split_trailing_dateline(paragraphs: list[Paragraph]) -> list[Paragraph]:
    """A headline printed with its date after it ("… năm 2024 (14/01/2025)") becomes headline and dateline."""
    header_end = _header_end(paragraphs)
    result: list[Paragraph] = []
    for index, paragraph in enumerate(paragraphs):
        whole = index > header_end or is_dateline(paragraph.text)  # "Cập nhật ngày 12/10/2020" is one dateline
        split = None if whole else trailing_dateline(paragraph.text)
        if split is None:
            result.append(paragraph)
            continue
        head = split[0]
        tail = paragraph.text[len(head) :].strip(" -–—|,([])")
        result.append(Paragraph(paragraph.line, head))
        result.append(Paragraph(paragraph.line, tail))
    return result


def _header_end(paragraphs: list[Paragraph]) -> int:
    """Index of the first paragraph that reads as article text; the lines before it are the header."""
    for index, paragraph in enumerate(paragraphs):
        if not _looks_like_headline(paragraph.text) and not is_dateline(paragraph.text):
            return index
    return len(paragraphs)


def _looks_like_headline(text: str) -> bool:
    words = text.split()
    if not words or len(words) > MAX_TITLE_WORDS:
        return False
    if _TERMINAL_END.search(text) and not re.search(r"[?!]['\"”’»)\]]*$", text):
        return False
    first = next((c for c in text if c.isalnum()), "")
    return bool(first) and (first.isupper() or first.isdigit())


def _classify_header(paragraphs: list[Paragraph]) -> list[Paragraph]:
    """Mark the headline (TITLE), datelines, section names and bylines (META); everything else stays BODY."""
    header_end = _header_end(paragraphs)
    kinds = [PassageKind.BODY] * len(paragraphs)
    candidates = [i for i in range(header_end) if not _is_header_meta(paragraphs[i].text)]
    if not candidates and header_end and not any(is_dateline(p.text) for p in paragraphs[:header_end]):
        # A page that opens with a name and has no dateline is about that person ("Nikola Tesla"),
        # not signed by them: news pages print their byline with or near a date.
        candidates = [0] if is_name_like(paragraphs[0].text) else []
    # A caption printed under the dateline can be longer than the headline; it is the title only of a page
    # that has nothing else above its body.
    candidates = [i for i in candidates if not is_caption(paragraphs[i].text)] or candidates
    title_index = max(candidates, key=lambda i: (len(paragraphs[i].text.split()), -i)) if candidates else None
    for index in range(header_end):
        text = paragraphs[index].text
        if is_dateline(text):
            kinds[index] = PassageKind.META
        elif index == title_index:
            kinds[index] = PassageKind.TITLE
        elif title_index is not None and index < title_index and len(text.split()) <= MAX_SECTION_WORDS:
            kinds[index] = PassageKind.META  # a section name printed above the headline
        elif _is_header_meta(text):
            kinds[index] = PassageKind.META
    for index in range(header_end, len(paragraphs)):
        if is_dateline(paragraphs[index].text):
            kinds[index] = PassageKind.META
    return [Paragraph(p.line, p.text, kind) for p, kind in zip(paragraphs, kinds)]


MAX_CAPTION_WORDS = 30
# What photo captions say: "… phát biểu tại hội nghị", "Quang cảnh hội nghị", "… trao Bằng khen cho …".
_CAPTION_CUE = re.compile(
    r"\b(?:phát biểu|chụp ảnh|trao (?:tặng|quà|quyết định|giấy khen|bằng khen|cờ)|tặng hoa|(?:Quang|Toàn) cảnh)\b"
    r"|\(?\bẢnh\s*:",
    re.IGNORECASE,
)


def is_caption(text: str) -> bool:
    """A photo caption: a short line saying who is shown doing what ("… phát biểu tại hội nghị")."""
    return len(text.split()) <= MAX_CAPTION_WORDS and bool(_CAPTION_CUE.search(text))


def _is_header_meta(text: str) -> bool:
    """A line above the body that is never the headline: a dateline, a byline, a credit or an outlet's name."""
    return is_dateline(text) or is_name_like(text) or is_credit_line(text) or is_outlet_line(text)


# "Báo Hànộimới", "Tạp chí Xây dựng Đảng", "Cổng thông tin điện tử quận Ba Đình"
_OUTLET_LINE = re.compile(
    r"^(?:Báo(?:\s+điện\s+tử)?|Tạp\s+chí|Đài|Cổng\s+thông\s+tin(?:\s+điện\s+tử)?|Trang\s+tin(?:\s+điện\s+tử)?)\s+\S+(?:\s+\S+){0,5}$",
    re.IGNORECASE,
)
_OUTLET_NAME_WORD = re.compile(r"^[A-ZĐ]")


def is_outlet_line(text: str) -> bool:
    """A line that only names the outlet: "Báo Hànộimới", "HANOIMOI.VN", "(NSHN)", "VOV.VN"."""
    bare = text.strip().strip("()[]")
    if re.fullmatch(r"[\w-]+(?:\.[\w-]+)*\.(?:vn|com|net|org)", bare, re.IGNORECASE):
        return True
    letters = [c for c in bare if c.isalpha()]
    if " " not in bare and 2 <= len(letters) <= 10 and all(c.isupper() for c in letters) and not bare.isdigit():
        return True
    match = _OUTLET_LINE.match(text.strip())
    if match is None:
        return False
    name = text.strip().split()
    first_name_word = next((w for w in name[1:] if w.lower() not in {"điện", "tử", "chí", "thông", "tin"}), "")
    return bool(_OUTLET_NAME_WORD.match(first_name_word)) and not _TERMINAL_END.search(text)


# "Theo TTXVN", "Theo Báo Nhân Dân", "Ảnh: Nam Khánh": credits printed under the article.
_CREDIT_LINE = re.compile(
    r"^(?:Theo\s+(?:[A-ZĐ]|\S+\.(?:vn|com|net|org)\b)[^,;:!?…]{0,60}"
    r"|(?:Ảnh|Bài(?: và ảnh)?|Bài, ảnh|Tin, ảnh|Video)\s*:\s*[^.!?]{2,60})$"
)


def is_credit_line(text: str) -> bool:
    """A credit under the article: "Theo TTXVN", "Theo baochinhphu.vn", "Ảnh: Nam Khánh"."""
    if _CREDIT_LINE.match(text) is None:
        return False
    return not text.endswith(".") or re.search(r"\.(?:vn|com|net|org)$", text) is not None


def _mark_trailing_bylines(paragraphs: list[Paragraph]) -> list[Paragraph]:
    """Bylines and credit lines ("Nam Khánh", "Theo TTXVN") closing the article become META."""
    result = list(paragraphs)
    body_count = sum(p.kind is PassageKind.BODY for p in paragraphs)
    marked = 0
    for index in range(len(result) - 1, -1, -1):
        paragraph = result[index]
        if paragraph.kind is not PassageKind.BODY:
            continue
        if marked + 1 >= body_count:
            break  # always leave some article text: a lone short line is the article, not its byline
        capitals = marked == 0 and is_name_in_capitals(paragraph.text)  # the last line only
        if capitals or is_name_like(paragraph.text) or is_credit_line(paragraph.text) or is_dateline(paragraph.text):
            result[index] = Paragraph(paragraph.line, paragraph.text, PassageKind.META)
            marked += 1
            continue
        break
    return result



def _drop_title_copies(paragraphs: list[Paragraph]) -> tuple[list[Paragraph], list[DroppedLine]]:
    title = next((p.text for p in paragraphs if p.kind is PassageKind.TITLE), None)
    if title is None:
        return paragraphs, []
    key = _comparable(title)
    kept: list[Paragraph] = []
    dropped: list[DroppedLine] = []
    for paragraph in paragraphs:
        if paragraph.kind is not PassageKind.TITLE and _comparable(paragraph.text) == key:
            dropped.append(DroppedLine(paragraph.line, paragraph.text, DropReason.TITLE_COPY))
        else:
            kept.append(paragraph)
    return kept, dropped


def _comparable(text: str) -> str:
    return " ".join(normalize_text(text).lower().split())
