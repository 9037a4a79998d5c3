"""POST /detections (JSON or the contract's CSV) and POST /reports: validated, committed, then
acknowledged; re-sent batch ids answer their first receipt."""

from __future__ import annotations

import uuid
from typing import Any

from fastapi import APIRouter, HTTPException, Request
from fastapi.concurrency import run_in_threadpool
from pydantic import ValidationError

from airwarn.scenario.model import Detections
from airwarn.service.access import Principal
from airwarn.service.deps import State, Writer
from airwarn.service.ingest import (
    IngestRefusedError,
    check_rows,
    csv_to_detections,
    refuse,
    rows_to_detections,
)
from airwarn.service.schemas import BatchReceiptOut, DetectionBatchIn, DetectionIn, ReportIn
from airwarn.service.state import ServiceState
from airwarn.service.store import BatchReceipt

router = APIRouter()

_BODY_DOC: dict[str, Any] = {
    "requestBody": {
        "required": True,
        "content": {
            "application/json": {"schema": {"$ref": "#/components/schemas/DetectionBatchIn"}},
            "text/csv": {"schema": {"type": "string"}},
        },
    }
}


async def read_body(request: Request, max_bytes: int) -> bytes:
    """The request body, refused with 413 beyond max_bytes (before reading it all)."""
    declared = request.headers.get("content-length")
    if declared is not None and declared.isdigit() and int(declared) > max_bytes:
        raise HTTPException(
            413, f"body of {declared} bytes is over the limit of {max_bytes}; split the batch"
        )
    chunks, size = [], 0
    async for chunk in request.stream():
        size += len(chunk)
        if size > max_bytes:
            raise HTTPException(413, f"body is over the limit of {max_bytes} bytes; split the batch")
        chunks.append(chunk)
    return b"".join(chunks)


@router.post("/detections", response_model=BatchReceiptOut, openapi_extra=_BODY_DOC)
async def post_detections(request: Request, state: State, who: Writer) -> BatchReceiptOut:
    """Ingest a batch of detections; answered only once it is durably stored."""
    body = await read_body(request, state.config.max_body_bytes)
    media = request.headers.get("content-type", "application/json").split(";")[0].strip().lower()
    batch_id = request.headers.get("idempotency-key", "").strip()
    receipt = await run_in_threadpool(ingest_body, state, who, body, media, batch_id)
    return BatchReceiptOut(**receipt.__dict__)


def ingest_body(
    state: ServiceState, who: Principal, body: bytes, media: str, csv_batch_id: str
) -> BatchReceipt:
    """Parse a JSON or CSV batch (off the event loop) and ingest it."""
    if media == "text/csv":
        if not csv_batch_id or len(csv_batch_id) > 128:
            msg = "a CSV batch needs its batch id (1-128 characters) in this header"
            raise IngestRefusedError(
                422, [{"loc": ["header", "Idempotency-Key"], "type": "missing", "msg": msg}]
            )
        det, lines = csv_to_detections(body, state.info, state.config.data_dir / "tmp")
        _check_size(len(det), state)
        return ingest(state, who, csv_batch_id, det, [None] * len(det), ["body"], lines)
    if media not in ("application/json", ""):
        raise HTTPException(415, f"content type {media!r}: send application/json or text/csv")
    try:
        batch = DetectionBatchIn.model_validate_json(body)
    except ValidationError as exc:
        raise IngestRefusedError(422, _pydantic_detail(exc)) from exc
    _check_size(len(batch.detections), state)
    det, types = rows_to_detections(batch.detections)
    return ingest(state, who, batch.batch_id, det, types, ["body", "detections"], None)


@router.post("/reports", response_model=BatchReceiptOut)
async def post_report(report: ReportIn, state: State, who: Writer) -> BatchReceiptOut:
    """Ingest one citizen's report (an observer row); report_id makes a re-sent report count once."""
    row = DetectionIn(**report.model_dump(exclude={"report_id"}), sensor_type="observer")
    sensor = state.info.sensor_by_id().get(row.sensor_id)
    if who.role == "sensor" and sensor is not None and sensor.kind != "observer":
        raise HTTPException(403, f"sensor {row.sensor_id!r} is a {sensor.kind}, not an observer network")
    det, types = rows_to_detections([row])
    batch_id = f"report:{report.report_id or uuid.uuid4().hex}"
    receipt = await run_in_threadpool(ingest, state, who, batch_id, det, types, ["body"], None)
    return BatchReceiptOut(**receipt.__dict__)


def _check_size(rows: int, state: ServiceState) -> None:
    if rows > state.config.max_batch_rows:
        raise HTTPException(413, f"{rows} rows is over the limit of {state.config.max_batch_rows} per batch")


def _pydantic_detail(exc: ValidationError) -> list[dict[str, Any]]:
    return [{"loc": ["body", *e["loc"]], "msg": e["msg"], "type": e["type"]} for e in exc.errors()]


def ingest(
    state: ServiceState,
    who: Principal,
    batch_id: str,
    det: Detections,
    types: list[str | None],
    prefix: list[str | int],
    lines: list[int] | None,
) -> BatchReceipt:
    """Check, commit and hand a batch to the fusion (in a worker thread); returns its receipt."""
    if who.role == "sensor":
        foreign = sorted(set(det.sensor_id.tolist()) - who.sensors)
        if foreign:
            raise HTTPException(403, f"this key may not write for sensors {foreign[:5]}; "
                                     f"it writes for {sorted(who.sensors)[:10]}")  # fmt: skip
    old = state.store.find_batch(who.partner, batch_id)
    if old is not None:
        return old
    by_row = prefix != ["body"] or lines is not None
    refuse(check_rows(det, types, state.info), prefix, lines, rows=by_row)
    if state.picture.pending_rows > state.config.max_pending_rows:
        raise HTTPException(503, "the fusion is behind; retry shortly", headers={"Retry-After": "1"})
    if not state.ingest_slots.acquire(timeout=2.0):
        raise HTTPException(503, "too many batches in flight; retry shortly", headers={"Retry-After": "1"})
    try:
        token, problems, fuse_scan = state.picture.reserve(det.t_s)
        if problems:
            refuse(problems, prefix, lines, rows=by_row)
        try:
            receipt = state.store.append_batch(who.partner, batch_id, who.key_id, det, fuse_scan)
        except BaseException:
            state.picture.release(token)
            raise
        if receipt.duplicate:
            state.picture.release(token)
        else:
            state.picture.accept(token, det)
            state.wake()
    finally:
        state.ingest_slots.release()
    return receipt
