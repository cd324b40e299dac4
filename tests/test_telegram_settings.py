"""The [telegram] table: checked once, when the settings file is read, by every command."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from bot.cli import main
from bot.telegram_bot.settings import TelegramSettings, telegram_settings
from retrieval.config import ConfigError

ROOT = Path(__file__).resolve().parent.parent


def test_defaults() -> None:
    settings = telegram_settings({})
    assert settings == TelegramSettings()
    assert (settings.delivery_deadline, settings.questions_per_minute, settings.allowed_chat_ids) == (120.0, 10, None)


@pytest.mark.parametrize(
    ("table", "expected"),
    [
        ({"delivery_deadline": 30}, {"delivery_deadline": 30.0}),
        ({"delivery_deadline": 0.5}, {"delivery_deadline": 0.5}),
        ({"flood_retries": 5}, {"flood_retries": 5}),  # an older file still loads; the deadline decides
        ({"allowed_chat_ids": [1, -2]}, {"allowed_chat_ids": frozenset({1, -2})}),
        ({"poll_timeout": 1}, {"poll_timeout": 1.0}),
        ({"example_questions": [" Ai? "]}, {"example_questions": ("Ai?",)}),
        ({}, {"admin_user_ids": frozenset(), "max_upload_bytes": 5 * 1024 * 1024}),
        ({"admin_user_ids": [7, 8]}, {"admin_user_ids": frozenset({7, 8})}),
        ({"max_upload_bytes": 1000}, {"max_upload_bytes": 1000}),
        ({}, {"webhook_max_body_bytes": 1024 * 1024}),
        ({"webhook_max_body_bytes": 65536}, {"webhook_max_body_bytes": 65536}),
    ],
)
def test_valid_values(table: dict[str, Any], expected: dict[str, Any]) -> None:
    settings = telegram_settings(table, "s.toml")
    assert {name: getattr(settings, name) for name in expected} == expected


@pytest.mark.parametrize(
    ("table", "message"),
    [
        ({"delivery_deadline": -1}, "s.toml: [telegram] delivery_deadline phải là số giây từ 0 đến 86400"),
        ({"delivery_deadline": True}, "s.toml: [telegram] delivery_deadline phải là số giây từ 0 đến 86400"),
        ({"delivery_deadline": "120"}, "s.toml: [telegram] delivery_deadline phải là số giây từ 0 đến 86400"),
        ({"flood_retries": 11}, "s.toml: [telegram] flood_retries phải là số nguyên từ 0 đến 10"),
        ({"alowed_chat_ids": [1]}, "s.toml: [telegram] không có tùy chọn alowed_chat_ids"),
        ({"allowed_chat_ids": "1"}, "s.toml: [telegram] allowed_chat_ids phải là danh sách số nguyên"),
        ({"admin_user_ids": 7}, "s.toml: [telegram] admin_user_ids phải là danh sách số nguyên"),
        ({"admin_user_ids": [True]}, "s.toml: [telegram] admin_user_ids phải là danh sách số nguyên"),
        ({"max_upload_bytes": 0}, "s.toml: [telegram] max_upload_bytes phải là số nguyên từ 1 đến 20971520"),
        ({"max_upload_bytes": 21 * 1024 * 1024}, "s.toml: [telegram] max_upload_bytes phải là số nguyên từ 1 đến 20971520"),
        ({"webhook_max_body_bytes": 10}, "s.toml: [telegram] webhook_max_body_bytes phải là số nguyên từ 1024 đến 104857600"),
    ],
)
def test_wrong_values_are_one_line(table: dict[str, Any], message: str) -> None:
    with pytest.raises(ConfigError) as caught:
        telegram_settings(table, "s.toml")
    assert str(caught.value) == message


def test_every_command_reports_a_wrong_telegram_table(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """A misspelt allow-list must not wait for the day the bot is started to be noticed."""
    config = tmp_path / "settings.toml"
    config.write_text(
        f'abbreviations_file = "{ROOT}/config/abbreviations.toml"\n[corpus]\ndir = "{ROOT}/seeds"\n'
        "[telegram]\nalowed_chat_ids = [1]\n",
        encoding="utf-8",
    )
    code = main(["sources", "--config", str(config)])
    assert code == 1
    assert capsys.readouterr().err == f"tracuu: {config}: [telegram] không có tùy chọn alowed_chat_ids\n"
