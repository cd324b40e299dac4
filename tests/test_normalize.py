"""Normalisation steps, each tested by a table of input → expected pairs."""

from __future__ import annotations

import pytest

from retrieval.text.normalize import (
    abbreviation_variants,
    expand_abbreviations,
    fold_accents,
    has_diacritics,
    in_running_text,
    is_mostly_uppercase,
    map_characters,
    nfc,
    normalize_text,
    place_tones,
    unify_numbers,
)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("hoa\u0300", "hoà"),  # decomposed grave accent
        ("Đo\u0302\u0301ng", "Đống"),
        ("Đống Đa", "Đống Đa"),
    ],
)
def test_nfc_composes(text: str, expected: str) -> None:
    assert nfc(text) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Ðống Ða", "Đống Đa"),  # Icelandic eth typed for Đ
        ("ðảng", "đảng"),
        ("a\u00a0b", "a b"),
        ("a\u200bb", "ab"),
        ("2020\u20132025", "2020-2025"),
        ("x\x00y", "x y"),
        ("\ufeffđầu", "đầu"),
    ],
)
def test_map_characters(text: str, expected: str) -> None:
    assert map_characters(text) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("hoà", "hòa"),
        ("Hoà Bình", "Hòa Bình"),
        ("thuỷ", "thủy"),
        ("Quận uỷ", "Quận ủy"),
        ("khoẻ", "khỏe"),
        ("tuỳ", "tùy"),
        ("hoạ", "họa"),
        ("quý", "quý"),  # "qu" is a consonant: the tone stays on y
        ("hoàn", "hoàn"),  # a closed syllable has one convention only
        ("khuya", "khuya"),
        ("của", "của"),
        ("hòa", "hòa"),  # already in the chosen convention
    ],
)
def test_place_tones(text: str, expected: str) -> None:
    assert place_tones(text) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Đống Đa", "Dong Da"),
        ("thu ngân sách", "thu ngan sach"),
        ("Nguyễn Thị Tuyến", "Nguyen Thi Tuyen"),
        ("đường", "duong"),
        ("plain", "plain"),
    ],
)
def test_fold_accents(text: str, expected: str) -> None:
    assert fold_accents(text) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [("thu ngan sach", False), ("thu ngân sách", True), ("dong da", False), ("đa", True), ("", False)],
)
def test_has_diacritics(text: str, expected: bool) -> None:
    assert has_diacritics(text) is expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("05 năm liền", "5 năm liền"),
        ("42.092m2 đất", "42.092 m2 đất"),
        ("đạt 105,1%", "đạt 105,1 phần trăm "),
        ("0,5 tỷ", "0,5 tỷ"),
        ("năm 2020", "năm 2020"),
    ],
)
def test_unify_numbers(text: str, expected: str) -> None:
    assert unify_numbers(text) == expected


ABBREVIATIONS = {"HĐND": "hội đồng nhân dân", "TP.": "thành phố", "Q.": "quận", "NSNN": "ngân sách nhà nước"}


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Chủ tịch HĐND quận", "Chủ tịch  hội đồng nhân dân  quận"),
        ("chu tich hdnd", "chu tich  hội đồng nhân dân "),
        ("TP.Hà Nội", " thành phố Hà Nội"),
        ("thu NSNN.", "thu  ngân sách nhà nước ."),
        ("HĐNDX", "HĐNDX"),  # not a whole word
    ],
)
def test_expand_abbreviations(text: str, expected: str) -> None:
    assert expand_abbreviations(text, abbreviation_variants(ABBREVIATIONS)) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [("GIÁ TRỊ SẢN XUẤT BA ĐÌNH", True), ("Giá trị sản xuất", False), ("HĐND quận Đống Đa do ai làm chủ tịch?", False), ("ab", False)],
)
def test_is_mostly_uppercase(text: str, expected: bool) -> None:
    assert is_mostly_uppercase(text) is expected


def test_normalize_text_is_idempotent() -> None:
    text = "Quận uỷ Ðống Ða hoa\u0300 thuỷ"
    assert normalize_text(normalize_text(text)) == normalize_text(text)


@pytest.mark.parametrize(
    "phrase, running",
    [("Năm 2021", "năm 2021"), ("NĂM 2021", "năm 2021"), ("quý I/2021", "quý I/2021"), ("HĐND quận", "HĐND quận"),
     ("Quý I/2021", "quý I/2021")],
)
def test_a_phrase_in_running_text(phrase: str, running: str) -> None:
    assert in_running_text(phrase) == running
