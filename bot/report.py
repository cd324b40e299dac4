"""`tracuu report`: what an editor reads each week — declined questions, disliked answers, answered share, latency.

Declined questions are grouped when they differ only in case, accents, spacing or punctuation
("Ba Đình có bao nhiêu đảng viên?" and "ba dinh co bao nhieu  dang vien" are one line, counted twice),
shown by their most frequent spelling. Latency percentiles are nearest-rank over the logged milliseconds.
"""

from __future__ import annotations

import argparse
import json
import math
import re
import time
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Any, TextIO

from bot.state import ReportData, StateError, open_store
from bot.state.store import DeclinedRow
from retrieval.config import ConfigError, load_settings
from retrieval.text.normalize import fold_accents, has_diacritics

DEFAULT_DAYS = 7
TOP_DECLINED = 20
TOP_DISLIKED = 20
REASONS = {
    "empty": "câu hỏi trống",
    "unknown_place": "địa danh không có trong kho bài",
    "unknown_district": "địa danh không có trong kho bài",
    "no_match": "không tìm thấy câu trả lời",
    "empty_corpus": "kho bài trống",
}
_NOT_WORD = re.compile(r"[\W_]+")


class ReportError(Exception):
    """Something the user can fix (a bad date, an unreachable store); one line, with an exit code."""

    def __init__(self, message: str, code: int = 1) -> None:
        super().__init__(message)
        self.code = code


def question_key(question: str) -> str:
    """The spelling-blind form of a question: no accents, no case, words separated by single spaces."""
    return _NOT_WORD.sub(" ", fold_accents(question).casefold()).strip()


def percentile(ordered: Sequence[int], share: float) -> int | None:
    """Nearest-rank percentile of sorted values; None when there are none."""
    if not ordered:
        return None
    return ordered[max(math.ceil(share * len(ordered)) - 1, 0)]


@dataclass
class _Group:
    rows: list[DeclinedRow]

    @property
    def count(self) -> int:
        return sum(row.count for row in self.rows)

    @property
    def last_asked(self) -> float:
        return max(row.last_asked for row in self.rows)

    def spellings(self) -> list[str]:
        """Each distinct spelling, most asked first; on a tie the one with diacritics, then the latest."""
        counts: dict[str, tuple[int, bool, float]] = {}
        for row in self.rows:
            n, accented, last = counts.get(row.question, (0, has_diacritics(row.question), 0.0))
            counts[row.question] = (n + row.count, accented, max(last, row.last_asked))
        return sorted(counts, key=lambda q: counts[q], reverse=True)

    def reasons(self) -> dict[str, int]:
        found: dict[str, int] = {}
        for row in self.rows:
            name = row.reason or "unknown"
            found[name] = found.get(name, 0) + row.count
        return dict(sorted(found.items(), key=lambda item: (-item[1], item[0])))


def _iso(timestamp: float) -> str:
    return datetime.fromtimestamp(timestamp).astimezone().isoformat(timespec="seconds")


def _share(part: int, whole: int) -> float | None:
    return round(part / whole, 4) if whole else None


def build_report(data: ReportData, logging_on: bool = True) -> dict[str, Any]:
    """The report as plain data (what --json prints)."""
    groups: dict[str, _Group] = {}
    for row in data.declined:
        groups.setdefault(question_key(row.question), _Group([])).rows.append(row)
    ranked = sorted(groups.values(), key=lambda g: (-g.count, -g.last_asked))[:TOP_DECLINED]
    total = sum(f.questions for f in data.front_ends)
    answered = sum(f.answered for f in data.front_ends)
    return {
        "since": _iso(data.since),
        "until": _iso(data.until),
        "logging": logging_on,
        "questions": total,
        "answered": answered,
        "answered_share": _share(answered, total),
        "front_ends": [
            {
                "front_end": f.front_end,
                "questions": f.questions,
                "answered": f.answered,
                "answered_share": _share(f.answered, f.questions),
                "latency_ms": {"p50": percentile(f.latencies_ms, 0.50), "p95": percentile(f.latencies_ms, 0.95)},
            }
            for f in data.front_ends
        ],
        "declined": [
            {"question": g.spellings()[0], "count": g.count, "variants": g.spellings(), "reasons": g.reasons()}
            for g in ranked
        ],
        "disliked": [
            {
                "log_id": row.log_id,
                "asked_at": _iso(row.asked_at),
                "front_end": row.front_end,
                "question": row.question,
                "resolved_question": row.resolved_question,
                "citation": row.citation,
                "down": row.down,
                "up": row.up,
            }
            for row in data.disliked[:TOP_DISLIKED]
        ],
    }


def _percent(share: float | None) -> str:
    return "—" if share is None else f"{share * 100:.0f}%"


def _day(iso: str) -> str:
    return datetime.fromisoformat(iso).strftime("%d/%m/%Y")


def report_text(report: dict[str, Any]) -> str:
    """The report in Vietnamese, for reading."""
    lines = [f"Báo cáo câu hỏi từ {_day(report['since'])} đến {_day(report['until'])}"]
    if not report["logging"]:
        lines.append("(Việc ghi nhật ký câu hỏi đang tắt: [state] log_questions = false.)")
    total = report["questions"]
    if not total:
        lines.append("Chưa có câu hỏi nào được ghi trong khoảng thời gian này.")
        return "\n".join(lines)
    lines.append(
        f"{total} câu hỏi; trả lời được {report['answered']} ({_percent(report['answered_share'])}),"
        f" từ chối {total - report['answered']}."
    )
    lines += ["", "Theo giao diện:"]
    for front in report["front_ends"]:
        latency = front["latency_ms"]
        lines.append(
            f"  {front['front_end']}: {front['questions']} câu, trả lời được {_percent(front['answered_share'])},"
            f" độ trễ p50 {latency['p50']} ms, p95 {latency['p95']} ms"
        )
    lines += ["", "Câu hỏi bị từ chối nhiều nhất:"]
    if not report["declined"]:
        lines.append("  (không có)")
    for number, group in enumerate(report["declined"], start=1):
        why = ", ".join(REASONS.get(reason, reason) for reason in group["reasons"])
        lines.append(f"  {number}. ({group['count']} lần) {group['question']} — {why}")
        others = group["variants"][1:]
        if others:
            lines.append(f"     cách viết khác: {' | '.join(others)}")
    lines += ["", "Câu trả lời bị chê (👎):"]
    if not report["disliked"]:
        lines.append("  (không có)")
    for row in report["disliked"]:
        when = datetime.fromisoformat(row["asked_at"]).strftime("%d/%m %H:%M")
        lines.append(
            f"  - {when} [{row['front_end']}] {row['question']} → {row['citation'] or 'không trích dẫn'}"
            f" (👎 {row['down']}, 👍 {row['up']})"
        )
        if row["resolved_question"]:
            lines.append(f"    (hiểu là: {row['resolved_question']})")
    return "\n".join(lines)


def parse_since(text: str | None, now: float) -> float:
    """--since as Unix seconds: a date (YYYY-MM-DD, local midnight) or date and time; default a week ago."""
    if text is None:
        return now - DEFAULT_DAYS * 86_400
    try:
        moment = datetime.fromisoformat(text.strip())
    except ValueError:
        raise ReportError(f"--since: ngày không hợp lệ {text!r}; dùng dạng YYYY-MM-DD, ví dụ 2024-05-01", 2) from None
    return moment.timestamp()


def run_report(args: argparse.Namespace, out: TextIO) -> int:
    now = time.time()
    since = parse_since(args.since, now)
    try:
        settings = load_settings(args.config, args.corpus)
        store = open_store(settings)
    except (ConfigError, StateError) as error:
        raise ReportError(str(error)) from None
    try:
        report = build_report(store.report_data(since, now), store.log_questions)
    except StateError as error:
        raise ReportError(str(error)) from None
    finally:
        store.close()
    if args.json:
        out.write(json.dumps(report, ensure_ascii=False) + "\n")
    else:
        out.write(report_text(report) + "\n")
    return 0
