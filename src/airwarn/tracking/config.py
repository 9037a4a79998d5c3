"""TrackerConfig: every tunable of the tracking core, with its default and unit."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class TrackerConfig:
    """Tunables of Tracker; defaults suit 1-10 s radar scans and drones to ballistic missiles."""

    # Motion: white-noise acceleration density q (m²/s³), interpolated on track speed.
    q_speed_points_mps: tuple[float, ...] = (60.0, 250.0, 900.0)
    """Speeds at which q_values apply; q is interpolated between them, clamped outside."""
    q_values: tuple[float, ...] = (5.0, 30.0, 400.0)
    """Process noise densities (m²/s³) at q_speed_points_mps: drone, cruise, ballistic."""

    manoeuvre_nis: float = 7.81
    """An update whose squared Mahalanobis distance exceeds this (95 %, 3 dof) signals a manoeuvre."""
    manoeuvre_q_factor: float = 10.0
    """q is multiplied by this after a manoeuvre-signalling update, until a normal update."""

    # Gating and association.
    gate_chi2: float = 14.16
    """Chi-square gate on the 3-D radar innovation (14.16 ≈ 99.73 %, '3 sigma')."""
    prefilter_sigmas: float = 4.0
    """kd-tree pre-gate radius in position sigmas (track plus plot)."""
    max_gate_radius_m: float = 60_000.0
    """Upper bound on any kd-tree pre-gate radius (m)."""
    detection_probability: float = 0.8
    """Pd used in the assignment's likelihood ratio."""
    clutter_density: float = 1e-7
    """False plots per unit of measurement space (per m·rad·rad) for the likelihood ratio."""
    sub_batch_s: float = 1.0
    """Longest time span of one per-sensor sub-batch of plots (also at most half a scan)."""
    default_scan_period_s: float = 5.0
    """Scan period assumed for a radar whose scenario entry does not give one."""

    # Initiation from plot pairs.
    min_speed_mps: float = 25.0
    """Slowest threat a plot pair may describe (less a noise tolerance)."""
    max_speed_mps: float = 3000.0
    """Fastest threat a plot pair may describe (plus a noise tolerance)."""
    min_alt_m: float = -500.0
    """Lowest plausible plot altitude above the ellipsoid (m)."""
    max_alt_m: float = 120_000.0
    """Highest plausible plot altitude above the ellipsoid (m)."""
    init_min_dt_s: float = 0.5
    """Shortest time between the two plots of an initiating pair (s)."""
    init_max_dt_s: float = 15.0
    """Longest time between the two plots of an initiating pair; also the plot pool's age (s)."""
    init_speed_sigmas: float = 3.0
    """Noise tolerance of the pair speed test, in sigmas of the plots' position difference."""
    max_pairs_per_plot: int = 2
    """At most this many tentative tracks started from one new plot (slowest pairs first)."""
    init_velocity_sigma_mps: float = 30.0
    """Velocity sigma added to a new track's two-point velocity covariance (m/s)."""

    # Track life.
    confirm_hits: int = 4
    """M: plots (the two initiating ones included) that confirm a tentative track."""
    confirm_score: float = 20.0
    """...and whose summed log-likelihood ratio (target against clutter) reaches this."""
    confirm_window_scans: float = 5.0
    """N: a tentative track not confirmed within N revisit periods of its start is dropped."""
    tentative_silence_scans: float = 2.5
    """A tentative track silent for this many revisit periods is dropped."""
    delete_silence_s: float = 30.0
    """A confirmed track with no update for this long (s) is deleted."""
    max_position_sigma_m: float = 5000.0
    """A track whose predicted position sigma (sqrt of trace) exceeds this (m) is deleted."""
    duplicate_chi2: float = 16.8
    """Two tracks whose 6-D state difference is within this chi-square (99 %, 6 dof) are one."""
    duplicate_max_distance_m: float = 5000.0
    """Only tracks closer than this (m) are tested as duplicates."""
