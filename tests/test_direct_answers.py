"""The answer first: the short answer's line, its highlight, the slot_missing decline and the figure of another
period, through the real `tracuu` entry point over the seeds."""

from __future__ import annotations

import json
import os
import pty
import subprocess
import sys
from pathlib import Path

import pytest

from bot.cli import main

PROJECT = Path(__file__).resolve().parent.parent


def ask_json(capsys: pytest.CaptureFixture[str], question: str) -> dict:
    assert main(["ask", "--json", question]) == 0
    return json.loads(capsys.readouterr().out)


@pytest.mark.parametrize(
    ("question", "first_line", "text", "kind"),
    [
        # answers read from the fact table name the period and place first
        ("Quận Sơn Trà có bao nhiêu chi bộ hoàn thành xuất sắc nhiệm vụ năm 2021?",
         "Năm 2021, quận Sơn Trà có 53/282 chi bộ hoàn thành xuất sắc nhiệm vụ [1].", "53/282", "count"),
        ("Long Biên có bao nhiêu phường?", "14/14 phường [1]", "14/14 phường", "count"),
        ("Năm 2020 quận Đống Đa thu ngân sách được bao nhiêu?",
         "Năm 2020, quận Đống Đa thu ngân sách được 11.085,046 tỷ đồng (ước tính) [1].", "11.085,046 tỷ đồng", "amount"),
        ("Ai là Phó Bí thư Thường trực Quận ủy Hoàn Kiếm?", "Bùi Hoàng Phan [1]", "Bùi Hoàng Phan", "person"),
        # "chi", not the "Thu …" figure of the sentence before it
        ("Quận Long Biên chi ngân sách quý I năm 2024 được bao nhiêu?",
         "Quý I/2024, quận Long Biên chi ngân sách được 478 tỷ đồng (ước tính) [1].", "478 tỷ đồng", "amount"),
    ],
)
def test_the_first_line_is_the_short_answer_cut_verbatim_from_the_quote(
    capsys, question: str, first_line: str, text: str, kind: str
) -> None:
    assert main(["ask", question]) == 0
    assert capsys.readouterr().out.splitlines()[0] == first_line
    data = ask_json(capsys, question)
    direct = data["direct"]
    assert direct["kind"] == kind
    quote = data["citations"][direct["citation"] - 1]["quote"]
    assert quote[direct["start"] : direct["end"]] == direct["text"] == text
    assert data["offered"] is None


HOAN_KIEM, BA_DINH, LONG_BIEN, SON_TRA = "001_4cc13ceeb386153d", "002_e74d3da79069b4c0", "003_fa7518c58d4f2875", "004_77a7225e1f65a39f"


@pytest.mark.parametrize(
    ("question", "first_line", "kind", "basis", "doc_id", "settles"),
    [
        # Of the sentence's percentages, the one of the measure asked (the total's 105,1% comes first): Không.
        (
            "Thuế ngoài quốc doanh của quận Hoàn Kiếm có đạt dự toán Thành phố giao không?",
            "Không: bằng 92,3% dự toán Thành phố giao [1].", "yesno", "bằng 92,3% dự toán Thành phố giao", HOAN_KIEM,
            "thuế ngoài quốc doanh đạt 6.601,357 tỷ đồng, bằng 92,3% dự toán Thành phố giao",
        ),
        ("Long Biên có 14 phường phải không?", "Có: 14/14 phường [1].", "yesno", "14/14 phường", LONG_BIEN, "chỉ đạo 14/14 phường"),
        # The district's city is metadata; the quote is the clause of the article naming it.
        (
            "Quận Sơn Trà thuộc Hà Nội phải không?",
            "Không: quận Sơn Trà thuộc Đà Nẵng [1].", "yesno", "quận Sơn Trà thuộc Đà Nẵng", SON_TRA, "thành phố Đà Nẵng",
        ),
        ("Sơn Trà ở thành phố nào?", "Đà Nẵng [1]", "city", None, SON_TRA, "thành phố Đà Nẵng"),
        # "Thành phố" capitalised is the city the article speaks of, never the place "thị xã La Gi" of "là gì".
        (
            "Chủ đề công tác năm 2021 của Thành phố là gì?",
            "Kỷ cương - trách nhiệm - hành động - sáng tạo - phát triển [1]", "title", None, BA_DINH,
            "chủ đề công tác năm 2021 của Thành phố: Kỷ cương - trách nhiệm - hành động - sáng tạo - phát triển",
        ),
        ("Bài về quận Sơn Trà do ai viết?", "Lê Anh Tuấn [1]", "author", None, SON_TRA, "Lê Anh Tuấn"),
        ("Bài về quận Long Biên đăng ngày nào?", "15/04/2024 [1]", "published", None, LONG_BIEN, "15/04/2024 - 07:25"),
        # The date given names the article; what is asked is its district, its city or its author.
        ("Bài đăng ngày 15/04/2024 viết về quận nào?", "quận Long Biên [1]", "district", None, LONG_BIEN, "Long Biên"),
        ("Bài viết đăng ngày 26/01/2022 thuộc thành phố nào?", "Đà Nẵng [1]", "city", None, SON_TRA, "Đà Nẵng"),
    ],
)
def test_yes_no_and_questions_about_the_article_are_settled_by_what_is_stated(
    capsys, question: str, first_line: str, kind: str, basis: str | None, doc_id: str, settles: str
) -> None:
    assert main(["ask", question]) == 0
    assert capsys.readouterr().out.splitlines()[0] == first_line
    data = ask_json(capsys, question)
    assert data["abstained"] is False and data["unknown_places"] == [] and data["corrected_names"] == []
    direct = data["direct"]
    assert (direct["kind"], direct["basis"]) == (kind, basis)
    cited = data["citations"][direct["citation"] - 1]
    assert cited["doc_id"] == doc_id and settles in cited["quote"]
    if kind == "yesno":  # "Có"/"Không" has no span; what settles it is stated in the quote or the metadata
        assert direct["text"] in ("Có", "Không") and direct["start"] is None
        assert basis in cited["quote"] or basis.endswith(f"thuộc {cited['city']}")
    else:
        assert cited["quote"][direct["start"] : direct["end"]] == direct["text"] == first_line.removesuffix(" [1]")


def test_the_article_of_a_date_is_the_one_asked_about_and_a_date_no_article_has_is_not_answered(capsys) -> None:
    data = ask_json(capsys, "Bai viet ve quan nao dang ngay 26/01/2022?")
    assert data["direct"]["text"] == "quận Sơn Trà" and data["citations"][0]["doc_id"] == SON_TRA
    data = ask_json(capsys, "Bài đăng ngày 01/01/2020 viết về quận nào?")
    assert data["abstained"] is True and data["direct"] is None
    assert (data["reason"], data["undated"]) == ("no_match", "2020-01-01")
    assert data["nearest_dates"] == ["2021-01-15", "2022-01-26", "2024-04-15"]
    assert data["answer"].splitlines()[0] == (
        "Kho bài viết không có bài nào đăng ngày 01/01/2020. Các bài có ngày gần nhất: 15/01/2021, 26/01/2022, 15/04/2024."
    )


def test_the_metadata_answers_agree_with_tracuu_sources(capsys) -> None:
    assert main(["sources", "--json"]) == 0
    documents = {d["doc_id"]: d for d in json.loads(capsys.readouterr().out)["documents"]}
    assert (documents[SON_TRA]["city"], documents[SON_TRA]["author"]) == ("Đà Nẵng", "Lê Anh Tuấn")
    assert documents[LONG_BIEN]["date"] == "2024-04-15"


def test_a_slot_the_article_does_not_state_is_declined_saying_what_is_missing(capsys) -> None:
    data = ask_json(capsys, "Quận Ba Đình có bao nhiêu đảng viên?")
    assert data["abstained"] is True and data["reason"] == "slot_missing"
    assert data["direct"] is None and data["citations"] == []
    assert data["answer"].startswith("Bài về quận Ba Đình")
    assert "không nêu số đảng viên" in data["answer"]
    assert "quận Sơn Trà (Đà Nẵng)" in data["answer"]  # and what the corpus does cover


def test_a_count_no_sentence_of_the_district_comes_near_is_declined_as_missing_too(capsys) -> None:
    # The Hoàn Kiếm article never counts its phường: not "nothing found", but what its article does not state.
    data = ask_json(capsys, "Quận Hoàn Kiếm có bao nhiêu phường?")
    assert data["abstained"] is True and data["reason"] == "slot_missing"
    assert data["answer"].startswith("Bài về quận Hoàn Kiếm") and "không nêu số phường" in data["answer"]


def test_a_figure_of_another_period_is_offered_not_given_as_the_answer(capsys) -> None:
    # Offering another period declines the period asked: `abstained` is true exactly when the answer declines.
    data = ask_json(capsys, "Năm 2020 quận Ba Đình thu ngân sách được bao nhiêu?")
    assert data["abstained"] is True and data["reason"] == "slot_missing" and data["direct"] is None
    offered = data["offered"]
    assert (offered["text"], offered["period"], offered["asked_period"], offered["place"]) == (
        "1.460 tỷ đồng", "quý I/2021", "năm 2020", "quận Ba Đình"
    )
    quote = data["citations"][offered["citation"] - 1]["quote"]
    assert quote[offered["start"] : offered["end"]] == "1.460 tỷ đồng"
    assert data["answer"].splitlines()[0] == "Bài về quận Ba Đình không nêu số liệu này cho năm 2020; số liệu quý I/2021: 1.460 tỷ đồng [1]."
    assert offered["fact"].startswith(data["citations"][0]["doc_id"] + ":")  # the fact's id, as `tracuu facts` shows it


def test_a_follow_up_without_the_inherited_period_offers_what_the_article_states(capsys, monkeypatch, tmp_path) -> None:
    monkeypatch.setenv("TRACUU_STATE_DIR", str(tmp_path))
    turns = "Năm 2020 quận Đống Đa thu ngân sách được bao nhiêu?\nCòn Ba Đình thì sao?\n"
    monkeypatch.setattr(sys, "stdin", __import__("io").StringIO(turns))
    assert main(["ask", "--json", "--conversation", "--no-log"]) == 0
    first, second = (json.loads(line) for line in capsys.readouterr().out.splitlines())
    assert first["direct"]["text"] == "11.085,046 tỷ đồng"
    assert second["resolved_question"] == "Năm 2020 quận Ba Đình thu ngân sách được bao nhiêu?"
    assert second["direct"] is None and second["offered"]["text"] == "1.460 tỷ đồng"


def run_on_a_terminal(*argv: str) -> str:
    """Run `tracuu` with its stdout on a pseudo-terminal, as a person at a terminal sees it."""
    leader, follower = pty.openpty()
    env = {**os.environ, "PYTHONIOENCODING": "utf-8"}
    process = subprocess.Popen([sys.executable, "-m", "bot", *argv], stdout=follower, stderr=subprocess.PIPE, cwd=PROJECT, env=env)
    os.close(follower)
    chunks = []
    while True:
        try:
            chunk = os.read(leader, 4096)
        except OSError:  # the terminal is closed when the process ends
            break
        if not chunk:
            break
        chunks.append(chunk)
    assert process.wait(timeout=120) == 0, process.stderr.read()
    os.close(leader)
    return b"".join(chunks).decode("utf-8")


def test_the_short_answer_is_bold_on_a_terminal_and_unmarked_in_a_pipe(capsys) -> None:
    question = "Quận Sơn Trà có bao nhiêu chi bộ hoàn thành xuất sắc nhiệm vụ năm 2021?"
    shown = run_on_a_terminal("ask", question)
    assert "\x1b[1m53/282\x1b[0m" in shown  # in the quote
    piped = subprocess.run([sys.executable, "-m", "bot", "ask", question], capture_output=True, text=True, cwd=PROJECT, check=True)
    assert "\x1b[" not in piped.stdout and "Chi bộ hoàn thành xuất sắc nhiệm vụ: 53/282" in piped.stdout
