"""GET /health (no key needed) and the browser session: POST/DELETE /session keep an API key in an
HttpOnly cookie, so the page never holds it in script-readable storage."""

from __future__ import annotations

from fastapi import APIRouter, HTTPException, Response

from airwarn.service.access import COOKIE
from airwarn.service.deps import State
from airwarn.service.keys import lookup_key
from airwarn.service.schemas import HealthOut, SessionIn, SessionOut

router = APIRouter()


@router.get("/health", response_model=HealthOut)
def health(state: State) -> HealthOut:
    """Liveness, the picture's time and how many detections the log holds."""
    return HealthOut(status="ok", clock_t_s=state.picture.fused_t_s, detections=state.picture.rows_accepted)


@router.post("/session", response_model=SessionOut)
def open_session(body: SessionIn, response: Response, state: State) -> SessionOut:
    """Check a key and keep it in the HttpOnly `airwarn_key` cookie."""
    record = lookup_key(state.store, body.key)
    if record is None:
        raise HTTPException(401, "unknown or revoked API key")
    response.set_cookie(COOKIE, body.key, httponly=True, samesite="strict", path="/")
    return SessionOut(role=record.role, partner=record.partner)  # type: ignore[arg-type]


@router.delete("/session", status_code=204)
def close_session(response: Response) -> Response:
    """Forget the session cookie."""
    response = Response(status_code=204)
    response.delete_cookie(COOKIE, path="/")
    return response
