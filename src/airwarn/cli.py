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

    from airwarn.service.store import EventStore

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
    for note in summary.notes:
        typer.echo(f"note: {note}", err=True)
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
    out: Annotated[Path, typer.Option(help="Folder for the demo's scenario, service data and run.")] = Path(
        "out/demo"
    ),
    preset: Annotated[str, typer.Option(help="Preset to simulate.")] = "kharkiv-glide",
    seed: Annotated[int, typer.Option(help="Random seed.")] = 1,
    host: Annotated[str, typer.Option(help="Address to serve on.")] = "127.0.0.1",
    port: Annotated[int, typer.Option(help="Port to serve on (0: any free port).")] = 8000,
    speed: Annotated[
        float, typer.Option(help="Scenario seconds per wall second (0: as fast as taken).")
    ] = 10.0,
    exit_when_done: Annotated[
        bool, typer.Option(help="Exit when the feed is scored instead of serving until Ctrl-C.")
    ] = False,
) -> None:
    """The demo: simulate a preset, serve it live, feed it in accelerated real time, score the live
    run (out/run: tracks.csv, alerts.jsonl, cap/, report.html) and keep serving the map."""
    from airwarn.service.demo import run_demo

    scenario_dir = out / "scenario"
    simulate(out=scenario_dir, preset=preset, config=None, seed=seed, list_presets=False)
    try:
        with run_demo(scenario_dir, out, host=host, port=port, speed=speed, echo=typer.echo) as run_dir:
            evaluate(scenario=scenario_dir, run_dir=run_dir)
            if not exit_when_done:
                typer.echo("serving until Ctrl-C")
                _wait_for_interrupt()
    except AirwarnError as error:
        raise _fail(error) from error


def _wait_for_interrupt() -> None:
    import time

    try:
        while True:
            time.sleep(3600)
    except KeyboardInterrupt:
        typer.echo("stopping")


@app.command()
def serve(
    config: Annotated[
        Path | None, typer.Option(help="JSON service configuration (AIRWARN_* override it).")
    ] = None,
    scenario: Annotated[
        Path | None, typer.Option(help="Scenario folder (or scenario.json) to serve.")
    ] = None,
    host: Annotated[str | None, typer.Option(help="Address to listen on.")] = None,
    port: Annotated[int | None, typer.Option(help="Port to listen on.")] = None,
    data_dir: Annotated[Path | None, typer.Option(help="Folder of the SQLite event log.")] = None,
) -> None:
    """Run the live service: ingest, fusion, alerts and feeds over HTTP (see /docs)."""
    from airwarn.service.config import load_config
    from airwarn.service.server import serve as run_server

    try:
        cfg = load_config(config, scenario=scenario, host=host, port=port, data_dir=data_dir)
        typer.echo(f"airwarn serving {cfg.scenario or cfg.data_dir} on http://{cfg.host}:{cfg.port}/")
        run_server(cfg)
    except AirwarnError as error:
        raise _fail(error) from error


keys_app = typer.Typer(help="API keys of the live service: create, list, revoke.", no_args_is_help=True)
app.add_typer(keys_app, name="keys")
_ConfigOpt = Annotated[
    Path | None, typer.Option("--config", help="Service configuration (for its data_dir).")
]
_DataDirOpt = Annotated[Path | None, typer.Option("--data-dir", help="Folder of the SQLite event log.")]


@contextmanager
def _key_store(config: Path | None, data_dir: Path | None) -> Iterator[EventStore]:
    from airwarn.service.config import load_config
    from airwarn.service.store import EventStore

    try:
        cfg = load_config(config, data_dir=data_dir)
        store = EventStore(cfg.db_path, cfg.synchronous)
    except AirwarnError as error:
        raise _fail(error) from error
    try:
        yield store
    finally:
        store.close()


@keys_app.command("create")
def keys_create(
    role: Annotated[str, typer.Option(help="sensor, operator or public.")],
    partner: Annotated[str, typer.Option(help="The partner or sensor network the key belongs to.")],
    sensor: Annotated[list[str] | None, typer.Option(help="A sensor id a sensor key may write for.")] = None,
    rate: Annotated[float | None, typer.Option(help="Requests per second (default: the service's).")] = None,
    burst: Annotated[float | None, typer.Option(help="Burst of requests (default: the service's).")] = None,
    config: _ConfigOpt = None,
    data_dir: _DataDirOpt = None,
) -> None:
    """Create a key; its token is printed once and only its SHA-256 is stored."""
    from airwarn.service.keys import create_key

    with _key_store(config, data_dir) as store:
        try:
            new = create_key(store, role, partner, tuple(sensor or ()), rate, burst)
        except AirwarnError as error:
            raise _fail(error) from error
    typer.echo(f"{new.record.key_id} {new.record.role} {new.record.partner}")
    typer.echo(new.token)


@keys_app.command("list")
def keys_list(config: _ConfigOpt = None, data_dir: _DataDirOpt = None) -> None:
    """List keys (id, role, partner, sensors, created, revoked); never their tokens."""
    with _key_store(config, data_dir) as store:
        for k in store.list_keys():
            state = f"revoked {k.revoked_utc}" if k.revoked_utc else "active"
            typer.echo(
                f"{k.key_id}\t{k.role}\t{k.partner}\t{','.join(k.sensors) or '-'}\t{k.created_utc}\t{state}"
            )


@keys_app.command("revoke")
def keys_revoke(
    key_id: Annotated[str, typer.Argument(help="The key's id (from keys list).")],
    config: _ConfigOpt = None,
    data_dir: _DataDirOpt = None,
) -> None:
    """Revoke a key: the service refuses it from its next request."""
    from airwarn.service.keys import now_utc

    with _key_store(config, data_dir) as store:
        if not store.revoke_key(key_id, now_utc()):
            raise _fail(AirwarnError(f"no active key {key_id!r}; see airwarn keys list"))
    typer.echo(f"revoked {key_id}")


def main() -> None:
    """Entry point for `python -m airwarn`."""
    app()
