"""Articles saved as web pages, Word files and PDFs: text, metadata, boilerplate left out, bad files named."""

from __future__ import annotations

import datetime as dt
import shutil
from pathlib import Path

import docx
import pytest

from retrieval.config import load_settings
from retrieval.corpus.formats import FileMetadata, ReadDocument, with_file_metadata
from retrieval.corpus.reading import read_document
from retrieval.corpus.loader import load_corpus, parse_article
from retrieval.corpus.metadata import ArticleMetadata
from retrieval.corpus.pdf_reader import rebuild_paragraphs
from retrieval.models import Document
from retrieval.search.stored.cache import open_library

DATA = Path(__file__).resolve().parent / "data"
THANH_XUAN = DATA / "pages" / "thanh_xuan_ngan_sach_2023.html"
CAU_GIAY = DATA / "pages" / "cau_giay_so_ket_6_thang_2024.htm"
NAM_TU_LIEM = DATA / "nam_tu_liem_2024.pdf"

HAI_BA_TRUNG_URL = "https://tuyengiao-haibatrung.example/tin-tuc/so-ket-9-thang-2024-a5521.html"
HAI_BA_TRUNG_TITLE = "Quận ủy Hai Bà Trưng sơ kết công tác 9 tháng năm 2024"

# Text of the pages' menus, related-article lists, comments, sidebars and footers: never article text.
PAGE_FURNITURE = {
    THANH_XUAN: (
        "Trang chủ",
        "Đăng nhập",
        "Tin nóng",
        "Hà Nội ra quân xử lý vi phạm trật tự đô thị",
        "Tin liên quan",
        "Trường Tiểu học Khương Đình mới",
        "cải tạo cảnh quan hai bờ sông Tô Lịch",
        "Bình luận",
        "bãi đỗ xe ở phường Nhân Chính",
        "Trường mới ở Khương Đình",
        "lấn chiếm vỉa hè trên đường Nguyễn Trãi",
        "Tin cùng chuyên mục",
        "Đảng bộ quận Đống Đa tổng kết công tác năm 2023",
        "Quận ủy Cầu Giấy khen thưởng 40 đảng viên",
        "Giá vàng hôm nay",
        "Giấy phép số 123/GP-BTTTT",
        "Số 8 phố Tràng Thi",
        "Bản quyền thuộc về",
        "Từ khóa",
    ),
    CAU_GIAY: (
        "Trang nhất",
        "Thông tin nhanh - chính xác - tin cậy",
        "1.245 lượt xem",
        "Xem thêm",
        "mở rộng công viên Nghĩa Đô thêm 2 ha",
        "chỉ tiêu tuyển sinh lớp 6",
        "Ý kiến bạn đọc",
        "Đường Trần Quốc Vượng tắc quá",
        "Công viên Nghĩa Đô cuối tuần đông vui",
        "Trả lời",
        "Tin khác",
        "Bắc Từ Liêm sơ kết 6 tháng",
        "Long Biên bố trí cán bộ",
        "cầu vượt Mai Dịch",
        "Đăng ký nhận bản tin",
        "Tầng 5, số 18 Nguyễn Phong Sắc",
        "Copyright",
        "Tags",
    ),
}


def make_docx(path: Path, *, created: dt.datetime = dt.datetime(2024, 10, 5, 8, 0), dateline: str | None = None) -> Path:
    """A press office's Word copy of an article: properties, a heading, paragraphs and a table of figures."""
    document = docx.Document()
    properties = document.core_properties
    properties.title = HAI_BA_TRUNG_TITLE
    properties.author = "Ngọc Lan"
    properties.identifier = HAI_BA_TRUNG_URL
    properties.created = created
    document.add_heading(HAI_BA_TRUNG_TITLE, level=1)
    if dateline:
        document.add_paragraph(dateline)
    document.add_paragraph(
        "Ngày 4/10, Ban Thường vụ Quận ủy Hai Bà Trưng tổ chức hội nghị sơ kết công tác 9 tháng, "
        "triển khai nhiệm vụ 3 tháng cuối năm 2024."
    )
    document.add_paragraph(
        "Chín tháng năm 2024, tổng thu ngân sách nhà nước trên địa bàn quận Hai Bà Trưng đạt 5.630,2 tỷ đồng, "
        "bằng 78,5% dự toán Thành phố giao, tăng 11,3% so với cùng kỳ."
    )
    table = document.add_table(rows=3, cols=2)
    for row, (label, value) in zip(table.rows, [("Chỉ tiêu", "Kết quả"), ("Đảng viên mới", "212"), ("Giải ngân vốn đầu tư công", "71,4%")]):
        row.cells[0].text, row.cells[1].text = label, value
    document.add_paragraph(
        "Phát biểu chỉ đạo, đồng chí Vũ Đức Thịnh, Bí thư Quận ủy Hai Bà Trưng yêu cầu các phường hoàn thành "
        "việc chỉnh trang 15 tuyến phố trước Tết Nguyên đán."
    )
    document.save(path)
    return path


@pytest.fixture()
def folder(tmp_path: Path) -> Path:
    corpus = tmp_path / "bai"
    corpus.mkdir()
    for source in (THANH_XUAN, CAU_GIAY, NAM_TU_LIEM):
        shutil.copy(source, corpus / source.name)
    make_docx(corpus / "hai_ba_trung_9_thang.docx")
    return corpus


def _documents(folder: Path) -> dict[str, Document]:
    return {d.doc_id: d for d in load_corpus(folder).documents}


EXPECTED = [
    (
        "thanh_xuan_ngan_sach_2023",
        "Quận Thanh Xuân hoàn thành vượt dự toán thu ngân sách năm 2023",
        "2023-12-20",
        "Minh Châu",
        "Báo Thủ đô Ngày nay",
        "https://thudongaynay.example/chinh-tri/quan-thanh-xuan-hoan-thanh-vuot-du-toan-thu-ngan-sach-nam-2023-post58214.html",
        "Thanh Xuân",
    ),
    (
        "cau_giay_so_ket_6_thang_2024",
        "Cầu Giấy: Thu ngân sách 6 tháng đạt 61,3% dự toán",
        "2024-07-10",
        "Thanh Hương",
        "Tin tức Đô thị Xanh",
        # the canonical link, not og:url with its tracking parameter
        "https://dothixanh.example/thoi-su/cau-giay-thu-ngan-sach-6-thang-dat-61-3-du-toan-a91577.html",
        "Cầu Giấy",
    ),
    (
        "nam_tu_liem_2024",
        "Nam Từ Liêm: Thu ngân sách quý I đạt 31,2% dự toán năm 2024",
        "2024-03-15",  # the article's dateline, not the day it was printed (the PDF's creation date)
        "Quốc Huy",
        None,
        "https://kinhtedothi.example/chinh-tri/nam-tu-liem-thu-ngan-sach-quy-i-2024-a112233.html",
        "Nam Từ Liêm",
    ),
    (
        "hai_ba_trung_9_thang",
        HAI_BA_TRUNG_TITLE,
        "2024-10-05",  # no date in the text: the file's creation date
        "Ngọc Lan",
        None,
        HAI_BA_TRUNG_URL,
        "Hai Bà Trưng",
    ),
]


@pytest.mark.parametrize("doc_id, title, date, author, outlet, url, district", EXPECTED)
def test_each_format_loads_with_the_metadata_its_file_states(
    folder: Path, doc_id: str, title: str, date: str, author: str, outlet: str | None, url: str, district: str
) -> None:
    document = _documents(folder)[doc_id]
    assert (document.title, document.date, document.author, document.outlet, document.url) == (title, date, author, outlet, url)
    assert (document.district, document.district_kind, document.city, document.year) == (district, "quận", "Hà Nội", int(date[:4]))


def test_the_stored_index_gives_the_same_documents_as_the_loader(folder: Path) -> None:
    library, report = open_library(load_settings(None, folder))
    stored = {d.doc_id: d for d in library.corpus.documents}
    loaded = _documents(folder)
    assert report.articles == 4 and set(stored) == set(loaded)
    for doc_id, document in loaded.items():
        assert stored[doc_id].url == document.url and stored[doc_id].date == document.date
        assert [p.text for p in stored[doc_id].passages] == [p.text for p in document.passages]


@pytest.mark.parametrize("page", sorted(PAGE_FURNITURE))
def test_menus_related_links_comments_and_footers_are_not_article_text(folder: Path, page: Path) -> None:
    document = _documents(folder)[page.stem]
    texts = [p.text for p in document.passages]
    assert len(texts) >= 6
    for furniture in PAGE_FURNITURE[page]:
        assert not [t for t in texts if furniture in t], furniture


def test_a_page_keeps_its_lede_printed_above_the_body_and_its_headline_first(folder: Path) -> None:
    passages = _documents(folder)["thanh_xuan_ngan_sach_2023"].passages
    assert passages[0].kind.value == "title"
    assert passages[0].text == "Quận Thanh Xuân hoàn thành vượt dự toán thu ngân sách năm 2023"
    # The date the page prints by its headline is kept as a line of its own, before the lede.
    assert (passages[1].kind.value, passages[1].text) == ("meta", "20/12/2023 10:45")
    assert passages[2].text.startswith("(TĐNN) Sáng 20/12, Ban Chấp hành Đảng bộ quận Thanh Xuân")


def test_a_pdf_leaves_out_the_browser_header_footer_and_the_masthead(folder: Path) -> None:
    texts = [p.text for p in _documents(folder)["nam_tu_liem_2024"].passages]
    assert texts[0] == "Nam Từ Liêm: Thu ngân sách quý I đạt 31,2% dự toán năm 2024"
    assert not [t for t in texts if "https://" in t or "16/03/2024" in t or "KINH TẾ ĐÔ THỊ" in t or "1/2" in t]
    assert texts[-2].startswith("Kết luận hội nghị, đồng chí Phạm Thị Thanh Nga") and texts[-2].endswith("trước ngày 30/6/2024.")


def test_a_word_table_is_read_row_by_row_in_place(folder: Path) -> None:
    texts = [p.text for p in _documents(folder)["hai_ba_trung_9_thang"].passages]
    assert texts[3:6] == ["Chỉ tiêu | Kết quả", "Đảng viên mới | 212", "Giải ngân vốn đầu tư công | 71,4%"]


def test_a_dateline_in_the_text_beats_the_word_files_creation_date(tmp_path: Path) -> None:
    path = make_docx(tmp_path / "d.docx", dateline="Thứ Năm, 03/10/2024 16:20")
    document = read_document(path.name, path.read_bytes())
    parsed = parse_article("d", "x/d.docx", document.text(), stated=document.metadata)
    assert (parsed.date, parsed.date_text) == ("2024-10-03", "Thứ Năm, 03/10/2024 16:20")


def test_a_configured_override_beats_what_the_file_states(folder: Path) -> None:
    raw = THANH_XUAN.read_bytes()
    document = read_document(THANH_XUAN.name, raw)
    overrides = {"p": {"url": "https://khac.example/bai", "date": "2023-12-21", "title": "Tiêu đề khác"}}
    parsed = parse_article("p", "x/p.html", document.text(), overrides, stated=document.metadata)
    assert (parsed.url, parsed.date, parsed.title) == ("https://khac.example/bai", "2023-12-21", "Tiêu đề khác")


@pytest.mark.parametrize(
    "stated, expected_date, expected_text",
    [
        (FileMetadata(date="2024-01-02"), "2024-01-02", None),  # a stated publication date wins
        (FileMetadata(created="2024-01-02"), "2024-01-05", "05/01/2024"),  # a file's creation date does not
        (FileMetadata(), "2024-01-05", "05/01/2024"),
    ],
)
def test_which_date_wins(stated: FileMetadata, expected_date: str, expected_text: str | None) -> None:
    found = ArticleMetadata("T", None, None, None, "2024-01-05", "05/01/2024", 2024, False, None, None)
    merged = with_file_metadata(found, stated)
    assert (merged.date, merged.date_text, merged.year) == (expected_date, expected_text, 2024)


def test_a_title_is_added_as_the_headline_when_the_body_lacks_it() -> None:
    document = ReadDocument(("Nội dung bài.",), FileMetadata(title="Tiêu đề"))
    assert document.text() == "Tiêu đề\n\nNội dung bài."


# --- PDF paragraphs from laid-out lines -------------------------------------------------------------------

BODY_WIDTH = "x" * 60


@pytest.mark.parametrize(
    "pages, expected",
    [
        # wrapped lines are joined; a blank line ends a paragraph
        (["Dòng đầu của một đoạn văn khá dài, chạy tới tận lề phải của trang\nvà dòng sau nối tiếp.\n\nĐoạn hai."],
         ["Dòng đầu của một đoạn văn khá dài, chạy tới tận lề phải của trang và dòng sau nối tiếp.", "Đoạn hai."]),
        # a first-line indent starts a paragraph even without a gap
        (["Đoạn một chạy tới tận lề phải của trang giấy in ra như thế này\nkết thúc ở đây\n    Đoạn hai bắt đầu thụt đầu dòng, cũng dài tới tận lề\nphải."],
         ["Đoạn một chạy tới tận lề phải của trang giấy in ra như thế này kết thúc ở đây",
          "Đoạn hai bắt đầu thụt đầu dòng, cũng dài tới tận lề phải."]),
        # a sentence that ends before the line is full ends the paragraph
        (["Câu này kết thúc ở giữa dòng, chưa chạy tới lề phải.\nĐoạn khác bắt đầu ở đây và chạy tới tận lề phải của trang giấy\nrồi xuống dòng."],
         ["Câu này kết thúc ở giữa dòng, chưa chạy tới lề phải.",
          "Đoạn khác bắt đầu ở đây và chạy tới tận lề phải của trang giấy rồi xuống dòng."]),
        # ... but not when it ends at the right margin: the next sentence may continue the paragraph
        (["Một câu kết thúc đúng ở lề phải của trang giấy in ra như thế.\nCâu sau vẫn thuộc đoạn."],
         ["Một câu kết thúc đúng ở lề phải của trang giấy in ra như thế. Câu sau vẫn thuộc đoạn."]),
        # a short line (a heading, a byline) followed by a capital stands alone; a lower-case start continues
        (["Tiêu đề ngắn\nNội dung bắt đầu ở đây và chạy tới tận lề phải của trang giấy\nthêm một dòng."],
         ["Tiêu đề ngắn", "Nội dung bắt đầu ở đây và chạy tới tận lề phải của trang giấy thêm một dòng."]),
        # a paragraph runs across the page break; the page number and repeated header are left out
        (["Báo Mẫu - Bản in\nĐoạn văn bắt đầu ở trang một và chạy tới tận lề phải của trang\n1",
          "Báo Mẫu - Bản in\nvà kết thúc ở trang hai.\n2"],
         ["Đoạn văn bắt đầu ở trang một và chạy tới tận lề phải của trang và kết thúc ở trang hai."]),
    ],
)
def test_pdf_paragraphs_are_rebuilt_from_lines(pages: list[str], expected: list[str]) -> None:
    assert rebuild_paragraphs(pages)[0] == expected


def test_a_browser_footer_gives_the_url_on_a_single_page() -> None:
    page = "16/03/2024, 09:05     Tiêu đề - Báo\n\nNội dung bài.\n\nhttps://bao.example/bai-viet-123.html   1/1"
    assert rebuild_paragraphs([page]) == (["Nội dung bài."], "https://bao.example/bai-viet-123.html")


# --- files that cannot be read ------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "name, content, reason",
    [
        ("hong.pdf", b"%PDF-1.4\n1 0 obj << /Type /Catalog >> garbage", "PDF"),
        ("hong.docx", b"PK\x03\x04 this is not a zip archive", "Word"),
        ("rong.html", b"<html><body><script>location.href='/dang-nhap'</script><img src='a.png'></body></html>", "nội dung"),
        ("trang.pdf", b"", "rỗng"),
    ],
)
def test_a_file_that_cannot_be_read_is_named_and_the_others_load(folder: Path, name: str, content: bytes, reason: str) -> None:
    (folder / name).write_bytes(content)
    corpus = load_corpus(folder)
    assert len(corpus.documents) == 4
    assert [w.source for w in corpus.warnings] == [f"bai/{name}"]
    assert reason in corpus.warnings[0].message
    library, _ = open_library(load_settings(None, folder))
    assert len(library.corpus.documents) == 4
    assert [(w.source, w.message) for w in library.corpus.warnings] == [(w.source, w.message) for w in corpus.warnings]


def test_two_files_with_one_document_id_keep_the_first(folder: Path) -> None:
    seed = Path(__file__).resolve().parent.parent / "seeds" / "000_0b6753d6958e9fca.txt"
    shutil.copy(seed, folder / "thanh_xuan_ngan_sach_2023.txt")  # the same id as the .html page
    documents = _documents(folder)
    assert len(documents) == 4
    assert documents["thanh_xuan_ngan_sach_2023"].source == "bai/thanh_xuan_ngan_sach_2023.html"
    library, _ = open_library(load_settings(None, folder))
    assert library.corpus.document("thanh_xuan_ngan_sach_2023").source == "bai/thanh_xuan_ngan_sach_2023.html"
