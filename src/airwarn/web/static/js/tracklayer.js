// The live tracks on one canvas: trails, uncertainty circles, kind symbols turned to their heading and
// a leader line a minute ahead. Batched per kind (a dozen strokes a frame for 500 tracks), positions
// carried forward by each track's velocity between updates, as the data contract says to show them.

import { KINDS, KIND_COLOURS, fitCanvas, kindOf, traceSymbol } from "./symbols.js";

const M_PER_DEG = 111320;
const STALE_S = 15; // older than this: drawn faded
const MAX_COAST_S = 30; // never carried further forward than this
const LEADER_S = 60;

/** Web-Mercator position in [0, 1]² (x east, y south) of lon/lat degrees. */
function mercator(lon, lat) {
  const sin = Math.sin((Math.max(-85, Math.min(85, lat)) * Math.PI) / 180);
  return [lon / 360 + 0.5, 0.5 - Math.log((1 + sin) / (1 - sin)) / (4 * Math.PI)];
}

/** The Mercator trail of `trail`, reusing the old track's projected points where the new trail is
 * the old one moved on by a few points (as each update is): only the new points are projected. */
function reprojected(old, trail) {
  const before = old.trail || [];
  for (let shift = 0; shift <= 3 && shift < before.length; shift++) {
    const overlap = before.length - shift;
    if (overlap > trail.length || overlap < 2) break;
    const [a0, a1] = before[shift];
    const [b0, b1] = before[before.length - 1];
    if (trail[0][0] !== a0 || trail[0][1] !== a1 || trail[overlap - 1][0] !== b0 || trail[overlap - 1][1] !== b1) {
      continue;
    }
    const out = old.trailMerc.slice(shift);
    for (let i = overlap; i < trail.length; i++) out.push(mercator(trail[i][0], trail[i][1]));
    return out;
  }
  return trail.map(([lon, lat]) => mercator(lon, lat));
}

export const TrackLayer = L.Layer.extend({
  initialize(options) {
    L.setOptions(this, options);
    this.tracks = new Map(); // track_id -> track object (see setTrack)
    this.selectedId = null;
    this.showTrails = true;
    this.stats = { draws: 0, drawMsTotal: 0, drawMsMax: 0, lastDrawMs: 0 };
    this._dirty = true;
    this._screen = new Map(); // track_id -> [x, y] of the last draw, for clicks
  },

  onAdd(map) {
    this._map = map;
    this._canvas = L.DomUtil.create("canvas", "aw-track-canvas", map.getPane(this.options.pane));
    this._canvas.setAttribute("aria-hidden", "true");
    this._ctx = this._canvas.getContext("2d");
    map.on("moveend zoomend resize viewreset", this._reset, this);
    this._reset();
  },

  onRemove(map) {
    map.off("moveend zoomend resize viewreset", this._reset, this);
    this._canvas.remove();
    this._canvas = null;
  },

  /** Put or replace a track; `track` holds id, lon, lat, alt_m, vel_e, vel_n, speed_mps, heading_deg,
   * pos_sd_m, kind, confirmed, t_s and trail ([[lon, lat], ...] oldest first). */
  setTrack(track) {
    const trail = track.trail || [];
    const old = this.tracks.get(track.track_id);
    track.trailMerc = old ? reprojected(old, trail) : trail.map(([lon, lat]) => mercator(lon, lat));
    this.tracks.set(track.track_id, track);
    this._dirty = true;
  },

  removeTrack(id) {
    if (this.tracks.delete(id)) this._dirty = true;
  },

  clear() {
    this.tracks.clear();
    this._dirty = true;
  },

  markDirty() {
    this._dirty = true;
  },

  get dirty() {
    return this._dirty;
  },

  _reset() {
    if (!this._canvas) return;
    const map = this._map;
    const dpr = fitCanvas(map, this._canvas);
    this._dpr = dpr;
    // Symbols grow with the page's type size (larger on a wall screen, see style.css).
    this._symbolPx = 8 * (parseFloat(getComputedStyle(document.documentElement).fontSize) / 15 || 1);
    this._dirty = true;
  },

  /** Draw every track as it is at scenario time now_t_s; returns the milliseconds it took. */
  draw(now_t_s) {
    if (!this._canvas) return 0;
    const start = performance.now();
    const map = this._map;
    const ctx = this._ctx;
    const size = map.getSize();
    const zoom = map.getZoom();
    const scale = 256 * 2 ** zoom;
    const topLeft = map.containerPointToLayerPoint([0, 0]);
    const origin = map.getPixelOrigin();
    const ox = origin.x + topLeft.x;
    const oy = origin.y + topLeft.y;
    ctx.setTransform(this._dpr, 0, 0, this._dpr, 0, 0);
    ctx.clearRect(0, 0, size.x, size.y);
    this._screen.clear();

    const fresh = new Map(KINDS.map((k) => [k, []]));
    const stale = new Map(KINDS.map((k) => [k, []]));
    for (const track of this.tracks.values()) {
      const age = Number.isFinite(now_t_s) ? Math.max(0, now_t_s - track.t_s) : 0;
      const dt = Math.min(age, MAX_COAST_S);
      const lat = track.lat + ((track.vel_n || 0) * dt) / M_PER_DEG;
      const lon = track.lon + ((track.vel_e || 0) * dt) / (M_PER_DEG * Math.cos((track.lat * Math.PI) / 180));
      const [mx, my] = mercator(lon, lat);
      const x = mx * scale - ox;
      const y = my * scale - oy;
      this._screen.set(track.track_id, [x, y]);
      if (x < -200 || y < -200 || x > size.x + 200 || y > size.y + 200) continue;
      (age > STALE_S ? stale : fresh).get(kindOf(track.kind)).push([track, x, y]);
    }
    const metresPerPixel = (40075016.686 * Math.cos((map.getCenter().lat * Math.PI) / 180)) / scale;

    for (const [group, alpha] of [[stale, 0.4], [fresh, 1]]) {
      ctx.globalAlpha = alpha;
      if (this.showTrails) this._drawTrails(ctx, group, scale, ox, oy);
      this._drawUncertainty(ctx, group, metresPerPixel);
      this._drawLeaders(ctx, group, metresPerPixel);
      this._drawSymbols(ctx, group);
    }
    ctx.globalAlpha = 1;
    this._drawSelection(ctx);

    this._dirty = false;
    const ms = performance.now() - start;
    this.stats.draws += 1;
    this.stats.drawMsTotal += ms;
    this.stats.drawMsMax = Math.max(this.stats.drawMsMax, ms);
    this.stats.lastDrawMs = ms;
    return ms;
  },

  _drawTrails(ctx, group, scale, ox, oy) {
    ctx.lineWidth = 1.5;
    for (const [kind, items] of group) {
      if (!items.length) continue;
      ctx.beginPath();
      for (const [track, x, y] of items) {
        const trail = track.trailMerc;
        if (trail.length < 1) continue;
        ctx.moveTo(trail[0][0] * scale - ox, trail[0][1] * scale - oy);
        for (let i = 1; i < trail.length; i++) ctx.lineTo(trail[i][0] * scale - ox, trail[i][1] * scale - oy);
        ctx.lineTo(x, y);
      }
      ctx.strokeStyle = kind === "glide_bomb" ? "#8a7f00" : KIND_COLOURS[kind];
      ctx.setLineDash([]);
      ctx.stroke();
    }
  },

  _drawUncertainty(ctx, group, metresPerPixel) {
    ctx.beginPath();
    for (const items of group.values()) {
      for (const [track, x, y] of items) {
        const r = (track.pos_sd_m || 0) / metresPerPixel;
        if (r < 4) continue;
        ctx.moveTo(x + r, y);
        ctx.arc(x, y, r, 0, 2 * Math.PI);
      }
    }
    ctx.lineWidth = 1;
    ctx.setLineDash([3, 3]);
    ctx.strokeStyle = "#333";
    ctx.stroke();
    ctx.setLineDash([]);
  },

  _drawLeaders(ctx, group, metresPerPixel) {
    ctx.beginPath();
    for (const items of group.values()) {
      for (const [track, x, y] of items) {
        const len = Math.min(90, ((track.speed_mps || 0) * LEADER_S) / metresPerPixel);
        if (len < 8) continue;
        const h = ((track.heading_deg || 0) * Math.PI) / 180;
        ctx.moveTo(x, y);
        ctx.lineTo(x + len * Math.sin(h), y - len * Math.cos(h));
      }
    }
    ctx.lineWidth = 1.5;
    ctx.strokeStyle = "#111";
    ctx.stroke();
  },

  _drawSymbols(ctx, group) {
    for (const [kind, items] of group) {
      if (!items.length) continue;
      const confirmed = new Path2D();
      const tentative = new Path2D();
      for (const [track, x, y] of items) {
        const h = ((track.heading_deg || 0) * Math.PI) / 180;
        traceSymbol(track.confirmed === false ? tentative : confirmed, kind, x, y, h, this._symbolPx);
      }
      ctx.lineWidth = 1.5;
      ctx.strokeStyle = "#111";
      ctx.fillStyle = KIND_COLOURS[kind];
      ctx.fill(confirmed);
      ctx.stroke(confirmed);
      ctx.fillStyle = "rgba(255,255,255,0.85)";
      ctx.fill(tentative);
      ctx.setLineDash([2, 2]);
      ctx.strokeStyle = KIND_COLOURS[kind] === "#F0E442" ? "#8a7f00" : KIND_COLOURS[kind];
      ctx.lineWidth = 2;
      ctx.stroke(tentative);
      ctx.setLineDash([]);
    }
  },

  _drawSelection(ctx) {
    const at = this.selectedId !== null ? this._screen.get(this.selectedId) : undefined;
    if (!at) return;
    ctx.beginPath();
    ctx.arc(at[0], at[1], 15, 0, 2 * Math.PI);
    ctx.lineWidth = 3;
    ctx.strokeStyle = "#000";
    ctx.stroke();
    ctx.lineWidth = 1.5;
    ctx.strokeStyle = "#fff";
    ctx.stroke();
    const track = this.tracks.get(this.selectedId);
    ctx.font = "bold 13px system-ui, sans-serif";
    ctx.lineWidth = 3;
    ctx.strokeStyle = "#fff";
    ctx.strokeText(String(track.track_id), at[0] + 18, at[1] - 10);
    ctx.fillStyle = "#000";
    ctx.fillText(String(track.track_id), at[0] + 18, at[1] - 10);
  },

  /** The id of the track drawn nearest a container point, within `radius` pixels, else null. */
  trackAt(point, radius = 6 + 1.5 * this._symbolPx) {
    let best = null;
    let bestD2 = radius * radius;
    for (const [id, [x, y]] of this._screen) {
      const d2 = (x - point.x) ** 2 + (y - point.y) ** 2;
      if (d2 <= bestD2) {
        best = id;
        bestD2 = d2;
      }
    }
    return best;
  },

  /** Container point [x, y] where a track was last drawn (for tests and keyboard focus). */
  screenOf(id) {
    return this._screen.get(id) || null;
  },
});
