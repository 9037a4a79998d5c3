"""Populated places from the installed GeoNames data: one country's, or every country's in a box."""

from airwarn.alerting.engine import default_targets
from airwarn.refdata.places import load_places
from airwarn.scenario.model import Area


def test_a_box_across_a_border_holds_places_of_both_countries() -> None:
    # Odesa oblast and Moldova: Odesa and Chisinau are both in the box, Kyiv is not
    box = (46.0, 28.0, 47.5, 31.0)
    places = load_places(None, 100_000, box)
    names = set(places.name.tolist())
    assert {"Odesa", "Chisinau"} <= names
    assert "Kyiv" not in names
    assert ((places.lat >= 46.0) & (places.lat <= 47.5) & (places.lon >= 28.0) & (places.lon <= 31.0)).all()
    assert (places.population >= 100_000).all()
    assert "Chisinau" not in set(load_places("UA", 100_000, box).name.tolist())


def test_a_scenario_elsewhere_gets_its_own_likely_targets() -> None:
    # central Israel: no Ukrainian place, but Tel Aviv and Jerusalem are targets
    israel = default_targets(20_000.0, Area(south=31.5, west=34.5, north=32.3, east=35.4))
    near = (abs(israel.lat - 32.08) < 0.05) & (abs(israel.lon - 34.78) < 0.05)  # Tel Aviv
    assert near.any()
    assert ((israel.lat > 31.2) & (israel.lat < 32.6)).all()
    assert len(default_targets(20_000.0)) > 200  # Ukraine's, without an area
