"""The bad-input corpus: each broken or hostile tree is refused with file:line, never a crash.

Every case under tests/fixtures/bad-input/<case>/ is a tiny project (data/ and content/)
with an expected.txt: comment lines (#) say what the case is, the other lines are exactly
what `make check` reports for it, ending with the error and warning count.
"""

from __future__ import annotations

import shutil
import time
from pathlib import Path

import pytest

from macros.engine import check, pages
from macros.engine.yamlload import YamlError, parse_text
from macros.northkorea.topic import TOPIC
from tests.conftest import ROOT, run_mkdocs

CORPUS = Path(__file__).parent / "fixtures" / "bad-input"
CASES = sorted(p.name for p in CORPUS.iterdir() if p.is_dir())
# Cases also run through a real strict MkDocs build: the build must stop the same way.
BUILT = (
    "bom-accepted",
    "dangerous-links-in-markdown",
    "duplicate-key",
    "markdown-bombs",
    "not-utf8",
    "python-object-tag",
    "three-mistakes-three-files",
)
FIXTURE_CONFIG = """\
site_name: Fixture
docs_dir: content
theme:
  name: material
  font: false
plugins:
  - macros:
      module_name: macros
      on_undefined: strict
      on_error_fail: true
"""
# Well under a second: an alias bomb must be refused, not expanded.
TIME_LIMIT_S = 0.5


def expected_lines(case: str) -> list[str]:
    """Return the lines a case must print, without its comments."""
    text = (CORPUS / case / "expected.txt").read_text(encoding="utf-8")
    return [line for line in text.splitlines() if line and not line.startswith("#")]


def check_output(project: Path) -> tuple[list[str], check.CheckResult]:
    """Run the check on a project; return what `make check` would print, and the result."""
    result = check.run(
        project, project / "data", project / "seeds", project / "content", topic=TOPIC
    )
    lines = [str(p) for p in result.problems]
    lines.append(f"{len(result.errors)} error(s), {len(result.warnings)} warning(s)")
    return lines, result


def test_the_corpus_covers_every_case_the_issue_names() -> None:
    assert len(CASES) >= 20
    for case in CASES:
        assert (CORPUS / case / "expected.txt").read_text().startswith("# "), case


@pytest.mark.parametrize("case", CASES)
def test_check_reports_exactly_the_expected_lines(case: str) -> None:
    start = time.perf_counter()
    lines, result = check_output(CORPUS / case)
    elapsed = time.perf_counter() - start
    assert lines == expected_lines(case)
    assert elapsed < TIME_LIMIT_S, f"{case} took {elapsed:.2f}s"
    if lines[-1].startswith("0 error(s)"):
        assert result.fact_base is not None
    else:
        assert result.fact_base is None or result.errors
        for problem in result.errors:
            assert problem.line >= 1
            assert (CORPUS / case / problem.path).is_file(), problem


@pytest.mark.slow
@pytest.mark.parametrize("case", BUILT)
def test_a_real_build_stops_with_the_same_messages(case: str, tmp_path: Path) -> None:
    project = tmp_path / case
    shutil.copytree(CORPUS / case, project)
    (project / "mkdocs.yml").write_text(FIXTURE_CONFIG, encoding="utf-8")
    (project / "macros").symlink_to(ROOT / "macros", target_is_directory=True)
    site = tmp_path / "out"
    done = run_mkdocs(project, site)
    output = done.stdout + done.stderr
    assert "Traceback" not in output
    problems = expected_lines(case)[:-1]
    if not problems:
        assert done.returncode == 0, output
        assert (site / "index.html").is_file()
        return
    assert done.returncode != 0
    for line in problems:
        assert line in output
    assert f"{len(problems)} problem(s)" in output
    assert not site.exists() or not any(site.iterdir())


def test_python_tags_construct_nothing(tmp_path: Path) -> None:
    project = tmp_path / "project"
    shutil.copytree(CORPUS / "python-object-tag", project)
    check_output(project)
    assert not (project / "pwned").exists()
    assert not Path("pwned").exists()


@pytest.mark.parametrize(
    "text",
    [
        "events: " + "[" * 1_000_000 + "]" * 1_000_000,
        "events:\n" + "- " * 1_000_000 + "x\n",
        "a: " + "{b: " * 100_000 + "c" + "}" * 100_000,
    ],
)
def test_nesting_a_million_deep_is_refused_in_bounded_time(text: str) -> None:
    # Composed naively, this crashes libyaml (C stack) or hits Python's recursion limit.
    start = time.perf_counter()
    with pytest.raises(YamlError, match="nested more than 32 levels deep"):
        parse_text(text)
    assert time.perf_counter() - start < TIME_LIMIT_S


@pytest.mark.parametrize(
    "url",
    [
        "javascript:alert(1)",
        "JavaScript:alert(1)",
        " javascript:alert(1)",
        "java\tscript:alert(1)",
        "java&#9;script:alert(1)",
        "&#106;avascript:alert(1)",
        "javascript&colon;alert(1)",
        "data:text/html,<script>alert(1)</script>",
        "vbscript:msgbox(1)",
        "file:///etc/passwd",
    ],
)
def test_disallowed_schemes_are_seen_through_obfuscation(url: str) -> None:
    assert pages.disallowed_scheme(url) is not None


@pytest.mark.parametrize(
    "url",
    ["https://example.org/", "http://example.org/", "../timeline/#x", "#top", "/about/", "a.png"],
)
def test_web_and_relative_links_pass(url: str) -> None:
    assert pages.disallowed_scheme(url) is None


def test_safe_markdown_and_html_pass() -> None:
    text = (
        "# Page\n\n[A](https://example.org/) [B](../sources/#x) ![C](img.png)\n\n"
        '<abbr title="Note: x">N</abbr> <a href="#top">top</a> <https://example.org>\n'
        "Text that mentions javascript: and data: is fine.\n"
    )
    assert pages.unsafe_markup("content/p.md", text) == []
