"""Datelines, headlines and bylines as news pages print them (issue 20), on invented articles.

Every article here was written for these tests: the names, districts' figures and dates are made up.
"""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

import pytest

from retrieval.corpus.datelines import read_dateline, trailing_dateline
from retrieval.corpus.loader import load_corpus
from retrieval.corpus.metadata import ArticleMetadata, extract_metadata, infer_year
from retrieval.corpus.paragraphs import layout_article

HEADLINE = "Quận ủy Tây Hồ sơ kết công tác 6 tháng đầu năm, triển khai nhiệm vụ cuối năm"
LEDE = (
    "Ngày 14/7, Ban Thường vụ Quận ủy Tây Hồ tổ chức hội nghị sơ kết công tác 6 tháng đầu năm 2022, "
    "triển khai nhiệm vụ 6 tháng cuối năm và định hướng đến năm 2030."
)
SECOND = "Theo báo cáo, thu ngân sách trên địa bàn quận đạt 1.234,5 tỷ đồng, bằng 52,3% dự toán năm, nhiệm kỳ 2020-2025."


def article(*header: str, lede: str = LEDE) -> str:
    return "\n".join((*header, lede, SECOND)) + "\n"


def meta(text: str) -> ArticleMetadata:
    return extract_metadata(layout_article(text))


# (lines before the body, date, date as printed, line it was read from, author)
DATELINES = [
    ("Minh Thư| 12/10/2022 14:14", "2022-10-12", "12/10/2022 14:14", "Minh Thư"),
    ("20/07/2021 15:21 | 0", "2021-07-20", "20/07/2021 15:21", None),
    ("Ngày đăng 17/07/2019 | 09:15 | Lượt xem: 120", "2019-07-17", "Ngày đăng 17/07/2019 | 09:15", None),
    ("Thời sự HTV 21/12/2023, 19:58", "2023-12-21", "21/12/2023, 19:58", None),
    ("Bảo Ngọc - HTV 21/12/2023, 19:58", "2023-12-21", "21/12/2023, 19:58", "Bảo Ngọc"),
    ("Thứ hai, 12/10/2022", "2022-10-12", "Thứ hai, 12/10/2022", None),
    ("Thứ Hai, 12/10/2022 - 14:14 (GMT+7)", "2022-10-12", "Thứ Hai, 12/10/2022 - 14:14 (GMT+7)", None),
    ("Thứ 5, 08/10/2020 - 20:12", "2020-10-08", "Thứ 5, 08/10/2020 - 20:12", None),
    ("T4, 14/04/2021 08:55", "2021-04-14", "T4, 14/04/2021 08:55", None),
    ("Chủ nhật, 12/10/2022 | 14:14 | 2 bình luận", "2022-10-12", "Chủ nhật, 12/10/2022 | 14:14", None),
    ("Cập nhật: 03/02/2023 08:00", "2023-02-03", "Cập nhật: 03/02/2023 08:00", None),
    ("Cập nhật lúc 09:15, 16/04/2019", "2019-04-16", "Cập nhật lúc 09:15, 16/04/2019", None),
    ("Cập nhật ngày 12/10/2020 - 17:25", "2020-10-12", "Cập nhật ngày 12/10/2020 - 17:25", None),
    ("Đăng lúc 16:20 ngày 09/07/2019", "2019-07-09", "Đăng lúc 16:20 ngày 09/07/2019", None),
    ("TTXVN 05/05/2020 10:00", "2020-05-05", "05/05/2020 10:00", None),
    ("12/10/2022 14:14 - Minh Anh", "2022-10-12", "12/10/2022 14:14", "Minh Anh"),
    ("Hoàng Yến 09/10/2024 - 11:20", "2024-10-09", "09/10/2024 - 11:20", "Hoàng Yến"),
    ("Ngày 12 tháng 10 năm 2022", "2022-10-12", "Ngày 12 tháng 10 năm 2022", None),
    ("2022-10-12T14:14:00+07:00", "2022-10-12", "2022-10-12T14:14:00+07:00", None),
    ("14-01-2022 - 10:30 AM", "2022-01-14", "14-01-2022 - 10:30 AM", None),
    ("18/01/2022 09:00 GMT+7", "2022-01-18", "18/01/2022 09:00 GMT+7", None),
    ("Thứ Sáu, 11/10/2019, 14:35 (GMT+7)", "2019-10-11", "Thứ Sáu, 11/10/2019, 14:35 (GMT+7)", None),
    ("19-07-2023 10:05", "2023-07-19", "19-07-2023 10:05", None),
    ("10/01/2023 | 15:42", "2023-01-10", "10/01/2023 | 15:42", None),
    ("Xuất bản: 05/06/2021 | 07:00", "2021-06-05", "Xuất bản: 05/06/2021 | 07:00", None),
    ("Thứ Hai, 12/10/2022 - 14:14 | Chia sẻ", "2022-10-12", "Thứ Hai, 12/10/2022 - 14:14", None),
    ("Minh Anh (TTXVN) 12/10/2022", "2022-10-12", "12/10/2022", "Minh Anh"),
    ("PV | 12/10/2022", "2022-10-12", "12/10/2022", None),
    ("14:14 | 12/10/2022", "2022-10-12", "14:14 | 12/10/2022", None),
    ("Tác giả: Thu Trang | 12/10/2022", "2022-10-12", "12/10/2022", "Thu Trang"),
    ("Ngày 12/10/2022 14:14 Bình luận (0)", "2022-10-12", "Ngày 12/10/2022 14:14", None),
]


@pytest.mark.parametrize(("line", "date", "printed", "author"), DATELINES, ids=[row[0] for row in DATELINES])
def test_dateline_after_the_headline(line: str, date: str, printed: str, author: str | None) -> None:
    found = meta(article(HEADLINE, line))
    assert (found.date, found.date_text, found.date_line, found.year, found.year_inferred) == (date, printed, 2, int(date[:4]), False)
    assert (found.title, found.title_line, found.title_from_body) == (HEADLINE, 1, False)
    assert found.author == author


# Whole first lines: (lines before the body, lede, date, date as printed, date line, year, inferred, title, title line)
LAYOUTS = [
    # a byline on its own line, then the date
    (("Liên Chiểu: kết nạp 93 đảng viên mới", "Bài và ảnh: Thanh Hương", "10/07/2023"), LEDE,
     "2023-07-10", "10/07/2023", 3, 2023, False, "Liên Chiểu: kết nạp 93 đảng viên mới", 1),
    # a byline above the headline, the date under it
    (("Minh Châu", HEADLINE, "Thứ tư, 14/04/2021 08:55"), LEDE,
     "2021-04-14", "Thứ tư, 14/04/2021 08:55", 3, 2021, False, HEADLINE, 2),
    # a section name above the headline
    (("Thời sự", HEADLINE, "12/04/2022 14:48"), LEDE, "2022-04-12", "12/04/2022 14:48", 3, 2022, False, HEADLINE, 2),
    # the outlet's name above the headline
    (("Báo Kinh tế Đô thị", HEADLINE, "12/04/2022 14:48"), LEDE, "2022-04-12", "12/04/2022 14:48", 3, 2022, False, HEADLINE, 2),
    (("HANOIMOI.VN", HEADLINE, "12/04/2022 14:48"), LEDE, "2022-04-12", "12/04/2022 14:48", 3, 2022, False, HEADLINE, 2),
    # a photo caption under the dateline, longer than the headline, is not the headline
    ((HEADLINE[:40], "12/07/2022 10:00", "Đồng chí Nguyễn Văn Bình, Bí thư Quận ủy Tây Hồ phát biểu chỉ đạo tại hội nghị sơ kết"),
     LEDE, "2022-07-12", "12/07/2022 10:00", 2, 2022, False, HEADLINE[:40], 1),
    ((HEADLINE[:40], "12/07/2022 10:00", "Quang cảnh hội nghị sơ kết công tác 6 tháng đầu năm của Quận ủy Tây Hồ"),
     LEDE, "2022-07-12", "12/07/2022 10:00", 2, 2022, False, HEADLINE[:40], 1),
    # a photo credit and an outlet code between the headline and the date
    ((HEADLINE, "(Ảnh: Minh Anh)", "TTXVN", "12/07/2022 10:00"), LEDE, "2022-07-12", "12/07/2022 10:00", 4, 2022, False, HEADLINE, 1),
    # the date before the headline
    (("12/07/2022 10:00", HEADLINE), LEDE, "2022-07-12", "12/07/2022 10:00", 1, 2022, False, HEADLINE, 2),
    # the date in brackets after the headline, or after a bar
    ((f"{HEADLINE} (16/01/2023)",), LEDE, "2023-01-16", "16/01/2023", 1, 2023, False, HEADLINE, 1),
    ((f"{HEADLINE} | 16/01/2023 14:10",), LEDE, "2023-01-16", "16/01/2023 14:10", 1, 2023, False, HEADLINE, 1),
    # a headline that itself ends with a date keeps it
    (("Quận Tây Hồ sơ kết 6 tháng, hướng tới ngày Quốc khánh 2/9/2022",), LEDE,
     None, "14/7", 2, 2022, True, "Quận Tây Hồ sơ kết 6 tháng, hướng tới ngày Quốc khánh 2/9/2022", 1),
    # no dateline: the lede's event date gives the year, inferred, never the horizon or the term
    ((HEADLINE,), LEDE, None, "14/7", 2, 2022, True, HEADLINE, 1),
    # "(NSHN) - Chiều 14-7, …": an outlet code opening the lede, its day and month without a year
    ((HEADLINE,), "(NSHN) - Chiều 14-7, Quận ủy Tây Hồ tổ chức hội nghị sơ kết 6 tháng đầu năm 2020.",
     None, "14-7", 2, 2020, True, HEADLINE, 1),
    # a January meeting that reviews a whole year took place the year after
    (("Quận ủy Tây Hồ tổng kết công tác xây dựng Đảng",),
     "Sáng 26-1, Quận ủy Tây Hồ tổ chức hội nghị tổng kết công tác xây dựng Đảng năm 2021.",
     None, "26-1", 2, 2022, True, "Quận ủy Tây Hồ tổng kết công tác xây dựng Đảng", 1),
    # a December one the same year
    (("Quận ủy Tây Hồ tổng kết công tác xây dựng Đảng",),
     "Chiều 20/12, Quận ủy Tây Hồ tổ chức hội nghị tổng kết công tác xây dựng Đảng năm 2021.",
     None, "20/12", 2, 2021, True, "Quận ủy Tây Hồ tổng kết công tác xây dựng Đảng", 1),
    # a January review of the year before that also sets the new year's tasks happened in the new year
    ((HEADLINE,), "Chiều 8-1, Quận ủy tổ chức hội nghị tổng kết công tác năm 2020, triển khai nhiệm vụ năm 2021.",
     None, "8-1", 2, 2021, True, HEADLINE, 1),
    # a first-quarter report names the year's plan "cả năm": that is no review of the whole year
    ((HEADLINE,), "Chiều 12-4, quận sơ kết quý I/2021, thu ngân sách đạt 30% dự toán cả năm 2021.",
     None, "12-4", 2, 2021, True, HEADLINE, 1),
    # a cut-off date is not the event's day
    ((HEADLINE,), "Tính đến ngày 2/6, quận đã giải ngân 45% kế hoạch vốn năm 2023.",
     None, None, None, 2023, True, HEADLINE, 1),
    # a cited document's date is neither the event's day nor the year
    ((HEADLINE,), "Thực hiện Quyết định số 123/QĐ-UBND ngày 5-8-2005, quận rà soát các dự án trong quý I/2019.",
     None, None, None, 2019, True, HEADLINE, 1),
    # a whole date in the lede is the event's day: it gives the year, never the publication date
    ((HEADLINE,), "Sáng 12/10/2022, Quận ủy Tây Hồ tổ chức hội nghị.",
     None, "12/10/2022", 2, 2022, False, HEADLINE, 1),
    # no headline: the first sentence names the article, a photo caption above it is skipped
    ((), LEDE, None, "14/7", 1, 2022, True, None, 1),
    (("Đồng chí Nguyễn Văn Bình phát biểu tại hội nghị.",), LEDE, None, "14/7", 2, 2022, True, None, 2),
    # a dateline but no headline
    (("Thứ hai, 18/07/2022 10:00",), LEDE, "2022-07-18", "Thứ hai, 18/07/2022 10:00", 1, 2022, False, None, 2),
]  # fmt: skip


@pytest.mark.parametrize(
    ("header", "lede", "date", "printed", "date_line", "year", "inferred", "title", "title_line"),
    LAYOUTS,
    ids=[f"{i}:{' / '.join(row[0])[:40]}" for i, row in enumerate(LAYOUTS)],
)
def test_first_lines(
    header: tuple[str, ...], lede: str, date: str | None, printed: str | None, date_line: int | None,
    year: int, inferred: bool, title: str | None, title_line: int,
) -> None:
    found = meta(article(*header, lede=lede))
    assert (found.date, found.date_text, found.date_line) == (date, printed, date_line)
    assert (found.year, found.year_inferred) == (year, inferred)
    assert (found.title, found.title_line, found.title_from_body) == (title, title_line, title is None)
    if title is None:
        assert found.first_sentence is not None and found.first_sentence.startswith(lede.split(",")[0])


@pytest.mark.parametrize(
    "line",
    [
        "Sáng 12/10/2022, quận tổ chức hội nghị tổng kết.",  # a sentence
        "Kỷ niệm ngày Quốc khánh 2/9/2025",  # a headline that ends with a date
        "31/02/2021 10:00",  # no day of the calendar
        "12/10 14:14",  # no year
        "Sáng nay HTV 21/12/2023",
        "Theo báo cáo ngày 12/10/2022 của quận",
    ],
)
def test_not_a_dateline(line: str) -> None:
    assert read_dateline(line) is None


@pytest.mark.parametrize(
    ("line", "head", "date"),
    [
        ("Quận ủy Tây Hồ tổng kết năm 2022 (16/01/2023)", "Quận ủy Tây Hồ tổng kết năm 2022", dt.date(2023, 1, 16)),
        ("Quận ủy Tây Hồ tổng kết năm 2022 - 16/01/2023 14:10", "Quận ủy Tây Hồ tổng kết năm 2022", dt.date(2023, 1, 16)),
        ("Quận Tây Hồ chuẩn bị kỷ niệm ngày Quốc khánh 2/9/2025", None, None),
    ],
)
def test_trailing_dateline(line: str, head: str | None, date: dt.date | None) -> None:
    split = trailing_dateline(line)
    assert (None, None) if split is None else (split[0], split[1].date) == (head, date)


@pytest.mark.parametrize(
    ("text", "year"),
    [
        ("Quý I/2022 thu ngân sách tăng; định hướng đến năm 2030.", 2022),
        ("Kết quả 6 tháng đầu năm 2022, tầm nhìn 2045.", 2022),
        ("Năm 2021, Đại hội nhiệm kỳ 2020-2025 thành công.", 2021),
        ("Năm 2004, thực hiện Quyết định số 45/QĐ-UBND ngày 5-8-2005.", 2004),
        ("Năm 2012 theo Luật Đất đai năm 2013.", 2012),
        ("Đến hết năm 2025 quận phấn đấu; năm 2023 đạt 90%.", 2023),
    ],
)
def test_no_year_from_a_horizon_a_term_or_a_cited_document(text: str, year: int) -> None:
    assert infer_year(text) == year


def test_whole_articles_through_the_loader_and_sources_json(tmp_path: Path) -> None:
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    (corpus / "a.txt").write_text(article(HEADLINE, "Nguyệt Minh| 15/07/2022 09:30"), encoding="utf-8")
    (corpus / "b.txt").write_text(article(lede="Chiều 26-1, Quận ủy Tây Hồ tổng kết năm 2022."), encoding="utf-8")
    (corpus / "c.html").write_text(
        "<html><head><title>Trang tin quận</title>"
        '<meta property="og:title" content="Tây Hồ sơ kết 6 tháng">'
        '<meta property="article:published_time" content="2022-07-16T08:00:00+07:00"></head>'
        f"<body><article><h1>Tây Hồ sơ kết 6 tháng</h1><p>{LEDE}</p><p>{SECOND}</p></article></body></html>",
        encoding="utf-8",
    )
    documents = {d.doc_id: d for d in load_corpus(corpus).documents}
    a, b, c = documents["a"], documents["b"], documents["c"]
    assert (a.date, a.date_line, a.author, a.title, a.title_line) == ("2022-07-15", 2, "Nguyệt Minh", HEADLINE, 1)
    assert (b.date, b.date_text, b.year, b.year_inferred, b.title, b.title_from_body) == (None, "26-1", 2023, True, None, True)
    assert (c.date, c.year, c.year_inferred, c.title) == ("2022-07-16", 2022, False, "Tây Hồ sơ kết 6 tháng")
    assert c.date_line is None  # stated by the page's metadata, not read from a line


def test_sources_json_names_the_lines(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    from bot.cli import main

    corpus = tmp_path / "corpus"
    corpus.mkdir()
    (corpus / "a.txt").write_text(article(HEADLINE, "Cập nhật: 15/07/2022 - 09:30"), encoding="utf-8")
    (corpus / "b.txt").write_text(article("Đồng chí Lê Văn Nam phát biểu tại hội nghị."), encoding="utf-8")
    assert main(["sources", "--corpus", str(corpus), "--json"]) == 0
    rows = {row["doc_id"]: row for row in json.loads(capsys.readouterr().out)["documents"]}
    assert (rows["a"]["date"], rows["a"]["date_line"], rows["a"]["title_line"]) == ("2022-07-15", 2, 1)
    assert (rows["b"]["title"], rows["b"]["title_line"], rows["b"]["title_from_body"]) == (None, 2, True)
    assert rows["b"]["first_sentence"].startswith("Ngày 14/7, Ban Thường vụ Quận ủy Tây Hồ")
    assert main(["sources", "--corpus", str(corpus)]) == 0
    out = capsys.readouterr().out
    assert "ngày đăng: dòng 2 “Cập nhật: 15/07/2022 - 09:30” · tiêu đề: dòng 1" in out
    assert "(câu đầu bài; bài không có tiêu đề)" in out and "câu đầu bài: dòng 2" in out
