"""The `tracuu` command line: ask, search, sources, show, chat, eval, index, bench, add, facts, and the Telegram bot."""

from __future__ import annotations

import argparse
import json
import logging
import os
import re
import sys
import time
from collections.abc import Callable, Iterator, Sequence
from pathlib import Path
from typing import TextIO

from bot.cli_state import CliState
from bot.errors import EXIT_OK, EXIT_USAGE, UserError
from bot.render.json import answer_json, document_json, passage_json
from bot.render.text import answer_text, document_details, document_heading, terminal_bold
from bot.service import Service, load_service
from bot.telegram_bot.settings import read_telegram_settings
from retrieval.config import ConfigError, load_settings
from retrieval.answering.conversation import Turn
from retrieval.corpus.loader import CorpusError
from retrieval.evaluation import EvalFileError, evaluate, parse_qa_lines
from retrieval.answering.followup import TurnContext
from retrieval.models import Document
from retrieval.search.engine import SearchFilters
from retrieval.search.stored.cache import open_library
from retrieval.text.clean import encodable

logger = logging.getLogger("tracuu")

SNIPPET_CHARS = 300
NO_LOG_HELP = "không ghi gì vào kho trạng thái (nhật ký câu hỏi, đánh giá)"


def _common_options(suppress: bool = False) -> argparse.ArgumentParser:
    """--corpus, --config, -v; a subcommand's copy must not reset what was given before the subcommand."""
    default: dict[str, object] = {"default": argparse.SUPPRESS} if suppress else {}
    common = argparse.ArgumentParser(add_help=False)
    common.add_argument("--corpus", metavar="DIR", help="thư mục bài viết .txt/.html/.docx/.pdf (mặc định: seeds/ hoặc theo cấu hình)", **default)
    common.add_argument("--config", metavar="FILE", help="tệp cấu hình TOML (hoặc biến môi trường TRACUU_CONFIG)", **default)
    common.add_argument("-v", "--verbose", action="store_true", help="ghi log chi tiết ra stderr", **default)
    return common


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="tracuu",
        description="Tra cứu: hỏi đáp tiếng Việt trên các bài báo về Đảng bộ quận, trích dẫn đúng câu trong bài.",
        parents=[_common_options()],
    )
    common = _common_options(suppress=True)
    commands = parser.add_subparsers(dest="command", metavar="COMMAND", required=True)

    ask = commands.add_parser("ask", parents=[common], help="trả lời một câu hỏi (hoặc từng dòng của stdin)")
    ask.add_argument("question", nargs="?", help="câu hỏi; bỏ trống để đọc mỗi dòng stdin là một câu hỏi")
    ask.add_argument("--json", action="store_true", help="in một đối tượng JSON cho mỗi câu trả lời")
    ask.add_argument(
        "--conversation", action="store_true", help="các dòng stdin là các lượt của một cuộc trò chuyện (câu hỏi tiếp nối hiểu theo câu trước)"
    )
    ask.add_argument("--no-log", action="store_true", help=NO_LOG_HELP)

    search_cmd = commands.add_parser("search", parents=[common], help="các đoạn văn xếp hạng theo BM25")
    search_cmd.add_argument("query")
    search_cmd.add_argument("-k", type=int, default=5, metavar="N", help="số đoạn văn (mặc định 5)")
    search_cmd.add_argument("--json", action="store_true")

    sources = commands.add_parser("sources", parents=[common], help="danh sách bài viết và siêu dữ liệu")
    sources.add_argument("--json", action="store_true")

    show = commands.add_parser("show", parents=[common], help="xem một đoạn văn nguồn và các đoạn bên cạnh")
    show.add_argument("reference", metavar="DOC_ID[:PARAGRAPH]", help="ví dụ 000_0b6753d6958e9fca:5 hoặc seeds/<tệp>.txt#L15")
    show.add_argument(
        "--mark", metavar="START:END",
        help="đánh dấu câu được trích trong đoạn (vị trí ký tự quote_start:quote_end của trích dẫn trong ask --json)",
    )
    show.add_argument("--json", action="store_true")

    chat = commands.add_parser("chat", parents=[common], help="hỏi đáp liên tục, có sửa dòng và lịch sử")
    chat.add_argument("--no-log", action="store_true", help=NO_LOG_HELP + "; ngữ cảnh chỉ giữ trong bộ nhớ")

    eval_cmd = commands.add_parser("eval", parents=[common], help="chấm một tệp câu hỏi .jsonl")
    eval_cmd.add_argument("file", metavar="FILE.jsonl")
    eval_cmd.add_argument("--json", action="store_true", help="in kết quả dạng JSON")
    eval_cmd.add_argument("--f1", action="store_true", help="in F1 trung bình (theo âm tiết) của câu trả lời ngắn")

    index_cmd = commands.add_parser("index", parents=[common], help="lập (hoặc cập nhật) chỉ mục lưu sẵn của corpus")
    index_cmd.add_argument("--rebuild", action="store_true", help="lập lại từ đầu, không dùng lại gì")
    index_cmd.add_argument("--workers", type=int, metavar="N", help="số tiến trình tách từ (mặc định: theo số lõi)")
    index_cmd.add_argument("--json", action="store_true")

    bench = commands.add_parser("bench", parents=[common], help="đo tốc độ trên một corpus tổng hợp")
    bench.add_argument("--paragraphs", type=int, default=100_000, metavar="N", help="số đoạn văn (mặc định 100000)")
    bench.add_argument("--questions", type=int, default=500, metavar="N", help="số câu hỏi đo (mặc định 500)")
    bench.add_argument("--baseline-questions", type=int, metavar="N", help="số câu hỏi đo với rank-bm25")
    bench.add_argument("--seed", type=int, default=13)
    bench.add_argument("--workers", type=int, metavar="N", help="số tiến trình tách từ khi lập chỉ mục")
    bench.add_argument("--startup-runs", type=int, default=5, metavar="N", help="số lần đo khởi động (mặc định 5)")
    bench.add_argument("--keep", metavar="DIR", help="giữ corpus tổng hợp (và chỉ mục) trong thư mục này")
    bench.add_argument("--json", action="store_true", help="in kết quả dạng JSON")

    from bot.add import register as register_add

    register_add(commands, common)
    from bot.facts_cli import register as register_facts

    register_facts(commands, common)
    report = commands.add_parser("report", parents=[common], help="câu hỏi bị từ chối, câu trả lời bị chê, độ trễ")
    report.add_argument("--since", metavar="DATE", help="từ ngày YYYY-MM-DD (mặc định: 7 ngày qua)")
    report.add_argument("--json", action="store_true", help="in kết quả dạng JSON")

    telegram = commands.add_parser("telegram", parents=[common], help="chạy bot Telegram (long polling)")
    telegram.add_argument("--webhook", action="store_true", help="chạy sau webhook (địa chỉ, cổng, URL trong cấu hình)")
    return parser


def _load(args: argparse.Namespace, watch: bool = False) -> Service:
    try:
        service = load_service(args.config, args.corpus, watch=watch)
        # Every table is checked whichever command reads the file, [telegram] included: a typo in
        # allowed_chat_ids shows up at once, not the day the bot is started.
        read_telegram_settings(service.settings)
    except (ConfigError, CorpusError) as error:
        raise UserError(str(error)) from None
    return service


def _print_json(data: object, out: TextIO) -> None:
    # Valid UTF-8 whatever went in: a lone surrogate (an undecodable byte of a name or a question) cannot be.
    out.write(encodable(json.dumps(data, ensure_ascii=False)) + "\n")


def _stdin_lines() -> Iterator[str]:
    """Input lines without their line ending; bytes that are not UTF-8 reach Service.ask, which replaces them."""
    binary = getattr(sys.stdin, "buffer", None)
    if binary is None:  # a text stream standing in for stdin
        yield from (line.rstrip("\r\n") for line in sys.stdin)
        return
    for raw in binary:
        yield raw.rstrip(b"\r\n").decode("utf-8", "surrogateescape")


def _cli_state(args: argparse.Namespace, service: Service, front_end: str, keep_context: bool = False) -> CliState:
    try:
        return CliState(
            service.settings, front_end, no_log=args.no_log, keep_context=keep_context, notify=_say_on_stderr
        )
    except ConfigError as error:
        service.close()
        raise UserError(str(error)) from None


def _say_on_stderr(line: str) -> None:
    print(line, file=sys.stderr, flush=True)


def _timed_converse(service: Service, text: str, context: TurnContext | None) -> tuple[Turn, float]:
    started = time.perf_counter()
    turn = service.converse(text, context)
    return turn, (time.perf_counter() - started) * 1000


def cmd_ask(args: argparse.Namespace, out: TextIO) -> int:
    if args.question is not None and not args.question.strip():
        raise UserError("Câu hỏi trống: hãy nhập một câu hỏi, ví dụ tracuu ask \"Quận Đống Đa thu ngân sách bao nhiêu?\"", EXIT_USAGE)
    service = _load(args)
    # The answer is printed first; its question is logged on a background thread (see bot/cli_state.py).
    with _cli_state(args, service, "cli") as state:
        if args.question is not None:
            turn, latency_ms = _timed_converse(service, args.question, None)
            if args.json:
                _print_json(answer_json(turn.answer, service.templates), out)
            else:
                out.write(answer_text(turn.answer, service.templates, _highlight(out)) + "\n")
            out.flush()
            state.log(turn.answer, latency_ms)
            return EXIT_OK
        context = None
        # One answer per input line, in order; an empty line is answered (declined), never skipped.
        for number, line in enumerate(_stdin_lines(), start=1):
            turn, latency_ms = _timed_converse(service, line, context if args.conversation else None)
            context = turn.context
            if args.json:
                _print_json(answer_json(turn.answer, service.templates), out)
            else:
                separator = "\n" if number > 1 else ""
                out.write(f"{separator}{answer_text(turn.answer, service.templates, _highlight(out))}\n")
            out.flush()
            state.log(turn.answer, latency_ms)
    return EXIT_OK


def _highlight(out: TextIO) -> Callable[[str], str] | None:
    """Bold on a terminal; plain text in a pipe or a file."""
    return terminal_bold if out.isatty() else None


def cmd_search(args: argparse.Namespace, out: TextIO) -> int:
    if args.k < 1:
        raise UserError("-k phải là số nguyên dương", EXIT_USAGE)
    if not args.query.strip():
        raise UserError("Truy vấn trống.", EXIT_USAGE)
    service = _load(args)
    question = service.read(args.query)
    hits = service.library.search(question.terms, args.k, SearchFilters(question.districts, question.cities))
    if args.json:
        rows = [
            {"rank": rank, "score": round(hit.score, 4), **passage_json(hit.passage), "document": document_json(hit.document)}
            for rank, hit in enumerate(hits, start=1)
        ]
        _print_json({"query": args.query, "results": rows}, out)
        return EXIT_OK
    if not hits:
        out.write("Không tìm thấy đoạn văn nào khớp.\n")
    for rank, hit in enumerate(hits, start=1):
        text = hit.passage.text
        snippet = text if len(text) <= SNIPPET_CHARS else text[:SNIPPET_CHARS] + "…"
        out.write(f"{rank}. [{hit.score:.3f}] {hit.document.doc_id}:{hit.passage.number} · {document_heading(hit.document)}\n")
        out.write(f"   {snippet}\n")
    return EXIT_OK


def cmd_sources(args: argparse.Namespace, out: TextIO) -> int:
    service = _load(args)
    corpus = service.library.corpus
    if args.json:
        _print_json(
            {
                "corpus": str(service.settings.corpus_dir),
                "documents": [document_json(d) for d in corpus.documents],
                "warnings": [{"source": w.source, "message": w.message} for w in corpus.warnings],
            },
            out,
        )
        return EXIT_OK
    out.write(f"{len(corpus.documents)} bài viết trong {service.settings.corpus_dir}\n")
    for document in corpus.documents:
        out.write(f"- {document_heading(document)}\n")
        out.write(f"  {read_from(document)}\n")
    return EXIT_OK


def read_from(document: Document) -> str:
    """Which line the date and the title were read from, so that a wrong reading can be found and corrected."""
    year = f"năm {document.year} {'suy ra từ bài' if document.year_inferred else 'bài ghi rõ'}"
    if document.date_line is not None and document.date:
        date = f"ngày đăng: dòng {document.date_line} “{document.date_text}”"
    elif document.date:
        date = "ngày đăng: siêu dữ liệu của tệp hoặc config/documents.toml"
    elif document.date_line is not None:
        date = f"không có dòng ngày đăng; ngày sự kiện: dòng {document.date_line} “{document.date_text}”, {year}"
    elif document.year is not None:
        date = f"không có dòng ngày đăng; {year}"
    else:
        date = "không có ngày đăng"
    if document.title_line is not None:
        kind = "câu đầu bài" if document.title_from_body else "tiêu đề"
        title = f"{kind}: dòng {document.title_line}"
    elif document.title:
        title = "tiêu đề: siêu dữ liệu của tệp hoặc config/documents.toml"
    else:
        title = "tiêu đề: không có"
    return f"{date} · {title}"


_LINE_REFERENCE = re.compile(r"^(?P<file>.+?)(?:\.(?:txt|html?|docx|pdf))?#L(?P<line>\d+)$", re.IGNORECASE)


def resolve_reference(reference: str, documents: Sequence[Document]) -> tuple[Document, int | None]:
    """DOC_ID, DOC_ID:PARAGRAPH, a unique id prefix, or a citation link such as seeds/<file>.txt#L15."""
    line_match = _LINE_REFERENCE.match(reference.strip())
    paragraph: int | None = None
    line: int | None = None
    if line_match:
        doc_ref = Path(line_match["file"]).name
        line = int(line_match["line"])
    else:
        doc_ref, _, number = reference.strip().partition(":")
        if number:
            if not number.isdigit():
                raise UserError(f"Số đoạn không hợp lệ: {number}", EXIT_USAGE)
            paragraph = int(number)
    matches = [d for d in documents if d.doc_id == doc_ref] or [d for d in documents if d.doc_id.startswith(doc_ref)]
    if not doc_ref or not matches:
        raise UserError(f"Không có bài viết nào mang mã {doc_ref or reference!r}. Xem: tracuu sources")
    if len(matches) > 1:
        raise UserError(f"Mã {doc_ref!r} khớp nhiều bài: {', '.join(d.doc_id for d in matches)}")
    document = matches[0]
    if line is not None:
        candidates = [p for p in document.passages if p.line <= line]
        paragraph = candidates[-1].number if candidates else 1
    if paragraph is not None and document.passage(paragraph) is None:
        raise UserError(f"Bài {document.doc_id} có {len(document.passages)} đoạn; không có đoạn {paragraph}.")
    return document, paragraph


def cmd_show(args: argparse.Namespace, out: TextIO) -> int:
    service = _load(args)
    document, paragraph = resolve_reference(args.reference, service.library.corpus.documents)
    if paragraph is None:
        shown = list(document.passages)
    else:
        shown = [p for p in document.passages if abs(p.number - paragraph) <= 1]
    mark = _mark_offsets(args.mark, document, paragraph)
    if args.json:
        data = {"document": document_json(document), "focus": paragraph, "paragraphs": [passage_json(p) for p in shown]}
        if mark is not None:
            data["mark"] = {"start": mark[0], "end": mark[1]}
        _print_json(data, out)
        return EXIT_OK
    out.write("\n".join(document_details(document)) + "\n\n")
    for passage in shown:
        marker = "▶" if passage.number == paragraph else " "
        text = passage.text
        if mark is not None and passage.number == paragraph:
            start, end = mark
            quoted = terminal_bold(text[start:end]) if out.isatty() else f"»{text[start:end]}«"
            text = text[:start] + quoted + text[end:]
        out.write(f"{marker} [{passage.number}] (dòng {passage.line}) {text}\n\n")
    return EXIT_OK


def _mark_offsets(mark: str | None, document: Document, paragraph: int | None) -> tuple[int, int] | None:
    """--mark START:END: the quote's character offsets in the paragraph shown, checked against it."""
    if mark is None:
        return None
    if paragraph is None:
        raise UserError("--mark cần một đoạn: DOC_ID:PARAGRAPH hoặc liên kết trích dẫn seeds/<tệp>.txt#L<dòng>", EXIT_USAGE)
    start_text, _, end_text = mark.partition(":")
    passage = document.passage(paragraph)
    length = len(passage.text) if passage else 0
    if not (start_text.isdigit() and end_text.isdigit()) or not 0 <= int(start_text) < int(end_text) <= length:
        raise UserError(f"--mark phải là START:END trong đoạn {paragraph} (0 ≤ START < END ≤ {length}): {mark}", EXIT_USAGE)
    return int(start_text), int(end_text)


def cmd_eval(args: argparse.Namespace, out: TextIO) -> int:
    path = Path(args.file)
    try:
        lines = path.read_text(encoding="utf-8").splitlines()
        items = parse_qa_lines(lines, str(path))
    except OSError as error:
        raise UserError(f"Không đọc được {path}: {error.strerror}") from None
    except UnicodeDecodeError:
        raise UserError(f"{path}: không phải UTF-8") from None
    except EvalFileError as error:
        raise UserError(str(error)) from None
    service = _load(args)
    # Conversations go through the service's conversation support when it has one; else their last turn.
    report = evaluate(items, service.ask, service.ask_turns)
    summary = report.summary()
    if args.json:
        _print_json(summary, out)
        return EXIT_OK
    for outcome in report.misses:
        top = outcome.answer.citations[0] if outcome.answer.citations else None
        got = "từ chối" if outcome.answer.abstained else f"{top.doc_id}:{top.paragraph} “{top.quote[:160]}”" if top else "—"
        expected = "từ chối" if outcome.item.abstain else (outcome.item.doc or "+".join(d for d, _ in outcome.item.all))
        label = "wrong" if outcome.wrong else "miss"
        out.write(f"{label} {outcome.item.id}: {outcome.item.question}\n    expected {expected}; got {got}\n")
        if outcome.direct_correct is False:
            direct = outcome.answer.direct.text if outcome.answer.direct else "—"
            out.write(f"    direct expected {' | '.join(outcome.item.direct_any)}; got {direct}\n")
    good, total = report.quote_at_1
    declined, must = report.declined
    multi, multi_total = report.multi_source
    direct, direct_total = report.direct_at_1
    followups, followup_total = report.followups
    comparisons, comparison_total = report.comparisons
    rate = f" ({good / total:.3f})" if total else ""
    direct_rate = f" ({direct / direct_total:.3f})" if direct_total else ""
    out.write(f"quote@1: {good}/{total}{rate}, median quote {report.median_quote:.0f} chars\n")
    out.write(f"direct@1: {direct}/{direct_total}{direct_rate}, not verbatim {report.not_verbatim}\n")
    if args.f1:
        out.write(f"direct F1: {report.mean_f1:.3f}\n")
    out.write(f"follow-ups: {followups}/{followup_total}\n")
    out.write(f"comparisons: {comparisons}/{comparison_total}\n")
    out.write(f"declined: {declined}/{must}\n")
    out.write(f"multi-source: {multi}/{multi_total}\n")
    out.write(f"false declines: {report.false_declines}\n")
    out.write(f"wrong: {len(report.wrong)} (a short answer that is not the expected one, or given where a decline is due)\n")
    return EXIT_OK


def cmd_index(args: argparse.Namespace, out: TextIO) -> int:
    if args.workers is not None and args.workers < 1:
        raise UserError("--workers phải là số nguyên dương", EXIT_USAGE)
    try:
        settings = load_settings(args.config, args.corpus)
        library, report = open_library(settings, rebuild=args.rebuild, workers=args.workers)
    except (ConfigError, CorpusError) as error:
        raise UserError(str(error)) from None
    if args.json:
        _print_json(
            {
                "index": str(report.location) if report.location else None,
                "articles": report.articles,
                "documents": len(library.corpus.documents),
                "paragraphs": report.paragraphs,
                "parsed": report.parsed,
                "resumed": report.resumed,
                "removed": report.removed,
                "rebuilt": report.rebuilt,
                "seconds": round(report.seconds, 3),
                "facts_read": report.facts_read,
            },
            out,
        )
        return EXIT_OK
    where = str(report.location) if report.location else "chỉ trong bộ nhớ (không ghi được)"
    if report.rebuilt:
        out.write(
            f"Đã lập chỉ mục {report.paragraphs} đoạn văn của {len(library.corpus.documents)} bài"
            f" ({report.parsed} bài tách từ mới, {report.removed} bài bỏ) trong {report.seconds:.1f} s: {where}\n"
        )
    else:
        out.write(f"Chỉ mục đã cập nhật: {report.paragraphs} đoạn văn của {len(library.corpus.documents)} bài: {where}\n")
    return EXIT_OK


def cmd_bench(args: argparse.Namespace, out: TextIO) -> int:
    from bot.bench import BenchError, BenchOptions, render_text, run_bench

    if args.paragraphs < 1 or args.questions < 1 or args.startup_runs < 1:
        raise UserError("--paragraphs, --questions và --startup-runs phải là số nguyên dương", EXIT_USAGE)
    options = BenchOptions(
        paragraphs=args.paragraphs,
        questions=args.questions,
        baseline_questions=args.baseline_questions,
        seed=args.seed,
        workers=args.workers,
        startup_runs=args.startup_runs,
        keep=Path(args.keep) if args.keep else None,
        config=args.config,
    )
    try:
        result = run_bench(options, log=logger.info)
    except BenchError as error:
        raise UserError(str(error)) from None
    if args.json:
        _print_json(result, out)
    else:
        out.write(render_text(result) + "\n")
    return EXIT_OK


def cmd_chat(args: argparse.Namespace, out: TextIO) -> int:
    from bot.chat import run_chat

    service = _load(args, watch=True)
    try:
        with _cli_state(args, service, "chat", keep_context=True) as state:
            return run_chat(service, out, state)
    finally:
        service.close()


def cmd_add(args: argparse.Namespace, out: TextIO) -> int:
    from bot.add import AddError, cmd_add as run_add

    try:
        return run_add(args, out)
    except (AddError, ConfigError, CorpusError) as error:
        raise UserError(str(error)) from None


def cmd_facts(args: argparse.Namespace, out: TextIO) -> int:
    from bot.facts_cli import cmd_facts as run_facts

    return run_facts(args, out)


def cmd_telegram(args: argparse.Namespace, out: TextIO) -> int:
    from bot.telegram_bot.app import run_telegram

    return run_telegram(lambda: _load(args, watch=True), webhook=args.webhook, verbose=args.verbose)


def cmd_report(args: argparse.Namespace, out: TextIO) -> int:
    from bot.report import ReportError, run_report

    try:
        return run_report(args, out)
    except ReportError as error:
        raise UserError(str(error), error.code) from None


COMMANDS: dict[str, Callable[[argparse.Namespace, TextIO], int]] = {
    "ask": cmd_ask,
    "search": cmd_search,
    "sources": cmd_sources,
    "show": cmd_show,
    "chat": cmd_chat,
    "eval": cmd_eval,
    "telegram": cmd_telegram,
    "index": cmd_index,
    "bench": cmd_bench,
    "add": cmd_add,
    "facts": cmd_facts,
    "report": cmd_report,
}


def configure_logging(verbose: bool) -> None:
    logging.basicConfig(
        level=logging.INFO if verbose else logging.WARNING,
        format="tracuu: %(levelname)s: %(message)s",
        stream=sys.stderr,
    )
    logging.getLogger("httpx").setLevel(logging.WARNING)
    # The pool logs every failed reconnection; the state store logs an outage once itself.
    logging.getLogger("psycopg.pool").setLevel(logging.ERROR)


def main(argv: Sequence[str] | None = None) -> int:
    parser = build_parser()
    args = parser.parse_args(argv)
    configure_logging(args.verbose)
    out = sys.stdout
    if getattr(args, "json", False) and hasattr(out, "reconfigure"):
        out.reconfigure(encoding="utf-8")  # JSON is UTF-8 whatever the locale says
    try:
        return COMMANDS[args.command](args, out)
    except UserError as error:
        sys.stderr.write(f"tracuu: {error}\n")
        return error.code
    except KeyboardInterrupt:
        return 130
    except BrokenPipeError:
        # `tracuu ask … | head` closes the pipe early; that is not an error.
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        return EXIT_OK


if __name__ == "__main__":
    sys.exit(main())
