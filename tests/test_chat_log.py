"""`tracuu chat` and `tracuu ask` with the state store: the question log, /tot and /sai, context across restarts.

Every test runs the real entry point against a real SQLite store in a temporary TRACUU_STATE_DIR.
"""

from __future__ import annotations

import io
import json
import sqlite3
import sys
import time
from pathlib import Path
from typing import Any

import pytest

from bot.cli import main
from bot.cli_state import os_user

PROJECT = Path(__file__).resolve().parent.parent
SEEDS = PROJECT / "seeds"
HOAN_KIEM = "001_4cc13ceeb386153d"
FIRST = "Tổng thu NSNN năm 2020 của Hoàn Kiếm bằng bao nhiêu phần trăm dự toán?"
FOLLOW_UP = "Còn Đống Đa thì sao?"
RESOLVED = "(hiểu là: Tổng thu NSNN năm 2020 của Đống Đa bằng bao nhiêu phần trăm dự toán?)"
DECLINED = "Quận Thanh Xuân có bao nhiêu đảng viên?"


@pytest.fixture(scope="module")
def index_cache(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """One index cache for the module: each run of main() then opens the seeds' index instead of building it."""
    return tmp_path_factory.mktemp("cache")


@pytest.fixture
def state_dir(tmp_path: Path, index_cache: Path, isolated_user_files: None, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.setenv("XDG_CACHE_HOME", str(index_cache))
    folder = tmp_path / "state"
    monkeypatch.setenv("TRACUU_STATE_DIR", str(folder))
    return folder


def run(capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch, *argv: str, stdin: str = "") -> str:
    monkeypatch.setattr(sys, "stdin", io.StringIO(stdin))
    code = main(["--corpus", str(SEEDS), *argv])
    captured = capsys.readouterr()
    assert code == 0, captured.err
    return captured.out


def chat(capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch, *lines: str, args: tuple[str, ...] = ()) -> str:
    """One `tracuu chat` process: the lines typed, then end of input."""
    return run(capsys, monkeypatch, "chat", *args, stdin="".join(f"{line}\n" for line in lines))


def report(capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch) -> dict[str, Any]:
    return json.loads(run(capsys, monkeypatch, "report", "--json"))


def rows(state_dir: Path, sql: str) -> list[tuple[Any, ...]]:
    with sqlite3.connect(state_dir / "state.sqlite3") as connection:
        return connection.execute(sql).fetchall()


def write_config(tmp_path: Path, state: str) -> str:
    path = tmp_path / "settings.toml"
    path.write_text(f"[state]\n{state}\n", encoding="utf-8")
    return str(path)


def test_a_disliked_answer_shows_in_the_report_with_its_citation(capsys, monkeypatch, state_dir: Path) -> None:
    out = chat(capsys, monkeypatch, FIRST, "/sai")
    assert "Đã ghi 👎 cho câu trả lời vừa rồi. Cảm ơn bạn!" in out
    disliked = report(capsys, monkeypatch)["disliked"]
    assert [(d["front_end"], d["question"], d["resolved_question"], d["citation"], d["down"], d["up"]) for d in disliked] == [
        ("chat", FIRST, None, f"{HOAN_KIEM}:8", 1, 0)
    ]


def test_a_second_vote_changes_the_first(capsys, monkeypatch, state_dir: Path) -> None:
    out = chat(capsys, monkeypatch, FIRST, "/sai", "/tot")
    assert "Đã ghi 👍 cho câu trả lời vừa rồi. Cảm ơn bạn!" in out
    assert report(capsys, monkeypatch)["disliked"] == []
    assert rows(state_dir, "SELECT vote FROM votes") == [(1,)]


def test_a_vote_before_any_answer_has_nothing_to_vote_on(capsys, monkeypatch, state_dir: Path) -> None:
    out = chat(capsys, monkeypatch, "/tot", "/sai")
    assert out.count("Chưa có câu trả lời nào để đánh giá.") == 2
    assert rows(state_dir, "SELECT COUNT(*) FROM votes") == [(0,)]


@pytest.mark.parametrize("front_end", ["chat", "cli"])
def test_a_declined_question_shows_in_the_report(capsys, monkeypatch, state_dir: Path, front_end: str) -> None:
    if front_end == "chat":
        chat(capsys, monkeypatch, DECLINED)
    else:
        run(capsys, monkeypatch, "ask", DECLINED)
    data = report(capsys, monkeypatch)
    assert data["declined"] == [
        {"question": DECLINED, "count": 1, "variants": [DECLINED], "reasons": {"unknown_place": 1}}
    ]
    assert [(f["front_end"], f["questions"], f["answered"]) for f in data["front_ends"]] == [(front_end, 1, 0)]


def test_ask_logs_every_line_of_a_conversation_with_how_it_was_read(capsys, monkeypatch, state_dir: Path) -> None:
    out = run(capsys, monkeypatch, "ask", "--json", "--conversation", stdin=f"{FIRST}\n{FOLLOW_UP}\n")
    assert "100,52%" in json.loads(out.splitlines()[1])["answer"]
    logged = rows(state_dir, "SELECT front_end, question, resolved_question, answered, chat_hash FROM questions ORDER BY id")
    assert logged == [
        ("cli", FIRST, None, 1, None),
        ("cli", FOLLOW_UP, "Tổng thu NSNN năm 2020 của Đống Đa bằng bao nhiêu phần trăm dự toán?", 1, None),
    ]


def test_chat_logs_the_user_only_as_a_hash(capsys, monkeypatch, state_dir: Path) -> None:
    chat(capsys, monkeypatch, FIRST, "/sai")
    [(chat_hash,)] = rows(state_dir, "SELECT chat_hash FROM questions")
    [(user_hash,)] = rows(state_dir, "SELECT user_hash FROM votes")
    assert chat_hash == user_hash and len(chat_hash) >= 16 and os_user() not in chat_hash


@pytest.mark.parametrize(
    "argv, stdin",
    [
        (("ask", "--no-log", FIRST), ""),
        (("ask", "--no-log", "--json"), f"{FIRST}\n{DECLINED}\n"),
        (("ask", "--no-log", "--json", "--conversation"), f"{FIRST}\n{FOLLOW_UP}\n"),
        (("chat", "--no-log"), f"{FIRST}\n/sai\n{FOLLOW_UP}\n/moi\n"),
    ],
)
def test_no_log_writes_nothing(capsys, monkeypatch, state_dir: Path, argv: tuple[str, ...], stdin: str) -> None:
    out = run(capsys, monkeypatch, *argv, stdin=stdin)
    assert f"{HOAN_KIEM}.txt#L" in out
    assert not state_dir.exists()


def test_no_log_chat_still_follows_up_within_the_session(capsys, monkeypatch, state_dir: Path) -> None:
    out = chat(capsys, monkeypatch, FIRST, "/sai", FOLLOW_UP, args=("--no-log",))
    assert "Không ghi đánh giá: việc ghi nhật ký câu hỏi đang tắt." in out
    assert RESOLVED in out
    assert not state_dir.exists()


def test_logging_off_in_config_logs_no_question_and_no_vote(capsys, monkeypatch, state_dir: Path, tmp_path: Path) -> None:
    config = write_config(tmp_path, "log_questions = false")
    run(capsys, monkeypatch, "--config", config, "ask", FIRST)
    assert not state_dir.exists()  # ask keeps nothing else, so it opens no store
    out = chat(capsys, monkeypatch, FIRST, "/sai", args=("--config", config))
    assert "Không ghi đánh giá: việc ghi nhật ký câu hỏi đang tắt." in out
    assert rows(state_dir, "SELECT COUNT(*) FROM questions") == [(0,)]
    assert rows(state_dir, "SELECT COUNT(*) FROM votes") == [(0,)]
    # The conversation itself is still kept: a restarted chat understands the follow-up.
    assert RESOLVED in chat(capsys, monkeypatch, FOLLOW_UP, args=("--config", config))


def test_a_restarted_chat_still_understands_the_follow_up(capsys, monkeypatch, state_dir: Path) -> None:
    first = chat(capsys, monkeypatch, FIRST)
    assert "Hoàn Kiếm" in first
    out = chat(capsys, monkeypatch, FOLLOW_UP)
    assert RESOLVED in out
    assert "100,52%" in out and "Đống Đa" in out


def test_moi_clears_the_stored_conversation(capsys, monkeypatch, state_dir: Path) -> None:
    out = chat(capsys, monkeypatch, FIRST, "/moi")
    assert "Đã bắt đầu cuộc trò chuyện mới." in out
    assert rows(state_dir, "SELECT COUNT(*) FROM context") == [(0,)]
    after_restart = chat(capsys, monkeypatch, FOLLOW_UP)
    assert "(hiểu là" not in after_restart and "100,52%" not in after_restart


def test_moi_starts_afresh_within_a_session(capsys, monkeypatch, state_dir: Path) -> None:
    out = chat(capsys, monkeypatch, FIRST, "/new", FOLLOW_UP)
    follow_up = out.split("Đã bắt đầu cuộc trò chuyện mới.")[1]
    assert "(hiểu là" not in follow_up and "100,52%" not in follow_up


def test_an_idle_conversation_starts_afresh_after_a_restart(capsys, monkeypatch, state_dir: Path, tmp_path: Path) -> None:
    config = write_config(tmp_path, "context_idle_minutes = 0.001")  # 60 ms
    chat(capsys, monkeypatch, FIRST, args=("--config", config))
    time.sleep(0.2)
    out = chat(capsys, monkeypatch, FOLLOW_UP, args=("--config", config))
    assert "(hiểu là" not in out


def test_an_unusable_state_folder_never_stops_an_answer(capsys, monkeypatch, state_dir: Path, tmp_path: Path) -> None:
    blocker = tmp_path / "not-a-folder"
    blocker.write_text("", encoding="utf-8")
    monkeypatch.setenv("TRACUU_STATE_DIR", str(blocker / "state"))
    out = run(capsys, monkeypatch, "ask", FIRST)
    assert "Hoàn Kiếm" in out
    out = chat(capsys, monkeypatch, FIRST, "/sai", FOLLOW_UP)
    assert RESOLVED in out and "100,52%" in out


@pytest.mark.parametrize(
    "turns, direct",
    [
        # "trong đó" narrows the figure asked before: the share saved from the start of the year, not the total
        (("Hoàn Kiếm tiết kiệm chi thường xuyên bao nhiêu phần trăm?", "Trong đó tiết kiệm từ đầu năm là bao nhiêu?"), "10%"),
        # "chỉ thị đó" is the directive of the turn before; its issuer's name ends in a lower-case syllable
        (("Chỉ thị 24-CT/TU về vấn đề gì?", "Chỉ thị đó do cơ quan nào ban hành?"), "Ban Thường vụ Thành ủy"),
    ],
)
def test_a_follow_up_is_answered_with_the_slot_it_narrows_to(capsys, monkeypatch, state_dir: Path, turns, direct) -> None:
    out = run(capsys, monkeypatch, "ask", "--json", "--conversation", stdin="\n".join(turns) + "\n")
    last = json.loads(out.splitlines()[-1])
    assert last["direct"]["text"] == direct
    assert last["resolved_question"]


def run_err(capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch, *argv: str, stdin: str = "") -> str:
    """Run like run() and give what went to stderr."""
    monkeypatch.setattr(sys, "stdin", io.StringIO(stdin))
    code = main(["--corpus", str(SEEDS), *argv])
    captured = capsys.readouterr()
    assert code == 0, captured.err
    return captured.err


def test_the_first_command_that_logs_says_once_where_the_log_is(capsys, monkeypatch, state_dir: Path) -> None:
    notice = (
        f"tracuu: câu hỏi và đánh giá được ghi vào {state_dir / 'state.sqlite3'} (để xem: tracuu report); "
        "tắt: --no-log, hoặc log_questions = false trong [state] của tệp cấu hình\n"
    )
    assert run_err(capsys, monkeypatch, "ask", FIRST) == notice
    assert rows(state_dir, "SELECT COUNT(*) FROM questions") == [(1,)]  # it says where the log really is
    assert run_err(capsys, monkeypatch, "ask", FIRST) == ""
    assert run_err(capsys, monkeypatch, "chat", stdin=f"{FIRST}\n") == ""


def test_chat_gives_the_notice_with_its_first_logged_question(capsys, monkeypatch, state_dir: Path) -> None:
    assert run_err(capsys, monkeypatch, "chat", stdin="/help\n/xyz\n") == ""  # no question, nothing logged
    assert run_err(capsys, monkeypatch, "chat", stdin=f"{FIRST}\n").startswith(f"tracuu: câu hỏi và đánh giá được ghi vào {state_dir}")
    assert run_err(capsys, monkeypatch, "chat", stdin=f"{FIRST}\n") == ""


def test_no_notice_when_nothing_is_logged(capsys, monkeypatch, state_dir: Path, tmp_path: Path) -> None:
    assert run_err(capsys, monkeypatch, "ask", "--no-log", FIRST) == ""
    config = write_config(tmp_path, "log_questions = false")
    assert run_err(capsys, monkeypatch, "--config", config, "ask", FIRST) == ""
    assert run_err(capsys, monkeypatch, "--config", config, "chat", stdin=f"{FIRST}\n") == ""  # context only
    assert run_err(capsys, monkeypatch, "ask", FIRST) != ""  # logging switched on again: now it is told
