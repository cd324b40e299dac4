"""The words that stand where a "which/what" question has its question word (retrieval/answering/kinds/aligned.py),
on invented sentences."""

from __future__ import annotations

import pytest

from retrieval.answering.kinds.aligned import aligned_span


@pytest.mark.parametrize(
    ("question", "sentence", "expected"),
    [
        # A name opened by a word capitalised on its first syllable only: "Mặt trận Tổ quốc", not "Tổ quốc".
        ("Ở quận, lực lượng nào đã phát huy sức mạnh khối đại đoàn kết?",
         "Hoạt động của Mặt trận Tổ quốc quận đã phát huy sức mạnh khối đại đoàn kết toàn dân.", "Mặt trận Tổ quốc"),
        # "… là gì?": the question's "là" stands where the sentence's does; the words before it are the subject's
        ("Hai nhiệm vụ chưa xong là gì?", "Hai nhiệm vụ chưa xong hạn là chỉnh trang vỉa hè và nạo vét kênh.",
         "chỉnh trang"),
        # "mô hình gì": the kind of thing asked opens a common noun phrase
        ("Quận nhân rộng mô hình gì?", "Quận nhân rộng mô hình dân vận khéo.", "mô hình dân vận khéo"),
        # a title in quotes the question's own words introduce is one unit, the name inside it a part
        ("Chủ đề năm 2024 có tên là gì?",
         "Quận thực hiện chủ đề năm 2024 “Học tập và làm theo tư tưởng Hồ Chí Minh về trách nhiệm nêu gương của đội ngũ cán bộ, đảng viên trong thực thi công vụ”.",
         "Học tập và làm theo tư tưởng Hồ Chí Minh về trách nhiệm nêu gương của đội ngũ cán bộ, đảng viên trong thực thi công vụ"),
        # "những … nào": the things listed after the noun asked, with it, without the term they belong to
        ("Năm 2026 quận phải tổ chức những cuộc bầu cử nào?",
         "Quận tổ chức thành công công tác bầu cử đại biểu Quốc hội khóa XVI và đại biểu Hội đồng nhân dân các cấp nhiệm kỳ 2026 – 2031.",
         "bầu cử đại biểu Quốc hội khóa XVI và đại biểu Hội đồng nhân dân các cấp"),
        # … or split by ";": the items that each name the noun asked, after the list's "là"
        ("Năm 2025 huyện quán triệt nghị quyết của những hội nghị nào?",
         "Huyện tập trung quán triệt, trọng tâm là Nghị quyết Hội nghị Trung ương 10; Nghị quyết Hội nghị Thành ủy lần thứ 15; tổ chức 3 lớp bồi dưỡng.",
         "Nghị quyết Hội nghị Trung ương 10; Nghị quyết Hội nghị Thành ủy lần thứ 15"),
        # "nghị quyết nào": the document with its number
        ("Quận sắp xếp bộ máy theo nghị quyết nào?",
         "Quận ủy yêu cầu sắp xếp, tinh gọn bộ máy theo Nghị quyết số 18-NQ/TW của Trung ương.",
         "Nghị quyết số 18-NQ/TW"),
    ],
)
def test_aligned_span(question: str, sentence: str, expected: str) -> None:
    span = aligned_span(question, sentence)
    assert span is not None and sentence[span.start : span.end] == expected
