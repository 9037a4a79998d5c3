"""The stream shape that joins the layers: `(t_s, detections)` scans in time order.

Pure: the batch runner feeds a recorded file through it; the live service cuts its ingest
queue at the same scan edges with `cut`, so both paths fuse the same rows in the same scans.
"""

from __future__ import annotations

from collections.abc import Iterator

import numpy as np
import numpy.typing as npt

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
    yield from cut(detections, scan_edges(1, n_steps, step_s))


def scan_edges(first: int, last: int, step_s: float) -> npt.NDArray[np.float64]:
    """The ends step_s * k of scans k = first..last (the same floats on every path)."""
    return step_s * np.arange(first, last + 1, dtype=float)


def cut(detections: Detections, edges: npt.NDArray[np.float64]) -> Iterator[tuple[float, Detections]]:
    """Time-sorted detections cut at increasing edges: the rows of (previous edge, edge] for each
    edge (rows at or before the first edge go to it; rows after the last are not yielded)."""
    # Row i belongs to the first edge >= t_i, i.e. to interval (edge - step, edge].
    stops = np.searchsorted(detections.t_s, edges, side="right")
    start = 0
    for edge, stop in zip(edges, stops, strict=True):
        yield float(edge), detections.take(slice(start, int(stop)))
        start = int(stop)
