"""A question is read once a turn: a standalone question, and a comparison answered from each district's
sentences (each district's question is derived from the one reading, never written out and read again)."""

from __future__ import annotations

from pathlib import Path

import pytest

import retrieval.answering.conversation as conversation
from bot.service import Service, load_service
from retrieval.answering.analysis import Question, QuestionReader, in_period, read_question

_TAN_PHU = """Quận ủy Tân Phú tổng kết năm 2022

Thứ ba, 10/01/2023 08:00

Tổng thu ngân sách trên địa bàn quận năm 2022 đạt 3.120,4 tỷ đồng, bằng 104,2% dự toán, tăng 6,5% so với năm 2021. Trong đó, thu tiền sử dụng đất đạt 1.295 tỷ đồng, chiếm 41,5% tổng thu.
"""

_GO_VAP = """Quận ủy Gò Vấp tổng kết năm 2022

Thứ tư, 11/01/2023 08:00

Tổng thu ngân sách trên địa bàn quận năm 2022 đạt 4.210,7 tỷ đồng, bằng 98,6% dự toán, giảm 2,4% so với năm 2021. Trong đó, thu tiền sử dụng đất đạt 1.010,6 tỷ đồng, chiếm 24% tổng thu.
"""


_TAN_PHU_HALF = """Quận ủy Tân Phú sơ kết 6 tháng đầu năm 2023

Thứ sáu, 14/07/2023 08:00

Sáu tháng đầu năm 2023, tổng thu ngân sách trên địa bàn quận đạt 1.604,2 tỷ đồng, bằng 49,1% dự toán. Quận đã kết nạp 118 đảng viên mới.
"""


@pytest.fixture(scope="module")
def corpus(tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder: Path = tmp_path_factory.mktemp("one-reading")
    (folder / "801_tan-phu-2022.txt").write_text(_TAN_PHU, encoding="utf-8")
    (folder / "802_go-vap-2022.txt").write_text(_GO_VAP, encoding="utf-8")
    (folder / "803_tan-phu-6-thang-2023.txt").write_text(_TAN_PHU_HALF, encoding="utf-8")
    return folder


@pytest.fixture(scope="module")
def service(corpus: Path) -> Service:
    return load_service(None, corpus)


@pytest.fixture
def readings(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    read: list[str] = []

    def counted(raw: str, reader: QuestionReader) -> Question:
        read.append(raw)
        return read_question(raw, reader)

    monkeypatch.setattr(conversation, "read_question", counted)
    return read


def test_a_standalone_question_is_read_once(service: Service, readings: list[str]) -> None:
    answer = service.ask("Năm 2022 quận Tân Phú thu ngân sách bao nhiêu?")
    assert answer.direct is not None and answer.direct.text == "3.120,4 tỷ đồng"
    assert readings == ["Năm 2022 quận Tân Phú thu ngân sách bao nhiêu?"]


def test_a_comparison_from_each_district_s_sentences_is_read_once(service: Service, readings: list[str]) -> None:
    question = "Năm 2022, quận Tân Phú hay quận Gò Vấp có tỷ trọng thu tiền sử dụng đất trong tổng thu cao hơn?"
    answer = service.ask(question)
    assert [(v.district, v.value) for v in answer.comparison] == [("Tân Phú", "41,5%"), ("Gò Vấp", "24%")]
    assert answer.direct is not None and answer.direct.text == "Tân Phú"
    assert readings == [question]


def test_a_follow_up_swapping_the_place_is_derived_from_the_turn_before_not_read_again(
    service: Service, readings: list[str]
) -> None:
    turns = ["Năm 2022 quận Tân Phú thu ngân sách bao nhiêu?", "Còn quận Gò Vấp thì sao?"]
    answer = service.ask_turns(turns)
    assert answer.direct is not None and answer.direct.text == "4.210,7 tỷ đồng"
    assert answer.resolved_question == "Năm 2022 quận Gò Vấp thu ngân sách bao nhiêu?"
    assert readings == turns  # each turn read once; the second's analysis is the first's, of Gò Vấp


def test_a_chat_of_place_swaps_reads_each_turn_once(service: Service, readings: list[str]) -> None:
    turns = ["Năm 2022 quận Tân Phú thu tiền sử dụng đất bao nhiêu?", "Còn Gò Vấp?", "Thế còn quận Tân Phú?"]
    answer = service.ask_turns(turns)
    assert answer.direct is not None and answer.direct.text == "1.295 tỷ đồng"
    assert readings == turns


def test_after_a_restart_the_question_before_is_read_once_more(
    corpus: Path, service: Service, readings: list[str]
) -> None:
    first = service.converse("Năm 2022 quận Tân Phú thu ngân sách bao nhiêu?", None)
    restarted = load_service(None, corpus)  # a new process: the analyses of the turns before are gone
    readings.clear()
    turn = restarted.converse("Còn quận Gò Vấp thì sao?", first.context)
    assert turn.answer.direct is not None and turn.answer.direct.text == "4.210,7 tỷ đồng"
    assert readings == ["Còn quận Gò Vấp thì sao?", "Năm 2022 quận Tân Phú thu ngân sách bao nhiêu?"]


@pytest.mark.parametrize(
    ("turns", "resolved", "figure"),
    [
        (["Năm 2022 quận Tân Phú thu ngân sách bao nhiêu?", "Thế 6 tháng đầu năm 2023?"],
         "6 tháng đầu năm 2023 quận Tân Phú thu ngân sách bao nhiêu?", "1.604,2 tỷ đồng"),
        # The period's every word is replaced ("Cuối năm 2022"), and one put first is derived as well.
        (["Cuối năm 2022 quận Tân Phú thu ngân sách bao nhiêu?", "Thế 6 tháng đầu năm 2023?"],
         "6 tháng đầu năm 2023 quận Tân Phú thu ngân sách bao nhiêu?", "1.604,2 tỷ đồng"),
        (["Quận Tân Phú thu ngân sách bao nhiêu?", "Thế năm 2022?"],
         "Năm 2022, Quận Tân Phú thu ngân sách bao nhiêu?", "3.120,4 tỷ đồng"),
        # Typed without marks: the period is written as the question before is, and read as that question was.
        (["quan tan phu 6 thang dau nam 2023 thu ngan sach bao nhieu", "con nam 2022 thi sao"],
         "quan tan phu nam 2022 thu ngan sach bao nhieu", "3.120,4 tỷ đồng"),
    ],
)
def test_a_follow_up_swapping_the_period_is_derived_not_read_again(
    service: Service, readings: list[str], turns: list[str], resolved: str, figure: str
) -> None:
    answer = service.ask_turns(turns)
    assert answer.resolved_question == resolved
    assert answer.direct is not None and answer.direct.text == figure
    assert readings == turns


def test_a_period_swap_reads_as_the_question_read_with_that_period(service: Service) -> None:
    reader = service.library.question_reader(1000)
    prior = read_question("Quý I/2022 quận Tân Phú kết nạp bao nhiêu đảng viên mới?", reader)
    rendered = "Năm 2023 quận Tân Phú kết nạp bao nhiêu đảng viên mới?"
    derived = in_period(prior, reader.tokenizer, rendered)
    read = read_question(rendered, reader)
    assert derived is not None
    for field in ("years", "quarter", "periods", "facts", "terms", "syllables", "content", "words", "kind"):
        assert getattr(derived, field) == getattr(read, field), field
    assert derived.asked.measure == read.asked.measure and derived.asked.period == read.asked.period
    # Another change than a period's is no period swap.
    assert in_period(prior, reader.tokenizer, "Quý I/2022 quận Tân Phú chi ngân sách bao nhiêu?") is None
