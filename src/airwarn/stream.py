"""The stream shape that joins the layers: `(t_s, detections)` scans in time order.

Pure: the batch runner feeds a recorded file through it; the live service will feed its
ingest queue through the same shape.
"""

from __future__ import annotations

from collections.abc import Iterator

import numpy as np

from airwarn.scenario.model import Detections


def scans(detections: Detections, step_s: float, end_t_s: float) -> Iterator[tuple[float, Detections]]:
    """Cut time-sorted detections into consecutive intervals (t - step_s, t] for
    t = step_s, 2 step_s, ... up to end_t_s (and past it while rows remain); empty
    intervals are yielded too, so trackers coast and delete on schedule."""
    if step_s <= 0:
        raise ValueError(f"scan step must be positive, got {step_s}")
    t = detections.t_s
    last = max(end_t_s, float(t[-1]) if len(t) else 0.0)
    n_steps = int(np.ceil(last / step_s)) if last > 0 else 1
    edges = step_s * np.arange(1, n_steps + 1, dtype=float)
    # Row i belongs to the first edge >= t_i, i.e. to interval (edge - step, edge].
    stops = np.searchsorted(t, edges, side="right")
    start = 0
    for edge, stop in zip(edges, stops, strict=True):
        yield float(edge), detections.take(slice(start, int(stop)))
        start = int(stop)
