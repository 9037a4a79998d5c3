// Replay of everything so far (GET /api/v1/history): the picture at any scenario time, rebuilt from
// tracks.csv rows and the alert messages in order.

const TRAIL_ROWS = 60;
const MAX_AGE_S = 30; // a track row older than this is no longer shown (as the scoring does)

function lowerBound(times, t) {
  // index of the last element <= t, or -1
  let lo = 0, hi = times.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (times[mid] <= t) lo = mid + 1;
    else hi = mid;
  }
  return lo - 1;
}

function truthy(value) {
  return value === true || value === 1 || value === "1" || value === "true" || value === "True";
}

export class Replay {
  /** `history` as /api/v1/history returns it; `startMs` the scenario start (ms since the epoch). */
  constructor(history, startMs) {
    this.startMs = startMs;
    this.end_t_s = Number(history.clock_t_s) || 0;
    this.byTrack = new Map();
    const columns = history.tracks?.columns ?? [];
    const col = Object.fromEntries(columns.map((name, i) => [name, i]));
    const need = ["t_s", "track_id", "lat", "lon"];
    const rows = need.every((n) => n in col) ? history.tracks.rows : [];
    for (const row of rows) {
      const id = String(row[col.track_id]);
      let track = this.byTrack.get(id);
      if (!track) {
        track = { t: [], lat: [], lon: [], alt: [], ve: [], vn: [], vu: [], kind: [], confirmed: [] };
        this.byTrack.set(id, track);
      }
      track.t.push(Number(row[col.t_s]));
      track.lat.push(Number(row[col.lat]));
      track.lon.push(Number(row[col.lon]));
      track.alt.push(Number(row[col.alt_m]));
      track.ve.push(Number(row[col.v_east_mps]) || 0);
      track.vn.push(Number(row[col.v_north_mps]) || 0);
      track.vu.push(Number(row[col.v_up_mps]) || 0);
      track.kind.push(row[col.object_kind] || "");
      track.confirmed.push(truthy(row[col.confirmed]));
    }
    this.messages = [...(history.alerts ?? [])].sort((a, b) => a.t_s - b.t_s);
    this.messageTimes = this.messages.map((m) => Number(m.t_s));
    this.impacts = history.impacts ?? [];
    for (const m of this.messages) this.end_t_s = Math.max(this.end_t_s, Number(m.t_s));
    for (const track of this.byTrack.values()) this.end_t_s = Math.max(this.end_t_s, track.t[track.t.length - 1]);
    this._alertCache = { index: -2, features: [] };
  }

  /** Tracks shown at scenario time t_s, as the map's track objects. */
  tracksAt(t_s) {
    const out = [];
    for (const [id, tr] of this.byTrack) {
      const k = lowerBound(tr.t, t_s);
      if (k < 0 || t_s - tr.t[k] > MAX_AGE_S) continue;
      const from = Math.max(0, k - TRAIL_ROWS + 1);
      const trail = [];
      for (let i = from; i <= k; i++) trail.push([tr.lon[i], tr.lat[i]]);
      const ve = tr.ve[k], vn = tr.vn[k];
      out.push({
        track_id: id,
        t_s: tr.t[k],
        lat: tr.lat[k],
        lon: tr.lon[k],
        alt_m: tr.alt[k],
        vel_e: ve,
        vel_n: vn,
        vel_u: tr.vu[k],
        speed_mps: Math.hypot(ve, vn, tr.vu[k]),
        heading_deg: ((Math.atan2(ve, vn) * 180) / Math.PI + 360) % 360,
        kind: tr.kind[k],
        confirmed: tr.confirmed[k],
        pos_sd_m: null,
        trail,
      });
    }
    return out;
  }

  /** Alerts in force at t_s as GeoJSON features (the last Alert/Update of each, not cancelled or expired). */
  alertsAt(t_s) {
    const index = lowerBound(this.messageTimes, t_s);
    let features = this._alertCache.features;
    if (index !== this._alertCache.index) {
      const latest = new Map();
      for (let i = 0; i <= index; i++) {
        const m = this.messages[i];
        if (m.msg_type === "Cancel") latest.delete(m.alert_id);
        else latest.set(m.alert_id, m);
      }
      features = [...latest.values()].map((m) => alertFeature(m));
      this._alertCache = { index, features };
    }
    return features.filter((f) => !(f.properties.expires_t_s <= t_s));
  }

  impactsUntil(t_s) {
    return this.impacts.filter((f) => (f.properties?.t_s ?? 0) <= t_s);
  }
}

/** An alert message (alerts.jsonl's shape, maybe with the service's extra keys) as a map feature. */
export function alertFeature(m) {
  return {
    type: "Feature",
    geometry: m.area,
    properties: {
      alert_id: m.alert_id,
      msg_type: m.msg_type,
      track_id: m.track_id ?? (m.threat_track_ids || [])[0] ?? null,
      kind: m.kind ?? m.object_kind ?? null,
      t_s: m.t_s,
      expires_t_s: m.expires_t_s,
      t_arrival_s: m.t_arrival_s ?? m.eta_t_s ?? null,
      headline_en: m.headline_en ?? m.headline ?? null,
      headline_uk: m.headline_uk ?? null,
      instruction_en: m.instruction_en ?? null,
      instruction_uk: m.instruction_uk ?? null,
      cells: m.cells ?? null,
    },
  };
}

const TEXT_COLUMNS = new Set(["track_id", "object_kind"]);

/** A batch run's files (tracks.csv and/or alerts.jsonl, as File objects) in /history's shape. */
export async function historyFromFiles(files, start_time) {
  const history = { start_time, clock_t_s: 0, tracks: { columns: [], rows: [] }, alerts: [], impacts: [] };
  for (const file of files) {
    const text = await file.text();
    if (file.name.endsWith(".jsonl")) {
      text.split("\n").forEach((line, i) => {
        if (!line.trim()) return;
        try {
          history.alerts.push(JSON.parse(line));
        } catch (err) {
          throw new Error(`${file.name} line ${i + 1}: not JSON (${err.message})`);
        }
      });
    } else {
      const lines = text.split(/\r?\n/).filter((l) => l.trim());
      const columns = lines[0].split(",");
      if (!columns.includes("track_id") || !columns.includes("t_s")) {
        throw new Error(`${file.name}: the header has no t_s and track_id; is it a run's tracks.csv?`);
      }
      history.tracks.columns = columns;
      history.tracks.rows = lines.slice(1).map((line) =>
        line.split(",").map((v, i) => (TEXT_COLUMNS.has(columns[i]) ? v : v === "" ? null : Number(v))));
    }
  }
  return history;
}
