"""Ukrainian city names picked from GeoNames' alternate names, and the base map's clipping."""

from __future__ import annotations

from shapely.geometry import box

from airwarn.web.basemap import BBox, City, basemap_features, ukrainian_name


def test_ukrainian_spelling_wins_over_russian_and_belarusian():
    alternates = ["Kharkov", "Харьков", "Харків", "Харкаў", "ハリコフ"]
    assert ukrainian_name("Kharkiv", alternates) == "Харків"
    assert ukrainian_name("Luhansk", ["Луганск", "Луганськ", "Ворошиловград"]) == "Луганськ"
    assert ukrainian_name("Odesa", ["Одесса", "Одеса", "Коцюбіїв"]) == "Одеса"


def test_no_close_cyrillic_name_gives_none():
    assert ukrainian_name("Desna", ["Desna", "Десна-Северная-Большая-Слобода"]) is None
    assert ukrainian_name("Kyiv", []) is None


def test_countries_are_clipped_to_the_box_and_cities_outside_left_out():
    bbox = BBox(30.0, 49.0, 32.0, 51.0)
    countries = {"UKR": box(22, 44, 40, 52), "FRA": box(-5, 42, 8, 51)}
    cities = (City("Kyiv", "Київ", 50.45, 30.52, 2_900_000), City("Lviv", "Львів", 49.84, 24.03, 700_000))
    collection = basemap_features(bbox, countries, box(0, 0, 31, 60), cities)
    layers = [f["properties"]["layer"] for f in collection["features"]]
    assert layers == ["country", "coast", "city"]
    ukraine = collection["features"][0]
    assert ukraine["properties"]["a3"] == "UKR"
    lons = [p[0] for p in ukraine["geometry"]["coordinates"][0]]
    assert min(lons) == 30.0 and max(lons) == 32.0
    assert collection["features"][2]["properties"] == {
        "layer": "city",
        "name": "Kyiv",
        "name_uk": "Київ",
        "population": 2_900_000,
    }
