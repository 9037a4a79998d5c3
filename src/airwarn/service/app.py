"""The one place the service is assembled: create_app(config) builds the FastAPI app (nothing is
built at import time); the store opens and the log is replayed when the app starts."""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from typing import Any

from fastapi import FastAPI, Request
from fastapi.responses import JSONResponse

from airwarn.service.config import ServiceConfig
from airwarn.service.ingest import IngestRefusedError
from airwarn.service.schemas import DetectionBatchIn
from airwarn.service.state import ServiceState, check_wall_clock, service_scenario
from airwarn.service.store import EventStore

API_PREFIX = "/api/v1"


def create_app(config: ServiceConfig) -> FastAPI:
    """The live service for a configuration (see airwarn.service.config)."""
    from airwarn.service import routes_ingest, routes_picture, routes_session, routes_stream

    info = service_scenario(config)
    check_wall_clock(info, config)

    @asynccontextmanager
    async def lifespan(app: FastAPI) -> AsyncIterator[None]:
        state = ServiceState(config, info, EventStore(config.db_path, config.synchronous))
        await asyncio.to_thread(state.replay_and_wait)
        state.start(asyncio.get_running_loop())
        app.state.airwarn = state
        try:
            yield
        finally:
            await asyncio.to_thread(state.stop)

    app = FastAPI(
        title="airwarn live service",
        version="1",
        summary="Live air-threat early warning: ingest, fused tracks, alerts (GeoJSON, CAP 1.2, Atom, SSE).",
        lifespan=lifespan,
    )
    for router in (routes_session.router, routes_ingest.router, routes_picture.router, routes_stream.router):
        app.include_router(router, prefix=API_PREFIX)
    _include_web(app)

    @app.exception_handler(IngestRefusedError)
    async def refused(_request: Request, exc: IngestRefusedError) -> JSONResponse:
        return JSONResponse({"detail": exc.detail}, status_code=exc.status)

    app.openapi = lambda: _openapi(app)  # type: ignore[method-assign]
    return app


def _include_web(app: FastAPI) -> None:
    """The map page (issue 6) when its package is present."""
    try:
        from airwarn.web.routes import router as web_router
    except ImportError:
        return
    app.include_router(web_router)


def _openapi(app: FastAPI) -> dict[str, Any]:
    """FastAPI's description, plus the detection batch schema its hand-read body refers to."""
    if app.openapi_schema is None:
        from fastapi.openapi.utils import get_openapi

        schema = get_openapi(title=app.title, version=app.version, summary=app.summary, routes=app.routes)
        defs = DetectionBatchIn.model_json_schema(ref_template="#/components/schemas/{model}")
        components = schema.setdefault("components", {}).setdefault("schemas", {})
        components.update(defs.pop("$defs", {}))
        components["DetectionBatchIn"] = defs
        app.openapi_schema = schema
    return app.openapi_schema
