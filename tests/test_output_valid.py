"""Every `--json` output is valid UTF-8 JSON, whatever bytes came in; a cleaned question says so."""

from __future__ import annotations

import json
import os
import random
import subprocess
import sys
from pathlib import Path

import pytest

from bot.cli import main as cli_main
from bot.service import Service
from bot.render.text import DEFAULT_TEMPLATES, notice_text
from retrieval.text.clean import clean_text

ROOT = Path(__file__).resolve().parent.parent
QUESTIONS = [
    "Năm 2020 quận Đống Đa thu ngân sách được bao nhiêu?",
    "Quận Sơn Trà có bao nhiêu đảng viên hoàn thành xuất sắc nhiệm vụ năm 2021?",
    "Quận Long Biên chi ngân sách bao nhiêu?",
]
CLEANED = DEFAULT_TEMPLATES["cleaned_notice"]


def fuzzed_lines(count: int, seed: int = 11) -> list[bytes]:
    """Questions broken every way a pipe can break them; a few 100,000-character lines among them."""
    rng = random.Random(seed)
    lines: list[bytes] = []
    for number in range(count):
        question = rng.choice(QUESTIONS).encode("utf-8")
        cut = rng.randrange(len(question))
        kind = number % 8
        if kind == 0:  # a byte that is not UTF-8 in the middle of a word (cut may split a character too)
            line = question[:cut] + bytes([rng.randrange(0x80, 0x100)]) + question[cut:]
        elif kind == 1:
            line = question[:cut] + b"\x00" + question[cut:]
        elif kind == 2:  # a lone surrogate as CESU-8 / WTF-8 writes it
            line = question + "\ud83d".encode("utf-8", "surrogatepass")
        elif kind == 3:  # random bytes, no line break
            line = bytes(rng.randrange(256) for _ in range(rng.randrange(1, 80))).replace(b"\n", b" ")
        elif kind == 4:
            line = question.decode().encode("cp1258", errors="replace")
        elif kind == 5:  # control characters and a carriage return
            line = b"\x1b[31m" + question + b"\x07\r"
        elif kind == 6 and (number // 8) % 12 == 0:
            line = (question + b" \xff ") * (100_000 // (len(question) + 3) + 1)
        else:
            line = question
        lines.append(line)
    return lines


def test_ask_json_over_fuzzed_lines_writes_one_valid_json_line_per_line_in_order() -> None:
    lines = fuzzed_lines(2000)
    assert sum(len(line) >= 100_000 for line in lines) >= 20
    environment = {**os.environ, "LC_ALL": "C", "LANG": "C", "PYTHONIOENCODING": ""}  # the least helpful locale
    done = subprocess.run(
        [sys.executable, "-m", "bot.cli", "ask", "--json"],
        input=b"\n".join(lines) + b"\n",
        capture_output=True,
        timeout=300,
        cwd=ROOT,
        env=environment,
    )
    assert done.returncode == 0, done.stderr[-2000:]
    text = done.stdout.decode("utf-8")  # strict: one invalid byte fails the test
    rows = [json.loads(row) for row in text.split("\n")[:-1]]
    assert len(rows) == len(lines) and text.endswith("\n")
    for line, row in zip(lines, rows):
        expected, cleaned = clean_text(line.rstrip(b"\r").decode("utf-8", "surrogateescape"))
        assert row["question"] == expected
        assert (CLEANED in (row["notice"] or "")) == cleaned
        assert not any(0xD800 <= ord(c) <= 0xDFFF for c in row["answer"] + row["question"])
    # Most broken questions are still answered: the clean ones certainly are.
    clean = [row for line, row in zip(lines, rows) if line.decode("utf-8", "replace") in QUESTIONS]
    assert clean and all(not row["abstained"] for row in clean)


@pytest.mark.parametrize(
    ("question", "cleaned"),
    [
        ("Quận Đống Đa thu ngân sách bao nhiêu?", False),
        ("Quận Đống Đa thu\x00 ngân sách bao nhiêu?", True),
        ("Quận Đống Đa thu ngân sách bao nhiêu?\udcff", True),
        ("Quận Đống Đa\ud800 thu ngân sách bao nhiêu?", True),
        ("Quận Đống Đa\tthu ngân sách bao nhiêu?", False),
    ],
)
def test_a_cleaned_question_is_answered_and_says_so(seed_service: Service, question: str, cleaned: bool) -> None:
    answer = seed_service.ask(question)
    assert not answer.abstained
    assert answer.citations[0].doc_id == "000_0b6753d6958e9fca"
    notice = notice_text(answer, DEFAULT_TEMPLATES)
    assert (notice is not None and CLEANED in notice) == cleaned
    answer.question.encode("utf-8")  # no lone surrogate left


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("abc", ("abc", False)),
        ("a\x00b", ("a b", True)),
        ("a\udcffb", ("a\ufffdb", True)),
        ("a\ud800", ("a\ufffd", True)),
        ("a\x1b[0m", ("a\x1b[0m", False)),
        ("a\tb\r\n", ("a\tb\r\n", False)),
        ("a\x7f\x01", ("a\x7f\x01", False)),
    ],
)
def test_clean_text(text: str, expected: tuple[str, bool]) -> None:
    assert clean_text(text) == expected


def test_search_json_with_an_undecodable_query_is_valid_utf8(capsys: pytest.CaptureFixture[str]) -> None:
    query = os.fsdecode("Đống Đa ngân sách ".encode() + b"\xff")  # as argv holds a byte that is not UTF-8
    assert cli_main(["search", "--json", query]) == 0
    out = capsys.readouterr().out
    out.encode("utf-8")
    assert json.loads(out)["query"] == "Đống Đa ngân sách \ufffd"
