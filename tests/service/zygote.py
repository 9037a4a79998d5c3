"""A parent that has imported the service once and forks a fresh service process per request.

Reads lines "DATA_DIR SCENARIO PORT" on stdin and answers each with the child's pid. The child
is a real, separate service process (its own SQLite connections, uvicorn, fusion thread), so the
crash test can SIGKILL it twenty times without paying Python's start-up twenty times.
"""

from __future__ import annotations

import os
import signal
import sys
from pathlib import Path

import airwarn.service.app  # noqa: F401  (imported once, here, before any fork)
from airwarn.fusion import Fusion
from airwarn.scenario.readers import read_scenario_info
from airwarn.service.config import load_config
from airwarn.service.server import serve


def main() -> None:
    Fusion(read_scenario_info(Path(sys.argv[1])), cap_sender="warm-up")  # reference data loaded once
    signal.signal(signal.SIGCHLD, signal.SIG_IGN)  # children are reaped as they die
    for line in sys.stdin:
        data_dir, scenario, port = line.split()
        pid = os.fork()
        if pid == 0:
            signal.signal(signal.SIGCHLD, signal.SIG_DFL)
            os.dup2(os.open(os.devnull, os.O_RDONLY), 0)
            config = load_config(None, data_dir=Path(data_dir), scenario=Path(scenario), port=int(port))
            try:
                serve(config)
            finally:
                os._exit(0)
        print(pid, flush=True)


if __name__ == "__main__":
    main()
