"""A fake Telegram Bot API server: real HTTP on 127.0.0.1, for testing the bot without Telegram.

Typical use::

    with FakeBotApi() as api:
        api.enqueue(text_update("/start"))
        ...  # run the bot with base_url=api.base_url (in-process or as a subprocess)
        reply = api.wait_for("sendMessage")
        assert reply.params["chat_id"] == DEFAULT_USER_ID

The server runs in a background thread with its own event loop, so the code under test may
use any loop (or process) it likes.  Requests are parsed the way python-telegram-bot sends
them: form-encoded (or multipart when files are uploaded), every value a string, nested
objects JSON-encoded inside a field; JSON bodies and query strings are accepted as well.
"""

from __future__ import annotations

import asyncio
import bisect
import copy
import dataclasses
import functools
import html
import json
import logging
import re
import threading
import time
from collections import deque
from collections.abc import Callable, Mapping
from http import HTTPStatus
from typing import Any

from aiohttp import web

log = logging.getLogger(__name__)

BOT_ID = 123456
BOT_USERNAME = "tracuu_test_bot"
BOT_TOKEN = f"{BOT_ID}:TEST"
DEFAULT_USER_ID = 4242
DEFAULT_GROUP_ID = -4242
DEFAULT_SUPERGROUP_ID = -1001234567890

BOT_USER: dict[str, Any] = {
    "id": BOT_ID,
    "is_bot": True,
    "first_name": "Tra cứu",
    "username": BOT_USERNAME,
}
GET_ME: dict[str, Any] = {
    **BOT_USER,
    "can_join_groups": True,
    "can_read_all_group_messages": False,
    "supports_inline_queries": True,
    "can_connect_to_business": False,
    "has_main_web_app": False,
}

MAX_TEXT_LENGTH = 4096
MAX_CALLBACK_DATA_BYTES = 64
MAX_CALLBACK_ANSWER_LENGTH = 200
MAX_INLINE_RESULTS = 50

CONFLICT_OTHER_POLL = (
    "Conflict: terminated by other getUpdates request; "
    "make sure that only one bot instance is running"
)
CONFLICT_WEBHOOK = (
    "Conflict: can't use getUpdates method while webhook is active; "
    "use deleteWebhook to delete the webhook first"
)
NOT_MODIFIED = (
    "Bad Request: message is not modified: specified new message content and reply markup "
    "are exactly the same as a current content and reply markup of the message"
)

# Values of these parameters are free text or opaque ids; everything else PTB sends is
# JSON-encoded (numbers, booleans, objects, lists), so it is decoded back.  Without this
# list a message text such as "42" or "true" would come back as an int or a bool.
STRING_PARAMS = frozenset(
    {
        "action", "address", "animation", "audio", "business_connection_id", "caption",
        "callback_query_id", "certificate", "currency", "custom_title", "data", "description",
        "document", "emoji", "error_message", "explanation", "explanation_parse_mode",
        "file_id", "first_name", "foursquare_id", "foursquare_type", "game_short_name",
        "google_place_id", "google_place_type", "inline_message_id", "inline_query_id",
        "invite_link", "ip_address", "language_code", "last_name", "message_effect_id", "name",
        "next_offset", "parse_mode", "payload", "phone_number", "photo", "pre_checkout_query_id",
        "provider_data", "provider_token", "query", "question", "question_parse_mode",
        "secret_token", "shipping_query_id", "short_description", "start_parameter", "sticker",
        "switch_pm_parameter", "switch_pm_text", "text", "thumbnail", "title", "url", "vcard",
        "video", "video_note", "voice",
    }
)

CHAT_ACTIONS = frozenset(
    {
        "typing", "upload_photo", "record_video", "upload_video", "record_voice",
        "upload_voice", "upload_document", "choose_sticker", "find_location",
        "record_video_note", "upload_video_note",
    }
)

# Which key of a returned Message carries the media of each send method.
MEDIA_METHODS: dict[str, str] = {
    "senddocument": "document",
    "sendphoto": "photo",
    "sendvoice": "voice",
    "sendaudio": "audio",
    "sendvideo": "video",
    "sendanimation": "animation",
    "sendsticker": "sticker",
}

MESSAGE_KINDS = ("message", "edited_message", "channel_post", "edited_channel_post",
                 "business_message")


# ----------------------------------------------------------------------------- records


@dataclasses.dataclass(frozen=True)
class UploadedFile:
    """A file part of a multipart request."""

    name: str
    filename: str
    content_type: str
    data: bytes


@dataclasses.dataclass(frozen=True)
class Call:
    """One request the fake received; outcome is "ok", "error", "dropped" or "pending"."""

    method: str
    params: dict[str, Any]
    token: str
    time: float  # time.monotonic() at arrival, so retry back-off can be measured
    outcome: str = "ok"
    status: int = 200
    result: Any = None  # the "result" sent back (None for errors and drops)
    files: Mapping[str, UploadedFile] = dataclasses.field(default_factory=dict)

    def __str__(self) -> str:
        """Return a one-line description for failure listings."""
        shown = json.dumps(self.params, ensure_ascii=False, default=str)
        if len(shown) > 200:
            shown = shown[:197] + "..."
        return f"{self.method} [{self.outcome} {self.status}] {shown}"


class ApiError(Exception):
    """A Telegram error response: HTTP status plus Telegram's description."""

    def __init__(self, status: int, description: str,
                 parameters: Mapping[str, Any] | None = None) -> None:
        """Keep the pieces of the error body."""
        super().__init__(description)
        self.status = status
        self.description = description
        self.parameters = dict(parameters or {})

    def body(self) -> dict[str, Any]:
        """Return Telegram's error body."""
        body: dict[str, Any] = {"ok": False, "error_code": self.status,
                                "description": self.description}
        if self.parameters:
            body["parameters"] = self.parameters
        return body


def bad_request(reason: str) -> ApiError:
    """Build a 400 with Telegram's "Bad Request: " prefix."""
    return ApiError(400, f"Bad Request: {reason}")


@dataclasses.dataclass(frozen=True)
class _Fault:
    """One queued misbehaviour: "error", "drop" or "delay"."""

    kind: str
    status: int = 200
    description: str | None = None
    retry_after: int | None = None
    body: str = "json"  # of an error: one of BODIES
    seconds: float = 0.0
    after_processing: bool = False


@dataclasses.dataclass
class _Poll:
    """A getUpdates request that is being held open."""

    wake: asyncio.Event
    conflict: bool = False


# ----------------------------------------------------------------------------- ids


class _Sequence:
    """Thread-safe counters, optionally one per key."""

    def __init__(self, start: int) -> None:
        """Start every counter after `start`."""
        self._start = start
        self._last: dict[Any, int] = {}
        self._lock = threading.Lock()

    def next(self, key: Any = None) -> int:
        """Return the next value for `key`."""
        with self._lock:
            value = self._last.get(key, self._start) + 1
            self._last[key] = value
            return value

    def observe(self, value: int, key: Any = None) -> None:
        """Make sure later values for `key` come after `value`."""
        with self._lock:
            self._last[key] = max(self._last.get(key, self._start), value)


# Shared by the builders and every server in the process, so that message ids stay unique
# and increasing within a chat whoever creates the message (user or bot).
_MESSAGE_IDS = _Sequence(0)
_CALLBACK_IDS = _Sequence(4382000000000000000)
_INLINE_IDS = _Sequence(1172000000000000000)
_FILE_IDS = _Sequence(0)


def utf16_len(text: str) -> int:
    """Length in UTF-16 code units, the unit of Telegram's entity offsets."""
    return len(text.encode("utf-16-le")) // 2


# ----------------------------------------------------------------------------- builders


def user_dict(user_id: int = DEFAULT_USER_ID, first_name: str = "An") -> dict[str, Any]:
    """A human Telegram User."""
    return {
        "id": user_id,
        "is_bot": False,
        "first_name": first_name,
        "last_name": "Nguyễn",
        "username": f"user{user_id}",
        "language_code": "vi",
    }


def default_chat_id(chat_type: str, user_id: int = DEFAULT_USER_ID) -> int:
    """The chat id used when a builder is not given one."""
    if chat_type == "private":
        return user_id
    return DEFAULT_GROUP_ID if chat_type == "group" else DEFAULT_SUPERGROUP_ID


def chat_dict(chat_id: int, chat_type: str | None = None) -> dict[str, Any]:
    """A Chat; the type is guessed from the id's sign and -100 prefix when not given."""
    if chat_type is None:
        if chat_id > 0:
            chat_type = "private"
        else:
            chat_type = "supergroup" if str(chat_id).startswith("-100") else "group"
    if chat_type == "private":
        return {"id": chat_id, "type": "private", "first_name": "An", "last_name": "Nguyễn",
                "username": f"user{chat_id}"}
    title = "Kênh tra cứu" if chat_type == "channel" else "Nhóm tra cứu thử"
    return {"id": chat_id, "type": chat_type, "title": title}


def _message(chat_id: int | None, user_id: int, chat_type: str, message_id: int | None,
             sender: Mapping[str, Any] | None = None) -> dict[str, Any]:
    """The fields every message has."""
    chat_id = default_chat_id(chat_type, user_id) if chat_id is None else chat_id
    if message_id is None:
        message_id = _MESSAGE_IDS.next(chat_id)
    else:
        _MESSAGE_IDS.observe(message_id, chat_id)
    return {
        "message_id": message_id,
        "from": dict(sender) if sender is not None else user_dict(user_id),
        "chat": chat_dict(chat_id, chat_type),
        "date": int(time.time()),
    }


def bot_message(text: str = "Kết quả tra cứu", chat_id: int | None = None,
                chat_type: str = "private", message_id: int | None = None,
                reply_markup: Mapping[str, Any] | None = None,
                user_id: int = DEFAULT_USER_ID) -> dict[str, Any]:
    """A message as if the bot had sent it earlier (for replies and callback queries)."""
    message = _message(chat_id, user_id, chat_type, message_id, sender=BOT_USER)
    message["text"] = text
    if reply_markup is not None:
        message["reply_markup"] = dict(reply_markup)
    return message


_COMMAND = re.compile(r"/[A-Za-z0-9_]{1,32}(?:@[A-Za-z0-9_]{5,32})?")
_MENTION = re.compile(r"(?<![\w@/])@[A-Za-z][A-Za-z0-9_]{4,31}(?![A-Za-z0-9_])")


def auto_entities(text: str) -> list[dict[str, Any]]:
    """Entities Telegram would detect: a bot_command at offset 0 and @mentions."""
    entities: list[dict[str, Any]] = []
    command = _COMMAND.match(text)
    if command:
        entities.append({"type": "bot_command", "offset": 0, "length": utf16_len(command[0])})
    for mention in _MENTION.finditer(text):
        entities.append({"type": "mention", "offset": utf16_len(text[:mention.start()]),
                         "length": utf16_len(mention[0])})
    return entities


def text_update(text: str, chat_id: int | None = None, user_id: int = DEFAULT_USER_ID,
                chat_type: str = "private", reply_to_bot: bool = False,
                entities: list[dict[str, Any]] | None = None, message_id: int | None = None,
                reply_to: Mapping[str, Any] | None = None) -> dict[str, Any]:
    """An update with a text message; commands and mentions get entities automatically."""
    chat_id = default_chat_id(chat_type, user_id) if chat_id is None else chat_id
    if reply_to is None and reply_to_bot:
        # Allocated first so the replied-to message has the smaller id, as in real chats.
        reply_to = bot_message("Bạn muốn tra cứu gì?", chat_id, chat_type, user_id=user_id)
    message = _message(chat_id, user_id, chat_type, message_id)
    message["text"] = text
    found = auto_entities(text) if entities is None else entities
    if found:
        message["entities"] = found
    if reply_to is not None:
        message["reply_to_message"] = _without_reply(reply_to)
    return {"message": message}


def callback_update(data: str, chat_id: int | None = None, message_id: int | None = None,
                    user_id: int = DEFAULT_USER_ID, chat_type: str = "private",
                    message: Mapping[str, Any] | None = None,
                    message_text: str = "Kết quả tra cứu") -> dict[str, Any]:
    """An update with a callback query on a bot message (pass `message` to use a real one)."""
    if message is None:
        message = bot_message(message_text, chat_id, chat_type, message_id, user_id=user_id)
    chat = message["chat"]
    return {
        "callback_query": {
            "id": str(_CALLBACK_IDS.next()),
            "from": user_dict(user_id),
            "message": copy.deepcopy(dict(message)),
            "chat_instance": str(abs(hash((chat["id"], BOT_ID))) % 10**18),
            "data": data,
        }
    }


def inline_update(query: str, user_id: int = DEFAULT_USER_ID, offset: str = "",
                  chat_type: str = "sender") -> dict[str, Any]:
    """An update with an inline query."""
    return {
        "inline_query": {
            "id": str(_INLINE_IDS.next()),
            "from": user_dict(user_id),
            "query": query,
            "offset": offset,
            "chat_type": chat_type,
        }
    }


def _file_ids(prefix: str) -> dict[str, str]:
    """A fresh file_id / file_unique_id pair."""
    n = _FILE_IDS.next()
    return {"file_id": f"{prefix}AAQCAgAD{n:08d}", "file_unique_id": f"AQAD{n:08d}"}


def sticker_update(chat_id: int | None = None, user_id: int = DEFAULT_USER_ID,
                   chat_type: str = "private", emoji: str = "👍") -> dict[str, Any]:
    """An update with a sticker message."""
    message = _message(chat_id, user_id, chat_type, None)
    message["sticker"] = {**_file_ids("CAAC"), "type": "regular", "width": 512, "height": 512,
                          "is_animated": False, "is_video": False, "emoji": emoji,
                          "set_name": "TraCuuTest", "file_size": 20480}
    return {"message": message}


def photo_update(chat_id: int | None = None, user_id: int = DEFAULT_USER_ID,
                 chat_type: str = "private", caption: str | None = None) -> dict[str, Any]:
    """An update with a photo message (two sizes, as Telegram sends)."""
    message = _message(chat_id, user_id, chat_type, None)
    message["photo"] = [
        {**_file_ids("AgAC"), "width": 90, "height": 67, "file_size": 1200},
        {**_file_ids("AgAC"), "width": 1280, "height": 960, "file_size": 98000},
    ]
    if caption is not None:
        message["caption"] = caption
    return {"message": message}


def voice_update(chat_id: int | None = None, user_id: int = DEFAULT_USER_ID,
                 chat_type: str = "private", duration: int = 3) -> dict[str, Any]:
    """An update with a voice message."""
    message = _message(chat_id, user_id, chat_type, None)
    message["voice"] = {**_file_ids("AwAC"), "duration": duration, "mime_type": "audio/ogg",
                        "file_size": 4000 * duration}
    return {"message": message}


def document_update(file_name: str, file_size: int, chat_id: int | None = None,
                    user_id: int = DEFAULT_USER_ID, chat_type: str = "private",
                    mime_type: str = "application/octet-stream",
                    caption: str | None = None) -> dict[str, Any]:
    """An update with a document; serve its bytes with FakeBotApi.add_file(<its file_id>, data)."""
    message = _message(chat_id, user_id, chat_type, None)
    message["document"] = {**_file_ids("BQAC"), "file_name": file_name, "mime_type": mime_type,
                           "file_size": file_size}
    if caption is not None:
        message["caption"] = caption
    return {"message": message}


def _without_reply(message: Mapping[str, Any]) -> dict[str, Any]:
    """Telegram nests reply_to_message only one level deep."""
    flat = copy.deepcopy(dict(message))
    flat.pop("reply_to_message", None)
    return flat


def update_kind(update: Mapping[str, Any]) -> str:
    """The payload key of an update ("message", "callback_query", ...)."""
    return next((key for key in update if key != "update_id"), "")


# ----------------------------------------------------------------------------- parameters


def _decode_param(name: str, raw: str) -> Any:
    """Undo PTB's JSON encoding of one form field."""
    if name in STRING_PARAMS:
        return raw
    try:
        # parse_constant keeps "NaN"/"Infinity" as the strings they most likely were.
        return json.loads(raw, parse_constant=_reject_constant)
    except ValueError:
        return raw


def _reject_constant(name: str) -> Any:
    """Refuse JSON's non-standard NaN/Infinity literals."""
    raise ValueError(name)


def _decode_json_value(name: str, value: Any) -> Any:
    """JSON bodies are typed already, but some clients still nest objects as strings."""
    if isinstance(value, str) and name not in STRING_PARAMS and value[:1] in ("{", "["):
        return _decode_param(name, value)
    return value


async def read_params(request: web.Request) -> tuple[dict[str, Any], dict[str, UploadedFile]]:
    """Parameters and uploaded files of a Bot API request, from query, form or JSON body."""
    params: dict[str, Any] = {k: _decode_param(k, v) for k, v in request.query.items()}
    files: dict[str, UploadedFile] = {}
    if request.content_type == "application/json" and request.can_read_body:
        body = await request.json()
        if not isinstance(body, dict):
            raise bad_request("request body must be a JSON object")
        params.update({k: _decode_json_value(k, v) for k, v in body.items()})
    elif request.content_type in ("application/x-www-form-urlencoded", "multipart/form-data"):
        form = await request.post()
        for name, value in form.items():
            if isinstance(value, web.FileField):
                files[name] = UploadedFile(name, value.filename, value.content_type,
                                           value.file.read())
            elif isinstance(value, str):
                params[name] = _decode_param(name, value)
            else:
                params[name] = bytes(value)
    return params, files


def _as_int(value: Any, default: int | None = None) -> int | None:
    """Coerce a parameter to int, or raise Telegram's complaint."""
    if value is None or value == "":
        return default
    try:
        return int(value)
    except (TypeError, ValueError):
        raise bad_request(f"invalid integer value {value!r}") from None


# ----------------------------------------------------------------------------- formatting

_HTML_TAGS = frozenset({"a", "b", "strong", "i", "em", "u", "ins", "s", "strike", "del",
                        "span", "tg-spoiler", "tg-emoji", "code", "pre", "blockquote"})
_HTML_ENTITY_TYPES = {"b": "bold", "strong": "bold", "i": "italic", "em": "italic",
                      "u": "underline", "ins": "underline", "s": "strikethrough",
                      "strike": "strikethrough", "del": "strikethrough", "span": "spoiler",
                      "tg-spoiler": "spoiler", "code": "code", "pre": "pre"}
_HTML_NAMED = {"lt": "<", "gt": ">", "amp": "&", "quot": '"'}
_HTML_CHAR_REF = re.compile(r"&(#[0-9]{1,7}|#[xX][0-9a-fA-F]{1,6}|lt|gt|amp|quot);")
_HTML_ATTR = re.compile(r"""\s*([^\s=>]+)(?:\s*=\s*(?:"([^"]*)"|'([^']*)'|([^\s>]*)))?""")


def _byte_offset(text: str, index: int) -> int:
    """Telegram reports parse errors at UTF-8 byte offsets."""
    return len(text[:index].encode("utf-8"))


def _parse_error(reason: str) -> ApiError:
    """The 400 Telegram sends for malformed formatting."""
    return bad_request(f"can't parse entities: {reason}")


@dataclasses.dataclass
class _OpenTag:
    """An HTML start tag waiting for its end tag."""

    name: str
    attrs: dict[str, str]
    start: int  # UTF-16 offset in the parsed text
    language: str | None = None


def parse_html(text: str) -> tuple[str, list[dict[str, Any]]]:
    """Parse Telegram's HTML subset into (plain text, entities), failing like Telegram does."""
    out: list[str] = []
    length = 0  # UTF-16 length of "".join(out), kept incrementally
    stack: list[_OpenTag] = []
    entities: list[dict[str, Any]] = []
    i = 0
    while i < len(text):
        char = text[i]
        if char == "&":
            ref = _HTML_CHAR_REF.match(text, i)
            piece = _decode_char_ref(ref[1]) if ref else "&"
            i = ref.end() if ref else i + 1
        elif char != "<":
            piece, i = char, i + 1
        elif text.startswith("</", i):
            i = _close_tag(text, i, stack, entities, length)
            continue
        else:
            i = _open_tag(text, i, stack, length)
            continue
        out.append(piece)
        length += utf16_len(piece)
    if stack:
        raise _parse_error(f'Can\'t find end tag corresponding to start tag "{stack[-1].name}"')
    entities.sort(key=lambda e: (e["offset"], -e["length"]))
    return "".join(out), entities



def plain_text(html_text: str) -> str:
    """What a user reads of a message sent with parse_mode HTML."""
    return parse_html(html_text)[0]


def entity_texts(html_text: str, kind: str) -> list[str]:
    """The text under each entity of one kind ("bold", "text_link", "blockquote"…), as Telegram counts it."""
    text, entities = parse_html(html_text)
    encoded = text.encode("utf-16-le")
    return [
        encoded[2 * e["offset"] : 2 * (e["offset"] + e["length"])].decode("utf-16-le")
        for e in entities
        if e["type"] == kind
    ]

def _decode_char_ref(ref: str) -> str:
    """Decode one of the character references Telegram understands."""
    if ref in _HTML_NAMED:
        return _HTML_NAMED[ref]
    code = int(ref[2:], 16) if ref[1] in "xX" else int(ref[1:])
    return chr(code) if 0 < code <= 0x10FFFF else "\ufffd"


def _open_tag(text: str, i: int, stack: list[_OpenTag], length: int) -> int:
    """Consume a start tag at text[i]; return the index after it."""
    j = i + 1
    while j < len(text) and not text[j].isspace() and text[j] != ">":
        j += 1
    name = text[i + 1:j].lower()
    if j >= len(text):
        raise _parse_error(f"Unclosed start tag at byte offset {_byte_offset(text, i)}")
    if name not in _HTML_TAGS:
        raise _parse_error(
            f'Unsupported start tag "{name}" at byte offset {_byte_offset(text, i)}')
    attrs: dict[str, str] = {}
    while True:
        if j >= len(text):
            raise _parse_error(f"Unclosed start tag at byte offset {_byte_offset(text, i)}")
        if text[j] == ">":
            break
        match = _HTML_ATTR.match(text, j)
        if not match or match.end() == j:
            j += 1
            continue
        value = next((v for v in match.groups()[1:] if v is not None), "")
        attrs[match[1].lower()] = html.unescape(value)
        j = match.end()
    if name == "span" and attrs.get("class") != "tg-spoiler":
        raise _parse_error(f'Tag "span" must have class "tg-spoiler" at byte offset '
                           f"{_byte_offset(text, i)}")
    stack.append(_OpenTag(name, attrs, length))
    return j + 1


def _close_tag(text: str, i: int, stack: list[_OpenTag], entities: list[dict[str, Any]],
               length: int) -> int:
    """Consume an end tag at text[i], emitting its entity; return the index after it."""
    j = text.find(">", i)
    if j < 0:
        raise _parse_error(f"Unclosed end tag at byte offset {_byte_offset(text, i)}")
    name = text[i + 2:j].strip().lower()
    if not stack:
        raise _parse_error(f"Unexpected end tag at byte offset {_byte_offset(text, i)}")
    opened = stack[-1]
    if name != opened.name:
        raise _parse_error(f"Unmatched end tag at byte offset {_byte_offset(text, i)}, "
                           f'expected "</{opened.name}>", found "</{name}>"')
    stack.pop()
    entity = _html_entity(opened, stack[-1] if stack else None, length)
    if entity is not None:
        entities.append(entity)
    return j + 1


def _html_entity(tag: _OpenTag, parent: _OpenTag | None, end: int) -> dict[str, Any] | None:
    """The MessageEntity a closed tag produces; empty ones are dropped, as by Telegram."""
    if end == tag.start:
        return None
    entity: dict[str, Any] = {"offset": tag.start, "length": end - tag.start}
    if tag.name == "code" and parent is not None and parent.name == "pre":
        # <pre><code class="language-x"> is one pre entity with a language.
        css = tag.attrs.get("class", "")
        if css.startswith("language-"):
            parent.language = css.removeprefix("language-")
        return None
    if tag.name == "a":
        href = tag.attrs.get("href", "")
        user = re.fullmatch(r"tg://user\?id=(\d+)", href)
        if user:
            return {**entity, "type": "text_mention", "user": {"id": int(user[1]),
                                                              "is_bot": False,
                                                              "first_name": ""}}
        return {**entity, "type": "text_link", "url": href} if href else None
    if tag.name == "blockquote":
        kind = "expandable_blockquote" if "expandable" in tag.attrs else "blockquote"
        return {**entity, "type": kind}
    if tag.name == "tg-emoji":
        return {**entity, "type": "custom_emoji", "custom_emoji_id": tag.attrs.get("emoji-id", "")}
    entity["type"] = _HTML_ENTITY_TYPES[tag.name]
    if tag.name == "pre" and tag.language:
        entity["language"] = tag.language
    return entity


_MD2_ALWAYS_RESERVED = frozenset("#+-={}.!")
_MD2_MARKERS = {"*": "Bold", "_": "Italic", "__": "Underline", "~": "Strikethrough",
                "||": "Spoiler"}


def parse_markdown_v2(text: str) -> str:
    """Check the MarkdownV2 rules bots most often break; return the text without escapes.

    This is deliberately partial: reserved characters, escapes, code spans and unclosed
    bold/italic/underline/strikethrough/spoiler are checked; links and entities are not built.
    """
    out: list[str] = []
    open_at: dict[str, int] = {}
    i = 0
    while i < len(text):
        char = text[i]
        if char == "\\" and i + 1 < len(text):
            out.append(text[i + 1])
            i += 2
            continue
        if char == "`":
            fence = "```" if text.startswith("```", i) else "`"
            end = text.find(fence, i + len(fence))
            if end < 0:
                raise _parse_error(f"Can't find end of {'Pre' if len(fence) == 3 else 'Code'} "
                                   f"entity at byte offset {_byte_offset(text, i)}")
            out.append(text[i + len(fence):end])
            i = end + len(fence)
            continue
        if text.startswith("](", i):
            # Inside a link URL only ")" and "\" are special, so skip it whole.
            end = text.find(")", i + 2)
            i = len(text) if end < 0 else end + 1
            continue
        if char == "[" or text.startswith("![", i):
            i += 1 if char == "[" else 2
            continue
        marker = next((m for m in ("__", "||", "*", "_", "~") if text.startswith(m, i)), None)
        if marker is not None:
            if marker in open_at:
                del open_at[marker]
            else:
                open_at[marker] = i
            i += len(marker)
            continue
        if char in _MD2_ALWAYS_RESERVED or char == "|" or (char == ">" and i and
                                                             text[i - 1] != "\n"):
            raise _parse_error(f"Character '{char}' is reserved and must be escaped with the "
                               f"preceding '\\'")
        out.append(char)
        i += 1
    if open_at:
        marker, where = min(open_at.items(), key=lambda item: item[1])
        raise _parse_error(f"Can't find end of {_MD2_MARKERS[marker]} entity at byte offset "
                           f"{_byte_offset(text, where)}")
    return "".join(out)


def format_text(text: Any, parse_mode: Any, entities: Any,
                strict: bool) -> tuple[str, list[dict[str, Any]]]:
    """The (text, entities) Telegram would store; formatting errors only raise when strict."""
    if not isinstance(text, str):
        text = "" if text is None else str(text)
    mode = str(parse_mode or "").lower()
    try:
        if mode == "html":
            return parse_html(text)
        if mode == "markdownv2":
            return parse_markdown_v2(text), []
        if mode and mode != "markdown":
            raise bad_request("unsupported parse_mode")
    except ApiError:
        if strict:
            raise
    if mode:  # unparsed (legacy Markdown, or a lenient fallback): no entities
        return text, []
    return text, list(entities or [])


def check_reply_markup(markup: Any) -> None:
    """Reject keyboards Telegram rejects: oversized callback_data, buttons without an action."""
    if markup is None:
        return
    if not isinstance(markup, dict):
        raise bad_request("can't parse reply keyboard markup JSON object")
    for row in markup.get("inline_keyboard") or []:
        for button in row:
            data = button.get("callback_data")
            if data is not None and not 1 <= len(str(data).encode("utf-8")) <= \
                    MAX_CALLBACK_DATA_BYTES:
                raise bad_request("BUTTON_DATA_INVALID")
            if set(button) <= {"text", "style", "icon_custom_emoji_id"}:
                raise bad_request("text buttons are unallowed in the inline keyboard")


# ----------------------------------------------------------------------------- server


Handler = Callable[[str, dict[str, Any], dict[str, UploadedFile]], Any]
Result = Any | Callable[[dict[str, Any]], Any]


class FakeBotApi:
    """A Telegram Bot API lookalike on 127.0.0.1 that records every call."""

    def __init__(self, *, max_poll_seconds: float = 1.0, strict: bool = True,
                 host: str = "127.0.0.1", shutdown_timeout: float = 2.0) -> None:
        """Configure; nothing listens until start() or `with`."""
        self.max_poll_seconds = max_poll_seconds
        # strict: validate formatting, keyboards and ids the way Telegram does.
        self.strict = strict
        self._host = host
        self._shutdown_timeout = shutdown_timeout
        self._cond = threading.Condition()
        self._calls: list[Call] = []
        self._updates: list[dict[str, Any]] = []
        self._update_ids = _Sequence(100000)
        self._faults: dict[str, deque[_Fault]] = {}
        self._results: dict[str, Result] = {}
        self._messages: dict[tuple[int, int], dict[str, Any]] = {}
        self._chats: dict[int, dict[str, Any]] = {}
        self._callback_ids: set[str] = set()
        self._inline_ids: set[str] = set()
        self._commands: dict[str, list[dict[str, Any]]] = {}
        self._webhook: dict[str, Any] = {}
        self._files: dict[str, tuple[str, bytes]] = {}
        self._polls: dict[str, _Poll] = {}
        self._thread: threading.Thread | None = None
        self._loop: asyncio.AbstractEventLoop | None = None
        self._stop_event: asyncio.Event | None = None
        self._startup_error: BaseException | None = None
        self._port: int | None = None
        self._handlers: dict[str, Handler] = {
            "getme": lambda token, params, files: dict(GET_ME),
            "sendmessage": self._send_message,
            "editmessagetext": self._edit_message_text,
            "editmessagereplymarkup": self._edit_reply_markup,
            "deletemessage": self._delete_message,
            "answercallbackquery": self._answer_callback_query,
            "answerinlinequery": self._answer_inline_query,
            "setmycommands": self._set_my_commands,
            "getmycommands": self._get_my_commands,
            "deletemycommands": self._delete_my_commands,
            "setwebhook": self._set_webhook,
            "deletewebhook": self._delete_webhook,
            "getwebhookinfo": self._get_webhook_info,
            "sendchataction": self._send_chat_action,
            "getfile": self._get_file,
            "close": lambda token, params, files: True,
            "logout": lambda token, params, files: True,
            **{name: functools.partial(self._send_media, kind)
               for name, kind in MEDIA_METHODS.items()},
        }

    # -- lifecycle ------------------------------------------------------------------

    def start(self) -> FakeBotApi:
        """Start serving in a background thread; return self."""
        if self._thread is not None:
            raise RuntimeError("FakeBotApi already started")
        ready = threading.Event()
        self._thread = threading.Thread(target=self._run, args=(ready,), name="FakeBotApi",
                                        daemon=True)
        self._thread.start()
        if not ready.wait(10):
            raise RuntimeError("FakeBotApi did not start within 10 s")
        if self._startup_error is not None:
            raise RuntimeError("FakeBotApi failed to start") from self._startup_error
        log.debug("fake Bot API listening on %s", self.base_url)
        return self

    def stop(self) -> None:
        """Release held requests, close the server and join its thread."""
        thread, loop = self._thread, self._loop
        if thread is None:
            return
        if loop is not None and thread.is_alive():
            try:
                loop.call_soon_threadsafe(self._begin_shutdown)
            except RuntimeError:  # loop already closed: nothing left to release
                pass
        thread.join(timeout=self._shutdown_timeout + 10)
        if thread.is_alive():
            log.warning("FakeBotApi thread did not finish")
        self._thread = None

    def __enter__(self) -> FakeBotApi:
        """Start on entering the block."""
        return self.start()

    def __exit__(self, *exc_info: object) -> None:
        """Stop on leaving the block."""
        self.stop()

    @property
    def port(self) -> int:
        """The TCP port the OS chose."""
        if self._port is None:
            raise RuntimeError("FakeBotApi is not running")
        return self._port

    @property
    def url(self) -> str:
        """Root URL of the server."""
        return f"http://{self._host}:{self.port}"

    @property
    def base_url(self) -> str:
        """Value for PTB's base_url (PTB appends the token, then "/method")."""
        return f"{self.url}/bot"

    @property
    def base_file_url(self) -> str:
        """Value for PTB's base_file_url."""
        return f"{self.url}/file/bot"

    def _run(self, ready: threading.Event) -> None:
        """Thread body: own event loop until stop()."""
        try:
            asyncio.run(self._serve(ready))
        except BaseException as exc:  # surfaced by start() if it happens during startup
            self._startup_error = exc
            log.exception("FakeBotApi server crashed")
        finally:
            ready.set()

    async def _serve(self, ready: threading.Event) -> None:
        """Run the aiohttp app until the stop event is set."""
        self._loop = asyncio.get_running_loop()
        self._stop_event = asyncio.Event()
        app = web.Application(client_max_size=64 * 1024 * 1024)
        app.router.add_route("*", "/bot{token}/{method}", self._handle)
        app.router.add_get("/file/bot{token}/{path:.+}", self._handle_file)
        # handler_cancellation: a client that hangs up (e.g. a bot being stopped) must not
        # leave its long poll behind to be mistaken for a second bot instance.
        runner = web.AppRunner(app, access_log=None, handler_cancellation=True,
                               shutdown_timeout=self._shutdown_timeout)
        await runner.setup()
        try:
            site = web.TCPSite(runner, self._host, 0)
            await site.start()
            self._port = runner.addresses[0][1]
            ready.set()
            await self._stop_event.wait()
        finally:
            await runner.cleanup()

    def _begin_shutdown(self) -> None:
        """On the server loop: wake long polls and delays so cleanup is immediate."""
        assert self._stop_event is not None
        self._stop_event.set()
        self._wake_polls()

    # -- recorded calls -------------------------------------------------------------

    def calls(self, method: str | None = None) -> list[Call]:
        """Snapshot of recorded calls, optionally of one method (case-insensitive)."""
        with self._cond:
            return [c for c in self._calls if _same_method(c.method, method)]

    def mark(self) -> int:
        """Number of calls so far, for wait_for(since=...)."""
        with self._cond:
            return len(self._calls)

    def clear_calls(self) -> None:
        """Forget recorded calls (state such as messages and updates is kept)."""
        with self._cond:
            self._calls.clear()

    def wait_for(self, method: str, predicate: Callable[[Call], bool] | None = None,
                 timeout: float = 10.0, *, since: int = 0,
                 outcome: str | None = None) -> Call:
        """Block until a matching call has been recorded (at index >= since); return it."""
        return self.wait_for_count(method, 1, timeout, predicate=predicate, since=since,
                                   outcome=outcome)[0]

    def wait_for_count(self, method: str, n: int, timeout: float = 10.0, *,
                       predicate: Callable[[Call], bool] | None = None, since: int = 0,
                       outcome: str | None = None) -> list[Call]:
        """Block until n matching calls have been recorded; return the first n."""
        deadline = time.monotonic() + timeout
        with self._cond:
            while True:
                found = [c for c in self._calls[since:]
                         if _same_method(c.method, method)
                         and (outcome is None or c.outcome == outcome)
                         and (predicate is None or predicate(c))]
                if len(found) >= n:
                    return found[:n]
                remaining = deadline - time.monotonic()
                if remaining <= 0:
                    raise AssertionError(self._timeout_report(method, n, len(found), timeout))
                self._cond.wait(remaining)

    async def wait_for_async(self, method: str, predicate: Callable[[Call], bool] | None = None,
                             timeout: float = 10.0, *, since: int = 0,
                             outcome: str | None = None) -> Call:
        """wait_for for tests whose bot shares their event loop (never block that loop)."""
        return await asyncio.to_thread(self.wait_for, method, predicate, timeout, since=since,
                                       outcome=outcome)

    async def wait_for_count_async(self, method: str, n: int, timeout: float = 10.0,
                                   **kwargs: Any) -> list[Call]:
        """wait_for_count for tests whose bot shares their event loop."""
        return await asyncio.to_thread(self.wait_for_count, method, n, timeout, **kwargs)

    def _timeout_report(self, method: str, wanted: int, got: int, timeout: float) -> str:
        """Explain a wait_for timeout with everything that did arrive."""
        lines = [f"timed out after {timeout:g}s waiting for {wanted} matching {method} call(s) "
                 f"(matched {got}); recorded calls:"]
        lines += [f"  {i}. {c}" for i, c in enumerate(self._calls)] or ["  (none)"]
        return "\n".join(lines)

    def _record(self, call: Call) -> int:
        """Append a call and wake waiters; return its index."""
        with self._cond:
            self._calls.append(call)
            self._cond.notify_all()
            return len(self._calls) - 1

    def _amend(self, index: int, **changes: Any) -> None:
        """Replace a recorded call with an updated copy (calls are immutable snapshots)."""
        with self._cond:
            self._calls[index] = dataclasses.replace(self._calls[index], **changes)
            self._cond.notify_all()

    # -- fault injection ------------------------------------------------------------

    def fail_next(self, method: str, status: int = 429, retry_after: int | None = None,
                  description: str | None = None, times: int = 1, body: str = "json") -> None:
        """Answer the next `times` calls of `method` ("*" = any) with a Telegram error.

        `body` is what the response carries: "json" (Telegram's error object), or what a proxy
        or a broken front end sends instead: "html" (an nginx error page), "empty" or "malformed"
        (JSON cut short). Those three work with any status, 200 included; the call is not processed.
        """
        if body not in BODIES:
            raise ValueError(f"body must be one of {sorted(BODIES)}")
        if status == 429 and retry_after is None:
            retry_after = 1  # Telegram always says how long to wait
        fault = _Fault("error", status=status, retry_after=retry_after, body=body,
                       description=description or _default_description(status, retry_after))
        self._add_fault(method, fault, times)

    def drop_next(self, method: str, times: int = 1, after_processing: bool = False) -> None:
        """Close the connection instead of answering; optionally after doing the work."""
        self._add_fault(method, _Fault("drop", after_processing=after_processing), times)

    def delay_next(self, method: str, seconds: float, times: int = 1) -> None:
        """Hold the response back `seconds` (the work itself is done on arrival)."""
        self._add_fault(method, _Fault("delay", seconds=seconds), times)

    def respond_with(self, method: str, result: Result) -> None:
        """Answer `method` with `result` (or result(params)) from now on; can raise ApiError."""
        with self._cond:
            self._results[method.lower()] = result

    def _add_fault(self, method: str, fault: _Fault, times: int) -> None:
        """Queue `times` copies of a fault."""
        with self._cond:
            self._faults.setdefault(method.lower(), deque()).extend([fault] * times)

    def _take_fault(self, method: str) -> _Fault | None:
        """Consume the next fault for a method, falling back to "*"."""
        with self._cond:
            for key in (method.lower(), "*"):
                queue = self._faults.get(key)
                if queue:
                    return queue.popleft()
        return None

    # -- updates --------------------------------------------------------------------

    def enqueue(self, update: Mapping[str, Any]) -> dict[str, Any]:
        """Queue an update for getUpdates (update_id assigned if missing); return it."""
        update = copy.deepcopy(dict(update))
        if not update_kind(update):
            raise ValueError(f"not an update: {update!r}")
        with self._cond:
            if "update_id" in update:
                self._update_ids.observe(int(update["update_id"]))
            else:
                update["update_id"] = self._update_ids.next()
            self._remember_update(update)
            ids = [u["update_id"] for u in self._updates]
            self._updates.insert(bisect.bisect_right(ids, update["update_id"]), update)
        if self._loop is not None and self._thread is not None:
            try:
                self._loop.call_soon_threadsafe(self._wake_polls)
            except RuntimeError:  # server already stopped
                pass
        return copy.deepcopy(update)

    def pending_updates(self) -> list[dict[str, Any]]:
        """Updates not yet confirmed by a getUpdates offset."""
        with self._cond:
            return copy.deepcopy(self._updates)

    def _remember_update(self, update: dict[str, Any]) -> None:
        """Learn chats, messages and query ids so later API calls can be checked."""
        kind = update_kind(update)
        payload = update[kind]
        if kind in MESSAGE_KINDS:
            self._remember_message(payload)
        elif kind == "callback_query":
            self._callback_ids.add(str(payload["id"]))
            if "message" in payload:
                self._remember_message(payload["message"])
        elif kind == "inline_query":
            self._inline_ids.add(str(payload["id"]))

    def _remember_message(self, message: Mapping[str, Any]) -> None:
        """Store a message (and the one it replies to) under (chat_id, message_id)."""
        chat = dict(message["chat"])
        self._chats[chat["id"]] = chat
        _MESSAGE_IDS.observe(message["message_id"], chat["id"])
        self._messages.setdefault((chat["id"], message["message_id"]),
                                  copy.deepcopy(dict(message)))
        if "reply_to_message" in message:
            self._remember_message(message["reply_to_message"])

    def _wake_polls(self) -> None:
        """On the server loop: let held getUpdates requests look at the queue again."""
        for poll in self._polls.values():
            poll.wake.set()

    # -- state inspection -----------------------------------------------------------

    def messages(self, chat_id: int) -> list[dict[str, Any]]:
        """Messages known in a chat (sent by users via enqueue, or by the bot), by id."""
        with self._cond:
            found = [m for (chat, _), m in self._messages.items() if chat == chat_id]
        return copy.deepcopy(sorted(found, key=lambda m: m["message_id"]))

    def commands(self, scope: Mapping[str, Any] | None = None,
                 language_code: str = "") -> list[dict[str, Any]]:
        """Commands last set with setMyCommands for a scope and language."""
        with self._cond:
            return copy.deepcopy(self._commands.get(_commands_key(scope, language_code), []))

    @property
    def webhook_url(self) -> str:
        """The URL set with setWebhook ("" when polling)."""
        with self._cond:
            return str(self._webhook.get("url", ""))

    def add_file(self, file_id: str, data: bytes, file_path: str | None = None) -> None:
        """Make getFile and the file download serve `data` for `file_id`."""
        with self._cond:
            self._files[file_id] = (file_path or f"documents/file_{len(self._files)}", data)

    # -- HTTP -----------------------------------------------------------------------

    async def _handle(self, request: web.Request) -> web.StreamResponse:
        """Entry point for /bot<token>/<method>."""
        token, method = request.match_info["token"], request.match_info["method"]
        arrived = time.monotonic()
        try:
            params, files = await read_params(request)
        except (ValueError, ApiError) as exc:
            error = exc if isinstance(exc, ApiError) else bad_request("can't parse JSON body")
            self._record(Call(method, {}, token, arrived, "error", error.status))
            return _error_response(error)
        call = Call(method, params, token, arrived, files=files)
        fault = self._take_fault(method)
        if fault is not None and fault.kind == "error":
            self._record(dataclasses.replace(call, outcome="error", status=fault.status))
            if fault.body != "json":
                return _broken_response(fault.status, fault.body, fault.description or "")
            return _error_response(ApiError(fault.status, fault.description or "",
                                            _retry_parameters(fault.retry_after)))
        if fault is not None and fault.kind == "drop" and not fault.after_processing:
            self._record(dataclasses.replace(call, outcome="dropped", status=0))
            return _drop(request)
        status, result, index = await self._process(call)
        if fault is not None and fault.kind == "drop":
            self._amend(index, outcome="dropped", status=0)
            return _drop(request)
        if fault is not None and fault.kind == "delay":
            await self._pause(fault.seconds)
        if status != 200:
            return _error_response(result)
        return web.json_response({"ok": True, "result": result}, dumps=_dumps)

    async def _process(self, call: Call) -> tuple[int, Any, int]:
        """Run the method; record the call; return (status, result or ApiError, index)."""
        name = call.method.lower()
        if name == "getupdates":
            index = self._record(dataclasses.replace(call, outcome="pending"))
            try:
                result = await self._get_updates(call.token, call.params)
            except ApiError as error:
                self._amend(index, outcome="error", status=error.status)
                return error.status, error, index
            except asyncio.CancelledError:  # client hung up
                self._amend(index, outcome="dropped", status=0)
                raise
            self._amend(index, outcome="ok", result=copy.deepcopy(result))
            return 200, result, index
        try:
            with self._cond:
                result = self._dispatch(name, call)
        except ApiError as error:
            return error.status, error, self._record(
                dataclasses.replace(call, outcome="error", status=error.status))
        return 200, result, self._record(dataclasses.replace(call, result=copy.deepcopy(result)))

    def _dispatch(self, name: str, call: Call) -> Any:
        """Produce the result of a synchronous method (caller holds the lock)."""
        override = self._results.get(name)
        if override is not None:
            return override(call.params) if callable(override) else copy.deepcopy(override)
        handler = self._handlers.get(name)
        if handler is None:
            log.debug("fake Bot API: unknown method %s answered with true", call.method)
            return True
        return handler(call.token, call.params, dict(call.files))

    async def _pause(self, seconds: float) -> None:
        """Sleep, but wake up early when the server stops."""
        assert self._stop_event is not None
        try:
            await asyncio.wait_for(self._stop_event.wait(), seconds)
        except TimeoutError:
            pass

    async def _handle_file(self, request: web.Request) -> web.StreamResponse:
        """Serve a file download (base_file_url + token + "/" + file_path)."""
        path = request.match_info["path"]
        with self._cond:
            data = next((d for p, d in self._files.values() if p == path), None)
        if data is None:
            return web.json_response({"ok": False, "error_code": 404,
                                      "description": "Not Found"}, status=404)
        return web.Response(body=data, content_type="application/octet-stream")

    # -- getUpdates -----------------------------------------------------------------

    async def _get_updates(self, token: str, params: dict[str, Any]) -> list[dict[str, Any]]:
        """Long-poll the queue like Telegram, but never longer than max_poll_seconds."""
        offset = _as_int(params.get("offset"), 0)
        limit = min(max(_as_int(params.get("limit"), 100) or 100, 1), 100)
        timeout = max(float(params.get("timeout") or 0), 0.0)
        allowed = params.get("allowed_updates")
        with self._cond:
            if self._webhook.get("url"):
                raise ApiError(409, CONFLICT_WEBHOOK)
            self._confirm(offset or 0)
        previous = self._polls.get(token)
        if previous is not None:
            # Telegram ends the older request when a second poller shows up.
            previous.conflict = True
            previous.wake.set()
        poll = _Poll(asyncio.Event())
        self._polls[token] = poll
        loop = asyncio.get_running_loop()
        deadline = loop.time() + min(timeout, self.max_poll_seconds)
        try:
            while True:
                if poll.conflict:
                    raise ApiError(409, CONFLICT_OTHER_POLL)
                with self._cond:
                    batch = self._batch(limit, allowed)
                remaining = deadline - loop.time()
                assert self._stop_event is not None
                if batch or remaining <= 0 or self._stop_event.is_set():
                    return batch
                poll.wake.clear()
                try:
                    await asyncio.wait_for(poll.wake.wait(), remaining)
                except TimeoutError:
                    pass
        finally:
            if self._polls.get(token) is poll:
                del self._polls[token]

    def _confirm(self, offset: int) -> None:
        """Forget confirmed updates: ids below a positive offset, all but -offset if negative."""
        if offset > 0:
            self._updates = [u for u in self._updates if u["update_id"] >= offset]
        elif offset < 0:
            self._updates = self._updates[offset:]

    def _batch(self, limit: int, allowed: Any) -> list[dict[str, Any]]:
        """Up to `limit` pending updates; types outside allowed_updates are discarded."""
        if isinstance(allowed, list) and allowed:
            self._updates = [u for u in self._updates if update_kind(u) in allowed]
        return copy.deepcopy(self._updates[:limit])

    # -- methods (called with the lock held) -------------------------------------------

    def _chat(self, chat_id: Any) -> dict[str, Any]:
        """The chat a method targets, learnt from updates or guessed from the id."""
        if chat_id is None or chat_id == "":
            raise bad_request("chat_id is empty")
        if isinstance(chat_id, str) and not chat_id.lstrip("-").isdigit():
            raise bad_request("chat not found")
        chat_id = int(chat_id)
        return dict(self._chats.setdefault(chat_id, chat_dict(chat_id)))

    def _new_bot_message(self, params: dict[str, Any]) -> dict[str, Any]:
        """Common fields of a message the bot sends, including the replied-to message."""
        chat = self._chat(params.get("chat_id"))
        check_reply_markup(params.get("reply_markup"))
        reply_to = self._reply_target(chat["id"], params)
        message: dict[str, Any] = {
            "message_id": _MESSAGE_IDS.next(chat["id"]),
            "from": dict(BOT_USER),
            "chat": chat,
            "date": int(time.time()),
        }
        thread = params.get("message_thread_id")
        if thread is not None:
            message["message_thread_id"] = thread
        if reply_to is not None:
            message["reply_to_message"] = _without_reply(reply_to)
        return message

    def _reply_target(self, chat_id: int, params: dict[str, Any]) -> dict[str, Any] | None:
        """The message named by reply_parameters / reply_to_message_id, if any."""
        reply = params.get("reply_parameters")
        message_id = reply.get("message_id") if isinstance(reply, dict) else None
        message_id = message_id or params.get("reply_to_message_id")
        if message_id is None:
            return None
        target = self._messages.get((chat_id, int(message_id)))
        allow_missing = (isinstance(reply, dict) and reply.get("allow_sending_without_reply")) \
            or params.get("allow_sending_without_reply")
        if target is None and self.strict and not allow_missing:
            raise bad_request("message to be replied not found")
        return target

    def _finish_message(self, message: dict[str, Any], params: dict[str, Any]) -> dict[str, Any]:
        """Attach the inline keyboard (the only markup Telegram echoes) and store the message."""
        markup = params.get("reply_markup")
        if isinstance(markup, dict) and "inline_keyboard" in markup:
            message["reply_markup"] = markup
        self._messages[(message["chat"]["id"], message["message_id"])] = message
        return copy.deepcopy(message)

    def _checked_text(self, params: dict[str, Any], key: str = "text",
                      entities_key: str = "entities",
                      mode_key: str = "parse_mode") -> tuple[str, list[dict[str, Any]]]:
        """Parse a text parameter and enforce Telegram's length rules."""
        text, entities = format_text(params.get(key), params.get(mode_key),
                                     params.get(entities_key), self.strict)
        if self.strict and not text.strip():
            raise bad_request("message text is empty")
        if self.strict and utf16_len(text) > MAX_TEXT_LENGTH:
            raise bad_request("message is too long")
        return text, entities

    def _send_message(self, token: str, params: dict[str, Any],
                      files: dict[str, UploadedFile]) -> dict[str, Any]:
        """sendMessage: validate, then return the stored Message."""
        message = self._new_bot_message(params)
        message["text"], entities = self._checked_text(params)
        if entities:
            message["entities"] = entities
        return self._finish_message(message, params)

    def _send_media(self, kind: str, token: str, params: dict[str, Any],
                    files: dict[str, UploadedFile]) -> dict[str, Any]:
        """sendPhoto/sendDocument/...: a Message carrying a stub of the media."""
        message = self._new_bot_message(params)
        upload = files.get(kind) or next(iter(files.values()), None)
        message[kind] = _media_stub(kind, upload, params.get(kind))
        if params.get("caption"):
            caption, entities = format_text(params["caption"], params.get("parse_mode"),
                                            params.get("caption_entities"), self.strict)
            message["caption"] = caption
            if entities:
                message["caption_entities"] = entities
        return self._finish_message(message, params)

    def _stored_bot_message(self, params: dict[str, Any]) -> dict[str, Any]:
        """The bot message an edit targets."""
        chat = self._chat(params.get("chat_id"))
        message_id = _as_int(params.get("message_id"))
        if message_id is None:
            raise bad_request("message identifier is not specified")
        key = (chat["id"], message_id)
        message = self._messages.get(key)
        if message is None:
            if self.strict:
                raise bad_request("message to edit not found")
            message = self._messages[key] = {"message_id": message_id, "from": dict(BOT_USER),
                                             "chat": chat, "date": int(time.time()), "text": ""}
        if message.get("from", {}).get("id") != BOT_ID:
            raise bad_request("message can't be edited")
        return message

    def _edit(self, params: dict[str, Any], changes: dict[str, Any]) -> Any:
        """Apply an edit, refusing no-op edits like Telegram; inline messages just get True."""
        if params.get("inline_message_id"):
            return True
        message = self._stored_bot_message(params)
        markup = params.get("reply_markup")
        check_reply_markup(markup)
        updated = {k: v for k, v in message.items() if k not in changes}
        updated.update({k: v for k, v in changes.items() if v})
        if isinstance(markup, dict) and markup.get("inline_keyboard"):
            updated["reply_markup"] = markup
        else:
            updated.pop("reply_markup", None)
        if self.strict and _content(updated) == _content(message):
            raise bad_request(NOT_MODIFIED.removeprefix("Bad Request: "))
        updated["edit_date"] = int(time.time())
        self._messages[(message["chat"]["id"], message["message_id"])] = updated
        return copy.deepcopy(updated)

    def _edit_message_text(self, token: str, params: dict[str, Any],
                           files: dict[str, UploadedFile]) -> Any:
        """editMessageText."""
        text, entities = self._checked_text(params)
        return self._edit(params, {"text": text, "entities": entities})

    def _edit_reply_markup(self, token: str, params: dict[str, Any],
                           files: dict[str, UploadedFile]) -> Any:
        """editMessageReplyMarkup (no reply_markup removes the keyboard)."""
        return self._edit(params, {})

    def _delete_message(self, token: str, params: dict[str, Any],
                        files: dict[str, UploadedFile]) -> bool:
        """deleteMessage."""
        chat = self._chat(params.get("chat_id"))
        removed = self._messages.pop((chat["id"], _as_int(params.get("message_id"))), None)
        if removed is None and self.strict:
            raise bad_request("message to delete not found")
        return True

    def _answer_callback_query(self, token: str, params: dict[str, Any],
                               files: dict[str, UploadedFile]) -> bool:
        """answerCallbackQuery: the id must come from an enqueued callback query."""
        if self.strict and str(params.get("callback_query_id")) not in self._callback_ids:
            raise bad_request("query is too old and response timeout expired or query ID is "
                              "invalid")
        if self.strict and len(str(params.get("text") or "")) > MAX_CALLBACK_ANSWER_LENGTH:
            raise bad_request("MESSAGE_TOO_LONG")
        return True

    def _answer_inline_query(self, token: str, params: dict[str, Any],
                             files: dict[str, UploadedFile]) -> bool:
        """answerInlineQuery: the id must come from an enqueued inline query."""
        if self.strict and str(params.get("inline_query_id")) not in self._inline_ids:
            raise bad_request("query is too old and response timeout expired or query ID is "
                              "invalid")
        results = params.get("results")
        if not isinstance(results, list):
            raise bad_request("can't parse inline query results JSON object")
        if self.strict and len(results) > MAX_INLINE_RESULTS:
            raise bad_request("RESULTS_TOO_MUCH")
        return True

    def _set_my_commands(self, token: str, params: dict[str, Any],
                         files: dict[str, UploadedFile]) -> bool:
        """setMyCommands, per scope and language."""
        commands = params.get("commands")
        if not isinstance(commands, list):
            raise bad_request("can't parse commands JSON object")
        for command in commands:
            if self.strict and not re.fullmatch(r"[a-z0-9_]{1,32}", str(command.get("command"))):
                raise bad_request("BOT_COMMAND_INVALID")
            if self.strict and not 1 <= len(str(command.get("description") or "")) <= 256:
                raise bad_request("command description is empty")
        key = _commands_key(params.get("scope"), params.get("language_code") or "")
        self._commands[key] = [{"command": c["command"], "description": c["description"]}
                               for c in commands]
        return True

    def _get_my_commands(self, token: str, params: dict[str, Any],
                         files: dict[str, UploadedFile]) -> list[dict[str, Any]]:
        """getMyCommands."""
        key = _commands_key(params.get("scope"), params.get("language_code") or "")
        return copy.deepcopy(self._commands.get(key, []))

    def _delete_my_commands(self, token: str, params: dict[str, Any],
                            files: dict[str, UploadedFile]) -> bool:
        """deleteMyCommands."""
        self._commands.pop(_commands_key(params.get("scope"),
                                         params.get("language_code") or ""), None)
        return True

    def _set_webhook(self, token: str, params: dict[str, Any],
                     files: dict[str, UploadedFile]) -> bool:
        """setWebhook: remembered only (updates are never pushed); blocks getUpdates."""
        url = str(params.get("url") or "")
        if not url:
            self._webhook = {}
            return True
        self._webhook = {"url": url, "max_connections": params.get("max_connections", 40),
                         "allowed_updates": params.get("allowed_updates")}
        if params.get("drop_pending_updates"):
            self._updates.clear()
        return True

    def _delete_webhook(self, token: str, params: dict[str, Any],
                        files: dict[str, UploadedFile]) -> bool:
        """deleteWebhook, honouring drop_pending_updates."""
        self._webhook = {}
        if params.get("drop_pending_updates"):
            self._updates.clear()
        return True

    def _get_webhook_info(self, token: str, params: dict[str, Any],
                          files: dict[str, UploadedFile]) -> dict[str, Any]:
        """getWebhookInfo."""
        info: dict[str, Any] = {"url": self._webhook.get("url", ""),
                                "has_custom_certificate": False,
                                "pending_update_count": len(self._updates)}
        if info["url"]:
            info["max_connections"] = self._webhook["max_connections"]
            if self._webhook.get("allowed_updates"):
                info["allowed_updates"] = self._webhook["allowed_updates"]
        return info

    def _send_chat_action(self, token: str, params: dict[str, Any],
                          files: dict[str, UploadedFile]) -> bool:
        """sendChatAction."""
        self._chat(params.get("chat_id"))
        if self.strict and params.get("action") not in CHAT_ACTIONS:
            raise bad_request("wrong parameter action in request")
        return True

    def _get_file(self, token: str, params: dict[str, Any],
                  files: dict[str, UploadedFile]) -> dict[str, Any]:
        """getFile: files from add_file, or a few placeholder bytes for any other id."""
        file_id = str(params.get("file_id") or "")
        if not file_id:
            raise bad_request("file_id is empty")
        if file_id not in self._files:
            self._files[file_id] = (f"files/file_{len(self._files)}",
                                    f"fake file {file_id}".encode())
        path, data = self._files[file_id]
        return {"file_id": file_id, "file_unique_id": f"U{abs(hash(file_id)) % 10**10}",
                "file_size": len(data), "file_path": path}


# ----------------------------------------------------------------------------- helpers


def _same_method(recorded: str, wanted: str | None) -> bool:
    """Telegram treats method names case-insensitively; so do the filters."""
    return wanted is None or recorded.lower() == wanted.lower()


def _commands_key(scope: Any, language_code: str) -> str:
    """Storage key for a command list."""
    scope = scope if isinstance(scope, dict) else {"type": "default"}
    return json.dumps([scope, language_code], sort_keys=True)


def _content(message: Mapping[str, Any]) -> tuple[Any, ...]:
    """What an edit must change to count as a modification."""
    return (message.get("text"), message.get("entities") or [], message.get("caption"),
            message.get("reply_markup"))


def _media_stub(kind: str, upload: UploadedFile | None, sent: Any) -> Any:
    """A plausible media object for a sent file (uploaded or referenced by file_id)."""
    ids = _file_ids("BQAC") if not isinstance(sent, str) or sent.startswith("attach://") else \
        {"file_id": sent, "file_unique_id": f"U{abs(hash(sent)) % 10**10}"}
    size = len(upload.data) if upload is not None else 1024
    if kind == "photo":
        return [{**ids, "width": 800, "height": 600, "file_size": size}]
    stub: dict[str, Any] = {**ids, "file_size": size}
    if kind == "sticker":
        stub.update(type="regular", width=512, height=512, is_animated=False, is_video=False)
    elif kind in ("voice", "audio", "video", "animation"):
        stub["duration"] = 1
        if kind in ("video", "animation"):
            stub.update(width=640, height=360)
    if upload is not None and kind in ("document", "audio", "video", "animation"):
        stub.update(file_name=upload.filename, mime_type=upload.content_type)
    return stub


def _default_description(status: int, retry_after: int | None) -> str:
    """Telegram's usual wording for an error status."""
    known = {
        400: "Bad Request: fake error",
        401: "Unauthorized",
        403: "Forbidden: bot was blocked by the user",
        404: "Not Found",
        409: CONFLICT_OTHER_POLL,
        429: f"Too Many Requests: retry after {retry_after}",
        500: "Internal Server Error",
        502: "Bad Gateway",
    }
    if status in known:
        return known[status]
    try:
        return HTTPStatus(status).phrase
    except ValueError:
        return f"Error {status}"


def _retry_parameters(retry_after: int | None) -> dict[str, Any]:
    """The "parameters" object of an error, if any."""
    return {"retry_after": retry_after} if retry_after is not None else {}


def _error_response(error: ApiError) -> web.Response:
    """Telegram's error shape, with the HTTP status equal to error_code."""
    return web.json_response(error.body(), status=error.status, dumps=_dumps)


BODIES = frozenset({"json", "html", "empty", "malformed"})


def _broken_response(status: int, body: str, description: str) -> web.Response:
    """A response that is not Telegram's JSON: an HTML error page, nothing, or JSON cut short."""
    if body == "html":
        title = html.escape(f"{status} {description}")
        page = (f"<html>\r\n<head><title>{title}</title></head>\r\n<body>\r\n"
                f"<center><h1>{title}</h1></center>\r\n<hr><center>nginx</center>\r\n"
                "</body>\r\n</html>\r\n")
        return web.Response(status=status, text=page, content_type="text/html")
    if body == "empty":
        return web.Response(status=status, body=b"")
    return web.Response(status=status, text='{"ok": false, "error_code": ' + str(status)[:2],
                        content_type="application/json")


def _drop(request: web.Request) -> web.Response:
    """Hang up without answering; the client sees a disconnect, not an HTTP error."""
    if request.transport is not None:
        request.transport.close()
    return web.Response(status=204)


def _dumps(value: Any) -> str:
    """Telegram answers in UTF-8 without \\u escapes."""
    return json.dumps(value, ensure_ascii=False)


__all__ = [
    "ApiError", "BODIES", "BOT_ID", "BOT_TOKEN", "BOT_USER", "BOT_USERNAME", "Call", "DEFAULT_GROUP_ID",
    "DEFAULT_SUPERGROUP_ID", "DEFAULT_USER_ID", "FakeBotApi", "GET_ME", "UploadedFile",
    "auto_entities", "bot_message", "callback_update", "chat_dict", "format_text",
    "inline_update", "parse_html", "parse_markdown_v2", "photo_update", "sticker_update",
    "text_update", "update_kind", "user_dict", "utf16_len", "voice_update",
]
