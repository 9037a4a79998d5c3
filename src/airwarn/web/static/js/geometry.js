// Small geometry helpers on GeoJSON (lon, lat) coordinates: point in polygon, bounds, a label point.

function inRing(lon, lat, ring) {
  let inside = false;
  for (let i = 0, j = ring.length - 1; i < ring.length; j = i++) {
    const [xi, yi] = ring[i];
    const [xj, yj] = ring[j];
    if (yi > lat !== yj > lat && lon < ((xj - xi) * (lat - yi)) / (yj - yi) + xi) inside = !inside;
  }
  return inside;
}

function polygons(geometry) {
  if (!geometry) return [];
  if (geometry.type === "Polygon") return [geometry.coordinates];
  if (geometry.type === "MultiPolygon") return geometry.coordinates;
  return [];
}

/** Whether a (Multi)Polygon geometry holds the point (holes excluded). */
export function containsPoint(geometry, lon, lat) {
  return polygons(geometry).some(
    (rings) => rings.length > 0 && inRing(lon, lat, rings[0]) && !rings.slice(1).some((hole) => inRing(lon, lat, hole)),
  );
}

/** [[lat_min, lon_min], [lat_max, lon_max]] of a (Multi)Polygon, or null if it has no points. */
export function boundsOf(geometry) {
  let latMin = Infinity, latMax = -Infinity, lonMin = Infinity, lonMax = -Infinity;
  for (const rings of polygons(geometry)) {
    for (const [lon, lat] of rings[0] || []) {
      latMin = Math.min(latMin, lat); latMax = Math.max(latMax, lat);
      lonMin = Math.min(lonMin, lon); lonMax = Math.max(lonMax, lon);
    }
  }
  return Number.isFinite(latMin) ? [[latMin, lonMin], [latMax, lonMax]] : null;
}

/** A point to hang a label on: the vertex-mean of the largest polygon's outer ring, as [lat, lon]. */
export function labelPoint(geometry) {
  let best = null;
  for (const rings of polygons(geometry)) {
    if (!rings[0] || (best && best.length >= rings[0].length)) continue;
    best = rings[0];
  }
  if (!best || best.length === 0) return null;
  let lon = 0, lat = 0;
  for (const [x, y] of best) { lon += x; lat += y; }
  return [lat / best.length, lon / best.length];
}
