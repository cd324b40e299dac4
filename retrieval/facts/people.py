"""People named with their roles: "đồng chí Lê Anh Tú, Phó Bí thư Thường trực Huyện ủy, Chủ tịch HĐND huyện",
"Bí thư Quận ủy Trần Văn Minh đề nghị …" — each (person, role) one RoleFact with verbatim offsets."""

from __future__ import annotations

import dataclasses
import re
from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass
from functools import lru_cache

from retrieval.facts.lexicon import Lexicon
from retrieval.facts.model import RoleFact, Source
from retrieval.gazetteer import name_key
from retrieval.models import Document, Passage, PassageKind
from retrieval.text.folding import fold_aligned
from retrieval.text.normalize import expand_abbreviations, fold_accents

_WORD = re.compile(r"[^\W\d_]+")
# "UBND huyện", "Hội đồng nhân dân quận": a council of the division (folded, lower case), then its member's name.
COUNCIL_OF_DIVISION = re.compile(r"(?<![^\W_])(?:ubnd|hdnd|nhan dan|to quoc)\s+(?:quan|huyen|thi xa)\s*$", re.IGNORECASE)
_MAX_NAME = 4  # syllables of a Vietnamese full name after the family name
_PLACE_AFTER = re.compile(r"\s+(?:quận|huyện|thị xã|phường|xã|thành phố)(?:\s+(?:[A-ZĐ][^\W\d_]*|\d{1,2}))*", re.IGNORECASE)


@dataclass(frozen=True)
class ParsedRole:
    text_start: int
    text_end: int
    head: str  # folded
    body: str  # folded, normalised ("cap uy", "ubnd"), "" when none is said or implied


_ROLE_WORDS = frozenset(
    "thuong truc quan huyen thi xa thanh pho nhan dan uy ban hoi dong dang bo vien khoa nhiem ky chap hanh"
    " kiem tra mat tran to quoc uong".split()
)

# Role words that are one only as the second syllable of a compound: "hội đồng", not "đồng chủ trì".
_SECOND_OF = {"dong": "hoi"}
_ROLE_WORD = re.compile(r"[^\W\d_]+|(?<!\d)\d{1,2}(?!\d)")
# The Party committee's boards, whose second word is written in lower case: "Ban Tổ chức", "Ban Tuyên giáo".
_BOARD_NAMES = frozenset({("to", "chuc"), ("tuyen", "giao"), ("dan", "van"), ("noi", "chinh"), ("van", "phong")})


def parse_role(
    text: str, folded: str, start: int, lexicon: Lexicon, abbreviations: Mapping[str, str], stops: frozenset[int] = frozenset()
) -> ParsedRole | None:
    """A role phrase starting at `start`: its head, the body it belongs to, and where it ends in `text`.

    The phrase runs over capitalised words and the lower-case words of bodies ("HĐND quận Hoàng Mai") and ends
    at punctuation, at another word ("chủ trì hội nghị") or where a person's name starts (`stops`)."""
    head = lexicon.role_head_pattern.match(folded, start)
    if head is None:
        return None
    end = head.end()
    previous = ""
    for word in _ROLE_WORD.finditer(text, head.end()):
        if word.group().isdigit() and previous not in ("quan", "q"):
            break  # "Quận 8": the district's number is part of the role; any other number ends it
        between = text[end : word.start()]
        if between.strip() or word.start() in stops:
            break
        folded_word = folded[word.start() : word.end()]
        if not (word.group()[:1].isupper() or word.group().isdigit() or folded_word in _ROLE_WORDS
                or (previous, folded_word.lower()) in _BOARD_NAMES):
            break
        if word.group().islower() and _SECOND_OF.get(folded_word, previous) != previous:
            break  # "Chủ tịch UBND quận đồng chủ trì": "đồng" is a role's word only in "hội đồng"
        end = word.end()
        previous = folded_word.lower()
    trailing = _TRAILING_TERM.search(folded, head.end(), end)
    if trailing is not None:
        end = trailing.start()  # "Chủ tịch HĐND huyện nhiệm kỳ 2021-2026": the term is when, not which office
    head_text = " ".join(head.group().split())
    span = fold_aligned(expand_abbreviations(text[head.end() : end], abbreviations)) if abbreviations else folded[head.end() : end]
    span = " ".join(span.split())
    body = ""
    found = [(span.find(key), -len(key), name) for key, name in lexicon.role_bodies.items() if re.search(rf"(?<![^\W_]){re.escape(key)}(?![^\W_])", span)]
    if found:
        body = min(found)[2]
    elif not re.search(r"[^\W\d_]", span.replace("quan", "").replace("huyen", "").replace("thi xa", "")) or _only_place(text[head.end() : end]):
        body = lexicon.implied_bodies.get(head_text, "")
    else:
        body = span  # a body the lexicon does not know: matched only by itself
    return ParsedRole(start, end, head_text, body)


_TRAILING_TERM = re.compile(r"\s+nhiem\s+ky\s*$", re.IGNORECASE)


def _only_place(text: str) -> bool:
    """ "quận Hoàng Mai", "huyện": a place, no body."""
    return re.fullmatch(r"\s*(?:(?:quận|huyện|thị xã)\s*)?(?:[A-ZĐ][^\W\d_]*\s*)*", text) is not None


_HONORIFICS = frozenset({"Ông", "Bà", "Anh", "Chị", "Cô", "Chú"})


def _names(
    sentence: str, surnames: frozenset[str], not_names: frozenset[str], places: Sequence[str] = ()
) -> Iterator[tuple[int, int]]:
    """Spans of full names: a family name and one to four more capitalised syllables."""
    if not surnames or not any(m.group(1) + m.group(2) in surnames for m in _name_starts(surnames).finditer(sentence)):
        return  # most sentences name nobody
    words = list(_WORD.finditer(sentence))
    i = 0
    while i < len(words):
        word = words[i].group()
        if word in _HONORIFICS and i + 2 < len(words) and words[i + 1].group() in surnames:
            i += 1  # "Ông Lê Anh Quân": Ông is a family name too, but before another it is the title "Mr"
            continue
        if word in surnames and i > 0 and _ends_a_place(sentence, words[i].end(), places):
            i += 1  # "Bí thư Quận ủy Hải Châu Nguyễn Đình Khoa": "Châu" closes the place, the name comes after
            continue
        if word in surnames and i + 1 < len(words):
            j = i + 1
            while j < len(words) and j - i <= _MAX_NAME and words[j].group()[:1].isupper() and _adjacent(sentence, words[j - 1], words[j]):
                j += 1
            before = sentence[: words[i].start()].rstrip().lower()
            division = before.endswith(("quận", "huyện", "phường", "xã", "phố", "tỉnh", "thị trấn"))
            if division and j - i >= 3 and COUNCIL_OF_DIVISION.search(fold_accents(before)) and not any(
                fold_accents(" ".join(w.group() for w in words[i:j])).lower().startswith(p) for p in places
            ):
                # "Chủ tịch UBND huyện Nguyễn Xuân Trường": the council's division named without its name, then
                # the person; a district's name after it ("UBND quận Hoàng Mai") is the article's own place.
                division = False
            if word in _HONORIFICS and j - i == 2:
                i = j  # "Ông Mạnh", "Bà Hoa": the title and a given name, the person named in full before
                continue
            if j - i >= 2 and not division:
                phrase = fold_accents(" ".join(w.group() for w in words[i:j])).lower()
                if not any(phrase.startswith(n) for n in not_names):
                    yield words[i].start(), words[j - 1].end()
                    i = j
                    continue
        i += 1


_CAPITALS = "".join(c for c in map(chr, range(0x41, 0x2000)) if c.isupper() and c.isalpha())


@lru_cache(maxsize=8)
def _name_starts(surnames: frozenset[str]) -> re.Pattern[str]:
    """A word of its own (as _WORD cuts words) opening on a family name's first letter, with a capitalised
    word one space after it: where a full name may start. "Hà" and "Lê" alone are frequent words, the start
    of a full name much rarer. The family name is then looked up in a set (one alternative per family name
    would be tried at every capital letter). The letter comes first and the check that no letter precedes it
    after: a pattern that opens on a character class lets the engine skip every other character in C."""
    firsts = "".join(sorted({re.escape(name[0]) for name in surnames}))
    return re.compile(rf"([{firsts}])(?<![^\W\d_].)([^\W\d_]*) (?=[{_CAPITALS}])")


def _ends_a_place(sentence: str, end: int, places: Sequence[str]) -> bool:
    """The text up to `end` closes one of `places` (folded) of two words or more: "… Hải Châu"."""
    folded = fold_accents(sentence[max(0, end - 40) : end]).lower()
    return any(len(p.split()) > 1 and (folded == p or folded.endswith(" " + p)) for p in places)


def _adjacent(sentence: str, first: re.Match[str], second: re.Match[str]) -> bool:
    return sentence[first.end() : second.start()] == " "


def document_roles(
    document: Document, lexicon: Lexicon, abbreviations: Mapping[str, str], surnames: frozenset[str],
    not_names: frozenset[str], period_year: int | None = None,
) -> tuple[RoleFact, ...]:
    facts: list[RoleFact] = []
    place = f"{document.district_kind or ''} {document.district}".strip() if document.district else (document.city or "")
    places = [fold_accents(p).lower() for p in (document.district, document.city) if p]
    for passage in document.passages:
        if passage.kind is PassageKind.META:
            continue
        for index, sentence in enumerate(passage.sentences):
            facts.extend(_sentence_roles(document, passage, index, sentence, place, places, lexicon, abbreviations, surnames, not_names))
    return tuple(dataclasses.replace(f, period_year=period_year) for f in facts)


def _sentence_roles(
    document: Document, passage: Passage, index: int, sentence: str, place: str, places: list[str], lexicon: Lexicon,
    abbreviations: Mapping[str, str], surnames: frozenset[str], not_names: frozenset[str],
) -> list[RoleFact]:
    """places: the article's district and city, folded."""
    # "Hoàng Mai", "Từ Liêm": a place whose name starts like a family name is no person.
    names = [(a, b) for a, b in _names(sentence, surnames, not_names, places)
             if not any(fold_accents(sentence[a:b]).lower() in p for p in places)]
    if not names:
        return []
    folded = fold_aligned(sentence)
    found: dict[tuple[int, int], RoleFact] = {}
    source = Source(document.doc_id, passage.number, index, sentence)
    stops = frozenset(start for start, _ in names)
    ends = frozenset(end for _, end in names)
    for start, end in names:
        before = _roles_before(sentence, folded, start, lexicon, abbreviations, stops, ends)
        for role in _roles_after(sentence, folded, end, lexicon, abbreviations, stops) + before:
            key = (start, role.text_start)
            if key not in found:
                found[key] = _fact(document, source, sentence, start, end, role, place)
    return list(found.values())


# "X được Ban Thường vụ Thành ủy chỉ định giữ chức Bí thư Quận ủy": the body that appointed X stands between.
_APPOINTED_BY = re.compile(
    r"(?:da\s+)?duoc\s+(?:[^\W\d_]+\s+){1,8}?(?:dieu\s+dong,?\s+|phan\s+cong,?\s+)?(?:chi\s+dinh|bo\s+nhiem|phan\s+cong|bau)"
    r"\s+(?:giu\s+chuc|lam)\s+",
    re.IGNORECASE,
)


_LINK_AFTER_ROLE = re.compile(r"\s+(?:da\s+|vua\s+)?")


def _roles_after(
    sentence: str, folded: str, end: int, lexicon: Lexicon, abbreviations: Mapping[str, str], stops: frozenset[int]
) -> list[ParsedRole]:
    """ "X, Bí thư Quận ủy, Chủ tịch HĐND quận": the roles listed after a name, up to ";" or the next person."""
    roles: list[ParsedRole] = []
    position = end
    link = re.match(r"\s*(?:\(|,|-|–)?\s*", folded[position:])
    position += link.end() if link else 0
    while position < len(folded):
        # "X, Phó Bí thư Quận ủy, được bầu giữ chức Chủ tịch HĐND quận": a link may open any role of the list.
        for word in lexicon.role_links:
            if folded.startswith(word + " ", position):
                position += len(word) + 1
                break
        else:
            appointed = _APPOINTED_BY.match(folded, position)
            if appointed is not None:
                position = appointed.end()
        role = parse_role(sentence, folded, position, lexicon, abbreviations, stops)
        if role is not None:
            roles.append(role)
            position = role.text_end
        elif not sentence[position : position + 1].isupper():
            break  # "chủ trì hội nghị": the list of roles is over
        else:
            nxt = re.search(r"[,;)]", folded[position:])
            segment = folded[position : position + nxt.start()] if nxt else folded[position:]
            if len(segment.split()) > 8:
                break
            position += len(segment)
        separator = re.match(r"\s*,\s*", folded[position:])
        linked = _LINK_AFTER_ROLE.match(folded, position) if separator is None and role is not None else None
        if linked is not None and any(" " in word and folded.startswith(f"{word} ", linked.end()) for word in lexicon.role_links):
            # "X, Trưởng Ban Tổ chức Huyện ủy (đã) giữ chức Phó Bí thư Thường trực": the office taken after those
            # held ("giữ chức", not "là" or "làm", which open too much else).
            position = linked.end()
            continue
        if separator is None or folded[position + separator.end() :].startswith(("dong chi", "ong ", "ba ")):
            break
        position += separator.end()
    return roles


def _roles_before(
    sentence: str, folded: str, start: int, lexicon: Lexicon, abbreviations: Mapping[str, str], stops: frozenset[int],
    name_ends: frozenset[int],
) -> list[ParsedRole]:
    """ "Bí thư Quận ủy, Chủ tịch HĐND quận X Đặng Văn A": the roles written right before the name, a
    list of them joined by commas, up to a role that follows another person's name (which is that person's)."""
    nearest = _role_ending_at(sentence, folded, start, lexicon, abbreviations, stops, ("", "dong chi"))
    if nearest is None:
        return []
    roles = [nearest]
    while True:
        comma = re.search(r",\s*$", folded[: roles[-1].text_start])
        if comma is None:
            break
        earlier = _role_ending_at(sentence, folded, comma.start(), lexicon, abbreviations, stops, ("",))
        if earlier is None:
            break
        owner = re.search(r"[,(]?\s*$", folded[: earlier.text_start])
        if owner is not None and owner.start() in name_ends:
            break  # "Trần B, Bí thư Quận ủy, Chủ tịch …": that role is Trần B's
        roles.append(earlier)
    return roles


def _role_ending_at(
    sentence: str, folded: str, end: int, lexicon: Lexicon, abbreviations: Mapping[str, str], stops: frozenset[int],
    allowed_between: tuple[str, ...],
) -> ParsedRole | None:
    """The first role phrase that runs up to `end` (only `allowed_between` words left between them)."""
    for head in lexicon.role_head_pattern.finditer(folded[:end]):
        role = parse_role(sentence, folded, head.start(), lexicon, abbreviations, stops)
        if role is None or role.text_end > end:
            continue
        if folded[role.text_end : end].strip() in allowed_between:
            return role
    return None


def _fact(document: Document, source: Source, sentence: str, start: int, end: int, role: ParsedRole, place: str) -> RoleFact:
    role_text = sentence[role.text_start : role.text_end].strip(" ,")
    district = document.district
    mentioned = re.search(r"(?:quận|huyện|thị xã)\s+((?:[A-ZĐ][^\W\d_]*\s?)+|\d{1,2})", role_text)
    role_place = place
    if mentioned and district and name_key(mentioned.group(1).strip()) != name_key(district):
        role_place, district = mentioned.group(0).strip(), mentioned.group(1).strip()
    if role.body in ("thanh uy",) and document.city:
        role_place, district = f"thành phố {document.city}", None
    since = _since(sentence, start, role.text_end)
    return RoleFact(
        id=f"{source.doc_id}:{source.paragraph}:{source.sentence_index}:{start}:{role.text_start}",
        source=source, name=sentence[start:end], start=start, end=end, role=role_text,
        role_start=role.text_start, role_end=role.text_start + len(role_text), head=role.head, body=role.body,
        place=role_place, district=district, year=document.year, date=document.date,
        since_year=since[0] if since else None, since_month=since[1] if since else None,
    )


# "X được bầu giữ chức Bí thư Huyện ủy từ tháng 9/2020", "Tháng 11/2024, đồng chí X … giữ chức …": when X took
# the office up.
_TAKEN_UP = re.compile(r"(?<![^\W_])(?:giu\s+chuc|duoc\s+bau|chi\s+dinh|dam\s+nhiem|nhan\s+chuc)(?![^\W_])")
_SINCE = re.compile(
    r"\W*(?:[^\W\d_]+\s+){0,6}?tu\s+(?:ngay\s+\d{1,2}\s*[/-]\s*)?(?:thang\s+)?(?:(?P<month>\d{1,2})\s*[/-]\s*)?(?:nam\s+)?"
    r"(?P<year>(?:19|20)\d\d)(?!\d)"
)
_OPENING_WHEN = re.compile(
    r"\W*(?:thang|ngay\s+\d{1,2}\s*[/-])\s*(?:(?P<month>\d{1,2})\s*[/-]\s*)?(?P<year>(?:19|20)\d\d)(?!\d)"
)


def _when(found: re.Match[str]) -> tuple[int, int | None]:
    month = int(found.group("month")) if found.group("month") else None
    return int(found.group("year")), month if month is not None and 1 <= month <= 12 else None


def _since(sentence: str, name_start: int, role_end: int) -> tuple[int, int | None] | None:
    """The year (and month) the sentence says the person took up the role."""
    lowered = sentence.lower()
    if "chức" not in lowered and "bầu" not in lowered and "định" not in lowered:
        return None  # most sentences naming a person say nothing of when they took office
    folded = fold_aligned(sentence).lower()
    if not _TAKEN_UP.search(folded):
        return None
    since = _SINCE.match(folded, role_end)
    if since is not None:
        return _when(since)
    opening = _OPENING_WHEN.match(folded)
    if opening is not None and opening.end() <= name_start:
        return _when(opening)
    return None
