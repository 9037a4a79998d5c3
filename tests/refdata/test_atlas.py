import pytest
from shapely.geometry import Point

from airwarn.errors import DataMissingError
from airwarn.refdata.atlas import find_atlas
from airwarn.refdata.geography import load_geography


@pytest.fixture(scope="module")
def geography():
    return load_geography()


def test_ukraine_holds_kharkiv_and_crimea_but_not_belgorod(geography):
    ukraine = geography.ukraine
    assert ukraine.contains(Point(36.23, 49.99))  # Kharkiv
    assert ukraine.contains(Point(34.10, 44.95))  # Simferopol, Crimea
    assert not ukraine.contains(Point(36.59, 50.60))  # Belgorod
    assert geography.countries["RUS"].contains(Point(36.59, 50.60))


def test_neighbours_and_land_are_there(geography):
    for code in ("RUS", "BLR", "MDA", "ROU", "POL"):
        assert (
            geography.countries[code].touches(geography.ukraine)
            or geography.countries[code].distance(geography.ukraine) < 0.05
        )
    assert geography.land.contains(Point(30.5, 50.45))  # Kyiv
    assert not geography.land.contains(Point(33.0, 44.0))  # Black Sea


def test_places_are_ukrainian_with_population(geography):
    places = geography.places
    assert len(places) > 3000
    assert places.name[0] == "Kyiv"
    assert places.population.min() >= 500
    assert (places.population[:-1] >= places.population[1:]).all()


def test_missing_atlas_says_how_to_install(monkeypatch, tmp_path):
    monkeypatch.setenv("AIRWARN_ATLAS", str(tmp_path / "nowhere.json"))
    with pytest.raises(DataMissingError, match="AIRWARN_ATLAS"):
        find_atlas()


def test_env_var_points_at_the_atlas(monkeypatch):
    path = find_atlas()
    monkeypatch.setenv("AIRWARN_ATLAS", str(path))
    assert find_atlas() == path
