"""Answers, sources and paragraphs as Telegram HTML; deep-link payloads. Escaping lives here, once.

Every piece of user or corpus text goes through `escape` before it meets a tag, and messages longer
than Telegram's limit are cut by `split_html` into parts that are each valid HTML on their own.
"""

from __future__ import annotations

import dataclasses
import hashlib
import html
import re
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass

from telegram import (
    InlineKeyboardButton,
    InlineKeyboardMarkup,
    InlineQueryResultArticle,
    InputTextMessageContent,
    LinkPreviewOptions,
)
from telegram.constants import ParseMode
from telegram.helpers import create_deep_linked_url

from bot.add import AddReport, Status, metadata_lines
from bot.report import percentile
from bot.state import ReportData
from retrieval.models import Answer, Citation, Document, Passage, PassageKind
from bot.render.links import article_web_link, web_link
from bot.render.text import (
    citation_line,
    decline_text,
    document_date,
    document_title,
    format_date,
    highlighted_quote,
    lead_lines,
    notice_text,
    place_label,
    quote_place,
)

MESSAGE_LIMIT = 4096  # Telegram's limit on a message's text, in UTF-16 code units
LONG_QUOTE_CHARS = 600  # longer quotes and paragraphs go in an expandable (collapsed) blockquote
QUESTION_ECHO_CHARS = 300  # the question repeated above an answer is cut to this length
PARAGRAPH_VIEW_CHARS = 3200  # a paragraph shown by a deep link must fit one editable message
INLINE_DESCRIPTION_CHARS = 120

PAYLOAD = re.compile(r"[A-Za-z0-9_-]{1,64}")
PAGE_DATA = re.compile(r"^[ph]_[A-Za-z0-9_-]{1,62}$")  # callback data of the previous/next buttons
_PLAIN_ID = re.compile(r"[A-Za-z0-9_-]+")
_HASH_CHARS = 16

EXAMPLE_DATA_PREFIX = "q:"  # callback data of an example-question button: "q:<index>"


_LONE_SURROGATE = re.compile(r"[\ud800-\udfff]")


def escape(text: str) -> str:
    """User or corpus text made safe for Telegram's HTML parse mode (and for UTF-8: no lone surrogates)."""
    return html.escape(_LONE_SURROGATE.sub("\ufffd", text), quote=False)


def _attribute(value: str) -> str:
    return html.escape(value, quote=True)


def _link(href: str, label_html: str) -> str:
    return f'<a href="{_attribute(href)}">{label_html}</a>'


def _blockquote(text: str, inner_html: str | None = None) -> str:
    tag = "blockquote expandable" if len(text) > LONG_QUOTE_CHARS else "blockquote"
    return f"<{tag}>{escape(text) if inner_html is None else inner_html}</blockquote>"


def _cut(text: str, limit: int) -> str:
    """Text shortened to at most `limit` characters at a word boundary, with an ellipsis."""
    if len(text) <= limit:
        return text
    head = text[: limit - 1]
    space = head.rfind(" ")
    return (head[:space] if space > limit // 2 else head).rstrip() + "…"


# ----------------------------------------------------------------------------- deep-link payloads


def _doc_hash(doc_id: str) -> str:
    return hashlib.sha256(doc_id.encode("utf-8")).hexdigest()[:_HASH_CHARS]


def encode_payload(doc_id: str, paragraph: int) -> str:
    """A /start payload naming a paragraph: "p_<doc_id>_<n>", or "h_<hash>_<n>" when the id does not fit."""
    plain = f"p_{doc_id}_{paragraph}"
    if _PLAIN_ID.fullmatch(doc_id) and len(plain) <= 64:
        return plain
    # File stems may hold accents, dots or spaces, or be long: a stable hash keeps the link valid.
    return f"h_{_doc_hash(doc_id)}_{paragraph}"


def decode_payload(payload: str, documents: Mapping[str, Document]) -> tuple[Document, Passage] | None:
    """The paragraph a payload names, or None for anything malformed, forged or no longer in the library."""
    if not isinstance(payload, str) or not PAYLOAD.fullmatch(payload):
        return None
    kind, _, rest = payload.partition("_")
    reference, _, number = rest.rpartition("_")
    if not reference or not number.isdigit() or len(number) > 6:
        return None
    if kind == "p":
        document = documents.get(reference)
    elif kind == "h":
        # A linear scan is fine: a corpus holds hundreds of articles, and links are opened one at a time.
        document = next((d for d in documents.values() if _doc_hash(d.doc_id) == reference), None)
    else:
        return None
    if document is None:
        return None
    passage = document.passage(int(number))
    return (document, passage) if passage is not None else None


def deep_link(bot_username: str, doc_id: str, paragraph: int) -> str:
    """https://t.me/<bot>?start=<payload>: opens the paragraph in a chat with the bot."""
    return create_deep_linked_url(bot_username, encode_payload(doc_id, paragraph))


# ----------------------------------------------------------------------------- answers


def citation_html(citation: Citation, templates: Mapping[str, str], bot_username: str) -> str:
    """The CLI citation line, its number linking to the paragraph in the bot, plus the original article."""
    # Instead of the CLI's link (a file path or the article URL): links that work in a chat.
    line = citation_line(citation, templates, with_link=False)
    marker = f"[{citation.n}]"
    linked = _link(deep_link(bot_username, citation.doc_id, citation.paragraph), marker)
    body = escape(line)
    body = linked + body[len(marker) :] if line.startswith(marker) else f"{linked} {body}"
    original = web_link(citation)
    if original:
        body += " · " + _link(original, "bài gốc")
    return body


def quote_html(citation: Citation, answer: Answer | None = None) -> str:
    """One quote: who it is about, then the exact sentences in a blockquote, the short answer in bold."""
    intro = f"<b>[{citation.n}]</b> Theo bài về {escape(quote_place(citation))}:"
    # Escaped piece by piece so the bold tags are the only markup: a private-use mark cannot be typed in a quote.
    marked = highlighted_quote(citation, answer, lambda span: f"\ue000{span}\ue001") if answer else citation.quote
    inner = escape(marked).replace("\ue000", "<b>").replace("\ue001", "</b>") if marked != citation.quote else None
    return f"{intro}\n{_blockquote(citation.quote, inner)}"


def question_html(question: str) -> str:
    """The question, repeated above its answer so a forwarded or button-asked answer stays readable."""
    return f"❓ <i>{escape(_cut(' '.join(question.split()), QUESTION_ECHO_CHARS))}</i>"


def answer_html(answer: Answer, templates: Mapping[str, str], bot_username: str) -> str:
    """A whole answer as one HTML text (possibly longer than a message; see answer_parts)."""
    blocks = [question_html(answer.question)] if answer.question.strip() else []
    notice = notice_text(answer, templates)
    if notice:
        blocks.append(f"<i>{escape(notice)}</i>")
    if not answer.has_quotes:
        blocks.append(escape(decline_text(answer, templates)))
        return "\n\n".join(blocks)
    lead = lead_lines(answer, templates)
    if lead:
        blocks.append("<b>" + escape(lead[0]) + "</b>" + "".join("\n" + escape(line) for line in lead[1:]))
    blocks.extend(quote_html(c, answer) for c in answer.citations)
    sources = "\n".join(citation_html(c, templates, bot_username) for c in answer.citations)
    blocks.append(f"<b>Nguồn:</b>\n{sources}")
    return "\n\n".join(blocks)


def answer_parts(
    answer: Answer, templates: Mapping[str, str], bot_username: str, limit: int = MESSAGE_LIMIT
) -> list[str]:
    """The answer as one or more messages, each within Telegram's limit and valid HTML."""
    return split_html(answer_html(answer, templates, bot_username), limit)


def inline_results(
    answer: Answer, templates: Mapping[str, str], bot_username: str
) -> list[InlineQueryResultArticle]:
    """Inline mode: one article per cited source (or one saying why there is no answer)."""
    if not answer.has_quotes:
        text = split_html(answer_html(answer, templates, bot_username))[0]
        first_line = decline_text(answer, templates).splitlines()[0]
        return [_article("decline", "Không tìm thấy câu trả lời", first_line, text)]
    articles = []
    for number, citation in enumerate(answer.citations):
        single = dataclasses.replace(answer, citations=(dataclasses.replace(citation, n=1),))
        text = split_html(answer_html(single, templates, bot_username))[0]
        document = citation.document
        title = " · ".join(p for p in (document_place(document) or document.title or document.doc_id, document_date(document, templates)) if p)
        description = _cut(citation.quote, INLINE_DESCRIPTION_CHARS)
        result_id = f"{number}-{encode_payload(citation.doc_id, citation.paragraph)}"[:64]
        articles.append(_article(result_id, title, description, text))
    return articles


def _article(result_id: str, title: str, description: str, text: str) -> InlineQueryResultArticle:
    content = InputTextMessageContent(
        text, parse_mode=ParseMode.HTML, link_preview_options=LinkPreviewOptions(is_disabled=True)
    )
    return InlineQueryResultArticle(result_id, title, content, description=description or None)


# ----------------------------------------------------------------------------- documents


def document_place(document: Document) -> str:
    """"quận Đống Đa, Hà Nội", or just the city, or ""."""
    return ", ".join(p for p in (place_label(document.district_kind, document.district), document.city) if p)


def first_body_paragraph(document: Document) -> int:
    """Where a source link opens an article: its first body paragraph, else its first paragraph."""
    return next((p.number for p in document.passages if p.kind is PassageKind.BODY), 1)


def paragraph_html(document: Document, passage: Passage, templates: Mapping[str, str]) -> str:
    """A source paragraph with the article's metadata, as opened by a citation's deep link."""
    lines = [f"<b>{escape(document_title(document, templates) or document.doc_id)}</b>"]
    where = " · ".join(p for p in (document_place(document), document_date(document, templates)) if p)
    lines.append(escape(where))
    byline = " · ".join(
        f"{label}: {escape(value)}" for label, value in (("Tác giả", document.author), ("Nguồn", document.outlet)) if value
    )
    if byline:
        lines.append(byline)
    lines.append(f"<i>Đoạn {passage.number}/{len(document.passages)} · {escape(document.source)}</i>")
    return "\n".join(lines) + "\n" + _blockquote(_cut(passage.text, PARAGRAPH_VIEW_CHARS))


def paragraph_keyboard(document: Document, passage: Passage) -> InlineKeyboardMarkup:
    """Previous / next paragraph buttons (edit the message in place) and the original article when known."""
    paging = []
    if passage.number > 1:
        paging.append(InlineKeyboardButton("« Đoạn trước", callback_data=encode_payload(document.doc_id, passage.number - 1)))
    if passage.number < len(document.passages):
        paging.append(InlineKeyboardButton("Đoạn sau »", callback_data=encode_payload(document.doc_id, passage.number + 1)))
    rows = [paging] if paging else []
    original = article_web_link(document)
    if original:
        rows.append([InlineKeyboardButton("Mở bài gốc", url=original)])
    return InlineKeyboardMarkup(rows)


def not_found_html() -> str:
    """The reply to a deep link or button naming no paragraph of the library."""
    return (
        "Xin lỗi, không tìm thấy đoạn văn này: liên kết có thể đã cũ hoặc bị sai.\n"
        "Gõ /sources để xem danh sách bài viết."
    )


def _date_range(documents: Sequence[Document], templates: Mapping[str, str]) -> str | None:
    dated = sorted((d for d in documents if d.date or d.year), key=lambda d: d.date or f"{d.year:04d}")
    if not dated:
        return None

    def label(document: Document) -> str:
        return format_date(document.date, None, document.year, False, templates) if document.date else f"năm {document.year}"

    first, last = label(dated[0]), label(dated[-1])
    return f"đăng {first}" if first == last else f"đăng từ {first} đến {last}"


def coverage_html(documents: Sequence[Document], templates: Mapping[str, str]) -> str:
    """What the corpus covers: districts grouped by city, and the date range."""
    if not documents:
        return "Kho bài viết đang trống: chưa có bài nào để tra cứu."
    by_city: dict[str, dict[str, None]] = {}
    for document in documents:
        place = place_label(document.district_kind, document.district)
        if place or document.city:
            by_city.setdefault(document.city or "", {})[place or ""] = None
    groups = []
    for city, places in by_city.items():
        named = ", ".join(escape(p) for p in places if p)
        if named and city:
            groups.append(f"{named} ({escape(city)})")
        else:
            groups.append(named or escape(city))
    text = f"Kho hiện có <b>{len(documents)}</b> bài viết"
    if groups:
        text += " về " + "; ".join(groups)
    period = _date_range(documents, templates)
    return text + (f", {period}." if period else ".")


def greeting_html(documents: Sequence[Document], templates: Mapping[str, str], with_examples: bool = True) -> str:
    """The /start greeting: what the bot does and what the corpus covers."""
    invitation = "Hãy gõ câu hỏi, hoặc bấm một câu hỏi mẫu bên dưới." if with_examples else "Hãy gõ câu hỏi."
    return (
        "Xin chào! Tôi là <b>Tra cứu</b>: hỏi gì về hoạt động của các Đảng bộ quận, tôi trả lời bằng "
        "câu trích nguyên văn trong bài báo, kèm nguồn để bạn bấm vào đọc.\n\n"
        f"{coverage_html(documents, templates)}\n\n"
        f"{invitation} Gõ /help để xem hướng dẫn."
    )


def examples_keyboard(questions: Sequence[str]) -> InlineKeyboardMarkup | None:
    """One button per example question; pressing it asks the question."""
    if not questions:
        return None
    return InlineKeyboardMarkup(
        [[InlineKeyboardButton(q, callback_data=f"{EXAMPLE_DATA_PREFIX}{i}")] for i, q in enumerate(questions)]
    )


def sources_html(documents: Sequence[Document], templates: Mapping[str, str], bot_username: str) -> str:
    """The /sources list: place, date and title of each article, each opening the article in the bot."""
    if not documents:
        return "Kho bài viết đang trống: chưa có bài nào để tra cứu."
    lines = [f"<b>{len(documents)} bài viết trong kho</b>"]
    for number, document in enumerate(documents, start=1):
        place = document_place(document) or document.doc_id
        link = _link(deep_link(bot_username, document.doc_id, first_body_paragraph(document)), escape(place))
        line = f"{number}. {link} · {escape(document_date(document, templates))}"
        title = document_title(document, templates)
        if title:
            line += f"\n{escape(title)}"
        lines.append(line)
    return "\n\n".join(lines)


def help_html(examples: Sequence[str], bot_username: str) -> str:
    """The /help text: how to ask, the commands, groups and inline mode."""
    example = examples[0] if examples else "Năm 2020 quận Đống Đa thu ngân sách được bao nhiêu?"
    return (
        "<b>Cách dùng</b>\n"
        f"Gõ một câu hỏi bằng tiếng Việt, ví dụ: <i>{escape(example)}</i>\n"
        "Tôi trả lời bằng câu trích nguyên văn; bấm số [1], [2]… để mở đoạn văn nguồn, "
        "rồi dùng nút « Đoạn trước / Đoạn sau » để đọc tiếp.\n"
        "Hỏi tiếp được: <i>Còn quận Ba Đình thì sao?</i> (trong nhóm: trả lời vào câu trả lời của tôi). "
        "Bấm 👍 / 👎 dưới câu trả lời để góp ý.\n\n"
        "<b>Lệnh</b>\n"
        "/start — lời chào và câu hỏi mẫu\n"
        "/sources — danh sách bài viết (quận, ngày)\n"
        "/ask &lt;câu hỏi&gt; — hỏi trong nhóm\n"
        "/moi — bắt đầu cuộc trò chuyện mới\n"
        "/about — giới thiệu\n"
        "/help — hướng dẫn này\n\n"
        f"<b>Trong nhóm</b>: nhắc tên tôi (@{escape(bot_username)}), trả lời tin nhắn của tôi, hoặc dùng /ask.\n"
        f"<b>Ở chat bất kỳ</b>: gõ @{escape(bot_username)} rồi câu hỏi, chọn câu trả lời để gửi vào chat đó."
    )


def about_html(documents: Sequence[Document], templates: Mapping[str, str]) -> str:
    """The /about text: what the bot is and how it answers."""
    return (
        "<b>Tra cứu</b> trả lời câu hỏi về các bài báo viết về Đảng bộ quận. Tôi không tự viết câu trả lời: "
        "tôi tìm đoạn văn khớp nhất (BM25), chọn đúng câu chứa thông tin, trích nguyên văn và ghi rõ nguồn "
        "(quận, ngày đăng, tiêu đề). Khi không tìm thấy, tôi nói là không tìm thấy.\n\n"
        f"{coverage_html(documents, templates)}"
    )


NON_TEXT_HTML = (
    "Tôi chỉ đọc được tin nhắn chữ. Hãy gõ câu hỏi bằng tiếng Việt, ví dụ: "
    "<i>Năm 2020 quận Đống Đa thu ngân sách được bao nhiêu?</i> Gõ /help để xem hướng dẫn."
)


# ----------------------------------------------------------------------------- conversation, feedback


NEW_CONVERSATION_HTML = "Đã bắt đầu cuộc trò chuyện mới: câu hỏi tiếp theo không dựa vào các câu trước."
VOTE_DATA = re.compile(r"^v:([+-]):(\d{1,18})$")  # callback data of 👍 / 👎: "v:+:<log_id>", "v:-:<log_id>"
VOTE_THANKS = {1: "Cảm ơn bạn! Đã ghi nhận 👍", -1: "Cảm ơn bạn! Đã ghi nhận 👎: chúng tôi sẽ xem lại câu trả lời này."}
VOTE_NOT_RECORDED = "Xin lỗi, chưa ghi nhận được góp ý lúc này. Bạn thử lại sau nhé."


def vote_keyboard(log_id: int) -> InlineKeyboardMarkup | None:
    """👍 / 👎 under an answer whose question was logged (none when logging is off: no vote could be kept)."""
    if log_id <= 0:
        return None
    return InlineKeyboardMarkup(
        [[InlineKeyboardButton("👍", callback_data=f"v:+:{log_id}"), InlineKeyboardButton("👎", callback_data=f"v:-:{log_id}")]]
    )


def parse_vote(data: str) -> tuple[int, int] | None:
    """(log_id, +1 or -1) from a vote button's callback data, or None."""
    match = VOTE_DATA.match(data)
    if match is None or int(match[2]) <= 0:
        return None
    return int(match[2]), 1 if match[1] == "+" else -1


# ----------------------------------------------------------------------------- admins: uploads and /stats


ADMIN_ONLY_HTML = "Xin lỗi, chỉ quản trị viên của bot mới dùng được chức năng này."
UPLOAD_REFUSED_HTML = (
    "Cảm ơn bạn đã gửi tệp! Tiếc là chỉ quản trị viên của bot mới thêm được bài vào kho; "
    "tệp của bạn không được lưu. Bạn vẫn có thể gõ câu hỏi bằng chữ."
)


def upload_unsupported_html(name: str, supported: Iterable[str]) -> str:
    return f"Không thêm <code>{escape(name)}</code>: chỉ nhận tệp {escape(', '.join(sorted(supported)))}."


def upload_too_large_html(name: str, size: int, limit: int) -> str:
    return (
        f"Không thêm <code>{escape(name)}</code>: tệp {_megabytes(size)} lớn hơn giới hạn {_megabytes(limit)}; "
        "tôi không tải tệp này về."
    )


def upload_failed_html(name: str, reason: str) -> str:
    return f"Không thêm được <code>{escape(name)}</code>: {escape(reason)}"


def _megabytes(size: int) -> str:
    return f"{size / (1024 * 1024):.1f} MB".replace(".", ",")


def upload_html(report: AddReport) -> str:
    """What became of an uploaded file: the metadata found, or why it was skipped."""
    lines: list[str] = []
    for outcome in report.outcomes:
        name = escape(outcome.name or outcome.given)
        if outcome.status is Status.ADDED:
            renamed = " (tên đã có, đổi tên)" if outcome.renamed else ""
            lines.append(f"✅ Đã thêm và lập chỉ mục <code>{name}</code>{renamed}:")
            if outcome.document is not None:
                lines.extend(f"• {escape(line)}" for line in metadata_lines(outcome.document))
            lines.append("Bạn có thể hỏi về bài này ngay bây giờ.")
        elif outcome.status is Status.EXISTS:
            lines.append(f"ℹ️ Không thêm <code>{escape(outcome.given)}</code>: {escape(outcome.reason or '')}")
        else:
            lines.append(f"⚠️ Bỏ qua <code>{escape(outcome.given)}</code>: {escape(outcome.reason or '')}")
    return "\n".join(lines)


def stats_html(documents: Sequence[Document], today: ReportData) -> str:
    """/stats: the corpus and today's questions, every front end together."""
    asked = sum(f.questions for f in today.front_ends)
    answered = sum(f.answered for f in today.front_ends)
    latencies = sorted(ms for f in today.front_ends for ms in f.latencies_ms)
    p50 = percentile(latencies, 0.5)
    declined = f"{(asked - answered) / asked * 100:.0f}%" if asked else "—"
    lines = [
        "<b>Thống kê</b>",
        f"Bài viết: {len(documents)}",
        f"Đoạn văn: {sum(len(d.passages) for d in documents)}",
        f"Câu hỏi hôm nay: {asked}",
        f"Tỉ lệ từ chối: {declined}",
        f"Thời gian trả lời (trung vị): {f'{p50} ms' if p50 is not None else '—'}",
    ]
    return "\n".join(lines)


# ----------------------------------------------------------------------------- splitting


_TOKEN = re.compile(r"<[^>]*>|&#?\w+;|\s+|[^<&\s]+|[<&]")
_SENTENCE_END = re.compile(r"[.!?…:;”)\]]$")
_EMPTY_ELEMENT = re.compile(r"<([a-z][\w-]*)[^>]*>\s*</\1>")


@dataclass(frozen=True)
class _Boundary:
    start: int  # where the head ends
    end: int  # where the rest begins (the whitespace between is dropped)
    units: int  # UTF-16 units of text[:start]
    rank: int  # 3 paragraph, 2 line, 1 sentence, 0 word, -1 anywhere
    open_tags: tuple[str, ...]  # start tags open at this point, outermost first


def _units(text: str) -> int:
    return len(text.encode("utf-16-le")) // 2


def _tag_name(tag: str) -> str:
    return re.match(r"</?\s*([A-Za-z][\w-]*)", tag)[1].lower()  # type: ignore[index]


def _closing(open_tags: Iterable[str]) -> str:
    return "".join(f"</{_tag_name(t)}>" for t in reversed(tuple(open_tags)))


def _boundaries(text: str, limit: int) -> Iterable[_Boundary]:
    """Places text could be cut, in order, until the head alone would pass the limit."""
    stack: list[str] = []
    units = 0
    previous = ""
    for match in _TOKEN.finditer(text):
        token = match[0]
        if units > limit:
            return
        if match.start() > 0 and not token.isspace():
            yield _Boundary(match.start(), match.start(), units, -1, tuple(stack))  # a last resort: between tokens
        if token.startswith("<") and len(token) > 1:
            if token.startswith("</"):
                if stack:
                    stack.pop()
            elif not token.endswith("/>"):
                stack.append(token)
        elif token.isspace():
            rank = 3 if "\n\n" in token else 2 if "\n" in token else 1 if _SENTENCE_END.search(previous) else 0
            yield _Boundary(match.start(), match.end(), units, rank, tuple(stack))
        elif not token.startswith("&") and len(token) > 1:
            # Inside a long word, between characters (never inside a tag or an entity).
            for offset in range(1, len(token)):
                yield _Boundary(match.start() + offset, match.start() + offset, units + _units(token[:offset]), -1, tuple(stack))
        units += _units(token)
        if not token.startswith("<"):
            # Tags are transparent; an entity such as "&amp;" ends in ";" but never ends a sentence.
            previous = "" if token.startswith("&") else token
    yield _Boundary(len(text), len(text), units, -1, tuple(stack))


def _best_cut(text: str, limit: int) -> _Boundary:
    fitting = [
        b
        for b in _boundaries(text, limit)
        # The rest starts with the open tags again: a cut must leave it shorter, or splitting never ends.
        if b.start > 0 and b.units + _units(_closing(b.open_tags)) <= limit and len("".join(b.open_tags)) < b.end
    ]
    if not fitting:
        raise ValueError(f"cannot split HTML into parts of {limit} characters")
    # Prefer the strongest boundary that still keeps a reasonably full part.
    for rank in (3, 2, 1, 0):
        candidates = [b for b in fitting if b.rank >= rank and b.units >= limit // 3]
        if candidates:
            return max(candidates, key=lambda b: b.start)
    return max(fitting, key=lambda b: (b.rank >= 0, b.start))


def _tidy(part: str) -> str:
    previous = None
    while previous != part:
        previous, part = part, _EMPTY_ELEMENT.sub("", part)
    return part.strip()


def _has_text(part: str) -> bool:
    return bool(re.sub(r"<[^>]*>", "", part).strip())


def split_html(text: str, limit: int = MESSAGE_LIMIT) -> list[str]:
    """Cut HTML into parts of at most `limit` UTF-16 units, preferring paragraph, then line, sentence, word
    boundaries; tags open at a cut are closed at the end of one part and reopened at the start of the next."""
    parts: list[str] = []
    rest = text.strip()
    while _units(rest) > limit:
        cut = _best_cut(rest, limit)
        parts.append(_tidy(rest[: cut.start] + _closing(cut.open_tags)))
        rest = "".join(cut.open_tags) + rest[cut.end :].lstrip()
    parts.append(_tidy(rest))
    return [p for p in parts if _has_text(p)]
