"""Run every benchmark scenario, interleaved, and write docs/performance.md and its chart.

    make bench          # or: .venv/bin/python benchmarks/run.py [--repeat 7]

The Ollama-shaped server runs in its own process pinned to the last CPU, each
contender run in its own process pinned to CPU 0, one after another in a
shuffled order, ``--repeat`` times. Every run's output is checked complete and
correct. Reported: medians, and the median of the per-round ratios to the floor
(aiohttp ``iter_any()`` + own byte buffer + ``orjson.loads``, no objects).
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import random
import statistics
import subprocess
import sys
from pathlib import Path
from typing import Any

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
DOCS = ROOT / "docs"

SCENARIOS: dict[str, tuple[str, ...]] = {
    "stream-generate": ("floor", "chunks", "text", "sentences", "ollama"),
    "stream-chat": ("floor", "chunks", "text", "sentences", "ollama"),
    "nonstream-chat": ("floor", "client", "ollama"),
    "nonstream-embed": ("floor", "client", "ollama"),
    "concurrent": ("floor", "chunks"),
}
TARGETS = {
    ("stream-generate", "chunks"): 1.3,
    ("stream-chat", "chunks"): 1.3,
    ("stream-generate", "text"): 1.15,
    ("stream-chat", "text"): 1.15,
    ("stream-generate", "sentences"): 1.5,
    ("stream-chat", "sentences"): 1.5,
    ("nonstream-chat", "client"): 1.2,
    ("nonstream-embed", "client"): 1.2,
    ("concurrent", "chunks"): 1.2,
}
IMPORTS = {
    "aiohttp + orjson": "import aiohttp, orjson",
    "ollama_async": "import ollama_async",
    "ollama (official)": "import ollama",
}


# Bytecode is written and used, as for an installed package.
ENV = {key: value for key, value in os.environ.items() if key != "PYTHONDONTWRITEBYTECODE"}


def start_server() -> tuple[subprocess.Popen[str], str]:
    process = subprocess.Popen(
        [sys.executable, str(HERE / "server.py")], stdout=subprocess.PIPE, text=True, env=ENV
    )
    assert process.stdout is not None
    line = process.stdout.readline()
    if not line.startswith("URL "):
        process.kill()
        raise SystemExit(f"the benchmark server did not start: {line!r}")
    return process, line.split()[1]


def run_contender(scenario: str, contender: str, url: str) -> dict[str, Any]:
    output = subprocess.run(
        [sys.executable, str(HERE / "contenders.py"), scenario, contender, url],
        capture_output=True,
        text=True,
        check=True,
        timeout=600,
        env=ENV,
    ).stdout
    result: dict[str, Any] = json.loads(output.strip().splitlines()[-1])
    if not result["ok"]:
        raise SystemExit(f"{scenario}/{contender} produced wrong or incomplete output")
    return result


def import_time(statement: str) -> float:
    code = f"import time; t = time.perf_counter(); {statement}; print(time.perf_counter() - t)"
    return float(
        subprocess.run(
            [sys.executable, "-c", code], capture_output=True, text=True, check=True
        ).stdout
    )


def measure(repeat: int, *, first_chunk: bool = True) -> dict[str, Any]:
    server, url = start_server()
    try:
        runs: dict[str, dict[str, list[dict[str, Any]]]] = {
            s: {c: [] for c in cs} for s, cs in SCENARIOS.items()
        }
        paired: list[dict[str, Any]] = []
        rng = random.Random(1)
        for round_number in range(repeat):
            for scenario, contenders in SCENARIOS.items():
                order = list(contenders)
                rng.shuffle(order)
                for contender in order:
                    runs[scenario][contender].append(run_contender(scenario, contender, url))
            if first_chunk:
                paired.append(run_contender("first-chunk", "paired", url))
            print(f"round {round_number + 1}/{repeat} done", file=sys.stderr)
    finally:
        server.kill()
    imports: dict[str, list[float]] = {name: [] for name in IMPORTS}
    for statement in IMPORTS.values():
        import_time(statement)  # write the bytecode first
    for _ in range(repeat if first_chunk else 0):
        for name, statement in IMPORTS.items():
            imports[name].append(import_time(statement))
    return {"runs": runs, "first_chunk": paired, "imports": imports}


def summarise(data: dict[str, Any]) -> list[dict[str, Any]]:
    rows = []
    for scenario, contenders in data["runs"].items():
        floor = contenders["floor"]
        for contender, results in contenders.items():
            per_unit = [r["cpu"] / r["units"] * 1e6 for r in results]
            ratios = [r["cpu"] / f["cpu"] for r, f in zip(results, floor)]
            rows.append(
                {
                    "scenario": scenario,
                    "contender": contender,
                    "us_per_unit": statistics.median(per_unit),
                    "ratio": statistics.median(ratios),
                    "rss": statistics.median(r["maxrss_mib"] for r in results),
                    "target": TARGETS.get((scenario, contender)),
                }
            )
    return rows


def write_report(data: dict[str, Any], rows: list[dict[str, Any]], repeat: int) -> None:
    units = {
        "stream": "chunk",
        "nonstream-chat": "request",
        "nonstream-embed": "request",
        "concurrent": "chunk",
    }
    lines = [
        "| scenario | contender | client CPU µs per unit | × floor (median of paired rounds) | target | peak RSS MiB |",
        "| --- | --- | ---: | ---: | --- | ---: |",
    ]
    for row in rows:
        unit = next(u for key, u in units.items() if row["scenario"].startswith(key))
        target = row["target"]
        verdict = (
            ""
            if target is None
            else (f"≤ {target} ✅" if row["ratio"] <= target else f"≤ {target} ❌")
        )
        lines.append(
            f"| {row['scenario']} | {row['contender']} | {row['us_per_unit']:.2f} / {unit} | "
            f"{row['ratio']:.2f} | {verdict} | {row['rss']:.1f} |"
        )
    for scenario in ("stream-generate", "stream-chat", "nonstream-chat", "nonstream-embed"):
        ours = next(
            r for r in rows if r["scenario"] == scenario and r["contender"] in ("chunks", "client")
        )
        official = next(r for r in rows if r["scenario"] == scenario and r["contender"] == "ollama")
        lines.append(
            f"\n`ollama.AsyncClient` / `ollama_async` on {scenario}: **{official['ratio'] / ours['ratio']:.2f}×**"
        )
    extra = statistics.median(r["median_extra_ms"] for r in data["first_chunk"])
    floor_ms = statistics.median(r["median_floor_ms"] for r in data["first_chunk"])
    lines.append(
        f"\nTime to first chunk: floor {floor_ms:.3f} ms, `ollama_async` **{extra:+.3f} ms** "
        "(median of 300 paired requests per round, target ≤ +0.2 ms)."
    )
    imports = {name: statistics.median(values) * 1000 for name, values in data["imports"].items()}
    base = imports["aiohttp + orjson"]
    lines.append("\n| import | ms (median) | over `aiohttp, orjson` |\n| --- | ---: | ---: |")
    for name, value in imports.items():
        lines.append(f"| `{name}` | {value:.1f} | {value - base:+.1f} |")
    machine = f"{platform.machine()}, {os.cpu_count()} CPUs, Python {platform.python_version()}"
    table = "\n".join(lines)
    page = (DOCS / "performance.md").read_text(encoding="utf-8")
    start, end = "<!-- results:start -->", "<!-- results:end -->"
    before, _, rest = page.partition(start)
    _, _, after = rest.partition(end)
    generated = (
        f"{start}\nMeasured with `make bench` ({repeat} rounds) on {machine}.\n\n{table}\n\n"
        f"![client CPU per unit, relative to the floor](img/performance.png)\n{end}"
    )
    (DOCS / "performance.md").write_text(before + generated + after, encoding="utf-8")
    (HERE / "results.json").write_text(json.dumps(data, indent=1), encoding="utf-8")


def draw_chart(rows: list[dict[str, Any]]) -> None:
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    scenarios = list(SCENARIOS)
    contenders = ["floor", "chunks", "text", "sentences", "client", "ollama"]
    colors = ["#999999", "#1f77b4", "#4a90d9", "#7fb3e6", "#1f77b4", "#d62728"]
    fig, ax = plt.subplots(figsize=(10, 4.5))
    width = 0.14
    for index, (contender, color) in enumerate(zip(contenders, colors)):
        xs, heights = [], []
        for position, scenario in enumerate(scenarios):
            row = next(
                (r for r in rows if r["scenario"] == scenario and r["contender"] == contender), None
            )
            if row is not None:
                xs.append(position + (index - 2.5) * width)
                heights.append(row["ratio"])
        if xs:
            ax.bar(xs, heights, width, label=contender, color=color)
    ax.axhline(1.0, color="black", linewidth=0.8)
    ax.set_xticks(range(len(scenarios)))
    ax.set_xticklabels(scenarios)
    ax.set_ylabel("client CPU, × floor (lower is better)")
    ax.legend(ncol=6, fontsize=8, loc="upper left")
    fig.tight_layout()
    (DOCS / "img").mkdir(exist_ok=True)
    fig.savefig(DOCS / "img" / "performance.png", dpi=110)


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--repeat", type=int, default=7)
    parser.add_argument("--only", choices=list(SCENARIOS), help="run one scenario, print its rows")
    options = parser.parse_args()
    repeat = options.repeat
    if options.only:
        for name in list(SCENARIOS):
            if name != options.only:
                del SCENARIOS[name]
        for row in summarise(measure(repeat, first_chunk=False)):
            print(row)
        return
    data = measure(repeat)
    rows = summarise(data)
    write_report(data, rows, repeat)
    draw_chart(rows)
    print((DOCS / "performance.md").read_text(encoding="utf-8"))


if __name__ == "__main__":
    main()
