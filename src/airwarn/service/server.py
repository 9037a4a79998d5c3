"""Running the app on uvicorn: in the foreground (`airwarn serve`) or in a background thread
(the demo and the tests, on loopback)."""

from __future__ import annotations

import threading
import time
from types import FrameType

import uvicorn
from fastapi import FastAPI

from airwarn.errors import AirwarnError
from airwarn.service.app import create_app
from airwarn.service.config import ServiceConfig

GRACE_S = 2
"""On shutdown, open requests get this long to finish."""


def end_streams(app: FastAPI) -> None:
    """End every open event stream (they never end by themselves), so shutdown need not wait."""
    state = getattr(app.state, "airwarn", None)
    hub = None if state is None else state.hub
    if hub is not None:
        hub.loop.call_soon_threadsafe(hub.close)


class _Server(uvicorn.Server):
    """uvicorn's server, ending the event streams first when asked to exit."""

    def __init__(self, app: FastAPI, config: ServiceConfig) -> None:
        self.app = app
        options = {"log_level": "warning", "access_log": False, "timeout_graceful_shutdown": GRACE_S}
        super().__init__(uvicorn.Config(app, host=config.host, port=config.port, **options))  # type: ignore[arg-type]

    def handle_exit(self, sig: int, frame: FrameType | None) -> None:
        end_streams(self.app)
        super().handle_exit(sig, frame)


def serve(config: ServiceConfig) -> None:
    """Serve until interrupted."""
    _Server(create_app(config), config).run()


class BackgroundServer:
    """The service on uvicorn in a daemon thread; `url` once started (port 0 picks a free one)."""

    def __init__(self, config: ServiceConfig) -> None:
        self._server = _Server(create_app(config), config)
        self._thread = threading.Thread(target=self._server.run, name="airwarn-uvicorn", daemon=True)
        self.url = ""

    @property
    def app(self) -> FastAPI:
        """The running app (its state holds the picture and the stream hub)."""
        return self._server.app

    def start(self, timeout_s: float = 60.0) -> BackgroundServer:
        """Start and wait until the server listens."""
        self._thread.start()
        deadline = time.monotonic() + timeout_s
        while not self._server.started:
            if not self._thread.is_alive() or time.monotonic() > deadline:
                raise AirwarnError("the service did not start; see the messages above")
            time.sleep(0.02)
        host, port = self._server.servers[0].sockets[0].getsockname()[:2]
        self.url = f"http://{host}:{port}"
        return self

    def stop(self) -> None:
        """End the streams, shut down gracefully and wait for the thread."""
        end_streams(self._server.app)
        self._server.should_exit = True
        self._thread.join(timeout=30)

    def __enter__(self) -> BackgroundServer:
        return self.start()

    def __exit__(self, *exc: object) -> None:
        self.stop()
