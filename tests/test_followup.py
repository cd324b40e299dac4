"""Follow-up questions read against the turn before, written out as standalone questions."""

from __future__ import annotations

import json

import pytest

from retrieval.answering.followup import Places, TurnContext, remember, resolve, topic_of
from retrieval.gazetteer import load_gazetteer

PLACES = Places(load_gazetteer(), ("Đống Đa", "Hoàn Kiếm", "Ba Đình", "Long Biên", "Sơn Trà"), ("Hà Nội", "Đà Nẵng"))
HK_BUDGET = "Tổng thu NSNN năm 2020 của Hoàn Kiếm bằng bao nhiêu phần trăm dự toán?"


@pytest.mark.parametrize(
    ("previous", "question", "resolved"),
    [
        (HK_BUDGET, "Còn Đống Đa thì sao?", "Tổng thu NSNN năm 2020 của Đống Đa bằng bao nhiêu phần trăm dự toán?"),
        (HK_BUDGET, "con dong da thi sao", "Tổng thu NSNN năm 2020 của Đống Đa bằng bao nhiêu phần trăm dự toán?"),
        (HK_BUDGET, "Đống Đa?", "Tổng thu NSNN năm 2020 của Đống Đa bằng bao nhiêu phần trăm dự toán?"),
        (
            HK_BUDGET,
            "Còn quận Ba Đình thì sao?",
            "Tổng thu NSNN năm 2020 của quận Ba Đình bằng bao nhiêu phần trăm dự toán?",
        ),
        (  # a place no article covers is carried over, so the answer can say so
            HK_BUDGET,
            "Còn huyện Gia Lâm thì sao?",
            "Tổng thu NSNN năm 2020 của huyện Gia Lâm bằng bao nhiêu phần trăm dự toán?",
        ),
        ("Ai viết bài về quận Long Biên?", "Còn bài về Sơn Trà?", "Ai viết bài về quận Sơn Trà?"),
        ("Ai viết bài về quận Long Biên?", "con bai ve son tra", "Ai viết bài về quận Sơn Trà?"),
        (
            "Năm 2020 quận Đống Đa thu ngân sách được bao nhiêu?",
            "Thế năm 2021?",
            "Năm 2021 quận Đống Đa thu ngân sách được bao nhiêu?",
        ),
        (
            "Năm 2020 quận Đống Đa thu ngân sách được bao nhiêu?",
            "the nam 2021",
            "Năm 2021 quận Đống Đa thu ngân sách được bao nhiêu?",
        ),
        (
            "Trong quý I/2021 Ba Đình thu ngân sách được bao nhiêu?",
            "Còn quý II?",
            "Trong quý II năm 2021 Ba Đình thu ngân sách được bao nhiêu?",
        ),
        (
            "Ba Đình thu ngân sách được bao nhiêu?",
            "Thế năm 2021?",
            "Năm 2021, Ba Đình thu ngân sách được bao nhiêu?",
        ),
        (
            "Sơn Trà có bao nhiêu đảng viên hoàn thành xuất sắc nhiệm vụ?",
            "Quận đó có bao nhiêu chi bộ?",
            "Quận Sơn Trà có bao nhiêu chi bộ?",
        ),
        (
            "Sơn Trà có bao nhiêu đảng viên hoàn thành xuất sắc nhiệm vụ?",
            "quan do co bao nhieu chi bo",
            "quan Sơn Trà co bao nhieu chi bo",
        ),
        (
            "Chỉ thị số 24-CT/TU nói về vấn đề gì?",
            "Chỉ thị đó do cơ quan nào ban hành?",
            "Chỉ thị số 24-CT/TU do cơ quan nào ban hành?",
        ),
        ("Ai viết bài về quận Ba Đình?", "Bài đó đăng ngày nào?", "Bài về quận Ba Đình đăng ngày nào?"),
        ("Ai viết bài về Ba Đình?", "Bai nay dang ngay nao?", "Bai về Ba Đình dang ngay nao?"),
        (
            "Tỷ lệ tiết kiệm chi thường xuyên của Hoàn Kiếm là bao nhiêu?",
            "Trong đó phần tiết kiệm từ đầu năm là bao nhiêu?",
            "Tỷ lệ tiết kiệm chi thường xuyên của Hoàn Kiếm, trong đó phần tiết kiệm từ đầu năm là bao nhiêu?",
        ),
        # The share asked before is not asked again: the part is ("… đạt bao nhiêu % dự toán" is the ask).
        (
            "quan cau giay tong thu NSNN dat bao nhieu % du toan?",
            "trong đó thuế ngoài quốc doanh đạt bao nhiêu tỷ?",
            "quan cau giay tong thu NSNN, trong đó thuế ngoài quốc doanh đạt bao nhiêu tỷ?",
        ),
        ("Sơn Trà có bao nhiêu đảng viên?", "Còn số chi bộ?", "Số chi bộ của Sơn Trà là bao nhiêu?"),
        # A part of a year named without its year is of the year asked before.
        (
            "Quận Long Biên 6 tháng đầu năm 2024 thu ngân sách bao nhiêu?",
            "còn 9 tháng?",
            "Quận Long Biên 9 tháng 2024 thu ngân sách bao nhiêu?",
        ),
        # The part of the year after named after it.
        (
            "thanh khe 6 thang dau nam 2023 thu ngan sach duoc bao nhieu",
            "nam sau 9 thang thi sao",
            "thanh khe 9 thang dau nam 2024 thu ngan sach duoc bao nhieu",
        ),
        # Why what was counted as hard to reach is so: the count's noun and what it failed are the topic.
        (
            "Khi sơ kết giữa nhiệm kỳ, quận Long Biên có bao nhiêu chỉ tiêu khó đạt?",
            "Vì sao?",
            "Vì sao: khi sơ kết giữa nhiệm kỳ, quận Long Biên có chỉ tiêu khó đạt?",
        ),
        # How long a record lasted is a word of what is counted, not a period to take out.
        (
            "Sơn Trà có bao nhiêu đảng viên hoàn thành xuất sắc nhiệm vụ?",
            "Còn số đảng viên hoàn thành xuất sắc nhiệm vụ 5 năm liền?",
            "Số đảng viên hoàn thành xuất sắc nhiệm vụ 5 năm liền của Sơn Trà là bao nhiêu?",
        ),
        (
            "Năm 2020, quận nào thu ngân sách nhiều nhất?",
            "Còn thấp nhất?",
            "Năm 2020, quận nào thu ngân sách thấp nhất?",
        ),
        (
            "Quận nào có thu ngân sách quý I cao nhất?",
            "Thế năm 2020?",
            "Quận nào có thu ngân sách năm 2020 cao nhất?",
        ),
        (  # the previous question named no district: the new one is said up front
            "Chỉ thị số 24-CT/TU nói về vấn đề gì?",
            "Còn Sơn Trà thì sao?",
            "Theo bài về Sơn Trà, chỉ thị số 24-CT/TU nói về vấn đề gì?",
        ),
    ],
)
def test_follow_ups_become_standalone_questions(previous: str, question: str, resolved: str) -> None:
    resolution = resolve(question, remember(previous, PLACES, ("doc",)), PLACES)
    assert resolution.followup
    assert resolution.resolved_question == resolved


def test_chains_build_on_the_resolved_question() -> None:
    first = remember(HK_BUDGET, PLACES)
    second = resolve("Còn Đống Đa thì sao?", first, PLACES)
    third = resolve("Thế năm 2021?", remember(second.question, PLACES), PLACES)
    assert third.question == "Tổng thu NSNN năm 2021 của Đống Đa bằng bao nhiêu phần trăm dự toán?"


RELATION_BEFORE = "Năm 2020 quận Đống Đa thu ngân sách được bao nhiêu?"


@pytest.mark.parametrize(
    ("previous", "question", "resolved"),
    [
        (RELATION_BEFORE, "So với năm trước tăng bao nhiêu?",
         "Năm 2020 quận Đống Đa thu ngân sách so với năm trước tăng bao nhiêu?"),
        (RELATION_BEFORE, "bang bao nhieu phan tram du toan",
         "Năm 2020 quận Đống Đa thu ngân sách bang bao nhieu phan tram du toan?"),
        (  # a relation asked by the turn before is replaced, not kept
            "Năm 2020 quận Đống Đa thu ngân sách so với cùng kỳ tăng bao nhiêu?",
            "Đạt bao nhiêu phần trăm kế hoạch?",
            "Năm 2020 quận Đống Đa thu ngân sách đạt bao nhiêu phần trăm kế hoạch?",
        ),
    ],
)
def test_a_turn_asking_only_how_the_figure_compares_is_asked_of_that_figure(
    previous: str, question: str, resolved: str
) -> None:
    resolution = resolve(question, remember(previous, PLACES), PLACES)
    assert (resolution.followup, resolution.question, resolution.inherited) == (
        True, resolved, ("topic", "place", "period")
    )


@pytest.mark.parametrize(
    ("previous", "question"),
    [
        ("Ai là Bí thư Quận ủy Long Biên?", "Tăng bao nhiêu?"),  # a person has no change
        (RELATION_BEFORE, "Sơn Trà tăng bao nhiêu?"),  # names its own place
        (RELATION_BEFORE, "Được bao nhiêu?"),  # no relation asked
    ],
)
def test_a_relation_follow_up_needs_a_figure_before_and_nothing_of_its_own(previous: str, question: str) -> None:
    resolution = resolve(question, remember(previous, PLACES), PLACES)
    assert (resolution.followup, resolution.question) == (False, question)


def test_a_person_named_by_the_previous_answer() -> None:
    previous = remember("Ai là Bí thư Quận ủy Long Biên?", PLACES, ("003",), answer="Đường Hoài Nam")
    assert resolve("Ông ấy phát biểu tại hội nghị lần thứ mấy?", previous, PLACES).question == (
        "Đường Hoài Nam phát biểu tại hội nghị lần thứ mấy?"
    )


@pytest.mark.parametrize(
    ("question", "doc_ids", "inherited"),
    [
        ("Bài đó đăng ngày nào?", ("002",), ("document",)),
        ("Chỉ thị đó do cơ quan nào ban hành?", ("002",), ("document",)),  # no directive named before: kept
        ("Trong đó phần tiết kiệm từ đầu năm là bao nhiêu?", ("002",), ("topic", "document")),
        ("Còn Đống Đa thì sao?", (), ("topic", "period")),
        ("Quận đó có bao nhiêu chi bộ?", (), ("place",)),
    ],
)
def test_what_is_inherited_and_which_article_is_kept(question: str, doc_ids, inherited) -> None:
    previous = remember("Ai viết bài về quận Ba Đình?", PLACES, ("002",))
    resolution = resolve(question, previous, PLACES)
    assert (resolution.doc_ids, resolution.inherited) == (doc_ids, inherited)


@pytest.mark.parametrize(
    "question",
    [
        "Sơn Trà có bao nhiêu đảng viên?",  # names its own place and topic
        "Còn Đống Đa có bao nhiêu chi bộ?",
        "Chỉ thị số 30-CT/TU do ai ban hành?",  # "do" (by) is no "đó"
        "Năm 2020 quận Đống Đa thu ngân sách được bao nhiêu?",
        "Đại hội Đảng bộ quận Đống Đa lần thứ mấy?",
        "Xin chào",
        "",
    ],
)
def test_standalone_questions_start_afresh(question: str) -> None:
    resolution = resolve(question, remember(HK_BUDGET, PLACES, ("001",)), PLACES)
    assert not resolution.followup
    assert resolution.resolved_question is None
    assert resolution.doc_ids == ()


def test_without_a_previous_turn_nothing_is_inherited() -> None:
    resolution = resolve("Còn Đống Đa thì sao?", None, PLACES)
    assert (resolution.question, resolution.followup) == ("Còn Đống Đa thì sao?", False)


@pytest.mark.parametrize(
    ("question", "topic"),
    [
        (HK_BUDGET, "Tổng thu NSNN năm 2020 của Hoàn Kiếm"),
        ("Tỷ lệ tiết kiệm chi thường xuyên của Hoàn Kiếm là bao nhiêu?", "Tỷ lệ tiết kiệm chi thường xuyên của Hoàn Kiếm"),
        ("Năm 2020 quận Đống Đa thu ngân sách được bao nhiêu?", "Năm 2020 quận Đống Đa thu ngân sách"),
        ("Ai viết bài về quận Long Biên?", "Ai viết bài về quận Long Biên"),
    ],
)
def test_topic_is_the_question_without_its_asking_end(question: str, topic: str) -> None:
    assert topic_of(question) == topic


def test_context_remembers_what_the_turn_named() -> None:
    context = remember("Năm 2020 quận Đống Đa có bao nhiêu đảng viên?", PLACES, ("000", "000", "001"))
    assert (context.districts, context.years, context.kind, context.counted, context.doc_ids) == (
        ("Đống Đa",), (2020,), "number", ("dang", "vien"), ("000", "001"),
    )


def test_context_survives_json() -> None:
    context = remember(HK_BUDGET, PLACES, ("001",), answer="105,1%")
    stored = json.dumps(context.to_dict(), ensure_ascii=False)
    assert TurnContext.from_dict(json.loads(stored)) == context
    assert len(stored) < 600


@pytest.mark.parametrize(
    "data",
    [
        {},
        {"v": 99, "question": "x"},
        {"v": 1},
        {"v": 1, "question": 5},
        {"v": 1, "question": "x", "years": "2020"},
        {"v": 1, "question": "x", "quarter": "I"},
        ["v", 1],
    ],
)
def test_a_stored_context_that_is_not_one_is_refused(data) -> None:
    with pytest.raises(ValueError):
        TurnContext.from_dict(data)


def test_stored_context_is_bounded() -> None:
    context = TurnContext.from_dict({"v": 1, "question": "x" * 5000, "doc_ids": [str(i) for i in range(50)]})
    assert len(context.question) == 1000 and len(context.doc_ids) == 10


# ---------------------------------------------------------------- how often a turn reads its question


@pytest.fixture(scope="module")
def seed_service():
    from pathlib import Path

    from bot.service import load_service

    return load_service(None, Path(__file__).resolve().parent.parent / "seeds")


def _counting_reads(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """Every text read into a Question during the test, whichever module reads it."""
    import retrieval.answering.conversation
    import retrieval.answering.followup

    read: list[str] = []
    original = retrieval.answering.conversation.read_question

    def counted(text, reader):
        read.append(text)
        return original(text, reader)

    monkeypatch.setattr(retrieval.answering.conversation, "read_question", counted)
    monkeypatch.setattr(retrieval.answering.followup, "read_question", counted)
    return read


def test_a_question_standing_alone_is_read_once_with_or_without_a_turn_before(seed_service, monkeypatch) -> None:
    first = seed_service.converse("Năm 2020 quận Đống Đa thu ngân sách được bao nhiêu?", None)
    after = _counting_reads(monkeypatch)
    seed_service.converse("Ai là Bí thư Quận ủy Long Biên?", first.context)
    assert after == ["Ai là Bí thư Quận ủy Long Biên?"]


def test_a_follow_up_is_read_as_typed_and_as_the_question_it_stands_for(seed_service, monkeypatch) -> None:
    first = seed_service.converse("Năm 2020 quận Đống Đa thu ngân sách được bao nhiêu?", None)
    read = _counting_reads(monkeypatch)
    turn = seed_service.converse("Còn quận Ba Đình thì sao?", first.context)
    assert turn.answer.resolved_question == "Năm 2020 quận Ba Đình thu ngân sách được bao nhiêu?"
    # The place swapped, the question before's analysis is derived (analysis.in_places), not read again.
    assert read == ["Còn quận Ba Đình thì sao?"]
    read.clear()
    turn = seed_service.converse("Còn chi ngân sách?", first.context)
    assert turn.answer.resolved_question is not None
    # What remains of reading twice: a new topic is resolved as text and read again (issue: one analysis a turn).
    assert read == ["Còn chi ngân sách?", turn.answer.resolved_question]



def _counting_fact_readings(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """Every text the fact table's question readers read during the test, whichever module calls them."""
    import retrieval.answering.analysis
    import retrieval.answering.fact_answer

    read: list[str] = []
    for module in (retrieval.answering.analysis, retrieval.answering.fact_answer):
        for name in ("read_figure_query", "read_role_query", "asked_period"):
            original = getattr(module, name, None)
            if original is None:
                continue

            def counted(text, *args, _original=original, _name=name, **kwargs):
                read.append(f"{_name}: {text}")
                return _original(text, *args, **kwargs)

            monkeypatch.setattr(module, name, counted)
    return read


@pytest.mark.parametrize(
    "question",
    [
        "Năm 2020 quận Đống Đa thu ngân sách được bao nhiêu?",  # the fact path answers
        "Ai là Bí thư Quận ủy Long Biên?",  # a role
        "Quận Sơn Trà kết nạp bao nhiêu đảng viên năm 2021?",  # declined with what is stated
    ],
)
def test_what_the_fact_table_is_asked_is_read_once_with_the_question(seed_service, monkeypatch, question: str) -> None:
    read = _counting_fact_readings(monkeypatch)
    seed_service.converse(question, None)
    # One figure query, one role query, one period: read by read_question, never again by the answer paths.
    assert sorted(r.split(":")[0] for r in read) == ["asked_period", "read_figure_query", "read_role_query"]


@pytest.mark.parametrize(
    "question",
    [
        "Năm 2020, quận nào thu ngân sách nhiều nhất?",  # ranked over the corpus from the fact table
        "So sánh thu ngân sách năm 2020 của Đống Đa và Hoàn Kiếm",  # two districts named
    ],
)
def test_a_comparison_reads_what_it_ranks_once_with_the_question(seed_service, monkeypatch, question: str) -> None:
    read = _counting_fact_readings(monkeypatch)
    answer = seed_service.converse(question, None).answer
    assert answer.comparison and answer.comparison[0].district == "Đống Đa"
    # The question's own figure query and the measure it ranks, both read by read_question; none per district.
    assert sorted(r.split(":")[0] for r in read) == ["asked_period", "read_figure_query", "read_figure_query", "read_role_query"]


def test_who_wrote_it_asked_of_no_article_is_the_article_just_quoted() -> None:
    # "do" is "by", no "đó"; but an author asked of nothing else in a conversation is the quoted article's.
    resolution = resolve("Bài do ai viết?", remember(HK_BUDGET, PLACES, ("001",)), PLACES)
    assert (resolution.doc_ids, resolution.inherited) == (("001",), ("document",))
