"""Figures as a bar chart (PNG): each bar labelled with its place, period and source number [n].

Plain data in (ChartBar), PNG bytes out, so the CLI (`tracuu facts --chart`) and the Telegram bot draw the same
chart. matplotlib draws it with the Agg backend: no screen, no window, safe in a server or a worker thread.
Bars of one chart share one unit: "tỷ đồng" beside "%" would put a share on the scale of an amount.
"""

from __future__ import annotations

import io
import threading
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass

from retrieval.models import ComparedValue

_MAX_BARS = 40  # beyond this the labels cannot be read; the caller narrows the selection
_LOCK = threading.Lock()  # pyplot keeps global state: one chart at a time


class ChartError(Exception):
    """A chart that cannot be drawn as asked; the message is one line for the user."""


@dataclass(frozen=True)
class ChartBar:
    label: str  # "quận Ba Đình · Quý I/2021"
    number: float  # in `unit`
    unit: str  # "tỷ đồng", "%", "chi bộ"
    n: int  # the source's number, as the text around the chart cites it: [n]


def chart_value(dimension: str, number: float, unit: str, base: float) -> tuple[float, str]:
    """A figure on a scale it shares with its like: money in tỷ đồng ("500 triệu đồng" is 0,5), else as written."""
    if dimension == "money":
        return base / 1e9, "tỷ đồng"
    if dimension == "percent":
        return number, "%"
    return number, unit


def dominant_unit(bars: Sequence[ChartBar]) -> list[ChartBar]:
    """The bars of the unit most bars have (the first such unit on a tie): what can share one scale."""
    if not bars:
        return []
    counts = Counter(bar.unit for bar in bars)
    best = max(counts.values())
    unit = next(bar.unit for bar in bars if counts[bar.unit] == best)
    return [bar for bar in bars if bar.unit == unit]


def _number_text(number: float) -> str:
    """Vietnamese style: 12.345,678 — dots between thousands, a comma before decimals."""
    text = f"{number:,.3f}".rstrip("0").rstrip(".")
    return text.replace(",", " ").replace(".", ",").replace(" ", ".")


def bar_chart_png(bars: Sequence[ChartBar], title: str = "") -> bytes:
    """The bars drawn side by side; ChartError when there is nothing to draw or the units differ."""
    if not bars:
        raise ChartError("Không có số liệu nào để vẽ biểu đồ.")
    units = list(dict.fromkeys(bar.unit for bar in bars))
    if len(units) > 1:
        raise ChartError(
            f"Không vẽ chung một biểu đồ các đơn vị khác nhau ({', '.join(units)}); hãy chọn hẹp hơn, ví dụ thêm --measure."
        )
    if len(bars) > _MAX_BARS:
        raise ChartError(f"Quá nhiều cột ({len(bars)}, tối đa {_MAX_BARS}); hãy chọn hẹp hơn (--district, --measure, --period).")
    import matplotlib

    matplotlib.use("Agg", force=True)
    from matplotlib.figure import Figure
    from matplotlib.ticker import FuncFormatter

    unit = units[0]
    labels = [f"{bar.label} [{bar.n}]" for bar in bars]
    with _LOCK:
        # A Figure of its own rather than pyplot's current one: nothing is kept between charts.
        figure = Figure(figsize=(max(6.0, 1.1 * len(bars) + 2), 5.0), dpi=110)
        axes = figure.subplots()
        positions = range(len(bars))
        drawn = axes.bar(positions, [bar.number for bar in bars], color="#2f6f9f")
        axes.bar_label(drawn, labels=[_number_text(bar.number) for bar in bars], fontsize=8, padding=2)
        axes.set_xticks(list(positions), labels, rotation=30 if len(bars) > 3 else 0, ha="right" if len(bars) > 3 else "center", fontsize=8)
        axes.set_ylabel(unit)
        axes.yaxis.set_major_formatter(FuncFormatter(lambda value, _: _number_text(value)))
        if title:
            axes.set_title(title, fontsize=10)
        axes.spines[["top", "right"]].set_visible(False)
        figure.tight_layout()
        buffer = io.BytesIO()
        figure.savefig(buffer, format="png")
    return buffer.getvalue()


def comparison_bars(values: Sequence[ComparedValue]) -> list[ChartBar]:
    """A comparison's figures as bars ("Đống Đa · cả năm 2020" [1]); a value that states no figure is left out."""
    from retrieval.facts.figures import sentence_figures

    bars = []
    for compared in values:
        figures = sentence_figures(compared.value)
        if not figures:
            continue
        figure = figures[0]
        number, unit = chart_value(figure.dimension, figure.number, figure.unit, figure.base)
        label = " · ".join(p for p in (compared.district, compared.period) if p)
        bars.append(ChartBar(label, number, unit, compared.citation))
    return bars


def comparison_png(values: Sequence[ComparedValue], title: str = "") -> bytes | None:
    """The comparison's chart, or None when fewer than two of its figures share a unit (nothing to compare)."""
    bars = dominant_unit(comparison_bars(values))
    return bar_chart_png(bars, title) if len(bars) >= 2 else None
