// Applying the service's stream events (GET /api/v1/stream) to the map's layers.

import { alertFeature } from "./replay.js";

/** A track feature (GeoJSON Point with the API's properties) as the track layer's object. */
export function trackOf(feature) {
  const [lon, lat, alt] = feature.geometry.coordinates;
  return { ...feature.properties, lon, lat, alt_m: feature.properties.alt_m ?? alt };
}

/** The feature with expires_t_s (scenario seconds) worked out from its ISO `expires`. */
export function withExpiry(feature, startMs) {
  const p = feature.properties;
  if (!Number.isFinite(p.expires_t_s) && p.expires && Number.isFinite(startMs)) {
    p.expires_t_s = (Date.parse(p.expires) - startMs) / 1000;
  }
  return feature;
}

/** `snapshot`: the whole picture (clock, tracks for operators, alerts in force). */
export function applySnapshot(view, data) {
  view.clock.set(Number(data.clock_t_s));
  view.tracks.clear();
  for (const f of data.tracks?.features ?? []) view.tracks.setTrack(trackOf(f));
  view.alerts.setAll((data.alerts?.features ?? []).map((f) => withExpiry(f, view.startMs)));
  return data.tracks?.features?.length ?? 0;
}

/** `tracks`: changed tracks put, ended ones removed; returns how many were put. */
export function applyTracks(view, data) {
  for (const f of data.updated?.features ?? []) view.tracks.setTrack(trackOf(f));
  for (const id of data.removed ?? []) view.tracks.removeTrack(id);
  return data.updated?.features?.length ?? 0;
}

/** `alerts`: each message puts its alert's current area (Alert, Update) or takes it away (Cancel). */
export function applyAlerts(view, data) {
  const current = new Map((data.features ?? []).map((f) => [String(f.properties.alert_id), f]));
  for (const m of data.messages ?? []) {
    const id = String(m.alert_id);
    if (m.msg_type === "Cancel") view.alerts.remove(id);
    else view.alerts.upsert(withExpiry(current.get(id) ?? alertFeature(m), view.startMs));
  }
  return 0;
}
