import logging
from pathlib import Path

import pytest

from retrieval.corpus import loader as loader_module
from retrieval.corpus.loader import CorpusError, load_corpus, parse_article
from retrieval.models import PassageKind
from retrieval.text.normalize import nfc
from retrieval.corpus.paragraphs import split_lines

ROOT = Path(__file__).resolve().parent.parent
SEEDS = ROOT / "seeds"
XQUAD = ROOT / "tests" / "data" / "xquad-vi" / "corpus"
BOILERPLATE_FRAGMENTS = ("Nguồn :", "(0) Bình luận", "bi-thu-quan-uy-chu-tich-hd.jpg", "Không sao chép", "Đừng bỏ lỡ", " |")
BOILERPLATE_LINES = ("M", "Nổi bật")  # "Nổi bật là …" is article text; the lone label is not


@pytest.fixture(scope="module")
def seeds():
    return load_corpus(SEEDS)


def test_seeds_load_without_warnings(seeds) -> None:
    assert [d.doc_id for d in seeds.documents] == [
        "000_0b6753d6958e9fca",
        "001_4cc13ceeb386153d",
        "002_e74d3da79069b4c0",
        "003_fa7518c58d4f2875",
        "004_77a7225e1f65a39f",
    ]
    assert seeds.warnings == ()
    assert seeds.documents[0].source == "seeds/000_0b6753d6958e9fca.txt"


def test_no_boilerplate_survives(seeds) -> None:
    # A footer that names the outlet is kept as a META passage (quoted only for "which paper?").
    texts = [p.text for d in seeds.documents for p in d.passages if p.kind is not PassageKind.META]
    for junk in BOILERPLATE_FRAGMENTS:
        assert not [t for t in texts if junk in t], junk
    for junk in BOILERPLATE_LINES:
        assert junk not in texts


def test_passages_are_numbered_and_quote_their_source_line(seeds) -> None:
    for document in seeds.documents:
        lines = split_lines(nfc((SEEDS / f"{document.doc_id}.txt").read_text(encoding="utf-8-sig")))
        assert [p.number for p in document.passages] == list(range(1, len(document.passages) + 1))
        for passage in document.passages:
            assert passage.doc_id == document.doc_id
            assert passage.text and passage.text in lines[passage.line - 1]
            assert passage.sentences
            for sentence in passage.sentences:
                assert sentence in passage.text


def test_seed_passage_kinds(seeds) -> None:
    first = seeds.documents[0]
    assert [(p.line, p.kind) for p in first.passages[:3]] == [
        (2, PassageKind.META),
        (4, PassageKind.TITLE),
        (6, PassageKind.BODY),
    ]
    assert (first.passages[-1].line, first.passages[-1].kind, first.passages[-1].text) == (36, PassageKind.META, "X.Sinh")
    glued = seeds.documents[1]
    assert [(p.line, p.kind, p.text[:14]) for p in glued.passages[:3]] == [
        (1, PassageKind.TITLE, "Thực hiện tốt "),
        (1, PassageKind.BODY, "Tại Hội nghị, "),
        (2, PassageKind.BODY, "Hội nghị lần t"),
    ]
    assert glued.passages[2].text.endswith("khóa XXVI")


def test_xquad_folder_loads_its_documents() -> None:
    corpus = load_corpus(XQUAD)
    assert len(corpus.documents) == 4
    assert corpus.warnings == ()
    assert corpus.document("x00").title == "Super Bowl 50"
    assert corpus.document("x00").source == "corpus/x00.txt"


def test_bad_files_become_warnings(tmp_path: Path, caplog: pytest.LogCaptureFixture) -> None:
    folder = tmp_path / "mixed"
    folder.mkdir()
    (folder / "a_latin1.txt").write_bytes("Tiêu đề\n\nQuận ủy Đống Đa họp.".encode("cp1258", errors="replace") + b"\xff\xfe")
    (folder / "b_empty.txt").write_text("  \n\n ", encoding="utf-8")
    (folder / "c_binary.txt").write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00\x00")
    (folder / "d_good.txt").write_text("\ufeffTiêu đề\n\nQuận ủy Đống Đa họp.", encoding="utf-8")
    (folder / "e_not_text.md").write_text("Bỏ qua.", encoding="utf-8")
    with caplog.at_level(logging.WARNING, logger="retrieval.corpus.loader"):
        corpus = load_corpus(folder)
    assert [d.doc_id for d in corpus.documents] == ["d_good"]
    assert corpus.documents[0].district == "Đống Đa"
    assert [w.source for w in corpus.warnings] == ["mixed/a_latin1.txt", "mixed/b_empty.txt", "mixed/c_binary.txt"]
    assert all(w.message for w in corpus.warnings)
    assert sum("mixed/" in record.getMessage() for record in caplog.records) == 3


def test_unreadable_file_becomes_a_warning(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    (tmp_path / "locked.txt").write_text("Tiêu đề\n\nNội dung.", encoding="utf-8")
    (tmp_path / "open.txt").write_text("Tiêu đề\n\nNội dung.", encoding="utf-8")
    read_regular_file = loader_module.read_regular_file

    def refuse_locked(path: Path) -> bytes:
        if path.name == "locked.txt":
            raise PermissionError(13, "Permission denied")
        return read_regular_file(path)

    monkeypatch.setattr(loader_module, "read_regular_file", refuse_locked)  # chmod does not stop root
    corpus = load_corpus(tmp_path)
    assert [d.doc_id for d in corpus.documents] == ["open"]
    assert [w.source for w in corpus.warnings] == [f"{tmp_path.name}/locked.txt"]
    assert "Permission denied" in corpus.warnings[0].message


def test_missing_folder_is_a_corpus_error(tmp_path: Path) -> None:
    with pytest.raises(CorpusError, match="Không tìm thấy thư mục corpus"):
        load_corpus(tmp_path / "missing")
    file_path = tmp_path / "file.txt"
    file_path.write_text("x", encoding="utf-8")
    with pytest.raises(CorpusError, match="không phải là thư mục"):
        load_corpus(file_path)


def test_empty_folder_loads_nothing_with_a_warning(tmp_path: Path) -> None:
    corpus = load_corpus(tmp_path)
    assert corpus.documents == ()
    assert len(corpus.warnings) == 1


def test_text_is_stored_in_nfc() -> None:
    decomposed = "Tie\u0302\u0301u đề\n\nQua\u0323\u0302n ủy họp."
    document = parse_article("d", "x/d.txt", decomposed)
    assert document.title == "Tiếu đề"
    assert document.passages[1].text == "Quận ủy họp."


def test_overrides_replace_extracted_values() -> None:
    text = "Quận ủy Sơn Trà: Tổng kết\n\nThứ tư, 26/01/2022 13:23\n\nNội dung năm 2021."
    overrides = {"d": {"title": "Tiêu đề khác", "date": "2022-02-01", "url": "https://example.vn/a", "author": "B"}}
    document = parse_article("d", "x/d.txt", text, overrides)
    assert (document.title, document.date, document.year, document.year_inferred) == (
        "Tiêu đề khác",
        "2022-02-01",
        2022,
        False,
    )
    assert (document.url, document.author, document.date_text) == ("https://example.vn/a", "B", None)
    assert document.district == "Sơn Trà"
    moved = parse_article("d", "x/d.txt", text, {"d": {"district": "Hoàn Kiếm"}})
    assert (moved.district, moved.district_kind, moved.city) == ("Hoàn Kiếm", "quận", "Hà Nội")
    assert parse_article("other", "x/o.txt", text, overrides).title == "Quận ủy Sơn Trà: Tổng kết"


def test_invalid_override_date_is_a_corpus_error() -> None:
    with pytest.raises(CorpusError, match="YYYY-MM-DD"):
        parse_article("d", "x/d.txt", "Tiêu đề\n\nNội dung.", {"d": {"date": "15/01/2021"}})


def test_outlet_table_from_config() -> None:
    document = parse_article("d", "x/d.txt", "Tiêu đề\n\n(ĐNO) Sáng nay.", outlets={"ĐNO": "Đà Nẵng Online"})
    assert document.outlet == "Đà Nẵng Online"


def test_a_footer_naming_the_outlet_is_kept_to_be_quoted(seeds) -> None:
    long_bien = next(d for d in seeds.documents if d.doc_id.startswith("003"))
    footer = long_bien.passages[-1]
    assert long_bien.outlet == "Hànộimới"
    assert footer.kind is PassageKind.META and footer.line == 49
    assert footer.text.endswith("của Báo Hànộimới.")
