"""End-to-end, the bot with its state store: follow-ups (private chats, group reply chains, across a restart),
/moi, 👍/👎 votes and the question log, admins' uploads and /stats.

Every bot is the real `python -m bot telegram` process against tests/fakebotapi.py (see test_telegram_e2e.py),
with a SQLite state store in a temporary folder.
"""

from __future__ import annotations

import itertools
import os
import os
import re
import shutil
import signal
from collections.abc import Iterator
from pathlib import Path

import pytest

from bot.state import StateConfig, open_state
from tests.fakebotapi import (
    BOT_TOKEN,
    BOT_USERNAME,
    DEFAULT_USER_ID,
    Call,
    FakeBotApi,
    callback_update,
    document_update,
    plain_text,
    text_update,
)
from tests.test_telegram_e2e import BotProcess, in_chat, sent_since, start_bot, write_config

ROOT = Path(__file__).resolve().parent.parent
SEEDS = ROOT / "seeds"
PAGE = ROOT / "tests" / "data" / "pages" / "thanh_xuan_ngan_sach_2023.html"
FIRST = "Tổng thu NSNN năm 2020 của Hoàn Kiếm bằng bao nhiêu phần trăm dự toán?"
FOLLOW_UP = "Còn Đống Đa thì sao?"
DONG_DA_SHARE = "100,52%"
READ_AS = "(hiểu là:"
ADMIN = DEFAULT_USER_ID
STRANGER = 777001
MAX_UPLOAD = 200_000

_chat_ids = itertools.count(8001)
_group_ids = itertools.count(-8001, -1)


@pytest.fixture
def chat() -> int:
    return next(_chat_ids)


@pytest.fixture
def group() -> int:
    return next(_group_ids)


def state_table(folder: Path, extra: str = "") -> str:
    return f'[state]\ndir = "{folder}"\n{extra}'


def store_at(folder: Path):  # type: ignore[no-untyped-def]
    """The bot's store, opened from the test (SQLite allows a second process)."""
    return open_state(StateConfig(state_dir=folder))


@pytest.fixture(scope="module")
def setup(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[FakeBotApi, BotProcess, Path, Path]]:
    """One bot for the module: its own corpus copy (uploads write to it), an admin, a state folder."""
    directory = tmp_path_factory.mktemp("statebot")
    corpus = directory / "corpus"
    shutil.copytree(SEEDS, corpus, ignore=shutil.ignore_patterns(".*"))
    state = directory / "state"
    config = write_config(
        directory,
        "state",
        extra=f'{state_table(state)}',
        telegram=f"questions_per_minute = 100\nadmin_user_ids = [{ADMIN}]\nmax_upload_bytes = {MAX_UPLOAD}",
    )
    text = config.read_text(encoding="utf-8").replace(f'dir = "{SEEDS}"', f'dir = "{corpus}"')
    config.write_text(text, encoding="utf-8")
    with FakeBotApi(max_poll_seconds=1.0) as api:
        bot = start_bot(api, directory, config)
        yield api, bot, corpus, state
        assert bot.stop(signal.SIGTERM) == 0, bot.stderr
        assert BOT_TOKEN not in bot.stderr


def ask(api: FakeBotApi, update: dict, chat_id: int) -> Call:
    since = api.mark()
    api.enqueue(update)
    return api.wait_for("sendMessage", in_chat(chat_id), since=since, timeout=30)


# ----------------------------------------------------------------------------- follow-ups


def test_a_follow_up_in_a_private_chat_inherits_the_question(setup, chat: int) -> None:
    api, _, _, _ = setup
    first = ask(api, text_update(FIRST, chat_id=chat), chat)
    assert READ_AS not in plain_text(first.params["text"])
    second = plain_text(ask(api, text_update(FOLLOW_UP, chat_id=chat), chat).params["text"])
    assert DONG_DA_SHARE in second
    assert READ_AS in second and "Đống Đa" in second


def test_a_reply_chain_in_a_group_continues_that_answer_only(setup, group: int) -> None:
    api, _, _, _ = setup
    first = ask(api, text_update(f"/ask {FIRST}", chat_id=group, chat_type="group"), group)
    reply = text_update(FOLLOW_UP, chat_id=group, chat_type="group", reply_to=first.result)
    followed = plain_text(ask(api, reply, group).params["text"])
    assert DONG_DA_SHARE in followed and READ_AS in followed
    # A fresh mention is a new conversation, even right after.
    fresh = plain_text(ask(api, text_update(f"@{BOT_USERNAME} {FOLLOW_UP}", chat_id=group, chat_type="group"), group).params["text"])
    assert READ_AS not in fresh and DONG_DA_SHARE not in fresh


@pytest.mark.parametrize("command", ["/moi", "/new"])
def test_moi_forgets_the_conversation(setup, chat: int, command: str) -> None:
    api, _, _, _ = setup
    ask(api, text_update(FIRST, chat_id=chat), chat)
    done = ask(api, text_update(command, chat_id=chat), chat)
    assert plain_text(done.params["text"]) == "Đã bắt đầu cuộc trò chuyện mới: câu hỏi tiếp theo không dựa vào các câu trước."
    after = plain_text(ask(api, text_update(FOLLOW_UP, chat_id=chat), chat).params["text"])
    assert READ_AS not in after and DONG_DA_SHARE not in after


def test_a_restarted_bot_still_understands_the_follow_up(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, chat: int
) -> None:
    monkeypatch.setenv("TRACUU_STATE_DIR", str(tmp_path / "state"))
    config = write_config(tmp_path, "restart")
    with FakeBotApi(max_poll_seconds=1.0) as api:
        bot = start_bot(api, tmp_path, config)
        ask(api, text_update(FIRST, chat_id=chat), chat)
        assert bot.stop(signal.SIGTERM) == 0, bot.stderr
        bot = start_bot(api, tmp_path, config)
        try:
            second = plain_text(ask(api, text_update(FOLLOW_UP, chat_id=chat), chat).params["text"])
        finally:
            assert bot.stop(signal.SIGTERM) == 0, bot.stderr
    assert DONG_DA_SHARE in second and READ_AS in second


# ----------------------------------------------------------------------------- votes and the question log


def test_votes_are_recorded_once_per_user_and_can_change(setup, chat: int) -> None:
    api, _, _, state = setup
    answer = ask(api, text_update(FIRST, chat_id=chat), chat)
    buttons = answer.params["reply_markup"]["inline_keyboard"][0]
    assert [b["text"] for b in buttons] == ["👍", "👎"]
    up, down = (b["callback_data"] for b in buttons)
    log_id = int(up.split(":")[2])
    assert (up, down) == (f"v:+:{log_id}", f"v:-:{log_id}")

    since = api.mark()
    api.enqueue(callback_update(down, message=answer.result))
    acknowledged = api.wait_for("answerCallbackQuery", since=since)
    assert acknowledged.params["text"] == "Cảm ơn bạn! Đã ghi nhận 👎: chúng tôi sẽ xem lại câu trả lời này."
    api.enqueue(callback_update(down, message=answer.result))  # a second 👎 from the same user counts once
    api.wait_for_count("answerCallbackQuery", 2, since=since)
    with store_at(state) as store:
        disliked = [row for row in store.report_data(0).disliked if row.log_id == log_id]
    assert [(row.question, row.down, row.up) for row in disliked] == [(FIRST, 1, 0)]

    since = api.mark()
    api.enqueue(callback_update(up, message=answer.result))
    assert api.wait_for("answerCallbackQuery", since=since).params["text"] == "Cảm ơn bạn! Đã ghi nhận 👍"
    with store_at(state) as store:
        assert not [row for row in store.report_data(0).disliked if row.log_id == log_id]


def test_with_logging_off_nothing_is_written_and_no_buttons(tmp_path: Path, chat: int) -> None:
    state = tmp_path / "state"
    config = write_config(tmp_path, "nolog", extra=state_table(state, "log_questions = false"))
    with FakeBotApi(max_poll_seconds=1.0) as api:
        bot = start_bot(api, tmp_path, config)
        try:
            answer = ask(api, text_update(FIRST, chat_id=chat), chat)
            followed = plain_text(ask(api, text_update(FOLLOW_UP, chat_id=chat), chat).params["text"])
        finally:
            assert bot.stop(signal.SIGTERM) == 0, bot.stderr
    assert "reply_markup" not in answer.params
    assert DONG_DA_SHARE in followed  # the conversation is kept all the same
    with store_at(state) as store:
        assert store.report_data(0).front_ends == ()


# ----------------------------------------------------------------------------- admins


def corpus_files(corpus: Path) -> dict[str, bytes]:
    return {p.name: p.read_bytes() for p in sorted(corpus.iterdir()) if p.is_file()}


def test_an_admin_upload_is_indexed_and_answerable_in_the_next_question(setup, chat: int) -> None:
    api, _, corpus, _ = setup
    data = PAGE.read_bytes()
    update = document_update(PAGE.name, len(data), chat_id=chat, user_id=ADMIN, mime_type="text/html")
    api.add_file(update["message"]["document"]["file_id"], data)
    reply = plain_text(ask(api, update, chat).params["text"])
    assert f"Đã thêm và lập chỉ mục {PAGE.name}:" in reply
    assert "• Địa bàn: quận Thanh Xuân, Hà Nội" in reply
    assert "• Ngày: 20/12/2023" in reply
    assert "• Tiêu đề: Quận Thanh Xuân hoàn thành vượt dự toán thu ngân sách năm 2023" in reply
    assert (
        "• URL: https://thudongaynay.example/chinh-tri/"
        "quan-thanh-xuan-hoan-thanh-vuot-du-toan-thu-ngan-sach-nam-2023-post58214.html"
    ) in reply
    assert (corpus / PAGE.name).read_bytes() == data

    answer = ask(api, text_update("Năm 2023 quận Thanh Xuân thu ngân sách được bao nhiêu?", chat_id=chat), chat)
    assert "3.215,6 tỷ đồng" in plain_text(answer.params["text"])

    again = plain_text(ask(api, update, chat).params["text"])  # the same bytes twice are one article
    assert again == f"ℹ️ Không thêm {PAGE.name}: đã có trong corpus ({PAGE.name})"


@pytest.mark.parametrize(
    ("user", "name", "size", "expected"),
    [
        (
            STRANGER,
            "bai_moi.txt",
            100,
            "Cảm ơn bạn đã gửi tệp! Tiếc là chỉ quản trị viên của bot mới thêm được bài vào kho; "
            "tệp của bạn không được lưu. Bạn vẫn có thể gõ câu hỏi bằng chữ.",
        ),
        (ADMIN, "bai_lon.pdf", MAX_UPLOAD + 1, "Không thêm bai_lon.pdf: tệp 0,2 MB lớn hơn giới hạn 0,2 MB; tôi không tải tệp này về."),
        (ADMIN, "anh.jpg", 100, "Không thêm anh.jpg: chỉ nhận tệp .docx, .htm, .html, .pdf, .txt."),
    ],
    ids=["not-an-admin", "too-large", "unsupported"],
)
def test_refused_uploads_are_never_downloaded_nor_written(
    setup, user: int, name: str, size: int, expected: str
) -> None:
    api, _, corpus, _ = setup
    before = corpus_files(corpus)
    since = api.mark()
    update = document_update(name, size, chat_id=user, user_id=user)
    reply = ask(api, update, user)
    assert plain_text(reply.params["text"]) == expected
    assert [c for c in api.calls()[since:] if c.method == "getFile"] == []
    assert corpus_files(corpus) == before


def test_stats_for_admins_only(tmp_path: Path, seed_service) -> None:  # type: ignore[no-untyped-def]
    state = tmp_path / "state"
    config = write_config(tmp_path, "stats", extra=state_table(state), telegram=f"admin_user_ids = [{ADMIN}]")
    paragraphs = sum(len(d.passages) for d in seed_service.library.corpus.documents)
    with FakeBotApi(max_poll_seconds=1.0) as api:
        bot = start_bot(api, tmp_path, config)
        try:
            ask(api, text_update(FIRST, chat_id=ADMIN), ADMIN)
            ask(api, text_update("Thời tiết ở Đà Lạt hôm nay thế nào?", chat_id=ADMIN), ADMIN)
            shown = plain_text(ask(api, text_update("/stats", chat_id=ADMIN), ADMIN).params["text"])
            refused = plain_text(ask(api, text_update("/stats", chat_id=STRANGER, user_id=STRANGER), STRANGER).params["text"])
        finally:
            assert bot.stop(signal.SIGTERM) == 0, bot.stderr
    lines = shown.splitlines()
    assert lines[:5] == ["Thống kê", "Bài viết: 5", f"Đoạn văn: {paragraphs}", "Câu hỏi hôm nay: 2", "Tỉ lệ từ chối: 50%"]
    assert re.fullmatch(r"Thời gian trả lời \(trung vị\): \d+ ms", lines[5])
    assert refused == "Xin lỗi, chỉ quản trị viên của bot mới dùng được chức năng này."


# ----------------------------------------------------------------------------- hostile uploads


def _reading_worker(bot_pid: int) -> int:
    """The pid of the bot's reading worker (retrieval/corpus/worker.py), a child process."""
    for task in Path(f"/proc/{bot_pid}/task").iterdir():
        for child in (task / "children").read_text().split():
            if b"retrieval.corpus.worker" in Path(f"/proc/{child}/cmdline").read_bytes():
                return int(child)
    raise AssertionError("the bot has no reading worker")


@pytest.mark.skipif(not Path("/proc/self/task").exists(), reason="finds the worker through Linux's /proc")
def test_a_zip_bomb_upload_is_refused_and_other_chats_are_answered_while_it_is_read(setup, tmp_path: Path) -> None:
    from tests.test_reading_limits import bomb_docx

    api, bot, corpus, _ = setup
    before = corpus_files(corpus)
    data = bomb_docx(tmp_path / "bom.docx", megabytes=66).read_bytes()  # under this bot's MAX_UPLOAD
    assert len(data) < MAX_UPLOAD
    other = next(_chat_ids)
    worker = _reading_worker(bot.process.pid)
    assert worker != bot.process.pid
    # The worker is stopped, so the upload stays "being read" until the test lets it go: if reading held
    # the answer lock (or ran in the bot's own process), the other chat's answer could not come meanwhile.
    os.kill(worker, signal.SIGSTOP)
    try:
        update = document_update("bom.docx", len(data), chat_id=ADMIN, user_id=ADMIN)
        api.add_file(update["message"]["document"]["file_id"], data)
        since = api.mark()
        api.enqueue(update)
        api.wait_for("getFile", since=since, timeout=30)
        answer = ask(api, text_update(FIRST, chat_id=other), other)
        assert "Hoàn Kiếm" in plain_text(answer.params["text"])
        assert sent_since(api, since, "sendMessage", ADMIN) == []  # the upload is still being read
    finally:
        os.kill(worker, signal.SIGCONT)
    refusal = api.wait_for("sendMessage", in_chat(ADMIN), since=since, timeout=30)
    assert plain_text(refusal.params["text"]) == (
        "⚠️ Bỏ qua bom.docx: tệp nén giải nén ra 65,8 MB, quá giới hạn "
        "[reading] max_unpacked_bytes = 67108864 (64,0 MB)"
    )
    assert corpus_files(corpus) == before


@pytest.mark.parametrize(
    ("given", "stored"),
    [("bai\x00moi.txt", "baimoi.txt"), ("bai\nmoi2.txt", "bai moi2.txt"), ("bai\u202eeman.txt", "baieman.txt"),
     ("../x.txt", "x.txt")],
    ids=["nul", "newline", "rlo", "parent"],
)
def test_an_upload_name_is_stored_clean_and_the_stored_name_shown(setup, given: str, stored: str) -> None:
    api, _, corpus, _ = setup
    data = (SEEDS / sorted(p.name for p in SEEDS.glob("*.txt"))[0]).read_bytes() + f"\n\n{stored}\n".encode()
    update = document_update(given, len(data), chat_id=ADMIN, user_id=ADMIN, mime_type="text/plain")
    api.add_file(update["message"]["document"]["file_id"], data)
    reply = plain_text(ask(api, update, ADMIN).params["text"])
    assert reply.startswith(f"✅ Đã thêm và lập chỉ mục {stored}:"), reply
    assert (corpus / stored).read_bytes() == data
