"""The `tracuu` command line, invoked through its real entry point, with exact outputs and exit codes."""

from __future__ import annotations

import io
import json
import subprocess
import sys
from pathlib import Path

import pytest

from bot.cli import main

PROJECT = Path(__file__).resolve().parent.parent
DONG_DA = "000_0b6753d6958e9fca"
QUESTION = "Năm 2020 quận Đống Đa thu ngân sách được bao nhiêu?"


def run(capsys: pytest.CaptureFixture[str], *argv: str, stdin: str | None = None, monkeypatch=None) -> tuple[int, str, str]:
    if stdin is not None:
        monkeypatch.setattr(sys, "stdin", io.StringIO(stdin))
    code = main(list(argv))
    captured = capsys.readouterr()
    return code, captured.out, captured.err


def test_ask_prints_the_quote_and_the_citation(capsys) -> None:
    code, out, err = run(capsys, "ask", QUESTION)
    assert code == 0 and err == ""
    assert "11.085,046 tỷ đồng" in out
    assert f"[1] quận Đống Đa, Hà Nội · 15/01/2021 · " in out
    assert out.rstrip().endswith(f"seeds/{DONG_DA}.txt#L15")


def test_ask_json_has_the_documented_fields(capsys) -> None:
    code, out, _ = run(capsys, "ask", "--json", QUESTION)
    data = json.loads(out)
    assert code == 0
    assert list(data)[:4] == ["question", "abstained", "answer", "citations"]
    assert data["question"] == QUESTION and data["abstained"] is False
    top = data["citations"][0]
    assert list(top)[:10] == ["n", "doc_id", "paragraph", "quote", "district", "city", "date", "title", "link", "score"]
    assert (top["n"], top["doc_id"], top["district"], top["city"], top["date"]) == (1, DONG_DA, "Đống Đa", "Hà Nội", "2021-01-15")
    assert isinstance(top["paragraph"], int) and isinstance(top["score"], float)
    assert "11.085,046" in top["quote"]


def test_ask_reads_stdin_one_answer_per_line_and_declines_empty_lines(capsys, monkeypatch) -> None:
    lines = f"{QUESTION}\n\nQuận Ngũ Hành Sơn có bao nhiêu đảng viên?\n"
    code, out, _ = run(capsys, "ask", "--json", stdin=lines, monkeypatch=monkeypatch)
    answers = [json.loads(line) for line in out.splitlines()]
    assert code == 0
    assert [a["abstained"] for a in answers] == [False, True, True]
    assert [a["question"] for a in answers] == [QUESTION, "", "Quận Ngũ Hành Sơn có bao nhiêu đảng viên?"]
    assert "quận Ngũ Hành Sơn" in answers[2]["answer"]


def test_an_empty_question_is_a_usage_error(capsys) -> None:
    code, out, err = run(capsys, "ask", "  ")
    assert code == 2 and out == ""
    assert err.startswith("tracuu: Câu hỏi trống") and err.count("\n") == 1


def test_a_missing_corpus_is_one_line_and_non_zero(capsys, tmp_path: Path) -> None:
    code, out, err = run(capsys, "ask", "--corpus", str(tmp_path / "nowhere"), QUESTION)
    assert code == 1 and out == ""
    assert err == f"tracuu: Không tìm thấy thư mục corpus: {tmp_path / 'nowhere'}\n"


def test_a_malformed_config_names_file_and_line(capsys, tmp_path: Path) -> None:
    config = tmp_path / "bad.toml"
    config.write_text('[corpus]\ndir = "seeds"\n[answer\n', encoding="utf-8")
    code, _, err = run(capsys, "sources", "--config", str(config))
    assert code == 1
    assert err.startswith(f"tracuu: {config}: ") and "line 3" in err and err.count("\n") == 1


def test_config_from_the_environment(capsys, tmp_path: Path, monkeypatch) -> None:
    corpus = tmp_path / "bai"
    corpus.mkdir()
    (corpus / "a.txt").write_text("Quận ủy Hải Châu tổng kết năm 2021\n\nQuận Hải Châu có 120 chi bộ.\n", encoding="utf-8")
    config = tmp_path / "settings.toml"
    config.write_text('[corpus]\ndir = "bai"\n', encoding="utf-8")
    monkeypatch.setenv("TRACUU_CONFIG", str(config))
    code, out, _ = run(capsys, "sources", "--json")
    data = json.loads(out)
    assert code == 0 and [d["doc_id"] for d in data["documents"]] == ["a"]
    assert data["documents"][0]["district"] == "Hải Châu"


def test_a_bad_corpus_file_is_named_and_the_rest_still_load(tmp_path: Path) -> None:
    (tmp_path / "good.txt").write_text("Quận Hải Châu có 120 chi bộ trong năm 2021.\n", encoding="utf-8")
    (tmp_path / "bad.txt").write_bytes("Quận Hải Châu".encode("cp1258", errors="replace") + b"\xff\xfe\x00")
    result = subprocess.run(
        [sys.executable, "-m", "bot", "sources", "--json", "--corpus", str(tmp_path)],
        capture_output=True,
        text=True,
        env={"PYTHONPATH": str(PROJECT), "HOME": str(tmp_path)},
        timeout=120,
    )
    code, out, err = result.returncode, result.stdout, result.stderr
    data = json.loads(out)
    assert code == 0
    assert [d["doc_id"] for d in data["documents"]] == ["good"]
    assert [w["source"] for w in data["warnings"]] == [f"{tmp_path.name}/bad.txt"]
    assert "bad.txt" in err and "Traceback" not in err


def test_sources_lists_the_seeds_with_their_stated_dates(capsys) -> None:
    code, out, _ = run(capsys, "sources", "--json")
    documents = {d["doc_id"][:3]: d for d in json.loads(out)["documents"]}
    assert code == 0
    assert {k: (d["district"], d["city"], d["date"]) for k, d in documents.items()} == {
        "000": ("Đống Đa", "Hà Nội", "2021-01-15"),
        "001": ("Hoàn Kiếm", "Hà Nội", None),
        "002": ("Ba Đình", "Hà Nội", None),
        "003": ("Long Biên", "Hà Nội", "2024-04-15"),
        "004": ("Sơn Trà", "Đà Nẵng", "2022-01-26"),
    }
    assert documents["002"]["date_text"] == "12/4" and documents["002"]["year_inferred"] is True


def test_search_ranks_paragraphs_with_scores(capsys) -> None:
    code, out, _ = run(capsys, "search", "-k", "2", "--json", "thu ngân sách Đống Đa")
    results = json.loads(out)["results"]
    assert code == 0 and len(results) == 2
    assert results[0]["doc_id"] == DONG_DA and results[0]["score"] >= results[1]["score"] > 0
    assert "11.085,046" in results[0]["text"]


@pytest.mark.parametrize("reference", [f"{DONG_DA}:6", f"seeds/{DONG_DA}.txt#L15", "000:6"])
def test_show_opens_a_paragraph_with_its_neighbours(capsys, reference: str) -> None:
    code, out, _ = run(capsys, "show", reference)
    assert code == 0
    assert "Tiêu đề: Đảng bộ quận Đống Đa lãnh đạo hiệu quả toàn diện các mặt công tác" in out
    assert "▶ [6] (dòng 15) Trong đó, Đảng bộ quận" in out
    assert "  [5] (dòng 13)" in out and "  [7] (dòng 17)" in out and "[8]" not in out


DONG_DA_QUOTE = "Ước thu ngân sách trên địa bàn quận cả năm 2020 đạt 11.085,046 tỷ đồng, đạt 100,52% dự toán giao."


class _Terminal(io.StringIO):
    def isatty(self) -> bool:
        return True


@pytest.mark.parametrize("reference", [f"seeds/{DONG_DA}.txt#L15", f"{DONG_DA}:6"])
def test_show_marks_the_quote_given_by_the_offsets_of_ask_json(capsys, reference: str) -> None:
    _, out, _ = run(capsys, "ask", "--json", QUESTION)
    top = json.loads(out)["citations"][0]
    assert (top["link"], top["paragraph"], top["quote"]) == (f"seeds/{DONG_DA}.txt#L15", 6, DONG_DA_QUOTE)
    code, out, err = run(capsys, "show", reference, "--mark", f"{top['quote_start']}:{top['quote_end']}")
    assert code == 0 and err == ""
    focus = next(line for line in out.splitlines() if line.startswith("▶"))
    assert focus.startswith("▶ [6] (dòng 15) Trong đó, Đảng bộ quận")
    assert f"»{DONG_DA_QUOTE}«" in focus and focus.count("»") == 1
    assert "»" not in out.replace(focus, "")  # the neighbours are shown unmarked


def test_show_marks_the_quote_in_bold_on_a_terminal(monkeypatch) -> None:
    terminal = _Terminal()
    monkeypatch.setattr(sys, "stdout", terminal)
    assert main(["show", f"{DONG_DA}:6", "--mark", "161:258"]) == 0
    assert f"\033[1m{DONG_DA_QUOTE}\033[0m" in terminal.getvalue() and "»" not in terminal.getvalue()


def test_show_json_gives_the_mark(capsys) -> None:
    code, out, _ = run(capsys, "show", "--json", f"{DONG_DA}:6", "--mark", "161:258")
    data = json.loads(out)
    assert code == 0 and data["mark"] == {"start": 161, "end": 258}
    [focus] = [p for p in data["paragraphs"] if p["paragraph"] == data["focus"]]
    assert focus["text"][161:258] == DONG_DA_QUOTE


@pytest.mark.parametrize(
    "reference, mark, message",
    [
        (f"{DONG_DA}:6", "258:161", "tracuu: --mark phải là START:END trong đoạn 6 (0 ≤ START < END ≤ 445): 258:161"),
        (f"{DONG_DA}:6", "0:9999", "tracuu: --mark phải là START:END trong đoạn 6 (0 ≤ START < END ≤ 445): 0:9999"),
        (f"{DONG_DA}:6", "abc", "tracuu: --mark phải là START:END trong đoạn 6 (0 ≤ START < END ≤ 445): abc"),
        (DONG_DA, "0:5", "tracuu: --mark cần một đoạn: DOC_ID:PARAGRAPH hoặc liên kết trích dẫn seeds/<tệp>.txt#L<dòng>"),
    ],
)
def test_show_rejects_offsets_outside_the_paragraph(capsys, reference: str, mark: str, message: str) -> None:
    code, out, err = run(capsys, "show", reference, "--mark", mark)
    assert (code, out, err) == (2, "", message + "\n")


def test_chat_names_an_unknown_command_and_lists_the_commands(tmp_path: Path) -> None:
    """`printf '/xyz\\n/help\\n' | tracuu chat`: the unknown command's line, then /help's list; exit 0."""
    result = subprocess.run(
        [sys.executable, "-m", "bot", "chat"],
        input="/xyz\n/help\n",
        capture_output=True,
        text=True,
        cwd=tmp_path,
        env={"PATH": "", "HOME": str(tmp_path), "PYTHONPATH": str(PROJECT)},
        timeout=120,
    )
    assert result.returncode == 0 and result.stderr == ""
    assert "hỏi> Không có lệnh /xyz. Các lệnh: /moi, /tot, /sai, /sources, /help, /quit.\n" in result.stdout
    after_help = result.stdout.split("/xyz", 1)[1]
    assert "Lệnh: /moi (bắt đầu cuộc trò chuyện mới), /tot hoặc /sai (đánh giá câu trả lời vừa rồi)" in after_help
    assert "Không tìm thấy" not in result.stdout and "không tìm thấy" not in result.stdout


def test_show_rejects_an_unknown_document(capsys) -> None:
    code, _, err = run(capsys, "show", "nope:1")
    assert code == 1 and err.startswith("tracuu: Không có bài viết nào mang mã 'nope'")


def test_eval_prints_the_scores_last(capsys, tmp_path: Path) -> None:
    qa = tmp_path / "qa.jsonl"
    qa.write_text(
        "\n".join(
            json.dumps(line, ensure_ascii=False)
            for line in [
                {"id": "a", "question": QUESTION, "doc": "000", "contains_any": ["11.085,046"]},
                {"id": "b", "question": "Cách nấu phở bò ngon tại nhà?", "abstain": True},
                {"id": "c", "question": "Ai là Phó Bí thư Thường trực Quận ủy Đống Đa?", "doc": "001", "contains_any": ["x"]},
            ]
        ),
        encoding="utf-8",
    )
    code, out, _ = run(capsys, "eval", str(qa))
    lines = out.splitlines()
    assert code == 0
    assert lines[0].startswith("miss c: ")
    assert lines[-4:-1] == ["declined: 1/1", "multi-source: 0/0", "false declines: 0"]
    assert lines[-1].startswith("wrong: 0 ")
    assert lines[-8].startswith("quote@1: 1/2 (0.500)")


def test_chat_answers_until_end_of_input(tmp_path: Path) -> None:
    env = {"PATH": "", "TRACUU_HISTORY": str(tmp_path / "history"), "HOME": str(tmp_path)}
    result = subprocess.run(
        [sys.executable, "-m", "bot", "chat"],
        input=f"{QUESTION}\n/sources\n",
        capture_output=True,
        text=True,
        cwd=tmp_path,
        env={**env, "PYTHONPATH": str(PROJECT)},
        timeout=120,
    )
    assert result.returncode == 0, result.stderr
    assert "11.085,046" in result.stdout and "004_77a7225e1f65a39f" in result.stdout


def test_tracuu_works_from_any_directory(tmp_path: Path) -> None:
    result = subprocess.run(
        [sys.executable, "-m", "bot", "ask", QUESTION],
        capture_output=True,
        text=True,
        cwd=tmp_path,
        env={"PYTHONPATH": str(PROJECT), "HOME": str(tmp_path)},
        timeout=120,
    )
    assert result.returncode == 0 and "11.085,046" in result.stdout


def test_common_options_work_before_the_command_too(capsys, tmp_path: Path) -> None:
    code, _, err = run(capsys, "--corpus", str(tmp_path / "nowhere"), "ask", QUESTION)
    assert code == 1 and "nowhere" in err
