"""The HTML report in a real headless browser (Debian's Chromium): the inline script runs from
disk with no network and renders the seeds with their removed lines struck through.

Skipped when ``/usr/bin/chromium`` is absent, except under CI (``CI`` set), where that is a
failure: ``.ci/run`` installs it. The screenshot is kept as ``test-artifacts/report.png``.
"""
from __future__ import annotations

import os
import subprocess
from pathlib import Path

import lxml.html
import pytest
from click.testing import CliRunner

from cleaner.cli import main
from conftest import ROOT, SEEDS

CHROMIUM = Path("/usr/bin/chromium")
ARTIFACTS = ROOT / "test-artifacts"
FLAGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
         "--disable-background-networking", "--disable-component-update", "--disable-sync"]


@pytest.fixture(scope="module")
def chromium() -> Path:
    if not CHROMIUM.exists():
        if os.environ.get("CI"):
            pytest.fail(f"{CHROMIUM} is missing under CI: .ci/run must install Debian's chromium")
        pytest.skip(f"{CHROMIUM} not installed (apt-get install chromium); CI runs this test")
    return CHROMIUM


@pytest.fixture(scope="module")
def seeds_report(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("out")
    result = CliRunner().invoke(main, ["clean", str(SEEDS), "-o", str(out), "--format", "json",
                                       "-j", "1", "--html-report", str(out / "report.html")])
    assert result.exit_code == 0, result.output
    return out / "report.html"


def run_chromium(chromium: Path, profile: Path, *args: str) -> subprocess.CompletedProcess:
    return subprocess.run([str(chromium), *FLAGS, f"--user-data-dir={profile}", *args],
                          capture_output=True, text=True, timeout=180, check=False)


def test_rendered_report_strikes_through_the_removed_lines(chromium: Path, seeds_report: Path,
                                                           tmp_path: Path) -> None:
    # a virtual-time budget lets the page's script finish before the DOM is dumped
    done = run_chromium(chromium, tmp_path / "profile", "--virtual-time-budget=10000", "--dump-dom",
                        seeds_report.as_uri())
    assert done.returncode == 0, done.stderr[-2000:]
    dom = lxml.html.fromstring(done.stdout)
    assert dom.body.get("data-rendered") == "yes"          # the inline script ran to the end
    assert len(dom.xpath('//section[@class="page"]')) == 5
    struck = {d.text_content(): d.getparent() for d in dom.xpath('//div[contains(@class, "removed")]/del')}
    for line, reason, kind in [("Newsfeed", "rule:sputnik.newsfeed-footer", "k-rule"),
                               ("log in or register", "rule:global.sign-in", "k-rule"),
                               ("Jun 1, 2018", "heuristic:date-line", "k-heuristic"),
                               ("No comments:", "rule:blogger.no-comments-footer", "k-rule")]:
        assert line in struck, line
        assert kind in struck[line].get("class").split()
        assert reason in [t.text_content() for t in struck[line].xpath('span[contains(@class, "tag")]')]
    titles = [h.text_content() for h in dom.xpath('//section[@class="page"]/h3')]
    assert "Russian FM Received" in titles
    kept = [d.text_content() for d in dom.xpath('//div[@class="b kept"]')]
    assert any("MOSCOW (Sputnik) - North Korean leader" in k for k in kept)
    assert not any("log in or register" in k for k in kept)
    reason_rows = [r.xpath("td")[0].text_content() for r in dom.xpath('//table[@id="reasons"]/tr[td]')]
    assert "heuristic:repeated-block" in reason_rows


def test_filter_in_the_address_shows_only_matching_pages(chromium: Path, seeds_report: Path,
                                                         tmp_path: Path) -> None:
    done = run_chromium(chromium, tmp_path / "profile", "--virtual-time-budget=10000", "--dump-dom",
                        seeds_report.as_uri() + "#q=rule:blogger")
    assert done.returncode == 0, done.stderr[-2000:]
    dom = lxml.html.fromstring(done.stdout)
    titles = [h.text_content() for h in dom.xpath('//section[@class="page"]/h3')]
    assert titles == ["'Moscow To Develop Cooperation With North Korea Despite Sanctions': Sergei Lavrov"]
    assert [e.text_content() for e in dom.xpath('//*[contains(@class, "hit")]/del')] == \
        ["No comments:", "Post a Comment"]                   # the blocks that rule family removed


def test_screenshot_is_saved_as_an_artifact(chromium: Path, seeds_report: Path, tmp_path: Path) -> None:
    ARTIFACTS.mkdir(exist_ok=True)
    png = ARTIFACTS / "report.png"
    png.unlink(missing_ok=True)
    done = run_chromium(chromium, tmp_path / "profile", "--virtual-time-budget=10000",
                        f"--screenshot={png}", "--window-size=1280,2000",
                        seeds_report.as_uri())
    assert done.returncode == 0, done.stderr[-2000:]
    assert png.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"
    assert png.stat().st_size > 20_000                    # a blank page compresses to a few KB
