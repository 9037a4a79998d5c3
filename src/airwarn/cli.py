"""The `airwarn` command: wiring only; the work is done in the layers below."""

from __future__ import annotations

import json
import sys
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer
from tqdm import tqdm

from airwarn.errors import AirwarnError
from airwarn.scenario.model import Area

if TYPE_CHECKING:
    from shapely.geometry.base import BaseGeometry

app = typer.Typer(
    help="airwarn: open air-threat early warning. Simulate, track, warn and score.",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
)


@contextmanager
def _progress(desc: str, total: float, unit: str = "s") -> Iterator[Callable[[float, float], None]]:
    """A tqdm bar fed by (done, total) callbacks; quiet when stderr is not a terminal."""
    bar = tqdm(total=round(total), desc=desc, unit=unit, disable=not sys.stderr.isatty(), leave=False)

    def update(done: float, _total: float) -> None:
        bar.update(round(done) - bar.n)

    try:
        yield update
    finally:
        bar.close()


def _fail(error: Exception) -> typer.Exit:
    typer.secho(f"error: {error}", fg=typer.colors.RED, err=True)
    return typer.Exit(code=2)


@app.command()
def simulate(
    out: Annotated[Path, typer.Option(help="Scenario folder to write.")],
    preset: Annotated[str | None, typer.Argument(help="Preset name; see --list.")] = None,
    config: Annotated[
        Path | None, typer.Option(help="JSON simulator configuration instead of a preset.")
    ] = None,
    seed: Annotated[int, typer.Option(help="Random seed: the same seed gives the same scenario.")] = 1,
    list_presets: Annotated[bool, typer.Option("--list", help="List the presets and exit.")] = False,
) -> None:
    """Simulate an attack and its sensor data into a scenario folder (the data contract)."""
    from airwarn.refdata.geography import load_geography
    from airwarn.scenario.writers import ORIGIN_FILE, origin_csv, write_scenario
    from airwarn.sim.config import load_config
    from airwarn.sim.presets import PRESETS
    from airwarn.sim.presets import preset as get_preset
    from airwarn.sim.scenario_sim import simulate as run_sim

    if list_presets:
        for name in PRESETS:
            typer.echo(name)
        return
    try:
        if (preset is None) == (config is None):
            raise AirwarnError("give exactly one of PRESET or --config FILE (see airwarn simulate --list)")
        cfg = load_config(config) if config is not None else get_preset(str(preset))
        geography = load_geography()
        bar = tqdm(desc="simulate", unit="step", disable=not sys.stderr.isatty(), leave=False)

        def on_progress(stage: str, done: int, total: int) -> None:
            bar.set_description(f"simulate: {stage}")
            bar.total = total
            bar.n = done
            bar.refresh()

        result = run_sim(cfg, geography, seed, on_progress=on_progress)
        bar.close()
        origin = origin_csv(result.origin_id)
        write_scenario(result.scenario, out, extra_files={ORIGIN_FILE: origin})
    except AirwarnError as error:
        raise _fail(error) from error
    n = len(result.scenario.detections)
    typer.echo(f"wrote {out}: {n} detections, {len(result.scenario.impacts or [])} impacts")


@app.command()
def validate(scenario: Annotated[Path, typer.Argument(help="Scenario folder.")]) -> None:
    """Check a scenario folder against the data contract; list every problem found."""
    from airwarn.scenario.validate import validate_scenario

    issues = validate_scenario(scenario)
    for issue in issues:
        typer.echo(str(issue), err=True)
    if issues:
        raise typer.Exit(code=1)
    typer.echo(f"{scenario}: valid")


@app.command()
def run(
    scenario: Annotated[Path, typer.Argument(help="Scenario folder.")],
    out: Annotated[Path, typer.Option(help="Run folder to write.")],
    scan_s: Annotated[float, typer.Option(help="Tracker step, seconds of scenario time.")] = 1.0,
) -> None:
    """Track a scenario's detections and write tracks.csv, alerts.jsonl and cap/."""
    from airwarn.batch import run_scenario
    from airwarn.scenario.readers import read_scenario_info

    try:
        duration = read_scenario_info(scenario).duration_s
        with _progress("run", duration) as on_progress:
            summary = run_scenario(scenario, out, scan_s=scan_s, on_progress=on_progress)
    except AirwarnError as error:
        raise _fail(error) from error
    typer.echo(
        f"wrote {out}: {summary.confirmed_tracks} confirmed tracks ({summary.track_rows} rows) from "
        f"{summary.detections} detections, {summary.alerts} alert messages"
    )


@app.command()
def evaluate(
    scenario: Annotated[Path, typer.Argument(help="Scenario folder with truth.csv and impacts.csv.")],
    run_dir: Annotated[Path, typer.Argument(metavar="RUN", help="Run folder to score.")],
) -> None:
    """Score a run against the truth: metrics.json and report.html in the run folder."""
    summary = _evaluate(scenario, run_dir)
    typer.echo(json.dumps(summary, indent=2))
    typer.echo(f"report: {run_dir / 'report.html'}")


def _evaluate(scenario_dir: Path, run_dir: Path) -> dict[str, object]:
    from airwarn.evaluate.report import write_report
    from airwarn.evaluate.score import score_run, write_metrics
    from airwarn.scenario.alerts_jsonl import read_alerts
    from airwarn.scenario.readers import read_scenario
    from airwarn.scenario.tracks_csv import read_tracks

    try:
        scenario = read_scenario(scenario_dir)
        tracks = read_tracks(run_dir / "tracks.csv")
        alerts = read_alerts(run_dir / "alerts.jsonl")
        metrics = score_run(scenario, tracks, alerts)
        write_metrics(run_dir / "metrics.json", metrics)
        write_report(run_dir / "report.html", scenario, tracks, alerts, metrics, _borders(scenario.info.area))
    except AirwarnError as error:
        raise _fail(error) from error
    full = metrics.to_json()
    return {key: value for key, value in full.items() if not isinstance(value, list | dict)}


def _borders(area: Area) -> list[BaseGeometry]:
    """Country outlines near the scenario's area for the report's map; none if the atlas is
    not installed (the report does not need it)."""
    from shapely.geometry import box

    from airwarn.errors import DataMissingError
    from airwarn.refdata.atlas import load_atlas

    try:
        countries, _land = load_atlas()
    except DataMissingError:
        return []
    near = box(area.west - 2, area.south - 2, area.east + 2, area.north + 2)
    return [geom for geom in countries.values() if geom.intersects(near)]


@app.command()
def demo(
    out: Annotated[Path, typer.Option(help="Folder for the demo's scenario and run.")] = Path("out/demo"),
    preset: Annotated[str, typer.Option(help="Preset to simulate.")] = "kharkiv-glide",
    seed: Annotated[int, typer.Option(help="Random seed.")] = 1,
) -> None:
    """The demo: simulate a preset, run it, evaluate it, and print where the report is."""
    scenario_dir, run_dir = out / "scenario", out / "run"
    simulate(out=scenario_dir, preset=preset, config=None, seed=seed, list_presets=False)
    run(scenario=scenario_dir, out=run_dir, scan_s=1.0)
    evaluate(scenario=scenario_dir, run_dir=run_dir)


def main() -> None:
    """Entry point for `python -m airwarn`."""
    app()
