"""Run every contender in every framing, interleaved, and write the results.

    make bench          # or: .venv/bin/python benchmarks/run.py [--budget 300]
    .venv/bin/python benchmarks/run.py --only sync,chunks,official-sync,requests

``benchmarks/server.py`` runs in its own process on the last CPU; every
contender run is a fresh process on CPU 0 (``benchmarks/contenders.py``).
Each round runs every (framing, contender) pair once, in a new random order;
rounds repeat until ``--budget`` seconds are spent (at least ``--min-rounds``,
at most ``--max-rounds``). Every run's output is checked complete and correct.

Reported per pair: client CPU per chunk (median and min–max over rounds),
and the median and min–max of the per-round ratios to the floor and of the
official client to it, both from the same round. Then memory per open
stream, time to the first chunk and import time. Writes
``benchmarks/results.json``, the results section of ``docs/performance.md``
and ``docs/img/performance.png``.
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
import time
from pathlib import Path
from typing import Any, Callable, Optional

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
DOCS = ROOT / "docs"

STREAM_CONTENDERS = (
    "floor",
    "raw",
    "raw-uvloop",
    "chunks",
    "text",
    "sentences",
    "chunks-uvloop",
    "official",
)
ALL_FIELDS = ("floor-all", "raw-all", "chunks-all", "official-all")
# Where one socket read brings one line, the read timeout's timer is part of the cost.
NO_TIMEOUT = ("chunks-notimeout",)
# Sync code: ollama_async.sync, the official sync Client, a hand-written requests loop.
SYNC = ("sync", "sync-text", "official-sync", "requests")
FRAMINGS: dict[str, tuple[str, ...]] = {
    "burst": STREAM_CONTENDERS + ALL_FIELDS + SYNC,
    "paced": STREAM_CONTENDERS + NO_TIMEOUT + ALL_FIELDS + SYNC,
    "many": STREAM_CONTENDERS + NO_TIMEOUT,
}
# The official client needs ~20-30 s of CPU for 1000 streams: three samples are enough.
SLOW = {("many", "official"): 3}
MEMORY = {"memory": ("floor", "raw", "chunks", "official"), "pymemory": ("floor", "raw", "chunks")}
MEMORY_ROUNDS = 2
IMPORT_ROUNDS = 5
IMPORTS = ("ollama_async", "ollama")
LABELS = {
    "floor": "floor: aiohttp readany + orjson",
    "raw": "raw asyncio.Protocol + own parser",
    "raw-uvloop": "raw asyncio.Protocol on uvloop",
    "chunks": "ollama_async typed chunks",
    "text": "ollama_async .text()",
    "sentences": "ollama_async .sentences()",
    "chunks-uvloop": "ollama_async typed chunks on uvloop",
    "chunks-notimeout": "ollama_async typed chunks, timeout=None",
    "official": "official ollama.AsyncClient",
    "floor-all": "floor, every field",
    "raw-all": "raw, every field",
    "chunks-all": "ollama_async typed chunks, every field",
    "official-all": "official, every field",
    "sync": "ollama_async.sync typed chunks",
    "sync-text": "ollama_async.sync .text()",
    "official-sync": "official ollama.Client (sync)",
    "requests": "requests + json.loads over iter_lines()",
}
FRAMING_TITLES = {
    "burst": "burst (128 lines per server write, read as fast as the client can)",
    "paced": "paced (one line per write, 1 ms apart)",
    "many": "1000 concurrent streams × 20 tokens/s",
}
# (framing, contender, compared with, "<=" or ">=", limit): the goals of the performance issue.
GOALS: list[tuple[str, str, str, str, float]] = [
    ("burst", "chunks", "floor", "<=", 1.3),
    ("burst", "text", "floor", "<=", 1.15),
    ("burst", "sentences", "floor", "<=", 1.5),
    ("burst", "official", "chunks", ">=", 5),
    ("paced", "chunks", "floor", "<=", 1.05),
    ("many", "chunks", "floor", "<=", 1.0),
    ("burst", "chunks-all", "chunks", "<=", 1.2),
    ("paced", "chunks-all", "chunks", "<=", 1.2),
    ("burst", "sync", "requests", "<=", 1.0),
    ("burst", "official-sync", "sync", ">=", 4),
    ("paced", "sync", "chunks", "<=", 1.15),
]

# Bytecode is written and used, as for an installed package.
ENV = {key: value for key, value in os.environ.items() if key != "PYTHONDONTWRITEBYTECODE"}
CPUS = os.cpu_count() or 1


def pin_to_first_cpu() -> None:
    if CPUS > 1 and hasattr(os, "sched_setaffinity"):
        os.sched_setaffinity(0, {0})


def start_server() -> tuple[subprocess.Popen[str], dict[str, str]]:
    process = subprocess.Popen(
        [sys.executable, str(HERE / "server.py")], stdout=subprocess.PIPE, text=True, env=ENV
    )
    assert process.stdout is not None
    line = process.stdout.readline()
    if not line.startswith("URLS "):
        process.kill()
        raise SystemExit(f"the benchmark server did not start: {line!r}")
    return process, dict(item.split("=", 1) for item in line.split()[1:])


FAILURES: list[str] = []


def run_contender(framing: str, contender: str, url: str) -> Optional[dict[str, Any]]:
    """One contender process; one retry if it fails, then ``None`` (the run goes on)."""
    for attempt in (1, 2):
        process = subprocess.run(
            [sys.executable, str(HERE / "contenders.py"), framing, contender, url],
            capture_output=True,
            text=True,
            timeout=180,
            env=ENV,
            preexec_fn=pin_to_first_cpu,
        )
        if process.returncode == 0:
            result: dict[str, Any] = json.loads(process.stdout.strip().splitlines()[-1])
            if result["ok"]:
                return result
            problem = "wrong or incomplete output"
        else:
            problem = process.stderr.strip()[-500:]
        print(f"{framing}/{contender} attempt {attempt}: {problem}", file=sys.stderr)
    FAILURES.append(f"{framing}/{contender}: {problem}")
    return None


def import_time(module: str) -> tuple[float, float]:
    """CPU seconds of ``import aiohttp, orjson`` in a fresh interpreter, then of ``module`` on top."""
    code = (
        "import time; t0 = time.process_time(); import aiohttp, orjson; "
        f"t1 = time.process_time(); import {module}; t2 = time.process_time(); "
        "print(t1 - t0, t2 - t1)"
    )
    output = subprocess.run(
        [sys.executable, "-c", code],
        capture_output=True,
        text=True,
        check=True,
        env=ENV,
        preexec_fn=pin_to_first_cpu,
    ).stdout.split()
    return float(output[0]), float(output[1])


def measure(
    budget: float, min_rounds: int, max_rounds: int, only: Optional[set[str]] = None
) -> dict[str, Any]:
    """Every framing's contenders (or only those in `only`), then memory, latency and imports
    (not with `only`)."""
    started = time.monotonic()
    server, urls = start_server()
    framings = {
        framing: tuple(name for name in contenders if only is None or name in only)
        for framing, contenders in FRAMINGS.items()
    }
    runs: dict[str, dict[str, list[dict[str, Any]]]] = {
        framing: {contender: [] for contender in contenders}
        for framing, contenders in framings.items()
        if contenders
    }
    rounds = 0
    rng = random.Random(12)
    try:
        tail = 40.0  # memory, latency and imports, roughly
        while rounds < max_rounds:
            round_started = time.monotonic()
            jobs = [
                (framing, contender)
                for framing, contenders in runs.items()
                for contender in contenders
                if rounds < SLOW.get((framing, contender), max_rounds)
            ]
            rng.shuffle(jobs)
            for framing, contender in jobs:
                result = run_contender(framing, contender, urls[framing])
                if result is not None:
                    runs[framing][contender].append({"round": rounds, **result})
            rounds += 1
            took = time.monotonic() - round_started
            print(f"round {rounds}: {took:.0f} s", file=sys.stderr)
            elapsed = time.monotonic() - started
            if rounds >= min_rounds and elapsed + took + tail > budget:
                break
        if only is not None:
            return {"rounds": rounds, "seconds": time.monotonic() - started, "runs": runs}
        memory: dict[str, dict[str, list[float]]] = {
            kind: {contender: [] for contender in contenders} for kind, contenders in MEMORY.items()
        }
        for index in range(MEMORY_ROUNDS):
            for kind, contenders in MEMORY.items():
                for contender in contenders:
                    if contender == "official" and index > 0:
                        continue  # ~10 s a run; one sample
                    result = run_contender(kind, contender, urls["hold"])
                    if result is not None:
                        memory[kind][contender].append(result["bytes_per_stream"])
        result = run_contender("latency", "all", urls["burst"])
        latency = {} if result is None else result["first_chunk_s"]
    finally:
        server.kill()
        server.wait()
    imports: dict[str, list[float]] = {name: [] for name in ("aiohttp, orjson", *IMPORTS)}
    for module in IMPORTS:
        import_time(module)  # write the bytecode first
    for _ in range(IMPORT_ROUNDS):
        for module in IMPORTS:
            base, extra = import_time(module)
            imports["aiohttp, orjson"].append(base)
            imports[module].append(extra)
    return {
        "machine": f"{platform.machine()}, {CPUS} CPUs, Python {platform.python_version()}",
        "rounds": rounds,
        "seconds": time.monotonic() - started,
        "runs": runs,
        "memory_bytes_per_stream": memory,
        "first_chunk_s": latency,
        "import_s": imports,
        "failures": FAILURES,
    }


# -- summary -------------------------------------------------------------------


def spread(values: list[float]) -> dict[str, float]:
    return {"median": statistics.median(values), "min": min(values), "max": max(values)}


def per_chunk(run: dict[str, Any]) -> float:
    return float(run["cpu"]) / int(run["units"]) * 1e6


def paired(
    runs: dict[str, list[dict[str, Any]]],
    top: str,
    bottom: str,
    op: Callable[[float, float], float],
) -> Optional[dict[str, float]]:
    """Per-round ``op(top, bottom)`` of CPU per chunk, over the rounds both ran in."""
    bottoms = {run["round"]: per_chunk(run) for run in runs.get(bottom, [])}
    values = [
        op(per_chunk(run), bottoms[run["round"]])
        for run in runs.get(top, [])
        if run["round"] in bottoms
    ]
    return spread(values) if values else None


def summarise(data: dict[str, Any]) -> dict[str, Any]:
    table: dict[str, dict[str, Any]] = {}
    for framing, contenders in data["runs"].items():
        table[framing] = {}
        for contender, runs in contenders.items():
            if not runs:
                continue
            reads = [run["units"] / run["reads"] for run in runs if run.get("reads")]
            table[framing][contender] = {
                "us_per_chunk": spread([per_chunk(run) for run in runs]),
                "vs_floor": paired(contenders, contender, "floor", lambda a, b: a / b),
                "official_over": paired(contenders, "official", contender, lambda a, b: a / b),
                "lines_per_read": statistics.median(reads) if reads else None,
                "samples": len(runs),
            }
    goals = []
    for framing, contender, other, direction, limit in GOALS:
        ratio = paired(data["runs"][framing], contender, other, lambda a, b: a / b)
        if ratio is not None:
            median = ratio["median"]
            goals.append(
                {
                    "framing": framing,
                    "contender": contender,
                    "compared_with": other,
                    "direction": direction,
                    "limit": limit,
                    "ratio": ratio,
                    "met": median <= limit if direction == "<=" else median >= limit,
                }
            )
    memory = {
        kind: {name: spread(values) for name, values in contenders.items() if values}
        for kind, contenders in data["memory_bytes_per_stream"].items()
    }
    for kind, sizes in data["memory_bytes_per_stream"].items():
        ratios = [ours / floor for ours, floor in zip(sizes["chunks"], sizes["floor"])]
        if not ratios:
            continue
        goals.append(
            {
                "framing": f"{kind} per open stream",
                "contender": "chunks",
                "compared_with": "floor",
                "direction": "<=",
                "limit": 1.1,
                "ratio": spread(ratios),
                "met": statistics.median(ratios) <= 1.1,
            }
        )
    latency = {name: spread(values) for name, values in data["first_chunk_s"].items()}
    imports = {name: statistics.median(values) for name, values in data["import_s"].items()}
    return {
        "table": table,
        "goals": goals,
        "memory": memory,
        "latency": latency,
        "imports": imports,
    }


# -- report --------------------------------------------------------------------


def ratio_text(value: Optional[dict[str, float]], digits: int = 2) -> str:
    if value is None:
        return ""
    return f"{value['median']:.{digits}f} ({value['min']:.{digits}f}–{value['max']:.{digits}f})"


def kib(value: Optional[dict[str, float]]) -> str:
    return "" if value is None else f"{value['median'] / 1024:.1f}"


def goal_text(goal: dict[str, Any]) -> str:
    sign = "≤" if goal["direction"] == "<=" else "≥"
    what = f"{goal['framing']}: `{goal['contender']}` ÷ `{goal['compared_with']}` {sign} {goal['limit']}"
    return f"| {what} | {ratio_text(goal['ratio'])} | {'met' if goal['met'] else '**not met**'} |"


def readme_sentence(summary: dict[str, Any]) -> str:
    table = summary["table"]
    rows = [table[framing].get("chunks") for framing in ("burst", "paced", "many")]
    if any(row is None or row["vs_floor"] is None or row["official_over"] is None for row in rows):
        return "(not available: a contender failed in every round)"
    burst, paced, many = rows
    return (
        f"Reading a chat stream as typed chunks costs {burst['us_per_chunk']['median']:.1f} µs of "
        f"client CPU per chunk when lines arrive in bursts — "
        f"{burst['vs_floor']['median']:.2f}× a bare aiohttp + orjson loop and "
        f"{burst['official_over']['median']:.1f}× less than `ollama.AsyncClient` — "
        f"{paced['vs_floor']['median']:.2f}× the bare loop at one line per millisecond, and "
        f"{many['vs_floor']['median']:.2f}× it ({many['official_over']['median']:.0f}× less than "
        f"the official client) with 1000 concurrent streams "
        f"([benchmarks](docs/performance.md), `make bench`)."
    )


def write_report(data: dict[str, Any], summary: dict[str, Any]) -> str:
    lines = [
        f"Measured with `make bench` on {data['machine']}: {data['rounds']} interleaved rounds "
        f"({data['seconds']:.0f} s). Client CPU per chunk is the median over rounds "
        "(min–max in brackets); ratios are medians (min–max) of per-round ratios, each from "
        "one round's runs.",
        "",
    ]
    for framing, title in FRAMING_TITLES.items():
        lines += [
            f"**{title}**",
            "",
            "| contender | µs CPU / chunk | × floor | official ÷ this | lines / read |",
            "| --- | ---: | ---: | ---: | ---: |",
        ]
        for contender, row in summary["table"][framing].items():
            per = row["us_per_chunk"]
            official = (
                "" if contender.startswith("official") else ratio_text(row["official_over"], 1)
            )
            reads = "" if row["lines_per_read"] is None else f"{row['lines_per_read']:.0f}"
            lines.append(
                f"| {LABELS[contender]} | {per['median']:.2f} ({per['min']:.2f}–{per['max']:.2f}) | "
                f"{ratio_text(row['vs_floor'])} | {official} | {reads} |"
            )
        lines.append("")
    if data.get("failures"):
        lines += ["**Runs that failed twice** (left out above)", ""]
        lines += [f"- {failure.splitlines()[-1]}" for failure in data["failures"] if failure]
        lines.append("")
    lines += [
        "**Goals of the performance issue**",
        "",
        "| goal | measured | |",
        "| --- | ---: | --- |",
    ]
    lines += [goal_text(goal) for goal in summary["goals"]]
    lines += [
        "",
        "**Memory per open stream** (1000 streams open, each past its first chunk; "
        "growth of the process divided by 1000)",
        "",
        "| contender | RSS KiB / stream | Python heap KiB / stream (tracemalloc) |",
        "| --- | ---: | ---: |",
    ]
    memory = summary["memory"]
    for contender in MEMORY["memory"]:
        rss, heap = memory["memory"].get(contender), memory["pymemory"].get(contender)
        lines.append(f"| {LABELS[contender]} | {kib(rss)} | {kib(heap)} |")
    latency = summary["latency"]
    lines += [
        "",
        "**Time to the first chunk** (20-line reply in one write, the three clients in turn "
        "in one process, 200 requests each; median, min–max)",
        "",
        "| contender | ms |",
        "| --- | ---: |",
    ]
    for name, value in latency.items():
        lines.append(
            f"| {LABELS[name]} | {value['median'] * 1e3:.3f} "
            f"({value['min'] * 1e3:.3f}–{value['max'] * 1e3:.3f}) |"
        )
    imports = summary["imports"]
    lines += [
        "",
        "**Import time** (CPU ms, median of 5 fresh interpreters, bytecode cached)",
        "",
        "| import | ms |",
        "| --- | ---: |",
        f"| `import aiohttp, orjson` | {imports['aiohttp, orjson'] * 1e3:.1f} |",
    ]
    for module in IMPORTS:
        lines.append(f"| then `import {module}` | +{imports[module] * 1e3:.1f} |")
    lines += [
        "",
        "For the README:",
        "",
        "> " + readme_sentence(summary),
        "",
        "![client CPU per chunk relative to the floor, per framing](img/performance.png)",
    ]
    start, end = "<!-- results:start -->", "<!-- results:end -->"
    page = (DOCS / "performance.md").read_text(encoding="utf-8")
    before, _, rest = page.partition(start)
    _, _, after = rest.partition(end)
    generated = "\n".join(lines)
    (DOCS / "performance.md").write_text(
        f"{before}{start}\n{generated}\n{end}{after}", encoding="utf-8"
    )
    return generated


def draw_chart(summary: dict[str, Any]) -> None:
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    fig, axes = plt.subplots(1, len(FRAMINGS), figsize=(13, 4.8), sharey=True)
    colors = {
        "floor": "#777777",
        "raw": "#aaaaaa",
        "raw-uvloop": "#cccccc",
        "chunks": "#1f77b4",
        "text": "#4a90d9",
        "sentences": "#7fb3e6",
        "chunks-uvloop": "#17becf",
        "chunks-notimeout": "#9edae5",
        "official": "#d62728",
    }
    for axis, framing in zip(axes, FRAMINGS):
        rows = summary["table"][framing]
        names = [name for name in colors if name in rows and rows[name]["vs_floor"]]
        values = [rows[name]["vs_floor"]["median"] for name in names]
        lows = [v - rows[n]["vs_floor"]["min"] for n, v in zip(names, values)]
        highs = [rows[n]["vs_floor"]["max"] - v for n, v in zip(names, values)]
        axis.bar(
            range(len(names)),
            values,
            yerr=[lows, highs],
            color=[colors[name] for name in names],
            capsize=3,
        )
        for x, value in enumerate(values):
            axis.text(x, value * 1.05, f"{value:.2f}", ha="center", fontsize=7)
        axis.axhline(1.0, color="black", linewidth=0.8)
        axis.set_yscale("log")
        axis.set_xticks(range(len(names)))
        axis.set_xticklabels(names, rotation=40, ha="right", fontsize=8)
        axis.set_title(framing, fontsize=10)
    axes[0].set_ylabel("client CPU per chunk, × floor (log; lower is better)")
    fig.tight_layout()
    (DOCS / "img").mkdir(exist_ok=True)
    fig.savefig(DOCS / "img" / "performance.png", dpi=100)


def print_subset(data: dict[str, Any]) -> None:
    """The per-framing rows and the goals of a `--only` run (docs and results.json untouched)."""
    table: dict[str, dict[str, Any]] = {}
    for framing, contenders in data["runs"].items():
        table[framing] = {}
        for contender, runs in contenders.items():
            if runs:
                table[framing][contender] = spread([per_chunk(run) for run in runs])
    print(f"{data['rounds']} interleaved rounds ({data['seconds']:.0f} s)")
    for framing, rows in table.items():
        print(f"\n{FRAMING_TITLES[framing]}: µs CPU / chunk, median (min–max)")
        for contender, per in rows.items():
            print(
                f"  {LABELS[contender]:45} {per['median']:8.2f} ({per['min']:.2f}–{per['max']:.2f})"
            )
    print("\nratios, median (min–max) of per-round ratios:")
    for framing, contender, other, direction, limit in GOALS:
        runs = data["runs"].get(framing, {})
        ratio = paired(runs, contender, other, lambda a, b: a / b)
        if ratio is not None:
            median = ratio["median"]
            met = median <= limit if direction == "<=" else median >= limit
            sign = "≤" if direction == "<=" else "≥"
            print(
                f"  {framing}: {contender} ÷ {other} {sign} {limit}: {ratio_text(ratio)} "
                f"{'met' if met else 'NOT MET'}"
            )


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--budget", type=float, default=300, help="seconds, roughly")
    parser.add_argument("--min-rounds", type=int, default=3)
    parser.add_argument("--max-rounds", type=int, default=9)
    parser.add_argument(
        "--from-json", action="store_true", help="rewrite the report from results.json"
    )
    parser.add_argument(
        "--only",
        metavar="NAMES",
        help="comma-separated contenders (e.g. sync,chunks,official-sync,requests): run just "
        "those, print their rows and ratios, write nothing",
    )
    options = parser.parse_args()
    if options.only:
        names = set(options.only.split(","))
        unknown = names - set(LABELS)
        if unknown:
            parser.error(f"--only: unknown contenders {', '.join(sorted(unknown))}")
        data = measure(options.budget, options.min_rounds, options.max_rounds, names)
        print_subset(data)
        return
    if options.from_json:
        data = json.loads((HERE / "results.json").read_text(encoding="utf-8"))
    else:
        data = measure(options.budget, options.min_rounds, options.max_rounds)
    summary = summarise(data)
    data["summary"] = summary
    (HERE / "results.json").write_text(json.dumps(data, indent=1) + "\n", encoding="utf-8")
    print(write_report(data, summary))
    draw_chart(summary)


if __name__ == "__main__":
    main()
