import numpy as np
from shapely.geometry import Point

from airwarn.geo.topojson import decode_arcs, features

# Two unit squares side by side sharing the arc x=1; quantized with scale 0.5, delta-encoded.
TOPOLOGY = {
    "type": "Topology",
    "transform": {"scale": [0.5, 0.5], "translate": [10.0, 40.0]},
    "objects": {
        "shapes": {
            "type": "GeometryCollection",
            "geometries": [
                {"type": "Polygon", "arcs": [[0, 1]], "properties": {"a3": "AAA"}},
                {"type": "MultiPolygon", "arcs": [[[~0, 2]]], "properties": {"a3": "BBB"}},
            ],
        }
    },
    "arcs": [
        [[2, 0], [0, 2]],  # (11,40) -> (11,41): the shared edge
        [[2, 2], [-2, 0], [0, -2], [2, 0]],  # (11,41) -> (10,41) -> (10,40) -> (11,40)
        [[2, 0], [2, 0], [0, 2], [-2, 0]],  # (11,40) -> (12,40) -> (12,41) -> (11,41)
    ],
}


def test_arcs_are_dequantized_and_delta_decoded():
    arcs = decode_arcs(TOPOLOGY)
    np.testing.assert_allclose(arcs[0], [[11.0, 40.0], [11.0, 41.0]])
    np.testing.assert_allclose(arcs[2][-1], [11.0, 41.0])


def test_polygons_share_the_reversed_arc():
    shapes = dict((p["a3"], g) for p, g in features(TOPOLOGY, "shapes"))
    assert shapes["AAA"].area == 1.0
    assert shapes["BBB"].area == 1.0
    assert shapes["AAA"].contains(Point(10.5, 40.5))
    assert shapes["BBB"].contains(Point(11.5, 40.5))
    assert not shapes["AAA"].intersects(Point(11.5, 40.5))
    assert shapes["AAA"].union(shapes["BBB"]).area == 2.0
