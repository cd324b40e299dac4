"""`tracuu add`, through the real entry point: copy, index what is new, answer from it, never overwrite."""

from __future__ import annotations

import json
import shutil
from pathlib import Path
from urllib.parse import unquote

import pytest

from bot.cli import main
from tests.test_formats import (
    CAU_GIAY,
    HAI_BA_TRUNG_TITLE,
    HAI_BA_TRUNG_URL,
    NAM_TU_LIEM,
    PAGE_FURNITURE,
    THANH_XUAN,
    make_docx,
)

SEEDS = Path(__file__).resolve().parent.parent / "seeds"


@pytest.fixture()
def corpus(tmp_path: Path) -> Path:
    folder = tmp_path / "corpus"
    shutil.copytree(SEEDS, folder, ignore=shutil.ignore_patterns(".*"))
    return folder


def run(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str, str]:
    code = main(list(argv))
    captured = capsys.readouterr()
    return code, captured.out, captured.err


def snapshot(folder: Path) -> dict[str, bytes]:
    return {str(p.relative_to(folder)): p.read_bytes() for p in sorted(folder.rglob("*")) if p.is_file()}


ASKED = [
    (
        "page",
        THANH_XUAN,
        "Năm 2023 quận Thanh Xuân thu ngân sách được bao nhiêu?",
        "3.215,6 tỷ đồng",
        "20/12/2023",
        "Quận Thanh Xuân hoàn thành vượt dự toán thu ngân sách năm 2023",
        "https://thudongaynay.example/chinh-tri/quan-thanh-xuan-hoan-thanh-vuot-du-toan-thu-ngan-sach-nam-2023-post58214.html",
    ),
    (
        "word",
        None,
        "Chín tháng năm 2024 quận Hai Bà Trưng thu ngân sách bao nhiêu?",
        "5.630,2 tỷ đồng",
        "05/10/2024",
        HAI_BA_TRUNG_TITLE,
        HAI_BA_TRUNG_URL,
    ),
    (
        "pdf",
        NAM_TU_LIEM,
        "Quý I năm 2024 quận Nam Từ Liêm thu ngân sách được bao nhiêu?",
        "2.384,5 tỷ đồng",
        "15/03/2024",
        "Nam Từ Liêm: Thu ngân sách quý I đạt 31,2% dự toán năm 2024",
        "https://kinhtedothi.example/chinh-tri/nam-tu-liem-thu-ngan-sach-quy-i-2024-a112233.html",
    ),
]


@pytest.mark.parametrize("kind, source, question, figure, date, title, url", ASKED, ids=[a[0] for a in ASKED])
def test_add_then_ask_cites_title_date_and_a_text_fragment_of_the_canonical_url(
    capsys, corpus: Path, tmp_path: Path, kind: str, source: Path | None, question: str, figure: str, date: str, title: str, url: str
) -> None:
    path = source if source is not None else make_docx(tmp_path / "hai_ba_trung_9_thang.docx")
    code, out, err = run(capsys, "--corpus", str(corpus), "add", str(path))
    assert (code, err) == (0, "")
    assert f"Đã thêm: {path} → corpus/{path.name}\n" in out
    assert f"    Ngày: {date}\n    Tiêu đề: {title}\n    URL: {url}\n" in out
    code, out, _ = run(capsys, "--corpus", str(corpus), "ask", "--json", question)
    answer = json.loads(out)
    top = answer["citations"][0]
    assert code == 0 and not answer["abstained"]
    assert figure in top["quote"]
    assert (top["doc_id"], top["title"], top["date"]) == (path.stem, title, f"{date[6:]}-{date[3:5]}-{date[:2]}")
    assert top["link"].startswith(url + "#:~:text=")
    fragment = unquote(top["link"].split("#:~:text=", 1)[1])
    assert fragment.split(",")[0] in top["quote"]
    code, out, _ = run(capsys, "--corpus", str(corpus), "ask", question)
    assert f" · {date} · {title} · {url}#:~:text=" in out


def test_a_comment_on_the_page_is_never_quoted(capsys, corpus: Path) -> None:
    run(capsys, "--corpus", str(corpus), "add", str(THANH_XUAN), str(CAU_GIAY))
    for question in ("Quận Thanh Xuân có bãi đỗ xe ở phường Nhân Chính không?", "Đường Trần Quốc Vượng có tắc không?"):
        code, out, _ = run(capsys, "--corpus", str(corpus), "ask", "--json", question)
        quotes = [c["quote"] for c in json.loads(out)["citations"]]
        for furniture in PAGE_FURNITURE[THANH_XUAN] + PAGE_FURNITURE[CAU_GIAY]:
            assert not [q for q in quotes if furniture in q], furniture


def test_add_indexes_only_the_new_file(capsys, corpus: Path) -> None:
    assert run(capsys, "--corpus", str(corpus), "index")[0] == 0
    code, out, _ = run(capsys, "--corpus", str(corpus), "add", "--json", str(CAU_GIAY))
    data = json.loads(out)
    assert code == 0 and data["added"] == 1 and data["index"]["parsed"] == 1
    (entry,) = data["files"]
    assert (entry["status"], entry["name"], entry["renamed"], entry["reason"]) == ("added", CAU_GIAY.name, False, None)
    document = entry["document"]
    assert (document["district"], document["city"], document["date"], document["author"], document["outlet"]) == (
        "Cầu Giấy", "Hà Nội", "2024-07-10", "Thanh Hương", "Tin tức Đô thị Xanh"
    )


def test_a_folder_adds_its_article_files_and_says_why_others_are_skipped(capsys, corpus: Path, tmp_path: Path) -> None:
    folder = tmp_path / "luu"
    folder.mkdir()
    shutil.copy(THANH_XUAN, folder)
    shutil.copy(NAM_TU_LIEM, folder)
    (folder / "ghi_chu.odt").write_bytes(b"PK\x03\x04")
    (folder / "~$hai_ba_trung.docx").write_bytes(b"lock")  # Word's lock file: not an article, not mentioned
    (folder / "thanh_xuan_ngan_sach_2023_files").mkdir()  # what a browser saves beside a page
    (folder / "thanh_xuan_ngan_sach_2023_files" / "frame.htm").write_text("<html><body>quảng cáo</body></html>")
    assert run(capsys, "--corpus", str(corpus), "index")[0] == 0
    code, out, _ = run(capsys, "--corpus", str(corpus), "add", str(folder))
    assert code == 0
    assert out.splitlines()[0] == f"Bỏ qua: {folder / 'ghi_chu.odt'}: định dạng không hỗ trợ (chỉ nhận .docx, .htm, .html, .pdf, .txt)"
    assert sorted(p.name for p in corpus.iterdir() if p.suffix != ".txt" and not p.name.startswith(".")) == [
        NAM_TU_LIEM.name, THANH_XUAN.name
    ]
    assert out.splitlines()[-1].startswith("Đã thêm 2 bài; lập chỉ mục 2 bài mới")


def test_an_identical_file_is_already_there(capsys, corpus: Path, tmp_path: Path) -> None:
    assert run(capsys, "--corpus", str(corpus), "add", str(THANH_XUAN))[0] == 0
    renamed = tmp_path / "ban_sao.html"
    shutil.copy(THANH_XUAN, renamed)
    code, out, _ = run(capsys, "--corpus", str(corpus), "add", str(THANH_XUAN), str(renamed))
    assert code == 0
    assert out == (
        f"Đã có: {THANH_XUAN}: đã có trong corpus ({THANH_XUAN.name})\n"
        f"Đã có: {renamed}: đã có trong corpus ({THANH_XUAN.name})\n"
        "Không thêm bài nào.\n"
    )
    assert not (corpus / "ban_sao.html").exists()


def test_a_different_file_of_the_same_name_is_never_overwritten(capsys, corpus: Path, tmp_path: Path) -> None:
    original = corpus / THANH_XUAN.name
    shutil.copy(CAU_GIAY, original)  # another article under the page's name
    before = original.read_bytes()
    seed_id = tmp_path / "000_0b6753d6958e9fca.pdf"  # a seed's document id, with another suffix
    shutil.copy(NAM_TU_LIEM, seed_id)
    code, out, _ = run(capsys, "--corpus", str(corpus), "add", str(THANH_XUAN), str(seed_id))
    assert code == 0
    assert f"Đã thêm: {THANH_XUAN} → corpus/thanh_xuan_ngan_sach_2023-2.html (tên đã có, đổi tên)\n" in out
    assert f"Đã thêm: {seed_id} → corpus/000_0b6753d6958e9fca-2.pdf (tên đã có, đổi tên)\n" in out
    assert original.read_bytes() == before
    assert (corpus / "thanh_xuan_ngan_sach_2023-2.html").read_bytes() == THANH_XUAN.read_bytes()
    code, out, _ = run(capsys, "--corpus", str(corpus), "sources", "--json")
    ids = {d["doc_id"] for d in json.loads(out)["documents"]}
    assert {"thanh_xuan_ngan_sach_2023", "thanh_xuan_ngan_sach_2023-2", "000_0b6753d6958e9fca", "000_0b6753d6958e9fca-2"} <= ids


def test_dry_run_writes_nothing(capsys, corpus: Path, tmp_path: Path) -> None:
    assert run(capsys, "--corpus", str(corpus), "index")[0] == 0
    before = snapshot(corpus)
    word = make_docx(tmp_path / "hai_ba_trung_9_thang.docx")
    code, out, _ = run(capsys, "--corpus", str(corpus), "add", "--dry-run", str(THANH_XUAN), str(word))
    assert code == 0
    assert f"Sẽ thêm: {word} → corpus/{word.name}\n    Địa bàn: quận Hai Bà Trưng, Hà Nội\n    Ngày: 05/10/2024\n" in out
    assert out.splitlines()[-1] == f"Chạy thử: sẽ thêm 2 bài vào {corpus}; không ghi gì."
    assert snapshot(corpus) == before
    code, out, _ = run(capsys, "--corpus", str(tmp_path / "moi"), "add", "--dry-run", "--json", str(THANH_XUAN))
    assert code == 0 and json.loads(out)["files"][0]["status"] == "would_add"
    assert not (tmp_path / "moi").exists()


def test_a_missing_path_is_one_line_and_a_failure(capsys, corpus: Path) -> None:
    before = snapshot(corpus)
    code, out, err = run(capsys, "--corpus", str(corpus), "add", "khong_co.html")
    assert (code, out, err) == (1, "", "tracuu: Không tìm thấy: khong_co.html\n")
    assert snapshot(corpus) == before


def test_nothing_usable_is_a_failure_and_a_corrupt_file_is_not_copied(capsys, corpus: Path, tmp_path: Path) -> None:
    broken = tmp_path / "hong.pdf"
    broken.write_bytes(b"%PDF-1.4\ngarbage")
    code, out, _ = run(capsys, "--corpus", str(corpus), "add", str(broken), str(tmp_path / "khong_co.docx"))
    assert code == 1
    assert out.splitlines()[0].startswith(f"Bỏ qua: {broken}: ")
    assert out.splitlines()[1] == f"Không thấy: {tmp_path / 'khong_co.docx'}: không tìm thấy tệp hoặc thư mục"
    assert not (corpus / "hong.pdf").exists()


def test_add_creates_a_new_corpus_folder(capsys, tmp_path: Path) -> None:
    folder = tmp_path / "moi"
    code, out, _ = run(capsys, "--corpus", str(folder), "add", str(NAM_TU_LIEM))
    assert code == 0 and (folder / NAM_TU_LIEM.name).is_file()
    code, out, _ = run(capsys, "--corpus", str(folder), "sources")
    assert out.splitlines()[0] == f"1 bài viết trong {folder}"
    code, out, _ = run(capsys, "--corpus", str(folder), "show", "moi/nam_tu_liem_2024.pdf#L1")
    assert code == 0 and "▶ [1] (dòng 1) Nam Từ Liêm: Thu ngân sách quý I đạt 31,2% dự toán năm 2024\n" in out
