// The map's other layers: the vector base map with city names, sensors and their coverage, predicted
// paths and impact areas, and logged impacts.

import { currentLang, t } from "./i18n.js";
import { KIND_COLOURS, fitCanvas, kindOf } from "./symbols.js";

const COUNTRY_STYLE = { color: "#6b6b6b", weight: 1, fillColor: "#e6e4df", fillOpacity: 1, interactive: false };
const UKRAINE_STYLE = { ...COUNTRY_STYLE, color: "#4a4a4a", weight: 1.6, fillColor: "#fbfaf6" };
const COAST_STYLE = { color: "#3a6f91", weight: 1.2, fill: false, interactive: false };

/** The base map (countries, coastline) from /api/v1/basemap drawn in `pane` on its own canvas. */
export function baseLayer(collection, pane) {
  const renderer = L.canvas({ pane, padding: 0.5 });
  const shapes = collection.features.filter((f) => f.properties.layer !== "city");
  return L.geoJSON(shapes, {
    renderer,
    pane,
    interactive: false,
    style: (f) => (f.properties.layer === "coast" ? COAST_STYLE : f.properties.a3 === "UKR" ? UKRAINE_STYLE : COUNTRY_STYLE),
  });
}

/** Minimum population of a city named at a zoom level (more names as one zooms in). */
function minPopulation(zoom) {
  if (zoom <= 5) return 700000;
  if (zoom <= 6) return 250000;
  if (zoom <= 7) return 90000;
  if (zoom <= 8) return 30000;
  return 0;
}

/** City dots and names (in the page's language) on one canvas, redrawn when the view changes;
 * names that would overlap a larger city's are left out. */
export const CityLayer = L.Layer.extend({
  initialize(cities, options) {
    L.setOptions(this, options);
    this.cities = cities; // features of layer "city", largest first
  },
  onAdd(map) {
    this._map = map;
    this._canvas = L.DomUtil.create("canvas", "aw-city-canvas", map.getPane(this.options.pane));
    this._canvas.setAttribute("aria-hidden", "true");
    map.on("moveend zoomend resize viewreset", this.redraw, this);
    this.redraw();
  },
  onRemove(map) {
    map.off("moveend zoomend resize viewreset", this.redraw, this);
    this._canvas.remove();
  },
  redraw() {
    const map = this._map;
    if (!map || !this._canvas) return;
    const size = map.getSize();
    const dpr = fitCanvas(map, this._canvas);
    const ctx = this._canvas.getContext("2d");
    ctx.setTransform(dpr, 0, 0, dpr, 0, 0);
    const floor = minPopulation(map.getZoom());
    const taken = [];
    const uk = currentLang() === "uk";
    ctx.font = "12px system-ui, sans-serif";
    ctx.textBaseline = "middle";
    for (const city of this.cities) {
      const p = city.properties;
      if (p.population < floor) break;
      const [lon, lat] = city.geometry.coordinates;
      const at = map.latLngToContainerPoint([lat, lon]);
      if (at.x < -50 || at.y < -20 || at.x > size.x + 50 || at.y > size.y + 20) continue;
      const name = (uk && p.name_uk) || p.name;
      const width = ctx.measureText(name).width;
      const box = [at.x - 4, at.y - 8, at.x + 8 + width, at.y + 8];
      if (taken.some((b) => box[0] < b[2] && box[2] > b[0] && box[1] < b[3] && box[3] > b[1])) continue;
      taken.push(box);
      const r = p.population >= 1000000 ? 4 : p.population >= 200000 ? 3 : 2;
      ctx.beginPath();
      ctx.arc(at.x, at.y, r, 0, 2 * Math.PI);
      ctx.fillStyle = "#333";
      ctx.fill();
      ctx.lineWidth = 3;
      ctx.strokeStyle = "rgba(255,255,255,0.9)";
      ctx.strokeText(name, at.x + 6, at.y);
      ctx.fillStyle = "#222";
      ctx.fillText(name, at.x + 6, at.y);
    }
  },
});

/** Sensors as symbols (radar: square, acoustic: small circle, others: dot) and, separately, their
 * coverage circles (max_range_m), both on the canvas renderer. */
export function sensorLayers(sensors, pane) {
  const renderer = L.canvas({ pane });
  const marks = L.layerGroup();
  const coverage = L.layerGroup();
  for (const s of sensors) {
    if (!Number.isFinite(s.lat) || !Number.isFinite(s.lon)) continue; // observer networks have no place
    const at = [s.lat, s.lon];
    const radar = s.type === "radar";
    marks.addLayer(
      L.circleMarker(at, {
        renderer,
        radius: radar ? 5 : 2.5,
        color: "#000",
        weight: radar ? 2 : 1,
        fillColor: radar ? "#fff" : "#555",
        fillOpacity: 1,
        interactive: false,
      }),
    );
    if (Number.isFinite(s.max_range_m) && s.max_range_m > 0) {
      coverage.addLayer(
        L.circle(at, {
          renderer,
          radius: s.max_range_m,
          color: radar ? "#555" : "#999",
          weight: radar ? 1.2 : 0.6,
          dashArray: radar ? "8 6" : null,
          fill: false,
          interactive: false,
        }),
      );
    }
  }
  return { marks, coverage };
}

/** Predicted paths (dashed, kind colour) and impact areas (cross-hatched, dotted outline). */
export class PredictionLayer {
  constructor(pane) {
    this.group = L.layerGroup();
    this.paths = L.canvas({ pane });
    this.areas = L.svg({ pane });
    this.pane = pane;
  }

  set(collection) {
    this.group.clearLayers();
    for (const feature of collection?.features ?? []) {
      const p = feature.properties;
      if (p.layer === "path") {
        this.group.addLayer(
          L.geoJSON(feature, {
            renderer: this.paths,
            pane: this.pane,
            interactive: false,
            style: () => ({ color: KIND_COLOURS[kindOf(p.kind)], weight: 2, dashArray: "2 6", lineCap: "round" }),
          }),
        );
      } else if (p.layer === "impact") {
        this.group.addLayer(
          L.geoJSON(feature, {
            renderer: this.areas,
            pane: this.pane,
            interactive: false,
            className: "aw-impact-area",
            style: () => ({ color: "#D55E00", weight: 2, dashArray: "1 4", fillColor: "url(#aw-hatch-impact)", fillOpacity: 1 }),
          }),
        );
      }
    }
  }
}

/** Logged impacts: a black-on-white ✕ each (a DOM marker: there are few, and they are clickable). */
export class ImpactLayer {
  constructor(onOpen) {
    this.group = L.layerGroup();
    this.features = new Map();
    this.onOpen = onOpen;
  }

  get size() {
    return this.features.size;
  }

  setAll(features) {
    this.group.clearLayers();
    this.features.clear();
    for (const f of features) this.add(f);
  }

  add(feature) {
    const id = String(feature.properties.impact_id ?? `${feature.properties.t_s}`);
    if (this.features.has(id)) return;
    this.features.set(id, feature);
    const [lon, lat] = feature.geometry.coordinates;
    const marker = L.marker([lat, lon], {
      icon: L.divIcon({ className: "aw-impact", html: "✕", iconSize: [22, 22] }),
      keyboard: true,
      title: `${t("legend_impact")} ${id}`,
    });
    marker.on("click", () => this.onOpen(id));
    this.group.addLayer(marker);
  }
}
