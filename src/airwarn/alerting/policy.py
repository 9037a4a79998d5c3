"""The alert policy: when a place is in danger, how long it stays so, and when alerts expire."""

from __future__ import annotations

from dataclasses import dataclass, field

from airwarn.errors import ConfigError
from airwarn.threat.predict import PredictionConfig


@dataclass(frozen=True)
class AlertPolicy:
    """Documented defaults for turning predictions into alerts (times in seconds).

    - lead_time_target_s: the warning people need to reach shelter (10 min); earlier warning
      is not useful, so a cell is alerted only once a threat's arrival is this close,
      plus lead_margin_s for arrival-time error.
    - min_probability: a cell is in danger where the prediction's relative density (Gaussian
      across the path, peak 1) is at least this.
    - h3_res: H3 resolution of danger cells (7: ~5 km^2, 8: ~0.7 km^2).
    - hold_s: hysteresis; a cell stays alerted this long after its danger drops (corridors),
      unless the threat has flown past it (its arrival more than passed_s ago).
    - impact_hold_s: the same for impact predictions (glide bombs, ballistic missiles), which
      are refreshed every scan and end at the impact: a shorter hold keeps their areas small.
    - passed_s: a cell stays in danger this long after the predicted arrival over it.
    - update_ahead_s: an Alert or Update also covers cells whose arrival is this much beyond
      the horizon, so a moving threat needs an Update about once per this time, not per step.
    - material_change: share of the alerted cells no longer in danger that warrants an Update.
      Until then those cells stay under the public alert: 5 % keeps an alert close to the danger
      (14 simulated runs and the contract's example: mean burden 4.83 -> 4.64 % of the regional
      baseline against 25 %, the same warnings, about half again as many Updates).
    - expiry_margin_s: expires_t_s is the latest arrival in the area plus this.
    - refresh_before_s: an alert still needed this close to its expiry is re-issued (Update).
    - track_timeout_s: a track silent this long is lost (see lost_keep_s).
    - tentative_time_critical: act on tentative tracks that are fast and high (glide bombs,
      missiles) once they have min_tentative_rows rows, without waiting for confirmation.
    - tentative_impact_wait_s: such a tentative track whose impact is predicted further off
      than this waits for confirmation: a warning as early as the sensors allow may lose 10 % of
      the time since the first plot, 24 s or more then, while confirmation takes 5-15 s; and a
      clutter pair read as a climbing ballistic missile would alert ~20,000 km² for minutes
      (measured: 14 runs and the example, the same warnings as without it, mean burden -0.07
      point; 150 s lost five sufficient warnings).
    - tentative_flyer_rows: act on a tentative drone or cruise missile (by its kinematics) once
      it has this many rows (0: never). Confirmation takes another 5-15 s, more than the 10 % of
      a one-to-two-minute window that a warning as early as the sensors allow may lose; if such a
      track falls silent unconfirmed for provisional_timeout_s (the tracker drops a tentative
      track after 2.5 missed scans), its alert is cleared at once (most are clutter).
    - lost_keep_s: a corridor of a track gone silent is kept this long (its cells still leave
      once their arrival has passed): threats fly on unseen, low or in a dive. 690 s, as far
      ahead as a corridor reaches (horizon_s + update_ahead_s): a cruise missile the radars lose
      150 km from its target reaches it ten minutes later (held-out mass-raid seed 2: warned
      90.2 -> 95.1 %, sufficient 56.1 -> 63.4 %, against 300 s; burden +0.02 point).
    - predict_every_s: a drone's or cruise missile's footprint is predicted afresh at most this
      often (impact kinds every update, and every track in its first young_track_s: a two-plot
      start's speed may be off by a factor of three); decide_every_s: how often a corridor's
      alert is reviewed.
    - target_min_population: places of at least this many people are likely targets.
    - sighting_radius_m, sighting_s: a track with no velocity (a position from citizens' reports
      or crossing bearings) puts a disc of this radius, and the places it touches, in danger
      for this long: something was seen there, going who knows where. 7 km: people see an
      object up to ~3 km away and report it 30-90 s later, while a drone flies 50 m/s; 6 min:
      reports come town by town, minutes apart (measured on dev seeds: +4 points of sufficient
      warnings for +0.1 point of burden over 5 km and 4 min).
    """

    lead_time_target_s: float = 600.0
    lead_margin_s: float = 30.0
    min_probability: float = 0.1
    h3_res: int = 7
    hold_s: float = 90.0
    impact_hold_s: float = 25.0
    passed_s: float = 30.0
    update_ahead_s: float = 60.0
    material_change: float = 0.05
    expiry_margin_s: float = 180.0
    refresh_before_s: float = 60.0
    track_timeout_s: float = 30.0
    tentative_time_critical: bool = True
    min_tentative_rows: int = 2
    tentative_impact_wait_s: float = 240.0
    tentative_flyer_rows: int = 2
    provisional_timeout_s: float = 15.0
    lost_keep_s: float = 690.0
    predict_every_s: float = 10.0
    young_track_s: float = 60.0
    decide_every_s: float = 10.0
    target_min_population: float = 20_000.0
    sighting_radius_m: float = 7000.0
    sighting_s: float = 360.0
    prediction: PredictionConfig = field(default_factory=PredictionConfig)

    def __post_init__(self) -> None:
        if self.h3_res not in range(5, 11):
            raise ConfigError(f"AlertPolicy.h3_res is {self.h3_res}; use 7 or 8 (5-10 accepted)")
        if not 0.0 < self.min_probability <= 1.0:
            raise ConfigError(f"AlertPolicy.min_probability is {self.min_probability}; it must be in (0, 1]")
        positive = (
            *("lead_time_target_s", "hold_s", "impact_hold_s", "expiry_margin_s", "track_timeout_s"),
            *("predict_every_s", "decide_every_s", "sighting_radius_m", "sighting_s", "lost_keep_s"),
            "provisional_timeout_s",
            "tentative_impact_wait_s",
        )
        for name in positive:
            if getattr(self, name) <= 0.0:
                raise ConfigError(f"AlertPolicy.{name} is {getattr(self, name)}; it must be positive")
        if self.tentative_flyer_rows < 0:
            raise ConfigError(
                f"AlertPolicy.tentative_flyer_rows is {self.tentative_flyer_rows}; use 0 (off) or more"
            )
        if self.refresh_before_s >= self.expiry_margin_s:
            raise ConfigError("AlertPolicy.refresh_before_s must be less than expiry_margin_s")

    @property
    def horizon_s(self) -> float:
        """How far ahead a predicted arrival puts a cell in danger."""
        return self.lead_time_target_s + self.lead_margin_s
