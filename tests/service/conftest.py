from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.service.harness import Running, start


@pytest.fixture
def service(tmp_path: Path) -> Iterator[Running]:
    """A fresh service on the example scenario (keys of every role; anonymous requests refused)."""
    running = start(tmp_path / "data")
    yield running
    running.stop()
