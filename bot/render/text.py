"""Every word a person reads of an answer: the templates of config/templates.toml filled in, as plain text."""

from __future__ import annotations

import re

from collections.abc import Callable, Mapping

from bot.render.links import citation_link
from retrieval.models import Answer, Citation, Coverage, DeclineReason, Document

DEFAULT_TEMPLATES: dict[str, str] = {
    "answer": "{quotes}\n\nNguồn:\n{citations}",
    "quote": "[{n}] Theo bài về {place}: “{quote}”",
    "citation": "[{n}] {place_city} · {date} · {title} · {link}",
    "date_partial": "{date_text}/{year} (năm suy ra từ bài)",
    "year_inferred": "năm {year} (suy ra từ bài)",
    "no_date": "không rõ ngày",
    "title_from_body": "{title} (câu đầu bài; bài không có tiêu đề)",
    "unknown_place_notice": "Lưu ý: kho bài viết chưa có bài nào về {places}.",
    "decline_empty": "Bạn chưa nhập câu hỏi.\n{coverage}",
    "decline_unknown_place": "Xin lỗi, kho bài viết chưa có bài nào về {places}.\n{coverage}",
    "decline_no_match": "Xin lỗi, tôi không tìm thấy nội dung trả lời câu hỏi này trong các bài viết hiện có.\n{coverage}",
    "decline_undated": "Kho bài viết không có bài nào đăng ngày {date}.{nearest}\n{coverage}",
    "nearest_dates": " Các bài có ngày gần nhất: {dates}.",
    "decline_slot_missing": "Bài về {articles} không nêu {slot}, nên tôi không trả lời được câu hỏi này.\n{coverage}",
    "yesno_unsettled": "Bài viết không nói rõ điều này; câu liên quan nhất:",
    "decline_empty_corpus": "Kho bài viết đang trống: chưa có bài nào để tra cứu.",
    "decline_small_talk": "Xin chào! Tôi trả lời câu hỏi về các bài viết và trích nguyên văn câu trong bài, ví dụ: “Năm 2020 quận Đống Đa thu ngân sách được bao nhiêu?”\n{coverage}",
    "coverage": "Kho hiện có {count} bài viết về: {topics}.",
    "truncated_notice": "Câu hỏi dài quá {limit} ký tự nên chỉ phần đầu được dùng.",
    "cleaned_notice": "Câu hỏi có byte hoặc ký tự không hợp lệ; chúng đã được thay bằng � hoặc dấu cách.",
    "followup_notice": "(hiểu là: {question})",
    "spelling_notice": "(đã hiểu “{typed}” là “{read}”)",
    "direct": "{text} [{n}]",
    "direct_fact": "{lead} [{n}].",
    "other_periods": "Các kỳ khác: {rows}.",
    "other_period_row": "{period}: {value} [{n}]",
    "decline_stated": "Bài có nêu: {stated}.",
    "offered": "Bài về {place} không nêu số liệu này cho {asked_period}; số liệu {period}: {text} [{n}].",
    "offered_city": "Các bài không nêu số liệu này của {place} cho {asked_period}; số liệu {period}: {text} [{n}].",
    "direct_yesno": "{text}. [{n}]",
    "direct_yesno_basis": "{text}: {basis} [{n}].",
    "comparison_winner": "Cao nhất: {winner} — {value}{period} [{n}].",
    "comparison_winner_min": "Thấp nhất: {winner} — {value}{period} [{n}].",
    "comparison_winner_of_two": "Cao hơn: {winner} — {value}{period} [{n}].",
    "comparison_winner_min_of_two": "Thấp hơn: {winner} — {value}{period} [{n}].",
    "comparison_row": "{rank}. {district}: {value}{period} [{n}]",
    "comparison_not_comparable_units": "Các số liệu không cùng đơn vị nên không so sánh được; xem từng số liệu:",
    "comparison_not_comparable_bases": "Các tỷ lệ không tính trên cùng một cơ sở nên không so sánh được; xem từng số liệu:",
    "comparison_not_comparable_periods": "Các số liệu không cùng kỳ nên không so sánh được; xem từng số liệu:",
    "comparison_too_few": "Chỉ tìm thấy số liệu của {districts}, chưa đủ để so sánh:",
    "comparison_tie": "Các quận bằng nhau:",
    "comparison_unplaced": "Câu hỏi chưa nêu quận, huyện nào; các bài nêu:",
    "comparison_left_out": "Không tính {districts}: số liệu thuộc kỳ khác ({periods}).",
    "comparison_periods_winner": "{place}: cao nhất là {winner} — {value} [{n}].",
    "comparison_periods_winner_min": "{place}: thấp nhất là {winner} — {value} [{n}].",
    "comparison_periods_too_few": "{place} chỉ có số liệu {districts}, chưa đủ để so sánh:",
    "comparison_periods_tie": "{place}: các kỳ bằng nhau:",
    "comparison_periods_not_comparable": "{place}: các kỳ không cùng độ dài nên không so sánh được; xem từng số liệu:",
}

def merged_templates(configured: Mapping[str, str]) -> dict[str, str]:
    """The configured templates over the defaults, so a partial templates file still works."""
    return {**DEFAULT_TEMPLATES, **configured}


def format_date(
    date: str | None, date_text: str | None, year: int | None, year_inferred: bool, templates: Mapping[str, str]
) -> str:
    """dd/mm/yyyy for a stated date; an inferred year is said to be inferred."""
    if date:
        year_part, month, day = date.split("-")
        return f"{day}/{month}/{year_part}"
    if date_text and year:
        if str(year) in date_text:  # the body stated the whole date ("12/3/2022"): nothing to add
            return date_text
        return templates["date_partial"].format(date_text=date_text, year=year)
    if year:
        return templates["year_inferred"].format(year=year) if year_inferred else str(year)
    return templates["no_date"]


def place_label(district_kind: str | None, district: str | None) -> str | None:
    if not district:
        return None
    return f"{district_kind} {district}" if district_kind else district


def citation_line(citation: Citation, templates: Mapping[str, str], with_link: bool = True) -> str:
    document = citation.document
    place = place_label(document.district_kind, document.district)
    place_city = ", ".join(part for part in (place, document.city) if part)
    values = {
        "n": citation.n,
        "place_city": place_city,
        "date": document_date(document, templates),
        "title": document_title(document, templates) or "",
        "link": citation_link(citation) if with_link else "",
        "doc_id": citation.doc_id,
        "paragraph": citation.paragraph,
    }
    line = templates["citation"].format(**values)
    # Drop the separators around parts that are empty ("· ·") so a citation never shows holes.
    parts = [part.strip() for part in line.split("·")]
    head = parts[0]
    kept = [p for p in parts[1:] if p]
    if head.endswith("]"):
        head = f"{head} {citation.doc_id}"
    return " · ".join([head, *kept])


def quote_place(citation: Citation) -> str:
    """What a quote is introduced as being about: its district, else its title, else its document id."""
    document = citation.document
    return place_label(document.district_kind, document.district) or document.title or document.doc_id


Highlight = Callable[[str], str]


def highlighted_quote(citation: Citation, answer: Answer, mark: Highlight | None) -> str:
    """The quote with the short answer marked (bold on a terminal); unmarked without `mark`."""
    direct = answer.direct or (answer.offered.direct if answer.offered else None)
    quote = citation.quote
    if mark is None or direct is None or direct.citation != citation.n:
        return quote
    if direct.start is None or direct.end is None:
        # A yes/no marks the words that settle it, when they are the quote's own.
        at = quote.find(direct.basis) if direct.basis else -1
        if at < 0 or not direct.basis:
            return quote
        return quote[:at] + mark(direct.basis) + quote[at + len(direct.basis) :]
    return quote[: direct.start] + mark(quote[direct.start : direct.end]) + quote[direct.end :]


def quote_line(citation: Citation, templates: Mapping[str, str], quote: str | None = None) -> str:
    return templates["quote"].format(n=citation.n, place=quote_place(citation), quote=citation.quote if quote is None else quote)


def document_date(document: Document, templates: Mapping[str, str]) -> str:
    return format_date(document.date, document.date_text, document.year, document.year_inferred, templates)


def coverage_sentence(coverage: Coverage, templates: Mapping[str, str]) -> str:
    """What the corpus covers: its districts with their cities, or its titles when it has no districts."""
    topics = list(coverage.topics)
    if len(topics) > 8:
        topics = topics[:8] + [f"và {len(coverage.topics) - 8} nơi khác"]
    return templates["coverage"].format(count=coverage.articles, topics=", ".join(topics) or "—")


def decline_text(answer: Answer, templates: Mapping[str, str]) -> str:
    reason = answer.reason or DeclineReason.NO_MATCH
    template = templates["decline_undated" if answer.undated else f"decline_{DeclineReason(reason).value}"]
    dates = ", ".join(format_date(d, None, None, False, templates) for d in answer.nearest_dates)
    text = template.format(
        date=format_date(answer.undated, None, None, False, templates) if answer.undated else "",
        nearest=templates["nearest_dates"].format(dates=dates) if dates else "",
        coverage=coverage_sentence(answer.coverage, templates),
        places=", ".join(answer.unknown_places),
        articles=", ".join(answer.missing_in),
        slot=answer.missing_slot or "",
    ).strip()
    if not answer.stated:
        return text
    # What the articles do state goes right after the line that says what they do not.
    first, _, rest = text.partition("\n")
    stated = templates["decline_stated"].format(stated="; ".join(answer.stated))
    return "\n".join(p for p in (first, stated, rest) if p)


def notice_text(answer: Answer, templates: Mapping[str, str]) -> str | None:
    """What the reader should know before the answer: how a follow-up or a misspelt name was read, the
    question was cut, a named place is not covered."""
    notices = []
    if answer.resolved_question:
        notices.append(templates["followup_notice"].format(question=answer.resolved_question))
    for correction in answer.corrected_names:
        notices.append(templates["spelling_notice"].format(typed=correction.typed, read=correction.read))
    if answer.cleaned:
        notices.append(templates["cleaned_notice"])
    if answer.cut_at is not None:
        notices.append(templates["truncated_notice"].format(limit=answer.cut_at))
    if answer.unknown_places and not answer.abstained:
        notices.append(templates["unknown_place_notice"].format(places=", ".join(answer.unknown_places)))
    return "\n".join(notices) or None


def body_text(answer: Answer, templates: Mapping[str, str], mark: Highlight | None = None) -> str:
    """The answer first, then the quotes and their sources; or the decline."""
    if not answer.has_quotes:
        return decline_text(answer, templates)
    quotes = "\n".join(quote_line(c, templates, highlighted_quote(c, answer, mark)) for c in answer.citations)
    lines = "\n".join(citation_line(c, templates) for c in answer.citations)
    body = templates["answer"].format(quotes=quotes, citations=lines)
    lead = lead_lines(answer, templates)
    return "\n".join(lead) + "\n\n" + body if lead else body


def _period(period: str | None, status: str | None = None) -> str:
    """ " (ước tính, Năm 2022)": a compared figure's period, and its status when it is no result."""
    notes = [n for n in (_STATUS_NOTES.get(status or ""), period) if n]
    return f" ({', '.join(notes)})" if notes else ""


def lead_lines(answer: Answer, templates: Mapping[str, str]) -> list[str]:
    """The answer itself, before its proof: the short answer, or a comparison's winner and ranking."""
    if answer.comparison or answer.comparison_left_out:
        return comparison_lines(answer, templates)
    direct = answer.direct
    offered = answer.offered
    if direct is None and offered is not None:
        # A city's figure is quoted in its districts' articles: there is no article "about" the city.
        key = "offered_city" if offered.place.lower().startswith(("thành phố", "cả nước")) else "offered"
        return [templates[key].format(
            place=offered.place, asked_period=offered.asked_period, period=offered.period, text=offered.direct.text,
            n=offered.direct.citation,
        )]
    if direct is None:
        return [templates["yesno_unsettled"]] if answer.asked_kind == "yesno" else []
    if direct.statement:
        lines = [templates["direct_fact"].format(lead=fact_lead(direct.period, direct.place, direct.statement), n=direct.citation)]
        if answer.other_periods:
            rows = "; ".join(
                templates["other_period_row"].format(period=v.period or "?", value=_with_status(v.value, v.status), n=v.citation)
                for v in answer.other_periods
            )
            lines.append(templates["other_periods"].format(rows=rows))
        return lines
    key = "direct_yesno" if direct.kind == "yesno" else "direct"
    if direct.kind == "yesno" and direct.basis:
        key = "direct_yesno_basis"
    return [templates[key].format(text=direct.text, n=direct.citation, kind=direct.kind, basis=direct.basis or "")]


_COMMITTEE_OPENING = re.compile(
    r"(?:Ban Thường vụ|Ban Chấp hành Đảng bộ|Ban Chấp hành|BCH Đảng bộ|BCH)\s+(?:Quận ủy|Huyện ủy|Thị ủy|quận|huyện)(?!\w)",
    re.IGNORECASE,
)
_DIVISION = re.compile(r"^(?:quận|huyện|thị xã)\s+(?=\S)", re.IGNORECASE)


def fact_lead(period: str | None, place: str | None, statement: str) -> str:
    """ "Quý I/2021, quận Ba Đình thu ngân sách 2.375 tỷ đồng": period and place first, then the answer."""
    subject = " ".join(p for p in (place, statement) if p)
    committee = _COMMITTEE_OPENING.match(statement) if place else None
    if place and statement.lower().startswith(place.lower()):
        subject = statement
    elif committee is not None and place:
        # "Ban Thường vụ Huyện ủy gồm 15 đồng chí" of huyện Thanh Trì: "Ban Thường vụ Huyện ủy Thanh Trì gồm …"
        name = _DIVISION.sub("", place, count=1)
        subject = f"{statement[: committee.end()]} {name}{statement[committee.end() :]}"
    lead = f"{period}, {subject}" if period else subject
    return lead[:1].upper() + lead[1:]


def comparison_lines(answer: Answer, templates: Mapping[str, str]) -> list[str]:
    values = answer.comparison
    if answer.compared_periods_of:
        return _period_comparison_lines(answer, answer.compared_periods_of, templates)
    lines = []
    if answer.direct is not None and values:
        best = values[0]
        key = "comparison_winner_min" if answer.comparison_direction == "min" else "comparison_winner"
        if len(values) == 2 and f"{key}_of_two" in templates:
            key = f"{key}_of_two"  # two set side by side: one is higher, not highest
        lines.append(templates[key].format(winner=best.district, value=best.value, period=_period(best.period, best.status),
                                           n=best.citation))
    elif answer.comparison_note and (values or answer.comparison_note != "too_few"):
        # With no figure of the period asked, the figures of another period are all there is to say.
        note = answer.comparison_note
        key = {"units": "comparison_not_comparable_units", "bases": "comparison_not_comparable_bases",
               "periods": "comparison_not_comparable_periods", "tie": "comparison_tie",
               "unplaced": "comparison_unplaced"}.get(note, "comparison_too_few")
        lines.append(templates[key].format(districts=", ".join(v.district for v in values)))
    for rank, value in enumerate(values, start=1):
        lines.append(templates["comparison_row"].format(
            rank=rank, district=value.district, value=value.value, period=_period(value.period, value.status),
            n=value.citation
        ))
    left_out = answer.comparison_left_out
    if left_out:
        periods = ", ".join(dict.fromkeys(v.period or "?" for v in left_out))
        lines.append(templates["comparison_left_out"].format(districts=", ".join(v.district for v in left_out), periods=periods))
    return lines


def _period_comparison_lines(answer: Answer, place: str, templates: Mapping[str, str]) -> list[str]:
    """One place over the periods asked: "Huyện X: cao nhất là năm 2022 — tăng 10,2% [1]." and a row a period."""
    values = answer.comparison
    place = place[:1].upper() + place[1:]
    periods = ", ".join(v.district[:1].lower() + v.district[1:] for v in values)
    if answer.direct is not None and values:
        best = values[0]
        key = "comparison_periods_winner_min" if answer.comparison_direction == "min" else "comparison_periods_winner"
        winner = best.district[:1].lower() + best.district[1:]
        lines = [templates[key].format(place=place, winner=winner, value=_with_status(best.value, best.status),
                                       n=best.citation)]
    else:
        key = {"tie": "comparison_periods_tie", "units": "comparison_not_comparable_units",
               "periods": "comparison_periods_not_comparable"}.get(answer.comparison_note or "", "comparison_periods_too_few")
        lines = [templates[key].format(place=place, districts=periods)]
    lines.extend(
        templates["comparison_row"].format(rank=rank, district=v.district, value=_with_status(v.value, v.status), period="",
                                           n=v.citation)
        for rank, v in enumerate(values, start=1)
    )
    return lines


def terminal_bold(text: str) -> str:
    return f"\033[1m{text}\033[0m"


def answer_text(answer: Answer, templates: Mapping[str, str] = DEFAULT_TEMPLATES, mark: Highlight | None = None) -> str:
    """The answer for a person: any notice (question cut, place not covered) first; `mark` highlights the
    short answer in its quote (terminal_bold when stdout is a terminal)."""
    notice = notice_text(answer, templates)
    body = body_text(answer, templates, mark)
    return f"{notice}\n\n{body}" if notice else body


def document_title(document: Document, templates: Mapping[str, str] = DEFAULT_TEMPLATES) -> str | None:
    """The headline, or the first sentence of an article that has none, marked as such."""
    if document.title:
        return document.title
    if document.first_sentence:
        template = templates.get("title_from_body", DEFAULT_TEMPLATES["title_from_body"])
        return template.format(title=document.first_sentence)
    return None


def document_heading(document: Document) -> str:
    """One line naming the article: district, city, date, title."""
    place = place_label(document.district_kind, document.district)
    parts = [document.doc_id, ", ".join(p for p in (place, document.city) if p), document_date(document, DEFAULT_TEMPLATES), document_title(document)]
    return " · ".join(p for p in parts if p)


def document_details(document: Document) -> list[str]:
    """Metadata lines for `tracuu show`."""
    fields = [
        ("Tệp", document.source),
        ("Tiêu đề", document_title(document)),
        ("Địa bàn", ", ".join(p for p in (place_label(document.district_kind, document.district), document.city) if p)),
        ("Ngày", document_date(document, DEFAULT_TEMPLATES)),
        ("Tác giả", document.author),
        ("Nguồn", document.outlet),
        ("URL", document.url),
    ]
    return [f"{label}: {value}" for label, value in fields if value]


_STATUS_NOTES = {"estimate": "ước tính", "target": "chỉ tiêu", "budget": "dự toán"}


def _with_status(value: str, status: str | None) -> str:
    """ "8.050 tỷ đồng (ước tính)": a figure listed beside the answer says when it is no result."""
    note = _STATUS_NOTES.get(status or "")
    return f"{value} ({note})" if note else value

