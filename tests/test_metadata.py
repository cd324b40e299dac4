from pathlib import Path

import pytest

from retrieval.corpus.metadata import (
    ArticleMetadata,
    extract_metadata,
    find_district,
    infer_year,
    parse_date,
)
from retrieval.models import PassageKind
from bot.render.text import DEFAULT_TEMPLATES, format_date
from retrieval.corpus.paragraphs import Paragraph, layout_article

ROOT = Path(__file__).resolve().parent.parent
SEEDS = ROOT / "seeds"
XQUAD = ROOT / "tests" / "data" / "xquad-vi" / "corpus"


def metadata_of(text: str, outlets: dict[str, str] | None = None) -> ArticleMetadata:
    return extract_metadata(layout_article(text), outlets)


SEED_METADATA = {
    "000_0b6753d6958e9fca": ArticleMetadata(
        title="Đảng bộ quận Đống Đa lãnh đạo hiệu quả toàn diện các mặt công tác",
        district="Đống Đa", district_kind="quận", city="Hà Nội",
        date="2021-01-15", date_text="15/01/2021 11:53", year=2021, year_inferred=False,
        author="X.Sinh", outlet="Lao động Thủ đô", date_line=2, title_line=4,
    ),
    "001_4cc13ceeb386153d": ArticleMetadata(
        title="Thực hiện tốt các nhiệm vụ, kế hoạch công tác đề ra",
        district="Hoàn Kiếm", district_kind="quận", city="Hà Nội",
        date=None, date_text=None, year=2021, year_inferred=True,
        author=None, outlet=None, date_line=None, title_line=1,
    ),
    "002_e74d3da79069b4c0": ArticleMetadata(
        title=None,
        district="Ba Đình", district_kind="quận", city="Hà Nội",
        date=None, date_text="12/4", year=2021, year_inferred=True,
        author="Nam Khánh", outlet=None, date_line=4, title_line=4, title_from_body=True,
        first_sentence="Đó là đề nghị của đồng chí Nguyễn Thị Tuyến, Ủy viên Trung ương Đảng, Phó Bí thư thường trực Thành ủy Hà Nội tại …",
    ),
    "003_fa7518c58d4f2875": ArticleMetadata(
        title="Đảng bộ quận Long Biên: Quyết tâm thực hiện thắng lợi các nhiệm vụ",
        district="Long Biên", district_kind="quận", city="Hà Nội",
        date="2024-04-15", date_text="15/04/2024 - 07:25", year=2024, year_inferred=False,
        author="Đình Hiệp", outlet="Hànộimới", date_line=5, title_line=3,
    ),
    "004_77a7225e1f65a39f": ArticleMetadata(
        title="Quận ủy Sơn Trà: Tổng kết công tác xây dựng Đảng năm 2021",
        district="Sơn Trà", district_kind="quận", city="Đà Nẵng",
        date="2022-01-26", date_text="Thứ tư, 26/01/2022 13:23", year=2022, year_inferred=False,
        author="Lê Anh Tuấn", outlet=None, date_line=3, title_line=1,
    ),
}  # fmt: skip


@pytest.mark.parametrize("doc_id", sorted(SEED_METADATA))
def test_seed_metadata(doc_id: str) -> None:
    text = (SEEDS / f"{doc_id}.txt").read_text(encoding="utf-8")
    assert metadata_of(text) == SEED_METADATA[doc_id]


def test_wikipedia_articles_have_a_title_and_no_place_date_or_author() -> None:
    paths = sorted(XQUAD.glob("*.txt"))
    assert len(paths) == 4
    for path in paths:
        text = path.read_text(encoding="utf-8-sig")
        meta = metadata_of(text)
        assert meta.title == text.splitlines()[0].strip().lstrip("\ufeff")
        assert (meta.district, meta.city, meta.date, meta.author) == (None, None, None, None), path.name


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Quận ủy Hoàn Kiếm họp.", ("Hoàn Kiếm", "quận", "Hà Nội")),
        ("Quận uỷ Đống Đa họp.", ("Đống Đa", "quận", "Hà Nội")),
        ("Đảng bộ quận Ngũ Hành Sơn tổ chức hội nghị.", ("Ngũ Hành Sơn", "quận", "Đà Nẵng")),
        ("Trụ sở tại Q. 1 đã khai trương.", ("1", "quận", "Hồ Chí Minh")),
        ("Trụ sở tại Quận 1 đã khai trương.", ("1", "quận", "Hồ Chí Minh")),
        ("Huyện ủy Hoà Vang họp.", ("Hòa Vang", "huyện", "Đà Nẵng")),
        ("UBND thị xã Sơn Tây họp.", ("Sơn Tây", "thị xã", "Hà Nội")),
        ("Lãnh đạo thành phố Thủ Đức họp.", ("Thủ Đức", "thành phố", "Hồ Chí Minh")),
        ("Huyện Châu Thành, tỉnh Tiền Giang họp. Tiền Giang phát triển.", ("Châu Thành", "huyện", "Tiền Giang")),
        ("Thành ủy Hà Nội và thành phố Đà Nẵng họp.", None),
        ("các sở, ngành, quận, huyện cùng tham gia.", None),
        ("quận Đống Đa. quận Ba Đình. quận Ba Đình.", ("Ba Đình", "quận", "Hà Nội")),
    ],
)
def test_find_district(text: str, expected: tuple[str, str, str] | None) -> None:
    found = find_district([Paragraph(1, text)])
    assert (None if found is None else (found.district, found.kind, found.city)) == expected


def test_title_outweighs_body_mentions() -> None:
    paragraphs = [
        Paragraph(1, "Quận ủy Sơn Trà tổng kết", PassageKind.TITLE),
        Paragraph(2, "quận Hải Châu và quận Hải Châu cùng dự."),
    ]
    found = find_district(paragraphs)
    assert found is not None and found.district == "Sơn Trà"


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("15/01/2021 11:53", "2021-01-15"),
        ("26-1-2022", "2022-01-26"),
        ("ngày 15 tháng 1 năm 2021", "2021-01-15"),
        ("31/02/2021", None),
        ("12/4", None),
    ],
)
def test_parse_date(text: str, expected: str | None) -> None:
    parsed = parse_date(text)
    assert (None if parsed is None else parsed.isoformat()) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Kết quả năm 2020 và kế hoạch năm 2021.", 2021),
        ("Trong quý I/2021, nhiệm kỳ 2021-2026 và 2020 -2025.", 2021),
        ("Nghị quyết số 119/2020/QH14, giai đoạn 2021 - 2025.", None),
        ("Tổng thu 2.472 tỷ đồng, 3891 đảng viên.", None),
        ("Năm 2019, tầm nhìn đến năm 2045.", 2019),
        ("Không có năm nào.", None),
    ],
)
def test_infer_year(text: str, expected: int | None) -> None:
    assert infer_year(text) == expected


@pytest.mark.parametrize(
    ("text", "date", "date_text", "year", "year_inferred"),
    [
        ("Tiêu đề\n\n15/01/2021 11:53\n\nNội dung năm 2020.", "2021-01-15", "15/01/2021 11:53", 2021, False),
        ("Tiêu đề\n\nThứ tư, 26/01/2022 13:23\n\nSáng 26-1, nội dung.", "2022-01-26", "Thứ tư, 26/01/2022 13:23", 2022, False),
        ("Tiêu đề\n\nngày 15 tháng 1 năm 2021\n\nNội dung.", "2021-01-15", "ngày 15 tháng 1 năm 2021", 2021, False),
        ("Tiêu đề\n\nNội dung diễn ra ngày 12/4 trong năm 2021.", None, "12/4", 2021, True),
        ("Tiêu đề\n\nSáng 26-1, hội nghị tổng kết năm 2021.", None, "26-1", 2022, True),  # reviews a year past
        ("Tiêu đề\n\nNgày 12/3/2022, quận tổ chức hội nghị năm 2023.", None, "12/3/2022", 2022, False),
        ("Tiêu đề\n\nNội dung năm 2021, Nghị quyết 05-NQ/QU ngày 24/12/2021.", None, None, 2021, True),
        ("Tiêu đề\n\nNội dung không có ngày.", None, None, None, False),
    ],
)
def test_dates(text: str, date: str | None, date_text: str | None, year: int | None, year_inferred: bool) -> None:
    meta = metadata_of(text)
    assert (meta.date, meta.date_text, meta.year, meta.year_inferred) == (date, date_text, year, year_inferred)


@pytest.mark.parametrize(
    ("text", "author"),
    [
        ("Tiêu đề\n\nĐình Hiệp 15/04/2024 - 07:25\n\nNội dung.", "Đình Hiệp"),
        ("Tiêu đề\n\nNội dung.\n\nX.Sinh", "X.Sinh"),
        ("Tiêu đề\n\nNội dung.\n\nLê Anh Tuấn", "Lê Anh Tuấn"),
        ("Tiêu đề\n\nNội dung.\n\nQuang cảnh Hội nghị", None),
        ("Tiêu đề\n\nNội dung.", None),
        ("Tiêu đề\n\nHà Nội 15/04/2024\n\nNội dung.", None),
        ("Tiêu đề\n\nNội dung.\n\nĐà Nẵng", None),
    ],
)
def test_author(text: str, author: str | None) -> None:
    assert metadata_of(text).author == author


@pytest.mark.parametrize(
    ("text", "outlet"),
    [
        ("Tiêu đề\n\n(LĐTĐ) Sáng nay, hội nghị.", "Lao động Thủ đô"),
        ("Tiêu đề\n\n(TTXVN) Sáng nay, hội nghị.", "Thông tấn xã Việt Nam"),
        ("Tiêu đề\n\n(QĐND) Sáng nay, hội nghị.", "Quân đội nhân dân"),
        ("Tiêu đề\n\n(Ảnh minh họa) Sáng nay, hội nghị.", None),
        ("Tiêu đề\n\nNội dung.\n\nNguồn: Báo Nhân Dân", "Nhân Dân"),
        ("Tiêu đề\n\nNội dung.\n\nNguồn: VOV", "Đài Tiếng nói Việt Nam"),
        ("Tiêu đề\n\nNội dung.\n\nNguồn :", None),
        ("Tiêu đề\n\nNội dung.\n\nTheo TTXVN", "Thông tấn xã Việt Nam"),
        ("Tiêu đề\n\nNội dung.\n\n(*) Không sao chép khi chưa có sự đồng ý của Báo Hànộimới.", "Hànộimới"),
    ],
)
def test_outlet(text: str, outlet: str | None) -> None:
    assert metadata_of(text).outlet == outlet


def test_outlet_codes_can_be_extended() -> None:
    assert metadata_of("Tiêu đề\n\n(ĐNO) Sáng nay.", {"ĐNO": "Đà Nẵng Online"}).outlet == "Đà Nẵng Online"


@pytest.mark.parametrize(
    ("date", "date_text", "year", "year_inferred", "shown"),
    [
        ("2021-01-15", "15/01/2021 11:53", 2021, False, "15/01/2021"),
        (None, "12/3/2022", 2022, False, "12/3/2022"),  # a whole date found only in the body: said once
        (None, "12/4", 2021, True, "12/4/2021 (năm suy ra từ bài)"),
        (None, None, 2021, True, "năm 2021 (suy ra từ bài)"),
        (None, None, 2021, False, "2021"),
        (None, None, None, False, "không rõ ngày"),
    ],
)
def test_format_date(date: str | None, date_text: str | None, year: int | None, year_inferred: bool, shown: str) -> None:
    assert format_date(date, date_text, year, year_inferred, DEFAULT_TEMPLATES) == shown
