import pytest

from retrieval.models import PassageKind
from retrieval.corpus.metadata import extract_metadata
from retrieval.corpus.paragraphs import (
    DropReason,
    Paragraph,
    dateline_parts,
    is_dateline,
    is_headline_run,
    is_name_like,
    layout_article,
    split_lines,
)

BODY, TITLE, META = PassageKind.BODY, PassageKind.TITLE, PassageKind.META

HEADLINE_RUN = (
    "Đảng bộ quận Đống Đa thông qua 7 Chương trình công tác lớn giai đoạn 2020 -2025 Tập huấn Nghị quyết Đại hội "
    "Đảng bộ quận Đống Đa lần thứ XXVIII và Điều lệ Công đoàn Việt Nam Thông qua Đề cương các Chương trình công tác "
    "lớn của Quận ủy khóa XXVIII, nhiệm kỳ 2020-2025"
)
CAPTION = "10 chi bộ trực thuộc đảng uỷ cơ sở đạt Trong sạch vững mạnh tiêu biểu 5 năm liền được khen thưởng"


def kinds_and_texts(text: str) -> list[tuple[int, PassageKind, str]]:
    return [(p.line, p.kind, p.text) for p in layout_article(text).paragraphs]


def test_title_dateline_body_and_trailing_byline() -> None:
    text = "M\n15/01/2021 11:53\n\nTiêu đề bài báo\n\nCâu mở đầu.\n\nĐoạn hai.\n\nX.Sinh\n\nNguồn :"
    assert kinds_and_texts(text) == [
        (2, META, "15/01/2021 11:53"),
        (4, TITLE, "Tiêu đề bài báo"),
        (6, BODY, "Câu mở đầu."),
        (8, BODY, "Đoạn hai."),
        (10, META, "X.Sinh"),
    ]
    dropped = layout_article(text).dropped
    assert [(d.line, d.reason) for d in dropped] == [(1, DropReason.BOILERPLATE), (12, DropReason.SOURCE)]


def test_section_name_above_the_headline_is_meta() -> None:
    text = "Nghị quyết và Cuộc sống\n\nĐảng bộ quận Long Biên: Quyết tâm thực hiện\n\nĐình Hiệp 15/04/2024 - 07:25\n\nNội dung."
    assert kinds_and_texts(text) == [
        (1, META, "Nghị quyết và Cuộc sống"),
        (3, TITLE, "Đảng bộ quận Long Biên: Quyết tâm thực hiện"),
        (5, META, "Đình Hiệp 15/04/2024 - 07:25"),
        (7, BODY, "Nội dung."),
    ]


def test_glued_headline_becomes_title_and_body_on_the_same_line() -> None:
    text = "Thực hiện tốt các nhiệm vụ đề raTại Hội nghị, đồng chí A trình bày.\nQuang cảnh Hội nghị |\nĐoạn sau."
    assert kinds_and_texts(text) == [
        (1, TITLE, "Thực hiện tốt các nhiệm vụ đề ra"),
        (1, BODY, "Tại Hội nghị, đồng chí A trình bày."),
        (2, BODY, "Quang cảnh Hội nghị"),
        (3, BODY, "Đoạn sau."),
    ]


def test_first_line_caption_with_period_is_not_a_title() -> None:
    text = "Ông A phát biểu tại hội nghị. \n\n\nĐó là đề nghị của ông A.\n\nNam Khánh"
    layout = layout_article(text)
    assert layout.title is None
    assert kinds_and_texts(text) == [
        (1, BODY, "Ông A phát biểu tại hội nghị."),
        (4, BODY, "Đó là đề nghị của ông A."),
        (6, META, "Nam Khánh"),
    ]


def test_title_only_wikipedia_layout() -> None:
    text = "Super Bowl 50\n\nĐoạn một.\n\nĐoạn hai."
    assert kinds_and_texts(text) == [(1, TITLE, "Super Bowl 50"), (3, BODY, "Đoạn một."), (5, BODY, "Đoạn hai.")]


def test_byline_after_a_single_paragraph() -> None:
    assert kinds_and_texts("Đoạn một.\n\nNam Khánh") == [(1, BODY, "Đoạn một."), (3, META, "Nam Khánh")]


@pytest.mark.parametrize(
    "line",
    [
        "bi-thu-quan-uy-chu-tich-hd.jpg",
        "anh1.PNG",
        "photo.webp",
        "(0) Bình luận",
        "Nổi bật",
        "Đừng bỏ lỡ",
        "Xem thêm",
        "Xem thêm: Một bài khác",
        "Tin liên quan",
        "M",
        "***",
        "Nguồn :",
        "Nguồn: Báo Nhân Dân",
        "(*) Không sao chép dưới mọi hình thức khi chưa có sự đồng ý bằng văn bản của Báo Hànộimới.",
        "© 2024 Báo Lao Động",
        "Bản quyền thuộc về Báo Đà Nẵng",
        HEADLINE_RUN,
    ],
)
def test_boilerplate_is_dropped(line: str) -> None:
    text = f"Tiêu đề\n\nĐoạn một.\n\n{line}\n\nĐoạn hai."
    layout = layout_article(text)
    assert [p.text for p in layout.paragraphs] == ["Tiêu đề", "Đoạn một.", "Đoạn hai."]
    assert [d.line for d in layout.dropped] == [5]


def test_title_copies_are_dropped_but_captions_kept() -> None:
    text = f"Tiêu đề bài\n\nĐoạn một.\n\nTiêu đề bài\n{CAPTION}\n\nĐoạn hai."
    layout = layout_article(text)
    assert [(p.line, p.text) for p in layout.paragraphs] == [
        (1, "Tiêu đề bài"),
        (3, "Đoạn một."),
        (6, CAPTION),
        (8, "Đoạn hai."),
    ]
    assert [(d.line, d.reason) for d in layout.dropped] == [(5, DropReason.TITLE_COPY)]


def test_hard_wrapped_lines_are_joined() -> None:
    text = "Tiêu đề\n\nMột câu bị ngắt\ngiữa chừng bởi trình soạn.\nCâu mới ở dòng mới.\n\nĐoạn ba\nvẫn tiếp."
    assert kinds_and_texts(text) == [
        (1, TITLE, "Tiêu đề"),
        (3, BODY, "Một câu bị ngắt giữa chừng bởi trình soạn."),
        (5, BODY, "Câu mới ở dòng mới."),
        (7, BODY, "Đoạn ba vẫn tiếp."),
    ]


def test_trailing_bar_is_cut_from_captions() -> None:
    layout = layout_article("Tiêu đề\n\nQuang cảnh Hội nghị |\nĐoạn (10%). |")
    assert [p.text for p in layout.paragraphs] == ["Tiêu đề", "Quang cảnh Hội nghị", "Đoạn (10%)."]


def test_line_numbers_follow_crlf_and_byte_order_mark() -> None:
    text = "\ufeffTiêu đề\r\n\r\nĐoạn một.\r\n\r\n\ufeffĐoạn hai."
    assert split_lines(text) == ["Tiêu đề", "", "Đoạn một.", "", "Đoạn hai."]
    assert kinds_and_texts(text) == [(1, TITLE, "Tiêu đề"), (3, BODY, "Đoạn một."), (5, BODY, "Đoạn hai.")]


def test_headline_run_rule_spares_captions_and_plain_sentences() -> None:
    assert is_headline_run(HEADLINE_RUN)
    assert not is_headline_run(CAPTION)
    long_sentence_without_period = (
        "Sáng nay, Quận ủy Ba Đình tổ chức Hội nghị Ban Chấp hành Đảng bộ quận lần thứ 6, đánh giá kết quả "
        "quý I, triển khai nhiệm vụ quý II, thảo luận Kế hoạch của Thành ủy, nhất trí Chương trình công tác"
    )
    assert not is_headline_run(long_sentence_without_period)


@pytest.mark.parametrize(
    ("line", "expected"),
    [
        ("15/01/2021 11:53", (None, "15/01/2021 11:53")),
        ("Đình Hiệp 15/04/2024 - 07:25", ("Đình Hiệp", "15/04/2024 - 07:25")),
        ("Thứ tư, 26/01/2022 13:23", (None, "Thứ tư, 26/01/2022 13:23")),
        ("26-1-2022", (None, "26-1-2022")),
        ("ngày 15 tháng 1 năm 2021", (None, "ngày 15 tháng 1 năm 2021")),
        ("Thứ Hai, 12/04/2021, 10:05 (GMT+7)", (None, "Thứ Hai, 12/04/2021, 10:05 (GMT+7)")),
        ("Cập nhật: 12/04/2021 10:05", (None, "Cập nhật: 12/04/2021 10:05")),
        ("Sáng nay (15/1/2021), Đảng bộ quận Đống Đa tổ chức Hội nghị.", None),
        ("Nghị quyết và Cuộc sống", None),
    ],
)
def test_dateline_parts(line: str, expected: tuple[str | None, str] | None) -> None:
    assert dateline_parts(line) == expected
    assert is_dateline(line) is (expected is not None)


@pytest.mark.parametrize(
    ("line", "expected"),
    [
        ("X.Sinh", True),
        ("N.H.Anh", True),
        ("Nam Khánh", True),
        ("Lê Anh Tuấn", True),
        ("Nguyễn Thị Minh Khai", True),
        ("Quang cảnh Hội nghị", False),
        ("Nghị quyết và Cuộc sống", False),
        ("Warsaw", False),
        ("Một Hai Ba Bốn Năm", False),
    ],
)
def test_is_name_like(line: str, expected: bool) -> None:
    assert is_name_like(line) is expected


def test_paragraph_defaults_to_body() -> None:
    assert Paragraph(1, "x").kind is BODY


def test_a_header_typed_as_a_form_is_read_without_its_labels() -> None:
    text = (
        "Tiêu đề: Đảng bộ quận Cẩm Lệ tổng kết năm 2023\nNgày đăng: 26/12/2023\nTác giả: Hoàng Hiệp\nNguồn: Báo Đà Nẵng\n\n"
        "Ngày 25/12, Ban Chấp hành Đảng bộ quận tổ chức hội nghị tổng kết."
    )
    assert kinds_and_texts(text) == [
        (1, TITLE, "Đảng bộ quận Cẩm Lệ tổng kết năm 2023"),
        (2, META, "Ngày đăng: 26/12/2023"),
        (3, META, "Hoàng Hiệp"),  # a byline, not a paragraph of the article
        (6, BODY, "Ngày 25/12, Ban Chấp hành Đảng bộ quận tổ chức hội nghị tổng kết."),
    ]
    metadata = extract_metadata(layout_article(text))
    assert (metadata.title, metadata.author, metadata.outlet, metadata.date) == (
        "Đảng bộ quận Cẩm Lệ tổng kết năm 2023", "Hoàng Hiệp", "Đà Nẵng", "2023-12-26",
    )
