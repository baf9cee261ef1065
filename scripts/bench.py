"""Benchmark the build: synthetic fact bases and pages, the real site, and edit-to-reload.

Run with `make bench`. Each scenario is built twice in fresh processes: once with the
macros (the real engine), once with the same pages pre-rendered to plain Markdown and
the macros plugin removed. The table reports wall time and CPU time (user + system: the
fairer figure on a shared machine), peak memory, where the engine spent its time
(importing it, loading and validating the facts, reading and checking the pages, inside
macros), the largest page, and the overhead ratios (wall and CPU) over pre-rendered.
The last line is the same figures as one JSON object.
"""

from __future__ import annotations

import argparse
import functools
import json
import os
import random
import re
import shutil
import socket
import subprocess
import sys
import tempfile
import time
import urllib.request
from dataclasses import asdict, dataclass
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

import jinja2  # noqa: E402
import yaml  # noqa: E402

from macros.engine import factbase, urls  # noqa: E402
from macros.engine.markup import PageContext  # noqa: E402
from macros.engine.pages import page_ref  # noqa: E402
from macros.engine.registry import macros_for  # noqa: E402
from macros.engine.settings import Settings, Site  # noqa: E402
from macros.northkorea.topic import TOPIC  # noqa: E402

CATEGORIES = ["missile-test", "diplomacy", "sanctions", "military-drill", "humanitarian"]
WORDS = [
    "launch", "talks", "sanctions", "summit", "envoy", "missile", "council", "statement",
    "drill", "border", "aid", "harvest", "treaty", "veto", "panel", "report", "estimate",
    "range", "apogee", "salvo", "coast",
]  # fmt: skip


@dataclass
class Result:
    """One build's measurements."""

    scenario: str
    variant: str
    wall_s: float
    cpu_s: float
    peak_mb: float
    import_s: float
    load_s: float
    scan_s: float
    macros_s: float
    largest_kb: float
    pages: int


def _text(rng: random.Random, words: int) -> str:
    return " ".join(rng.choice(WORDS) for _ in range(words)).capitalize() + "."


def synthetic_data(folder: Path, n_events: int, seed: int = 7) -> None:
    """Write a synthetic fact base with this project's schema: events, sources, actors."""
    rng = random.Random(seed)  # noqa: S311 - synthetic text, not security
    n_sources = max(50, n_events // 10)
    data = folder / "data"
    data.mkdir(parents=True)
    actors = ["actors:"] + [
        f"  - {{id: actor-{i}, name: Actor {i}, kind: state}}" for i in range(10)
    ]
    (data / "actors.yml").write_text("\n".join(actors) + "\n")
    sources = ["sources:"]
    for i in range(n_sources):
        sources += [
            f"  - id: source-{i}",
            f"    publisher: Publisher {i % 40}",
            f"    title: {_text(rng, 8)}",
            f"    url: https://example.org/report/{i}",
            f"    date: {1984 + i % 42}-{1 + i % 12:02d}-{1 + i % 28:02d}",
        ]
    (data / "sources.yml").write_text("\n".join(sources) + "\n")
    events = ["events:"]
    for i in range(n_events):
        year = 1984 + (i * 42) // n_events
        events += [
            f"  - id: event-{i}",
            f"    date: {year}-{1 + i % 12:02d}-{1 + i % 28:02d}",
            f"    title: {_text(rng, 6)}",
            f"    summary: {_text(rng, 28)}",
            f"    category: {CATEGORIES[i % len(CATEGORIES)]}",
            f"    tags: [tag-{i % 20}]",
            f"    actors: [actor-{i % 10}]",
            f"    sources: [source-{i % n_sources}, source-{(i * 7 + 3) % n_sources}]",
        ]
    (data / "events.yml").write_text("\n".join(events) + "\n")


def synthetic_pages(folder: Path, n_events: int, n_pages: int, seed: int = 11) -> None:
    """Write explainer pages that use the macros the way the real pages do."""
    rng = random.Random(seed)  # noqa: S311 - synthetic text, not security
    content = folder / "content"
    content.mkdir(parents=True)
    (content / "index.md").write_text("# Home\n\nA synthetic site.\n")
    (content / "timeline.md").write_text("# Timeline\n\n{{ timeline(group='year') }}\n")
    (content / "sources.md").write_text("# Sources\n\n{{ sources_list() }}\n")
    embed_head = "---\ntitle: Timeline\ntemplate: embed.html\nsearch:\n  exclude: true\n---\n\n"
    (content / "embed" / "timeline").mkdir(parents=True)
    (content / "embed" / "timeline" / "index.md").write_text(
        embed_head + "{{ embed_timeline() }}\n"
    )
    (content / "embed" / "timeline" / "diplomacy.md").write_text(
        embed_head + "{{ embed_timeline(category='diplomacy') }}\n"
    )
    for p in range(n_pages - 3):
        lines = [f"# Page {p}", ""]
        for section in range(3):
            lines += [f"## Section {section}", ""]
            for _ in range(3):
                event = rng.randrange(n_events)
                source = rng.randrange(max(50, n_events // 10))
                lines.append(
                    f"{_text(rng, 25)} On {{{{ event('event-{event}') }}}} "
                    f"{_text(rng, 12)} {{{{ cite('source-{source}') }}}}"
                )
                lines.append("")
        year = 1984 + p % 42
        lines.append(f"{{{{ timeline(start={year}, end={year}, category='diplomacy') }}}}")
        # Pages live in sections of 50, as a large real site would organise them.
        section_dir = content / f"section-{p // 50:02d}"
        section_dir.mkdir(exist_ok=True)
        (section_dir / f"page-{p:04d}.md").write_text("\n".join(lines) + "\n")


def config_text(with_macros: bool, n_pages: int | None, profile: Path) -> str:
    """Return a mkdocs.yml like the real one (theme, features, plugins)."""
    real = (ROOT / "mkdocs.yml").read_text(encoding="utf-8")
    # The engine writes where the build spent its time here (settings.profile).
    real = real.replace("\n  explainer:\n", f"\n  explainer:\n    profile: {profile}\n", 1)
    if not with_macros:
        real = re.sub(r"\n  - macros:\n(?:      .*\n)+", "\n", real)
    if n_pages is not None:
        # Synthetic sites: drop the real nav and watch list; MkDocs builds the nav itself.
        real = re.sub(r"\nnav:\n(?:  - .*\n)+", "\n", real)
    return real


def project(folder: Path, with_macros: bool, synthetic: tuple[int, int] | None) -> Path:
    """Lay out a buildable project in folder (macros and overrides linked, not copied)."""
    folder.mkdir(parents=True, exist_ok=True)
    (folder / "macros").symlink_to(ROOT / "macros", target_is_directory=True)
    (folder / "overrides").symlink_to(ROOT / "overrides", target_is_directory=True)
    if synthetic is None:
        for name in ("data", "seeds", "content"):
            shutil.copytree(ROOT / name, folder / name)
    else:
        synthetic_data(folder, synthetic[0])
        (folder / "seeds").mkdir()
        synthetic_pages(folder, *synthetic)
    (folder / "mkdocs.yml").write_text(
        config_text(with_macros, synthetic[1] if synthetic else None, folder / "profile.json"),
        encoding="utf-8",
    )
    return folder


class _ConfigLoader(yaml.SafeLoader):
    """mkdocs.yml with its !ENV tags read as MkDocs reads them (other tags as None)."""


def _env(loader: yaml.SafeLoader, node: yaml.Node) -> Any:
    if isinstance(node, yaml.ScalarNode):
        return os.environ.get(str(loader.construct_scalar(node)))
    if not isinstance(node, yaml.SequenceNode):  # !ENV [NAME, ..., default]
        return None
    *names, default = [loader.construct_object(n) for n in node.value]
    given = [os.environ[str(n)] for n in names if str(n) in os.environ]
    return given[0] if given else default


_ConfigLoader.add_constructor("!ENV", _env)
_ConfigLoader.add_multi_constructor("", lambda loader, suffix, node: None)


def prerender(folder: Path) -> None:
    """Expand every macro call to plain Markdown, as a hand-written site would have it."""
    site = Site(url="http://127.0.0.1:8000/", name="bench")
    fb = factbase.load(folder / "data", folder / "seeds", folder, TOPIC, Settings(site=site))
    # The engine generates these pages at build time; a hand-written site has files.
    for rel, text in urls.generated_pages(fb).items():
        target = folder / "content" / rel
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text(text, encoding="utf-8")
    env = jinja2.Environment(undefined=jinja2.StrictUndefined, autoescape=False)  # noqa: S701
    # mkdocs-macros also gives pages the MkDocs config (`config.extra`, `config.repo_url`).
    config = yaml.load((folder / "mkdocs.yml").read_text(encoding="utf-8"), Loader=_ConfigLoader)  # noqa: S506 (a SafeLoader)
    for path in sorted((folder / "content").rglob("*.md")):
        src = path.relative_to(folder / "content").as_posix()
        ctx = PageContext.for_url(page_ref(src, "").url, src)
        bound: dict[str, Any] = {"config": config}
        for name, func in macros_for(TOPIC).items():
            bound[name] = functools.partial(func, fb, ctx)
        text = path.read_text(encoding="utf-8")
        head = ""
        if text.startswith("---"):
            end = text.index("\n---", 3) + 4
            head, text = text[:end], text[end:]
        path.write_text(head + env.from_string(text).render(**bound), encoding="utf-8")


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def build(folder: Path, scenario: str, variant: str) -> Result:
    """Build once in a fresh process; measure wall time, peak memory and the engine's split."""
    out = folder / "site"
    profile = folder / "profile.json"
    env = {
        **os.environ,
        "NO_MKDOCS_2_WARNING": "1",
        "SOURCE_DATE_EPOCH": "1764115200",
    }
    command = [sys.executable, "-m", "mkdocs", "build", "-q", "--strict", "-d", str(out)]
    start = time.perf_counter()
    proc = subprocess.Popen(command, cwd=folder, env=env)  # noqa: S603
    _, status, usage = os.wait4(proc.pid, 0)
    wall = time.perf_counter() - start
    proc.returncode = os.waitstatus_to_exitcode(status)
    if proc.returncode != 0:
        raise SystemExit(f"{scenario}/{variant}: build failed with exit {proc.returncode}")
    timings = json.loads(profile.read_text()) if profile.exists() else {}
    pages = list(out.rglob("*.html"))
    largest = max(p.stat().st_size for p in pages) / 1024
    return Result(
        scenario,
        variant,
        round(wall, 2),
        round(usage.ru_utime + usage.ru_stime, 2),
        round(usage.ru_maxrss / 1024, 1),
        round(timings.get("import", 0.0), 3),
        round(timings.get("load", 0.0), 3),
        round(timings.get("scan", 0.0), 3),
        round(timings.get("macros", 0.0), 3),
        round(largest, 1),
        len(pages),
    )


def scenario(tmp: Path, name: str, synthetic: tuple[int, int] | None) -> list[Result]:
    """Build one scenario with macros and pre-rendered."""
    with_macros = project(tmp / name / "macros", True, synthetic)
    plain = project(tmp / name / "plain", False, synthetic)
    prerender(plain)
    results = [build(with_macros, name, "macros"), build(plain, name, "pre-rendered")]
    print(
        f"  {name}: {results[0].wall_s}s with macros, {results[1].wall_s}s plain (CPU "
        f"{results[0].cpu_s}s / {results[1].cpu_s}s)",
        flush=True,
    )
    return results


def _wait_for(urls: list[str], marker: str | None, since: float, limit: float = 120) -> float:
    """Poll the pages until one answers (and shows marker); return the seconds since `since`."""
    while time.perf_counter() - since < limit:
        for url in urls:
            try:
                with urllib.request.urlopen(url, timeout=5) as page:  # noqa: S310 (127.0.0.1)
                    if page.status == 200 and (marker is None or marker in page.read().decode()):
                        return round(time.perf_counter() - since, 2)
            except OSError:
                pass
        time.sleep(0.05)
    raise SystemExit(f"edit-to-reload: {urls} never showed {marker!r}")


def _edit(path: Path, old: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    if old not in text:
        raise SystemExit(f"edit-to-reload: {old!r} is gone from {path.name}")
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


def _cpu_s(pid: int) -> float:
    """CPU seconds (user + system) the process has used so far (Linux /proc; else 0)."""
    try:
        fields = Path(f"/proc/{pid}/stat").read_text(encoding="ascii").rsplit(")", 1)[1].split()
    except OSError:
        return 0.0
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def edit_to_reload(tmp: Path) -> dict[str, float]:
    """Serve a copy of the real site as `make serve` does; time a page edit and a data edit.

    Each figure is the seconds from saving the file to the served page showing the change
    (wall time), and the CPU seconds the preview spent meanwhile ("content_cpu",
    "data_cpu"), which a busy machine inflates less.
    """
    folder = project(tmp / "serve", True, None)
    port = _free_port()
    env = {**os.environ, "NO_MKDOCS_2_WARNING": "1"}
    code = (
        "from pathlib import Path; from macros import preview; "
        f"preview.serve(Path('mkdocs.yml'), port={port})"
    )
    server = subprocess.Popen(  # noqa: S603
        [sys.executable, "-c", code],
        cwd=folder,
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    base = f"http://127.0.0.1:{port}/"
    out: dict[str, float] = {}
    try:
        _wait_for([base + "timeline/"], None, time.perf_counter(), limit=300)
        time.sleep(1.5)  # let the watcher settle after the first build
        start, cpu = time.perf_counter(), _cpu_s(server.pid)
        about = folder / "content" / "about.md"
        _edit(about, "# About this site", "# About this site (bench page edit)")
        out["content"] = _wait_for([base + "about/"], "bench page edit", start)
        out["content_cpu"] = round(_cpu_s(server.pid) - cpu, 2)
        print(
            f"  edit-to-reload: page edit {out['content']}s (cpu {out['content_cpu']}s)",
            flush=True,
        )
        time.sleep(1.5)
        start, cpu = time.perf_counter(), _cpu_s(server.pid)
        _edit(
            folder / "data" / "events.yml",
            "    title: Trump and Kim meet in Singapore",
            "    title: Bench data edit marker",
        )
        # The event's entry: on /timeline/, or its year's page once the timeline is split.
        pages = [base + "timeline/", base + "timeline/2018/"]
        out["data"] = _wait_for(pages, "Bench data edit marker", start)
        out["data_cpu"] = round(_cpu_s(server.pid) - cpu, 2)
        print(f"  edit-to-reload: data edit {out['data']}s (cpu {out['data_cpu']}s)", flush=True)
        return out
    finally:
        server.terminate()
        server.wait(timeout=10)


def search_part(tmp: Path, names: list[str], timings: bool) -> dict[str, Any]:
    """Search: the index's gzipped size per scenario; phone timings on the real site and 10k."""
    sys.path.insert(0, str(ROOT / "scripts"))
    import search_bench  # noqa: PLC0415 - a sibling script

    out: dict[str, Any] = {}
    print("search index (what a reader downloads when opening search):")
    for name in names:
        site = tmp / name / "macros" / "site"
        files = search_bench.index_files(site)
        raw = sum(f.stat().st_size for f in files) / 1024
        packed = sum(search_bench.gzipped_size(f) for f in files) / 1024
        docs = sum(len(json.loads(f.read_text(encoding="utf-8"))["docs"]) for f in files)
        out[name] = {"index_kb": round(raw, 1), "index_gzip_kb": round(packed, 1), "docs": docs}
        print(f"  {name:24} {raw:8.1f} KB {packed:7.1f} KB gzipped {docs:6d} results")
    if timings:
        for name, queries, repeat in (
            ("real-site", search_bench.QUERIES, 3),
            ("10k-events-100-pages", ("summit", "envoy"), 1),
        ):
            site = tmp / name / "macros" / "site"
            if not site.is_dir():
                continue
            print(f"search on a phone profile, {name}:")
            measured = search_bench.measure(site, queries, repeat=repeat)
            search_bench.print_table(measured)
            out[name].update({k: v for k, v in measured.items() if k != "queries"})
    return out


def main() -> int:
    """Run every scenario, print the table and the JSON line."""
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--quick", action="store_true", help="only the small scenarios")
    parser.add_argument(
        "--no-search-timing", action="store_true", help="index sizes only, no phone timings"
    )
    parser.add_argument(
        "--only", action="append", default=[], help="run only these scenarios (repeatable)"
    )
    parser.add_argument("--no-search", action="store_true", help="skip the search figures")
    parser.add_argument("--no-reload", action="store_true", help="skip edit-to-reload")
    args = parser.parse_args()
    scenarios: list[tuple[str, tuple[int, int] | None]] = [
        ("real-site", None),
        ("1k-events-100-pages", (1000, 100)),
        ("10k-events-100-pages", (10000, 100)),
        ("1k-events-1000-pages", (1000, 1000)),
    ]
    if args.quick:
        scenarios = scenarios[:2]
    if args.only:
        scenarios = [s for s in scenarios if s[0] in args.only]
    results: list[Result] = []
    with tempfile.TemporaryDirectory(prefix="bench-") as tmp_name:
        tmp = Path(tmp_name)
        for name, synthetic in scenarios:
            results += scenario(tmp, name, synthetic)
        names = [name for name, _ in scenarios]
        search = {} if args.no_search else search_part(tmp, names, not args.no_search_timing)
        reload_s = {"content": 0.0, "data": 0.0} if args.no_reload else edit_to_reload(tmp)
    by = {(r.scenario, r.variant): r for r in results}
    header = f"{'scenario':24} {'variant':13} {'wall s':>7} {'cpu s':>6} {'peak MB':>8} "
    header += f"{'import s':>8} "
    header += f"{'load s':>7} {'scan s':>7} {'macros s':>8} {'largest KB':>10} {'pages':>6} "
    header += f"{'overhead':>8} {'cpu ovh':>7}"
    print(header)
    print("-" * len(header))
    summary: dict[str, Any] = {
        "edit_to_reload_s": reload_s,
        "builds": [asdict(r) for r in results],
        "search": search,
    }
    for r in results:
        plain = by[(r.scenario, "pre-rendered")]
        ratio = r.wall_s / plain.wall_s if plain.wall_s else 0.0
        cpu_ratio = r.cpu_s / plain.cpu_s if plain.cpu_s else 0.0
        print(
            f"{r.scenario:24} {r.variant:13} {r.wall_s:7.2f} {r.cpu_s:6.2f} {r.peak_mb:8.1f} "
            f"{r.import_s:8.3f} "
            f"{r.load_s:7.3f} {r.scan_s:7.3f} {r.macros_s:8.3f} {r.largest_kb:10.1f} "
            f"{r.pages:6d} {ratio:8.2f} {cpu_ratio:7.2f}"
        )
        if r.variant == "macros":
            summary[f"overhead_{r.scenario}"] = round(ratio, 3)
            summary[f"cpu_overhead_{r.scenario}"] = round(cpu_ratio, 3)
    if ("10k-events-100-pages", "macros") in by and ("1k-events-100-pages", "macros") in by:
        ten, one = by[("10k-events-100-pages", "macros")], by[("1k-events-100-pages", "macros")]
        summary["growth_10k_over_1k"] = round(ten.wall_s / one.wall_s, 2)
        summary["largest_kb_10k"] = ten.largest_kb
    if ("1k-events-1000-pages", "macros") in by and ("1k-events-100-pages", "macros") in by:
        many, few = by[("1k-events-1000-pages", "macros")], by[("1k-events-100-pages", "macros")]
        summary["growth_1000_over_100_pages"] = round(many.wall_s / few.wall_s, 2)
    print(
        f"edit-to-reload on the real site (make serve): page edit {reload_s['content']}s "
        f"(cpu {reload_s.get('content_cpu', 0.0)}s), data edit {reload_s['data']}s "
        f"(cpu {reload_s.get('data_cpu', 0.0)}s)"
    )
    print(json.dumps(summary, sort_keys=True))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
