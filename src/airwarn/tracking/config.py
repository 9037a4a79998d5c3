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

    # IMM: nearly-constant velocity, manoeuvre (high noise), ballistic (gravity) models.
    imm_q_factors: tuple[float, ...] = (1.0, 20.0, 1.0)
    """Each IMM model's factor on the speed-interpolated q."""
    imm_accel_up_mps2: tuple[float, ...] = (0.0, 0.0, -9.80665)
    """Each IMM model's known vertical acceleration (m/s²): gravity for the ballistic model."""
    imm_prior: tuple[float, ...] = (0.88, 0.1, 0.02)
    """Model probabilities of a new track, and where switching leads in the long run."""
    imm_switch_rate_per_s: float = 0.05
    """Rate (1/s) at which a track's model is redrawn from imm_prior (Π(dt) = e^{-r dt} I + ...)."""
    free_flight_speed_mps: float = 700.0
    """A track this fast is in free flight (no aircraft, drone, cruise missile or glide bomb flies
    this fast): every IMM model then carries gravity, or its descent lags by hundreds of m/s."""

    # Gating and association.
    gate_chi2: float = 14.16
    """Chi-square gate on the 3-D radar innovation (14.16 ≈ 99.73 %, '3 sigma')."""
    coarse_gate_chi2: float = 30.0
    """Cartesian chi-square pre-gate on position before the polar gate (loose: 3 dof, 99.9999 %)."""
    prefilter_sigmas: float = 4.0
    """kd-tree pre-gate radius in position sigmas (track plus plot)."""
    max_gate_radius_m: float = 60_000.0
    """Upper bound on any kd-tree pre-gate radius (m)."""
    detection_probability: float = 0.8
    """Pd used in the assignment's likelihood ratio."""
    clutter_density: float = 1e-7
    """False plots per unit of measurement space (per m·rad·rad) for the likelihood ratio."""
    sub_batch_s: float = 1.0
    """Longest time span of one chunk of plots (every radar's together) associated at once."""
    default_scan_period_s: float = 5.0
    """Scan period assumed for a radar whose scenario entry does not give one."""

    # Initiation from plot pairs.
    min_speed_mps: float = 25.0
    """Slowest threat a plot pair may describe (less a noise tolerance)."""
    max_speed_mps: float = 3000.0
    """Fastest threat a plot pair may describe (plus a noise tolerance)."""
    fast_pair_speed_mps: float = 800.0
    """Above this speed a plot pair can only be a ballistic missile (or clutter) ..."""
    fast_pair_min_alt_m: float = 3000.0
    """... and must then lie at least this high: within radar cover such missiles are first seen
    high on their descent, so a fast pair near the ground is clutter (m above the ellipsoid)."""
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

    # Acoustic bearings.
    acoustic_gate_chi2: float = 9.21
    """Chi-square gate on a bearing innovation (99 %, 2 dof; loose for azimuth-only posts)."""
    acoustic_clutter_density: float = 0.05
    """False or foreign bearings per radian, for the bearing likelihood ratio."""
    acoustic_gate_margin_m: float = 3000.0
    """Tracks within a post's max_range_m plus this (m) are gated against its bearings."""
    acoustic_init_window_s: float = 6.0
    """Longest time between two bearings of different posts that start a track (s)."""
    acoustic_heard_bearings: int = 3
    """A post with this many bearings in its pool (acoustic_init_window_s) that no track took and
    no other post's crossed, all within acoustic_heard_spread_deg of their mean, starts a track
    on its own: something is heard there (0: off; networks spaced wider than their range hear
    most objects one post at a time)."""
    acoustic_heard_radar_clear_m: float = 90_000.0
    """...at posts this far (m) from every radar, beyond a radar's horizon for a flyer at 300 m
    (4.12 km x (sqrt 30 m mast + sqrt 300 m) = 94 km); nearer, the radars see what is heard, and
    a post on its own hears mostly steady noise (measured on the example scenario)."""
    acoustic_heard_spread_deg: float = 30.0
    """Widest spread of those bearings about their mean (a cruise missile passing 1 km off
    sweeps ~14°/s)."""
    acoustic_min_crossing_deg: float = 15.0
    """Narrowest angle between two rays that fixes a crossing point."""
    acoustic_range_slack: float = 0.3
    """A crossing may lie this share beyond a post's max_range_m (bearing noise)."""
    acoustic_min_range_m: float = 300.0
    """Least range used for a ray's cross-range error (m)."""
    acoustic_max_position_sigma_m: float = 3000.0
    """Prior horizontal sigma bounding a crossing's covariance along near-parallel rays (m)."""
    acoustic_init_position_sigma_m: float = 300.0
    """Added horizontal sigma of a crossing for the object's motion during the sound delay (m)."""
    acoustic_default_alt_m: float = 1000.0
    """Altitude of a crossing when no post measures elevation (m): heard drones fly ~2 km or low."""
    acoustic_alt_sigma_m: float = 600.0
    """Sigma of that altitude (m)."""
    acoustic_init_velocity_sigma_mps: float = 120.0
    """Horizontal velocity sigma of a track started from bearings (m/s)."""
    acoustic_init_climb_sigma_mps: float = 10.0
    """Vertical velocity sigma of a track started from bearings (m/s)."""
    acoustic_climb_sigma_mps: float = 30.0
    """Sigma of the level-flight pseudo-measurement (climb rate 0) that a bearing without
    elevation adds to its update (m/s): heard engines climb and dive slowly against this."""

    bearing_radar_silence_scans: float = 1.05
    """A track its radar has not seen for this many of the radar's revisit periods takes no more
    bearings: the radar would have seen it, so what is still heard is where it fell."""

    # Citizens' reports (observer sensors).
    observer_sigma_position_m: float = 1500.0
    """Reporter position sigma (m) when the observer sensor entry does not give one."""
    observer_sight_range_m: float = 2000.0
    """Typical distance (m) from a reporter to what they report along their azimuth."""
    observer_sight_range_sigma_m: float = 2000.0
    """Sigma (m) of that distance."""
    observer_azimuth_sigma_deg: float = 20.0
    """Sigma of a phone's azimuth (deg)."""
    observer_mean_delay_s: float = 30.0
    """Mean delay (s) between a sighting and its report being sent."""
    observer_delay_sigma_s: float = 21.0
    """Sigma (s) of that delay (Gamma(2, 15 s) has ~21 s)."""
    observer_gate_radius_m: float = 15_000.0
    """kd-tree pre-gate radius (m) between a report's pseudo-position and a confirmed track."""
    observer_gate_chi2: float = 9.21
    """Chi-square gate on a report's 2-D innovation (99 %)."""
    observer_prior_alpha: float = 3.0
    """Beta prior of a new reporter: pseudo-count of matching reports."""
    observer_prior_beta: float = 2.0
    """...and of reports that matched nothing."""
    observer_reputable: float = 0.5
    """A reporter whose posterior mean weight is at least this is reputable."""
    observer_window_s: float = 120.0
    """Unmatched reports are kept this long (s) to find agreeing reporters."""
    observer_agree_m: float = 4000.0
    """Reports whose pseudo-positions are this close (m) agree."""
    observer_confirm_reporters: int = 3
    """Distinct reputable reporters that must agree to start a confirmed track from reports alone."""
    observer_update_tracks: bool = False
    """Whether gated reports update confirmed tracks (they always score reporters); off by
    default: measured on kharkiv-glide, the coarse updates kept tracks alive and raised GOSPA."""
    observer_tracks_confirmed: bool = False
    """Whether a track started from agreeing reports alone is confirmed at once; off by default:
    measured on kharkiv-glide and the example scenario, such tracks were false more than found."""
    observer_heading_sigma_deg: float = 25.0
    """Error (1 sigma) of a course a reporter gives for what they saw."""
    observer_min_headings: int = 2
    """Courses a cluster of reports needs before a report track gets a velocity from them."""
    observer_min_heading_agreement: float = 0.7
    """Mean resultant length the courses must reach (1: all the same; 0.7: within ~45 degrees)."""
    observer_cruise_speed_mps: float = 230.0
    """Speed given to a report track its reporters called a cruise missile (m/s)."""
    observer_speed_sigma_share: float = 0.3
    """Error of a report track's assumed speed, as a share of it."""
    observer_init_speed_mps: float = 50.0
    """Typical speed of a sighted object: its motion over the mean delay widens a report track (m/s)."""

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
    ground_alt_m: float = 0.0
    """A track whose height above the ellipsoid is three sigmas below this has come down (m): deleted.
    0 m suits Ukraine (terrain and geoid both above the ellipsoid)."""
    max_position_sigma_m: float = 5000.0
    """A track whose predicted position sigma (sqrt of trace) exceeds this (m), once it has gone a
    revisit period without a plot, is deleted."""
    duplicate_chi2: float = 16.8
    """Two tracks whose 6-D state difference is within this chi-square (99 %, 6 dof) are one."""
    duplicate_max_distance_m: float = 5000.0
    """Only tracks closer than this (m) are tested as duplicates."""
