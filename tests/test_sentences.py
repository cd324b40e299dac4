import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from retrieval.corpus.sentences import glue_points, split_sentences

SPLITS = [
    ("Một câu. Hai câu.", ("Một câu.", "Hai câu.")),
    ("Thật sao?! Đúng vậy.", ("Thật sao?!", "Đúng vậy.")),
    ("Chờ đã.. Rồi đi.", ("Chờ đã..", "Rồi đi.")),
    ("Đúng quy định Điều lệ Đảng… Chỉ đạo việc xây dựng.", ("Đúng quy định Điều lệ Đảng…", "Chỉ đạo việc xây dựng.")),
    ("Ông nói: “Tốt quá!” Sau đó ông đi.", ("Ông nói: “Tốt quá!”", "Sau đó ông đi.")),
    ("Kết thúc (năm 2020). Tiếp theo.", ("Kết thúc (năm 2020).", "Tiếp theo.")),
    ("Hết năm 2020. 10 chi bộ được khen.", ("Hết năm 2020.", "10 chi bộ được khen.")),
    ("Ông nói. “Chúng tôi sẽ làm.”", ("Ông nói.", "“Chúng tôi sẽ làm.”")),
    ("Câu một. (Ảnh minh họa)", ("Câu một.", "(Ảnh minh họa)")),
    ("Lần thứ V. Đảng bộ quận họp.", ("Lần thứ V.", "Đảng bộ quận họp.")),
    ("Ân cần. Ủy ban họp.", ("Ân cần.", "Ủy ban họp.")),
    # glued sentences: no space after the period
    ("các nhiệm vụ đột xuất, phát sinh.Hệ thống chính trị quận", ("các nhiệm vụ đột xuất, phát sinh.", "Hệ thống chính trị quận")),
    ("xây dựng cơ bản.Tăng cường trách nhiệm.", ("xây dựng cơ bản.", "Tăng cường trách nhiệm.")),
    ("năm 2021…Trước mắt các cấp uỷ", ("năm 2021…", "Trước mắt các cấp uỷ")),
    # glued without punctuation
    ("kế hoạch công tác đề raTại Hội nghị, đồng chí", ("kế hoạch công tác đề ra", "Tại Hội nghị, đồng chí")),
    ("  Khoảng trắng quanh câu.   Câu hai.  ", ("Khoảng trắng quanh câu.", "Câu hai.")),
    ("", ()),
    ("   ", ()),
]

NEVER_SPLIT = [
    "Ước thu đạt 11.085,046 tỷ đồng, bằng 105,1% dự toán.",
    "Đối với Chương trình số 01-CTr/QU, kế hoạch năm 2024.",
    "Theo Nghị quyết số 119/2020/QH14 của Quốc hội.",
    "Trong quý I/2021, giá trị sản xuất tăng.",
    "Sáng nay (15/1/2021), Đảng bộ quận họp.",
    "Ông sống ở TP. Hà Nội từ nhỏ.",
    "Ông sống ở TP.Hà Nội từ nhỏ.",
    "Trụ sở ở Q. 1 của TP. Hồ Chí Minh.",
    "Báo cáo của TS. Nguyễn Văn A và ThS. Lê Thị B.",
    "Ý kiến của PGS.TS. Trần Văn C rất rõ.",
    "GS. Phan Huy Lê phát biểu.",
    "Ông đến St. Louis và gặp Mr. Smith.",
    "Văn hóa, giáo dục, y tế v.v. đều phát triển.",
    "Bài viết của X.Sinh rất hay.",
    "Bài viết của N.H.Anh rất hay.",
    "Bài viết của N. H. Anh rất hay.",
    "Chờ đợi... rồi mới làm.",
    "Chờ đợi… rồi mới làm.",
    "Các ứng dụng TikTok, iPhone, eBay và báo Hànộimới.",
    "Nhà sản xuất McDonald và YouTube.",
]


@pytest.mark.parametrize(("paragraph", "expected"), SPLITS)
def test_split_sentences(paragraph: str, expected: tuple[str, ...]) -> None:
    assert split_sentences(paragraph) == expected


@pytest.mark.parametrize("sentence", NEVER_SPLIT)
def test_never_split(sentence: str) -> None:
    assert split_sentences(sentence) == (sentence,)


@pytest.mark.parametrize(("paragraph", "expected"), SPLITS)
def test_every_sentence_is_a_substring(paragraph: str, expected: tuple[str, ...]) -> None:
    for sentence in split_sentences(paragraph):
        assert sentence in paragraph


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("công tác đề raTại Hội nghị", (len("công tác đề ra"),)),
        ("bạnTôi và anhẤy", (len("bạn"), len("bạnTôi và anh"))),
        ("TikTok iPhone eBay Hànộimới McDonald YouTube macOS", ()),
        ("không có gì", ()),
    ],
)
def test_glue_points(text: str, expected: tuple[int, ...]) -> None:
    assert glue_points(text) == expected


@settings(max_examples=300, deadline=None)
@given(st.text(alphabet=st.sampled_from(list("aăđêôơưAĐÊÔƠƯTH0123456789 .,!?…“”()/-\n")), max_size=120))
def test_sentences_cover_the_paragraph_in_order(paragraph: str) -> None:
    sentences = split_sentences(paragraph)
    assert all(sentence and sentence in paragraph for sentence in sentences)
    assert "".join("".join(sentences).split()) == "".join(paragraph.split())
