"""The quality gate: cleaner's F1 on a fixed sample of every bench source stays at its floors.

The floors and the sample's digest are in ``bench/gate_floors.json`` (``python bench/gate.py
--update`` re-pins them and refuses to lower one without ``--allow-regression``). The sample is
read from ``../shared/bench`` (or ``$CLEANER_BENCH``); where it is missing the gate is skipped
outside CI and fails under CI, so a CI run never passes without it.
"""
from __future__ import annotations

import importlib.util
import os
import sys

import pytest

from conftest import ROOT

BENCH_DIR = ROOT / "bench"


def _load(name: str):
    sys.path.insert(0, str(BENCH_DIR))
    spec = importlib.util.spec_from_file_location(name, BENCH_DIR / f"{name}.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)  # type: ignore[union-attr]
    return module


gate = _load("gate")
quality = gate.quality


@pytest.fixture(scope="module")
def measured():
    if not all((quality.BENCH / s / "gold").is_dir() for s in quality.SOURCES):
        message = f"the shared bench is not at {quality.BENCH} (set CLEANER_BENCH)"
        if os.environ.get("CI"):
            pytest.fail(message)
        pytest.skip(message)
    return gate.measure()


def test_gate_reads_the_pages_its_floors_were_pinned_on(measured):
    _, digest = measured
    assert digest == gate.load_floors()["digest"], \
        "the gate's sample changed: check ../shared/bench, then `python bench/gate.py --update`"


def test_no_page_fails(measured):
    figures, _ = measured
    assert figures["failures"] == []


def test_every_figure_at_its_floor(measured):
    figures, _ = measured
    floors = gate.load_floors()
    problems = gate.compare(figures["figures"], floors["floors"], floors["tolerance"])
    assert not problems, "quality dropped below the gate's floors:\n" + "\n".join(problems)


def test_floors_cover_every_source_and_mode():
    floors = gate.load_floors()["floors"]
    assert set(floors) == set(gate.MODES)
    for row in floors.values():
        assert set(row) == set(quality.SOURCES) | {"macro"}


def test_compare_flags_a_drop_beyond_tolerance_only():
    floors = {"html": {"dev": 0.90, "macro": 0.90}}
    assert gate.compare({"html": {"dev": 0.899, "macro": 0.95}}, floors, 0.002) == []
    problems = gate.compare({"html": {"dev": 0.897, "macro": 0.95}}, floors, 0.002)
    assert len(problems) == 1 and "html on dev" in problems[0]
    assert gate.compare({}, floors, 0.002)[0].startswith("html on dev: not measured")


def test_update_refuses_to_lower_a_floor_without_leave(tmp_path, monkeypatch):
    """``--update`` with a figure below its floor exits with the lowered floors named."""
    floors = tmp_path / "floors.json"
    old = {"floors": {m: {s: 1.0 for s in (*quality.SOURCES, "macro")} for m in gate.MODES},
           "digest": "x", "tolerance": 0.002}
    floors.write_text(gate.json.dumps(old))
    figures = {m: {s: 0.5 for s in (*quality.SOURCES, "macro")} for m in gate.MODES}
    monkeypatch.setattr(gate, "FLOORS", floors)
    monkeypatch.setattr(gate, "measure", lambda jobs=None: ({"figures": figures, "failures": []}, "y"))
    monkeypatch.setattr(sys, "argv", ["gate.py", "--update"])
    with pytest.raises(SystemExit) as stop:
        gate.main()
    assert "refusing to lower" in str(stop.value.code)
    assert gate.json.loads(floors.read_text()) == old          # nothing written
    monkeypatch.setattr(sys, "argv", ["gate.py", "--update", "--allow-regression"])
    gate.main()
    assert gate.json.loads(floors.read_text())["floors"] == figures


def test_sample_is_fixed_and_stratified():
    pages = [quality.Page("dragnet", "/x", str(i), None) for i in range(500)]
    first = quality.sample_pages(pages, 50)
    assert first == quality.sample_pages(pages, 50)
    assert len(first) == 50 and len({p.id for p in first}) == 50
    assert quality.sample_pages(pages[:30], 50) == pages[:30]
