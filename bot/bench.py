"""`tracuu bench`: time indexing, loading and answering on a synthetic corpus of real Vietnamese sentences.

The corpus mixes sentences of the seed articles and the XQuAD-vi articles (seeded random choice) into
articles of 20 paragraphs, each with a dateline and a district in its headline, so metadata and place
filters work as on real news. Every phase runs in a fresh Python process, so its time and its peak memory
are its own: the build (as `tracuu index` does it), the load and the questions (through Service.ask, as
`tracuu ask` does), plain rank-bm25 on the same tokens, and pyvi's own segmentation speed on the same text.
"""

from __future__ import annotations

import argparse
import dataclasses
import json
import math
import os
import platform
import random
import re
import resource
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

PROJECT_ROOT = Path(__file__).resolve().parent.parent
# Real sentences and questions that ship with the repository: the seeds and four XQuAD-vi articles.
XQUAD = PROJECT_ROOT / "tests" / "data" / "xquad-vi"
SOURCE_DIRS = (PROJECT_ROOT / "seeds", XQUAD / "corpus")
QUESTION_FILES = (PROJECT_ROOT / "tests" / "data" / "seed_questions.txt", XQUAD / "qa.jsonl")
PARAGRAPHS_PER_ARTICLE = 20  # the headline and 19 body paragraphs: all searched
SENTENCES_PER_PARAGRAPH = (1, 5)
# Districts of the two cities the seeds cover, as the gazetteer names them.
DISTRICTS = (
    ("quận", "Đống Đa"), ("quận", "Hoàn Kiếm"), ("quận", "Ba Đình"), ("quận", "Cầu Giấy"), ("quận", "Tây Hồ"),
    ("quận", "Hai Bà Trưng"), ("quận", "Thanh Xuân"), ("quận", "Long Biên"), ("huyện", "Gia Lâm"),
    ("huyện", "Đông Anh"), ("quận", "Hải Châu"), ("quận", "Sơn Trà"), ("quận", "Ngũ Hành Sơn"),
    ("quận", "Thanh Khê"), ("quận", "Liên Chiểu"), ("huyện", "Hòa Vang"),
)  # fmt: skip
STARTUP_QUESTION = "Năm 2020 quận Đống Đa thu ngân sách được bao nhiêu?"
STARTUP_BARE = "from pyvi import ViTokenizer; ViTokenizer.tokenize('một câu')"
SEGMENTATION_SAMPLE_ARTICLES = 100  # 2,000 paragraphs: a few seconds of pyvi
_SYLLABLE = re.compile(r"\w+")
_ARTICLE_NAME = re.compile(r"\d{7}\.txt")  # what write_corpus names its files


class BenchError(Exception):
    """A bench that cannot run as asked; the message is shown to users as is."""


@dataclass(frozen=True)
class BenchOptions:
    paragraphs: int = 100_000
    questions: int = 500
    baseline_questions: int | None = None  # rank-bm25 is slow at scale: None picks 100, or 20 above 200k
    seed: int = 13
    workers: int | None = None
    startup_runs: int = 5
    keep: Path | None = None  # keep the synthetic corpus (and its index) here
    config: str | None = None


# --- the synthetic corpus ----------------------------------------------------------------------------------


def source_material() -> tuple[list[str], list[str]]:
    """Real sentences to mix, and real questions to ask."""
    from retrieval.corpus.loader import load_corpus
    from retrieval.models import PassageKind

    sentences: list[str] = []
    for directory in SOURCE_DIRS:
        if not directory.is_dir():
            continue
        for document in load_corpus(directory).documents:
            for passage in document.passages:
                if passage.kind is PassageKind.BODY:
                    sentences.extend(s for s in passage.sentences if 20 <= len(s) <= 400)
    questions: list[str] = []
    for path in QUESTION_FILES:
        if path.is_file():
            lines = [line for line in path.read_text(encoding="utf-8").splitlines() if line.strip()]
            questions.extend(json.loads(line)["question"] if path.suffix == ".jsonl" else line for line in lines)
    if not sentences:
        raise RuntimeError("no source sentences found (seeds/ and tests/data/xquad-vi/corpus)")
    return sentences, questions or sentences[:500]


def write_corpus(directory: Path, paragraphs: int, sentences: Sequence[str], rng: random.Random) -> tuple[int, int]:
    """Write articles of PARAGRAPHS_PER_ARTICLE searched paragraphs into `directory`: (articles, syllables)."""
    articles = max(1, math.ceil(paragraphs / PARAGRAPHS_PER_ARTICLE))
    low, high = SENTENCES_PER_PARAGRAPH
    syllables_of = [len(_SYLLABLE.findall(sentence)) for sentence in sentences]
    syllables = 0
    for number in range(articles):
        kind, district = rng.choice(DISTRICTS)
        year = rng.randint(2015, 2024)
        dateline = f"{rng.randint(1, 28):02d}/{rng.randint(1, 12):02d}/{year} {rng.randint(6, 21):02d}:{rng.randint(0, 59):02d}"
        words = re.sub(r"[.!?…:;,]+$", "", rng.choice(sentences)).split()[:12]
        title = f"Đảng bộ {kind} {district} năm {year}: " + " ".join(words)
        body = []
        for _ in range(max(1, min(PARAGRAPHS_PER_ARTICLE, paragraphs - number * PARAGRAPHS_PER_ARTICLE) - 1)):
            chosen = [rng.randrange(len(sentences)) for _ in range(rng.randint(low, high))]
            body.append(" ".join(sentences[i] for i in chosen))
            syllables += sum(syllables_of[i] for i in chosen)
        syllables += len(_SYLLABLE.findall(title))
        text = "\n\n".join([dateline, title, *body]) + "\n"
        (directory / f"{number:07d}.txt").write_text(text, encoding="utf-8")
    return articles, syllables


# --- phases, each in its own process ---------------------------------------------------------------------


def _peak_rss_mb(who: int = resource.RUSAGE_SELF) -> float:
    return resource.getrusage(who).ru_maxrss / 1024  # kilobytes on Linux


def _cpu_seconds() -> float:
    """CPU time of this process and of its finished children (the indexing workers)."""
    own, children = resource.getrusage(resource.RUSAGE_SELF), resource.getrusage(resource.RUSAGE_CHILDREN)
    return own.ru_utime + own.ru_stime + children.ru_utime + children.ru_stime


def _settings(corpus: str, config: str | None) -> Any:
    from retrieval.config import load_settings

    return load_settings(config, corpus)


def phase_build(corpus: str, config: str | None, workers: int | None, facts: bool = True) -> dict[str, Any]:
    """Index the corpus from scratch, as `tracuu index --rebuild` does (without its fact table when not `facts`)."""
    from retrieval.search.stored.cache import open_library

    settings = _settings(corpus, config)
    cpu_before = _cpu_seconds()
    started = time.perf_counter()
    library, report = open_library(settings, rebuild=True, workers=workers, facts=facts)
    seconds = time.perf_counter() - started
    cpu_seconds = _cpu_seconds() - cpu_before
    from retrieval.search.stored.parse import worker_count

    table = library.facts if facts else None  # decoded after the clock stopped: a question pays that, not the build
    return {
        "seconds": seconds,
        "cpu_seconds": cpu_seconds,
        "facts_seconds": report.facts_seconds,
        "figures": len(table.figures) if table else 0,
        "roles": len(table.roles) if table else 0,
        "rows": len(library.passages),
        "documents": len(library.corpus.documents),
        "terms": len(library.index.vocabulary),
        "postings": int(library.index.rows.shape[0]),
        "workers": worker_count(sum(p.stat().st_size for p in Path(corpus).glob("*.txt")), workers),
        "index_file": str(report.location) if report.location else None,
        "peak_rss_mb": _peak_rss_mb(),
        "peak_rss_workers_mb": _peak_rss_mb(resource.RUSAGE_CHILDREN),
    }


def phase_query(corpus: str, config: str | None, questions_file: str, tokens_file: str) -> dict[str, Any]:
    """Load the index as every command does, then answer the questions end to end and time retrieval alone."""
    started = time.perf_counter()
    from bot.service import load_service

    service = load_service(config, corpus)
    load_seconds = time.perf_counter() - started

    questions = json.loads(Path(questions_file).read_text(encoding="utf-8"))
    first = time.perf_counter()
    service.ask(questions[0])  # the first question also loads the segmenter's model (25 ms)
    first_ms = (time.perf_counter() - first) * 1000
    ask_ms = []
    declined = 0
    for question in questions:
        begin = time.perf_counter()
        declined += service.ask(question).abstained
        ask_ms.append((time.perf_counter() - begin) * 1000)
    library = service.library
    k = service.settings.answer.top_paragraphs
    tokens = [list(service.read(q).terms) for q in questions]
    retrieval_ms = []
    for terms in tokens:
        begin = time.perf_counter()
        library.index.search(terms, k)
        retrieval_ms.append((time.perf_counter() - begin) * 1000)
    Path(tokens_file).write_text(json.dumps(tokens, ensure_ascii=False), encoding="utf-8")
    return {
        "load_seconds": load_seconds,
        "first_question_ms": first_ms,
        "ask_ms": ask_ms,
        "retrieval_ms": retrieval_ms,
        "declined": declined,
        "peak_rss_mb": _peak_rss_mb(),
    }


def phase_rank_bm25(corpus: str, config: str | None, tokens_file: str, count: int) -> dict[str, Any]:
    """rank-bm25's BM25Plus over the very same paragraph tokens, timed on the first `count` questions."""
    from rank_bm25 import BM25Plus

    from retrieval.search.stored.cache import cache_locations
    from retrieval.search.bm25 import Bm25Params
    from retrieval.search.stored.file import read_index_file
    from retrieval.search.stored.columns import split_vocabulary

    stored = read_index_file(cache_locations(_settings(corpus, config))[0])
    terms = split_vocabulary(stored.array("vocabulary"))
    indptr, rows, counts = stored.array("indptr"), stored.array("rows"), stored.array("counts")
    size = stored.array("doc_lengths").shape[0]
    from scipy import sparse

    by_row = sparse.csc_matrix((counts, rows, indptr), shape=(size, len(terms))).tocsr()
    documents = [
        [terms[t] for t, c in zip(by_row.indices[a:b], by_row.data[a:b]) for _ in range(int(c))]
        for a, b in zip(by_row.indptr[:-1], by_row.indptr[1:])
    ]
    del by_row
    params = Bm25Params()
    started = time.perf_counter()
    reference = BM25Plus(documents, k1=params.k1, b=params.b, delta=params.delta)
    build_seconds = time.perf_counter() - started
    del documents
    queries = json.loads(Path(tokens_file).read_text(encoding="utf-8"))[:count]
    milliseconds = []
    for query in queries:
        begin = time.perf_counter()
        reference.get_scores(query)
        milliseconds.append((time.perf_counter() - begin) * 1000)
    return {"build_seconds": build_seconds, "get_scores_ms": milliseconds, "peak_rss_mb": _peak_rss_mb()}


def phase_segmentation(corpus: str, config: str | None) -> dict[str, Any]:
    """pyvi's own speed (ViTokenizer.tokenize, one core) against the whole indexing pipeline on the same articles."""
    from retrieval.corpus.loader import load_corpus
    from retrieval.search.stored.parse import parse_chunk
    from retrieval.text.normalize import abbreviation_variants
    from retrieval.search.library import SEARCHED_KINDS

    settings = _settings(corpus, config)
    paths = sorted(Path(corpus).glob("*.txt"))[:SEGMENTATION_SAMPLE_ARTICLES]
    sample = Path(tempfile.mkdtemp(prefix="tracuu-bench-sample-"))
    for path in paths:
        (sample / path.name).symlink_to(path.resolve())
    texts = [p.text for d in load_corpus(sample).documents for p in d.passages if p.kind in SEARCHED_KINDS]
    syllables = sum(len(re.findall(r"\w+", text)) for text in texts)
    from pyvi import ViTokenizer

    ViTokenizer.tokenize("một câu")
    # CPU time, not wall time: the figure is per core, and other processes may share the machine.
    started = time.process_time()
    for text in texts:
        ViTokenizer.tokenize(text)
    pyvi_seconds = time.process_time() - started
    variants = abbreviation_variants(settings.abbreviations)
    parse_chunk([str(paths[0])], variants, settings.outlets)  # warm caches and the segmenter's model
    started = time.process_time()
    parse_chunk([str(p) for p in paths], variants, settings.outlets)
    pipeline_seconds = time.process_time() - started
    for link in sample.iterdir():
        link.unlink()
    sample.rmdir()
    return {
        "paragraphs": len(texts),
        "syllables": syllables,
        "pyvi_seconds": pyvi_seconds,
        "pipeline_seconds": pipeline_seconds,
    }


PHASES = {"build": phase_build, "query": phase_query, "rank_bm25": phase_rank_bm25, "segmentation": phase_segmentation}


def snapshot_code(target: Path) -> Path:
    """A copy of the code and configuration the phases run from.

    The index stamp covers the source of the indexing modules: an edit saved while a long bench runs
    would otherwise make the query phase rebuild the whole index.
    """
    import shutil

    for package in ("retrieval", "bot", "config"):
        shutil.copytree(PROJECT_ROOT / package, target / package, ignore=shutil.ignore_patterns("__pycache__"))
    return target


def _run_phase(code: Path, name: str, *args: object) -> dict[str, Any]:
    command = [sys.executable, "-m", "bot.bench", name, *[json.dumps(a) for a in args]]
    done = subprocess.run(command, capture_output=True, text=True, check=False, cwd=code)
    if done.returncode != 0:
        raise RuntimeError(f"bench phase {name} failed:\n{done.stderr[-4000:]}")
    return json.loads(done.stdout.strip().splitlines()[-1])


# --- the whole run -------------------------------------------------------------------------------------------


def percentiles(values: Sequence[float]) -> dict[str, float]:
    ordered = sorted(values)
    if not ordered:
        return {"p50": 0.0, "p95": 0.0, "p99": 0.0, "mean": 0.0}

    def at(share: float) -> float:
        return ordered[min(len(ordered) - 1, int(round(share * (len(ordered) - 1))))]

    return {"p50": at(0.50), "p95": at(0.95), "p99": at(0.99), "mean": statistics.fmean(ordered)}


def _median_wall_seconds(command: Sequence[str], runs: int, cwd: Path) -> float:
    times = []
    for _ in range(runs):
        started = time.perf_counter()
        subprocess.run(command, capture_output=True, check=True, cwd=cwd)
        times.append(time.perf_counter() - started)
    return statistics.median(times)


def measure_startup(code: Path, runs: int) -> dict[str, float]:
    """One-shot `tracuu ask` on the seeds (warm cache) against a bare Python that imports pyvi and segments."""
    seeds = code / "seeds"
    if not seeds.exists():
        import shutil

        shutil.copytree(PROJECT_ROOT / "seeds", seeds, ignore=shutil.ignore_patterns(".tracuu-cache"))
    ask = [sys.executable, "-m", "bot", "ask", "--corpus", str(seeds), STARTUP_QUESTION]
    subprocess.run(ask, capture_output=True, check=True, cwd=code)  # warms the cache
    ask_seconds = _median_wall_seconds(ask, runs, code)
    bare_seconds = _median_wall_seconds([sys.executable, "-c", STARTUP_BARE], runs, code)
    return {"runs": runs, "ask_seconds": ask_seconds, "bare_pyvi_seconds": bare_seconds, "ratio": ask_seconds / bare_seconds}


def machine() -> dict[str, Any]:
    import numpy

    cpu = platform.processor() or platform.machine()
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    try:
        memory_gb = os.sysconf("SC_PAGE_SIZE") * os.sysconf("SC_PHYS_PAGES") / 1024**3
    except (ValueError, OSError):
        memory_gb = 0.0
    return {
        "cpu": cpu,
        "cores": len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else os.cpu_count(),
        "memory_gb": round(memory_gb, 1),
        "python": platform.python_version(),
        "numpy": numpy.__version__,
        "load_average": os.getloadavg() if hasattr(os, "getloadavg") else None,
    }


def run_bench(options: BenchOptions, log: Any = None) -> dict[str, Any]:
    """Every figure of `tracuu bench`, as one JSON-ready dict; `log(str)` hears about progress."""
    say = log or (lambda message: None)
    rng = random.Random(options.seed)
    sentences, all_questions = source_material()
    if options.questions <= len(all_questions):
        questions = rng.sample(all_questions, options.questions)
    else:
        questions = [rng.choice(all_questions) for _ in range(options.questions)]
    baseline = options.baseline_questions
    if baseline is None:
        baseline = 100 if options.paragraphs <= 200_000 else 20
    baseline = min(baseline, options.questions)
    corpus = _kept_folder(options.keep.resolve()) if options.keep else None
    workdir = Path(tempfile.mkdtemp(prefix="tracuu-bench-"))
    corpus = corpus or workdir / "corpus"
    if options.config:  # the phases run from a copy of the code, in another folder
        options = dataclasses.replace(options, config=str(Path(options.config).resolve()))
    corpus.mkdir(parents=True, exist_ok=True)
    try:
        say(f"writing {options.paragraphs} paragraphs to {corpus}")
        started = time.perf_counter()
        articles, corpus_syllables = write_corpus(corpus, options.paragraphs, sentences, rng)
        generate_seconds = time.perf_counter() - started
        code = snapshot_code(workdir / "code")
        questions_file, tokens_file = workdir / "questions.json", workdir / "tokens.json"
        questions_file.write_text(json.dumps(questions, ensure_ascii=False), encoding="utf-8")
        # Both builds from scratch in this run, on the same corpus and machine: the fact table's cost is their ratio.
        say("building the index without its fact table")
        plain = _run_phase(code, "build", str(corpus), options.config, options.workers, False)
        say("building the index with its fact table")
        build = _run_phase(code, "build", str(corpus), options.config, options.workers, True)
        say("loading and asking")
        query = _run_phase(code, "query", str(corpus), options.config, str(questions_file), str(tokens_file))
        say(f"rank-bm25 on {baseline} questions")
        reference = _run_phase(code, "rank_bm25", str(corpus), options.config, str(tokens_file), baseline)
        say("pyvi's own speed")
        segmentation = _run_phase(code, "segmentation", str(corpus), options.config)
        say("start-up")
        startup = measure_startup(code, options.startup_runs)
        index_bytes = Path(build["index_file"]).stat().st_size if build["index_file"] else 0
    finally:
        _remove_tree(workdir)  # a kept corpus lives outside it
    ours_same = percentiles(query["retrieval_ms"][:baseline])
    theirs = percentiles(reference["get_scores_ms"])
    pyvi_rate = segmentation["syllables"] / segmentation["pyvi_seconds"]
    build_rate = corpus_syllables / build["seconds"]
    build_cpu_rate = corpus_syllables / build["cpu_seconds"]
    return {
        "machine": machine(),
        "corpus": {
            "paragraphs_requested": options.paragraphs,
            "articles": articles,
            "documents": build["documents"],
            "rows": build["rows"],
            "terms": build["terms"],
            "postings": build["postings"],
            "syllables": corpus_syllables,
            "generate_seconds": generate_seconds,
            "seed": options.seed,
        },
        "build": {
            "seconds": build["seconds"],
            "paragraphs_per_second": build["rows"] / build["seconds"],
            "workers": build["workers"],
            "cpu_seconds": build["cpu_seconds"],
            "syllables_per_second": build_rate,
            "syllables_per_cpu_second": build_cpu_rate,
            "peak_rss_mb": build["peak_rss_mb"],
            "peak_rss_workers_mb": build["peak_rss_workers_mb"],
            "facts_seconds": build["facts_seconds"],
            "figures": build["figures"],
            "roles": build["roles"],
            "without_facts_seconds": plain["seconds"],
            "without_facts_cpu_seconds": plain["cpu_seconds"],
            "ratio_to_without_facts": build["seconds"] / plain["seconds"],
        },
        "segmentation": {
            "sample_paragraphs": segmentation["paragraphs"],
            "pyvi_syllables_per_cpu_second": pyvi_rate,
            "pipeline_syllables_per_cpu_second": segmentation["syllables"] / segmentation["pipeline_seconds"],
            "pipeline_vs_pyvi_time": segmentation["pipeline_seconds"] / segmentation["pyvi_seconds"],
            "build_vs_pyvi_cpu_time": pyvi_rate / build_cpu_rate,
        },
        "load": {
            "seconds": query["load_seconds"],
            "first_question_ms": query["first_question_ms"],
            "peak_rss_mb": query["peak_rss_mb"],
        },
        "ask_ms": {"questions": len(query["ask_ms"]), **percentiles(query["ask_ms"])},
        "retrieval_ms": {"questions": len(query["retrieval_ms"]), **percentiles(query["retrieval_ms"])},
        "declined": query["declined"],
        "rank_bm25": {
            "questions": len(reference["get_scores_ms"]),
            "build_seconds": reference["build_seconds"],
            "get_scores_ms": theirs,
            "ours_retrieval_ms_same_questions": ours_same,
            "speedup_p50": theirs["p50"] / max(ours_same["p50"], 1e-9),
            "speedup_mean": theirs["mean"] / max(ours_same["mean"], 1e-9),
            "peak_rss_mb": reference["peak_rss_mb"],
        },
        "index_size_mb": index_bytes / 1024**2,
        "startup": startup,
    }


def _kept_folder(folder: Path) -> Path:
    """The --keep folder, emptied of a previous bench's articles; BenchError if it holds anything else."""
    folder.mkdir(parents=True, exist_ok=True)
    articles = list(folder.glob("*.txt"))
    foreign = [path.name for path in articles if not _ARTICLE_NAME.fullmatch(path.name)]
    if foreign:
        raise BenchError(f"{folder} đã có bài khác ({foreign[0]}); hãy chọn một thư mục trống")
    for path in articles:  # a previous run may have written more articles than this one will
        path.unlink()
    return folder


def _remove_tree(path: Path) -> None:
    import shutil

    shutil.rmtree(path, ignore_errors=True)


def render_text(result: dict[str, Any]) -> str:
    """The bench figures for a person."""
    m, c, b, s = result["machine"], result["corpus"], result["build"], result["segmentation"]
    load, ask, ret, ref, up = result["load"], result["ask_ms"], result["retrieval_ms"], result["rank_bm25"], result["startup"]
    lines = [
        f"máy: {m['cpu']}, {m['cores']} lõi, {m['memory_gb']} GB, Python {m['python']}",
        f"corpus: {c['rows']:,} đoạn ({c['documents']:,} bài), {c['terms']:,} từ, {c['postings']:,} posting",
        f"lập chỉ mục: {b['seconds']:.1f} s, {b['paragraphs_per_second']:,.0f} đoạn/s trên {b['workers']} tiến trình"
        f" ({b['syllables_per_cpu_second']:,.0f} âm tiết mỗi giây CPU); RSS đỉnh {b['peak_rss_mb']:,.0f} MB"
        f" (tiến trình con {b['peak_rss_workers_mb']:,.0f} MB)",
        f"bảng dữ kiện: lập chỉ mục không có nó {b['without_facts_seconds']:.1f} s, có nó {b['seconds']:.1f} s"
        f" (×{b['ratio_to_without_facts']:.2f}; đọc dữ kiện {b['facts_seconds']:.1f} s:"
        f" {b['figures']:,} số liệu, {b['roles']:,} chức vụ)",
        f"pyvi: {s['pyvi_syllables_per_cpu_second']:,.0f} âm tiết mỗi giây CPU; thời gian CPU so với pyvi:"
        f" cả quy trình {s['pipeline_vs_pyvi_time']:.2f} (mẫu {s['sample_paragraphs']:,} đoạn),"
        f" cả lần lập chỉ mục {s['build_vs_pyvi_cpu_time']:.2f}",
        f"nạp chỉ mục: {load['seconds']:.2f} s; RSS đỉnh {load['peak_rss_mb']:,.0f} MB; câu hỏi đầu {load['first_question_ms']:.0f} ms",
        f"ask (đầu-cuối, {ask['questions']} câu): p50 {ask['p50']:.2f} ms, p95 {ask['p95']:.2f} ms, p99 {ask['p99']:.2f} ms",
        f"chỉ truy hồi: p50 {ret['p50']:.2f} ms, p95 {ret['p95']:.2f} ms, p99 {ret['p99']:.2f} ms",
        f"rank-bm25 get_scores ({ref['questions']} câu): p50 {ref['get_scores_ms']['p50']:.1f} ms"
        f" → nhanh hơn {ref['speedup_p50']:.0f}× (trung vị), {ref['speedup_mean']:.0f}× (trung bình)",
        f"kích thước chỉ mục: {result['index_size_mb']:.1f} MB",
        f"khởi động `tracuu ask` (seeds): {up['ask_seconds']:.2f} s; python + pyvi: {up['bare_pyvi_seconds']:.2f} s;"
        f" tỉ lệ {up['ratio']:.2f}",
    ]
    return "\n".join(lines)


def main(argv: Sequence[str] | None = None) -> int:
    """`python -m bot.bench PHASE ARGS…`: run one phase and print its JSON (used by run_bench)."""
    parser = argparse.ArgumentParser(prog="python -m bot.bench")
    parser.add_argument("phase", choices=sorted(PHASES))
    parser.add_argument("arguments", nargs="*")
    args = parser.parse_args(argv)
    result = PHASES[args.phase](*[json.loads(a) for a in args.arguments])
    sys.stdout.write(json.dumps(result) + "\n")
    return 0


if __name__ == "__main__":
    sys.exit(main())
