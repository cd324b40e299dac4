"""The [telegram] table of the settings file, checked once when the settings are read."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from retrieval.config import ConfigError, Settings

DEFAULT_EXAMPLES = (
    "Năm 2020 quận Đống Đa thu ngân sách được bao nhiêu?",
    "Quận Sơn Trà có bao nhiêu đảng viên hoàn thành xuất sắc nhiệm vụ năm 2021?",
    "Quận Long Biên chi ngân sách bao nhiêu?",
)

DEFAULT_MAX_UPLOAD = 5 * 1024 * 1024
# An update is a few kilobytes (a message is at most 4096 characters); a body past this is refused unread.
DEFAULT_WEBHOOK_MAX_BODY = 1024 * 1024
# The Bot API's getFile serves at most 20 MB; a larger limit could never be honoured.
BOT_API_DOWNLOAD_LIMIT = 20 * 1024 * 1024


@dataclass(frozen=True)
class TelegramSettings:
    """The [telegram] table of the settings file."""

    allowed_chat_ids: frozenset[int] | None = None  # None: every chat may use the bot
    questions_per_minute: int = 10  # per chat; 0 turns the limit off
    poll_timeout: float = 30.0  # seconds a getUpdates long poll is held open
    drop_pending_updates: bool = False
    # Seconds a message may take to reach Telegram, retries of 5xx and broken connections and every
    # 429's retry_after included; only then is it given up (the user gets an apology).
    delivery_deadline: float = 120.0
    flood_retries: int = 3  # accepted for old settings files; delivery_deadline now decides
    webhook_listen: str = "127.0.0.1"
    webhook_port: int = 8443
    webhook_url: str | None = None
    webhook_secret_token: str | None = None
    webhook_max_body_bytes: int = DEFAULT_WEBHOOK_MAX_BODY  # a POST with a larger body gets 400, unread
    example_questions: tuple[str, ...] = DEFAULT_EXAMPLES
    admin_user_ids: frozenset[int] = frozenset()  # may upload articles and read /stats
    max_upload_bytes: int = DEFAULT_MAX_UPLOAD  # larger documents are refused before download


def _check_int(value: Any, name: str, where: str, low: int, high: int | None = None) -> int:
    if isinstance(value, bool) or not isinstance(value, int) or value < low or (high is not None and value > high):
        bound = f"từ {low} đến {high}" if high is not None else f"≥ {low}"
        raise ConfigError(f"{where}: [telegram] {name} phải là số nguyên {bound}")
    return value


def _check_str(value: Any, name: str, where: str) -> str:
    if not isinstance(value, str) or not value.strip():
        raise ConfigError(f"{where}: [telegram] {name} phải là chuỗi khác rỗng")
    return value.strip()


def telegram_settings(table: Mapping[str, Any], source: Path | str | None = None) -> TelegramSettings:
    """Validate the [telegram] table; a wrong or unknown key is a one-line ConfigError (a typo in
    `allowed_chat_ids` must not silently open the bot to everyone)."""
    where = str(source or "cấu hình")
    known = set(TelegramSettings.__dataclass_fields__)
    unknown = sorted(set(table) - known)
    if unknown:
        raise ConfigError(f"{where}: [telegram] không có tùy chọn {', '.join(unknown)}")
    values: dict[str, Any] = {}
    if "allowed_chat_ids" in table:
        ids = table["allowed_chat_ids"]
        if not isinstance(ids, list) or not all(isinstance(i, int) and not isinstance(i, bool) for i in ids):
            raise ConfigError(f"{where}: [telegram] allowed_chat_ids phải là danh sách số nguyên")
        values["allowed_chat_ids"] = frozenset(ids)
    if "admin_user_ids" in table:
        ids = table["admin_user_ids"]
        if not isinstance(ids, list) or not all(isinstance(i, int) and not isinstance(i, bool) for i in ids):
            raise ConfigError(f"{where}: [telegram] admin_user_ids phải là danh sách số nguyên")
        values["admin_user_ids"] = frozenset(ids)
    if "max_upload_bytes" in table:
        values["max_upload_bytes"] = _check_int(
            table["max_upload_bytes"], "max_upload_bytes", where, 1, BOT_API_DOWNLOAD_LIMIT
        )
    if "questions_per_minute" in table:
        values["questions_per_minute"] = _check_int(table["questions_per_minute"], "questions_per_minute", where, 0)
    if "flood_retries" in table:
        values["flood_retries"] = _check_int(table["flood_retries"], "flood_retries", where, 0, 10)
    if "webhook_max_body_bytes" in table:
        values["webhook_max_body_bytes"] = _check_int(
            table["webhook_max_body_bytes"], "webhook_max_body_bytes", where, 1024, 100 * 1024 * 1024
        )
    if "webhook_port" in table:
        values["webhook_port"] = _check_int(table["webhook_port"], "webhook_port", where, 1, 65535)
    if "poll_timeout" in table:
        timeout = table["poll_timeout"]
        if isinstance(timeout, bool) or not isinstance(timeout, (int, float)) or not 0 <= timeout <= 600:
            raise ConfigError(f"{where}: [telegram] poll_timeout phải là số giây từ 0 đến 600")
        values["poll_timeout"] = float(timeout)
    if "delivery_deadline" in table:
        deadline = table["delivery_deadline"]
        if isinstance(deadline, bool) or not isinstance(deadline, (int, float)) or not 0 <= deadline <= 86400:
            raise ConfigError(f"{where}: [telegram] delivery_deadline phải là số giây từ 0 đến 86400")
        values["delivery_deadline"] = float(deadline)
    if "drop_pending_updates" in table:
        if not isinstance(table["drop_pending_updates"], bool):
            raise ConfigError(f"{where}: [telegram] drop_pending_updates phải là true hoặc false")
        values["drop_pending_updates"] = table["drop_pending_updates"]
    for name in ("webhook_listen", "webhook_url", "webhook_secret_token"):
        if name in table:
            values[name] = _check_str(table[name], name, where)
    if "example_questions" in table:
        examples = table["example_questions"]
        if not isinstance(examples, list) or not all(isinstance(q, str) and q.strip() for q in examples):
            raise ConfigError(f"{where}: [telegram] example_questions phải là danh sách câu hỏi")
        values["example_questions"] = tuple(q.strip() for q in examples)
    return TelegramSettings(**values)


def read_telegram_settings(settings: Settings) -> TelegramSettings:
    """The validated [telegram] table of loaded settings (defaults when the file has none)."""
    return telegram_settings(settings.section("telegram"), settings.config_file)
