"""Every word table is read from the files the settings name (`--config`), never only from the project's own."""

from __future__ import annotations

from pathlib import Path

import pytest

from bot.service import load_service
from retrieval.config import ConfigError, load_settings
from retrieval.tables import default_tables

ROOT = Path(__file__).resolve().parent.parent
SEEDS = ROOT / "seeds"
CONFIG = ROOT / "config"


def _settings_file(folder: Path, **tables: str) -> Path:
    """A settings file beside the project's word lists, naming `tables` (file name → content) instead."""
    lines = [f'abbreviations_file = "{CONFIG / "abbreviations.toml"}"', f'answer_weights_file = "{CONFIG / "answer_weights.toml"}"']
    for key, content in tables.items():
        (folder / f"{key}.toml").write_text(content, encoding="utf-8")
        lines.append(f'{key}_file = "{key}.toml"')
    lines += ["[corpus]", f'dir = "{SEEDS}"', f'cache_dir = "{folder / "cache"}"']
    path = folder / "settings.toml"
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


def test_the_projects_settings_read_the_projects_tables() -> None:
    assert load_settings().tables is default_tables()


def test_paraphrases_named_by_the_settings_reword_the_question(tmp_path: Path) -> None:
    question = "Năm 2020 quận Đống Đa thu tiền công quỹ được bao nhiêu?"
    assert load_service(None, SEEDS).ask(question).direct is None
    project = (CONFIG / "paraphrases.toml").read_text(encoding="utf-8")
    extra = '\n[[group]]\nphrases = ["thu ngân sách", "thu tiền công quỹ"]\n'
    service = load_service(str(_settings_file(tmp_path, paraphrases=project + extra)), None)
    answer = service.ask(question)
    assert answer.direct is not None and answer.direct.text == "11.085,046 tỷ đồng"


def test_the_fact_readers_words_named_by_the_settings_read_the_facts(tmp_path: Path) -> None:
    project = (CONFIG / "facts.toml").read_text(encoding="utf-8")
    assert 'estimate = ["ước", "ước tính", "ước thực hiện", "tạm tính"]' in project
    without_estimates = project.replace('estimate = ["ước", "ước tính", "ước thực hiện", "tạm tính"]', "estimate = []")
    service = load_service(str(_settings_file(tmp_path, facts=without_estimates)), None)
    statuses = {f.value: f.status.value for f in service.library.facts.figures}
    assert statuses["478 tỷ đồng"] == "result"
    assert {f.value: f.status.value for f in load_service(None, SEEDS).library.facts.figures}["478 tỷ đồng"] == "estimate"


def test_answer_kinds_named_by_the_settings_read_what_is_asked(tmp_path: Path) -> None:
    project = (CONFIG / "answer_kinds.toml").read_text(encoding="utf-8")
    # The kind that reads "ai viết" as a question about the article's author, renamed.
    assert 'name = "author"' in project
    service = load_service(str(_settings_file(tmp_path, answer_kinds=project.replace('name = "author"', 'name = "writer"'))), None)
    question = service.read("Ai viết bài về quận Đống Đa?")
    assert question.asked.kind == "writer"
    assert load_service(None, SEEDS).read("Ai viết bài về quận Đống Đa?").asked.kind == "author"


@pytest.mark.parametrize("key", ["answer_kinds", "paraphrases", "facts"])
def test_a_table_file_that_is_missing_is_one_clear_error(tmp_path: Path, key: str) -> None:
    path = _settings_file(tmp_path)
    path.write_text(f'{key}_file = "nowhere.toml"\n' + path.read_text(encoding="utf-8"), encoding="utf-8")
    with pytest.raises(ConfigError, match="nowhere.toml"):
        load_settings(path)


def test_city_aliases_named_by_the_settings_read_the_city(tmp_path: Path) -> None:
    project = (CONFIG / "answer_kinds.toml").read_text(encoding="utf-8")
    assert '"Hà Nội" = ["HN", "TP.HN"]' in project
    question = "Bí thư Thành ủy Thủ đô là ai?"
    assert load_service(None, SEEDS).read(question).cities == ()
    aliased = project.replace('"Hà Nội" = ["HN", "TP.HN"]', '"Hà Nội" = ["HN", "TP.HN", "Thủ đô"]')
    service = load_service(str(_settings_file(tmp_path, answer_kinds=aliased)), None)
    assert service.read(question).cities == ("Hà Nội",)
