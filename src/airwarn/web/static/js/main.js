// The live map: wires the service's API to the map, the alert list, the clock and the replay controls.

import { getIfAllowed, getJSON, startSession } from "./api.js";
import { AlertView, headline, instruction } from "./alerts.js";
import { LiveClock, ReplayClock } from "./clock.js";
import { closeDetails, detailsSubject, installDetails, openDetails } from "./details.js";
import { degrees, duration, kindName, leadTime, metres, speed, utcClock } from "./format.js";
import { currentLang, initialLang, onLangChange, setLang, t } from "./i18n.js";
import { CityLayer, ImpactLayer, PredictionLayer, baseLayer, sensorLayers } from "./overlays.js";
import { buildLegend } from "./legend.js";
import { Replay, historyFromFiles } from "./replay.js";
import { applyAlerts, applySnapshot, applyTracks } from "./stream.js";
import { TrackLayer } from "./tracklayer.js";

const PREDICTION_POLL_MS = 5000;
const DRAW_EVERY_MS = 100; // tracks are carried forward by their velocity at 10 Hz between updates
const DEFAULT_AREA = { lat_min: 44.0, lat_max: 52.5, lon_min: 22.0, lon_max: 40.5 };

const stats = {
  frames: 0,
  updates: { events: 0, ms_total: 0, ms_max: 0, tracks_applied: 0, by_type: {} },
};

const app = {
  role: "public",
  mode: "live",
  startMs: NaN,
  liveClock: new LiveClock(),
  replayClock: null,
  replay: null,
  source: null,
  lastDraw: 0,
  lastSecond: NaN,
  lastReplayApply: -Infinity,
  predictionTimer: null,
};

function status(state) {
  const el = document.getElementById("status");
  el.dataset.state = state;
  el.dataset.i18n = `status_${state}`;
  el.textContent = t(`status_${state}`);
}

function record(type, ms, tracks = 0) {
  const u = stats.updates;
  u.events += 1;
  u.ms_total += ms;
  u.ms_max = Math.max(u.ms_max, ms);
  u.tracks_applied += tracks;
  const b = (u.by_type[type] ??= { events: 0, ms_total: 0, ms_max: 0 });
  b.events += 1;
  b.ms_total += ms;
  b.ms_max = Math.max(b.ms_max, ms);
}

function now() {
  return app.mode === "replay" ? app.replayClock.now() : app.liveClock.now();
}

// ---- the map and its layers -------------------------------------------------------------------

function makeMap(area) {
  const map = L.map("map", {
    zoomControl: true,
    attributionControl: true,
    zoomSnap: 0.5,
    minZoom: 4,
    maxZoom: 13,
    keyboardPanDelta: 120,
  });
  map.attributionControl.setPrefix(false);
  map.attributionControl.addAttribution("Natural Earth · Visionscarto · GeoNames");
  for (const [name, z] of [["base", 200], ["cities", 250], ["sensors", 380], ["predictions", 400], ["alerts", 420], ["tracks", 450]]) {
    map.createPane(name).style.zIndex = String(z);
  }
  for (const name of ["base", "cities", "sensors", "predictions", "alerts", "tracks"]) {
    map.getPane(name).style.pointerEvents = "none";
  }
  map.fitBounds([[area.lat_min, area.lon_min], [area.lat_max, area.lon_max]]);
  return map;
}

let map, tracks, alerts, predictions, impacts, layerControl, overlays;

function buildLayerControl() {
  layerControl?.remove();
  const entries = {};
  for (const [key, layer] of overlays) entries[t(key)] = layer;
  layerControl = L.control.layers(null, entries, { collapsed: window.innerWidth < 700 }).addTo(map);
}

async function loadBase(area) {
  const q = new URLSearchParams(area).toString();
  const response = await fetch(`/api/v1/basemap?${q}`);
  const collection = await response.json();
  baseLayer(collection, "base").addTo(map);
  const cities = new CityLayer(collection.features.filter((f) => f.properties.layer === "city"), { pane: "cities" });
  cities.addTo(map);
  overlays.push(["layer_cities", cities]);
  onLangChange(() => cities.redraw());
}

// ---- details ----------------------------------------------------------------------------------

function showTrack(id) {
  const track = tracks.tracks.get(id);
  if (!track) return;
  tracks.selectedId = id;
  tracks.markDirty();
  const conf = Number.isFinite(track.kind_confidence) ? ` (${Math.round(track.kind_confidence * 100)} %)` : "";
  openDetails(`${t("track")} ${id}`, [
    [t("kind"), kindName(track.kind) + conf],
    [t("confirmed"), track.confirmed === false ? t("no") : t("yes")],
    [t("altitude"), metres(track.alt_m)],
    [t("speed_label"), speed(track.speed_mps)],
    [t("heading"), degrees(track.heading_deg)],
    [t("uncertainty"), Number.isFinite(track.pos_sd_m) ? metres(track.pos_sd_m) : null],
    ["lat, lon", `${track.lat.toFixed(4)}, ${track.lon.toFixed(4)}`],
    [t("updated"), Number.isFinite(now()) ? `${duration(Math.max(0, now() - track.t_s))} ${t("ago")}` : null],
  ], { kind: "track", id, onClose: () => { tracks.selectedId = null; tracks.markDirty(); } });
}

function showAlert(id, zoom = false) {
  const feature = alerts.feature(id);
  if (!feature) return;
  const p = feature.properties;
  const cap = document.createElement("a");
  cap.href = `/api/v1/alerts/${encodeURIComponent(id)}/cap`;
  cap.textContent = `CAP 1.2 (${id})`;
  cap.target = "_blank";
  cap.rel = "noopener";
  const when = (iso) => (iso ? `${iso.slice(11, 19)} UTC` : null);
  openDetails(headline(p), [
    [t("instruction"), instruction(p)],
    [t("kind"), kindName(p.kind)],
    [t("arrival"), leadTime(p.t_arrival_s, now())],
    [t("onset"), when(p.onset)],
    [t("expires"), when(p.expires)],
    [t("cells"), p.cells],
    [t("track_id"), p.track_id],
    [t("cap"), cap],
  ], { kind: "alert", id });
  const bounds = alerts.bounds(id);
  if (zoom && bounds) map.fitBounds(bounds, { maxZoom: 10, padding: [40, 40], animate: false });
}

function showImpact(id) {
  const f = impacts.features.get(id);
  if (!f) return;
  const p = f.properties;
  openDetails(`${t("legend_impact")} ${id}`, [
    [t("time"), Number.isFinite(app.startMs) ? utcClock(app.startMs, p.t_s) : duration(p.t_s)],
    [t("kind"), p.kind ? kindName(p.kind) : null],
    [t("note"), p.note],
    [t("warned"), p.warned === true ? t("yes") : p.warned === false ? t("no") : null],
  ], { kind: "impact", id });
}

function refreshDetails() {
  const subject = detailsSubject();
  if (!subject) return;
  const focusInside = document.getElementById("details").contains(document.activeElement);
  if (!focusInside) return; // leave a panel alone that the user is not looking at through the keyboard
  if (subject.kind === "track" && tracks.tracks.has(subject.id)) showTrack(subject.id);
}

// ---- live -------------------------------------------------------------------------------------

function on(source, type, apply) {
  source.addEventListener(type, (event) => {
    if (app.mode !== "live") return;
    const start = performance.now();
    const n = apply(JSON.parse(event.data)) || 0;
    record(type, performance.now() - start, n);
    document.getElementById("track-count").textContent = String(tracks.tracks.size);
  });
}

function connectLive() {
  status("connecting");
  const source = new EventSource("/api/v1/stream", { withCredentials: true });
  app.source = source;
  source.onopen = () => status("live");
  source.onerror = () => status(source.readyState === EventSource.CLOSED ? "offline" : "connecting");
  const view = { clock: app.liveClock, tracks, alerts, startMs: app.startMs };
  on(source, "snapshot", (d) => { status("live"); return applySnapshot(view, d); });
  on(source, "clock", (d) => app.liveClock.set(Number(d.t_s)));
  on(source, "tracks", (d) => applyTracks(view, d));
  on(source, "alerts", (d) => applyAlerts(view, d));
  on(source, "impact", (d) => { impacts.add(d.feature ?? d); countImpacts(); });
  if (app.role === "operator") pollPredictions();
}

async function pollPredictions() {
  clearTimeout(app.predictionTimer);
  if (app.mode !== "live" || app.role !== "operator") return;
  try {
    predictions.set(await getIfAllowed("/predictions"));
  } catch (err) {
    console.warn("predictions:", err.message);
  }
  app.predictionTimer = setTimeout(pollPredictions, PREDICTION_POLL_MS);
}

function countImpacts() {
  document.getElementById("impact-count").textContent = String(impacts.size);
}

// ---- replay -----------------------------------------------------------------------------------

async function enterReplay(files = null) {
  if ((app.mode === "replay" && !files) || app.entering) return;
  app.entering = true;
  try {
    await loadReplay(files);
  } catch (err) {
    if (app.mode === "live") connectLive(); // nothing to replay: stay live
    throw err;
  } finally {
    app.entering = false;
  }
}

/** Replay what the service holds (GET /history), or a finished batch run's files. */
async function loadReplay(files) {
  app.source?.close();
  app.source = null;
  clearTimeout(app.predictionTimer);
  predictions.set(null);
  status("replay");
  const startIso = Number.isFinite(app.startMs) ? new Date(app.startMs).toISOString() : null;
  const history = files ? await historyFromFiles(files, startIso) : await getJSON("/history");
  app.replaySource = files ? [...files].map((f) => f.name) : null;
  renderReplaySource();
  const startMs = Date.parse(history.start_time);
  if (Number.isFinite(startMs)) app.startMs = startMs;
  app.replay = new Replay(history, app.startMs);
  app.replayClock = new ReplayClock(app.replay.end_t_s);
  app.replayClock.seek(app.replay.end_t_s);
  app.mode = "replay";
  setModeButtons();
  const slider = document.getElementById("replay-slider");
  slider.max = String(Math.ceil(app.replay.end_t_s));
  slider.value = slider.max;
  document.getElementById("replay").hidden = false;
  app.lastReplayApply = -Infinity;
  applyReplay(true);
}

function renderReplaySource() {
  const names = app.replaySource;
  document.getElementById("replay-source").textContent = names
    ? `${t("source_files")}: ${names.join(", ")}`
    : t("source_service");
}

function leaveReplay() {
  if (app.mode === "live") return;
  app.mode = "live";
  app.replayClock?.pause();
  document.getElementById("replay").hidden = true;
  setModeButtons();
  connectLive();
}

function applyReplay(force = false) {
  const wall = performance.now();
  if (!force && wall - app.lastReplayApply < DRAW_EVERY_MS) return;
  app.lastReplayApply = wall;
  const start = performance.now();
  const t_s = app.replayClock.now();
  const shown = app.replay.tracksAt(t_s);
  tracks.clear();
  for (const track of shown) tracks.setTrack(track);
  alerts.setAll(app.replay.alertsAt(t_s));
  const hit = app.replay.impactsUntil(t_s);
  if (hit.length !== impacts.size) { impacts.setAll(hit); countImpacts(); }
  document.getElementById("track-count").textContent = String(shown.length);
  const slider = document.getElementById("replay-slider");
  if (document.activeElement !== slider) slider.value = String(Math.round(t_s));
  document.getElementById("replay-time").textContent = duration(t_s);
  document.getElementById("replay-play").textContent = t(app.replayClock.playing ? "pause" : "play");
  record("replay", performance.now() - start, shown.length);
}

function installReplayControls() {
  const slider = document.getElementById("replay-slider");
  slider.addEventListener("input", () => {
    app.replayClock.seek(Number(slider.value));
    applyReplay(true);
  });
  document.getElementById("replay-play").addEventListener("click", () => {
    if (app.replayClock.playing) app.replayClock.pause();
    else app.replayClock.play();
    applyReplay(true);
  });
  document.getElementById("replay-speed").addEventListener("change", (e) => app.replayClock.setSpeed(Number(e.target.value)));
  document.getElementById("mode-live").addEventListener("click", leaveReplay);
  document.getElementById("mode-replay").addEventListener("click", () => enterReplay().catch(fail));
  document.getElementById("replay-files").addEventListener("change", (e) => {
    if (!e.target.files.length) return;
    enterReplay(e.target.files).catch((err) => {
      console.warn("replay files:", err);
      document.getElementById("replay-source").textContent = String(err.message || err);
    });
  });
}

function setModeButtons() {
  document.getElementById("mode-live").setAttribute("aria-pressed", String(app.mode === "live"));
  document.getElementById("mode-replay").setAttribute("aria-pressed", String(app.mode === "replay"));
}

// ---- every frame ------------------------------------------------------------------------------

function frame(timestamp) {
  stats.frames += 1;
  if (app.mode === "replay" && app.replay && app.replayClock.playing) applyReplay();
  const t_s = now();
  if (tracks.dirty || timestamp - app.lastDraw >= DRAW_EVERY_MS) {
    tracks.draw(t_s);
    app.lastDraw = timestamp;
  }
  const second = Math.floor(t_s);
  if (second !== app.lastSecond && Number.isFinite(second)) {
    app.lastSecond = second;
    tick(t_s);
  }
  requestAnimationFrame(frame);
}

function tick(t_s) {
  const clock = document.getElementById("clock");
  clock.textContent = utcClock(app.startMs, t_s);
  if (Number.isFinite(app.startMs)) clock.dateTime = new Date(app.startMs + t_s * 1000).toISOString();
  document.getElementById("clock-rel").textContent = `T+${duration(t_s)}`;
  if (app.mode === "live") alerts.expire(t_s);
  alerts.tick(t_s);
  refreshDetails();
}

// ---- legend and language ----------------------------------------------------------------------

function relabel() {
  buildLegend();
  alerts.renderList();
  alerts.tick(now());
  buildLayerControl();
  document.getElementById("role-note").textContent = t(app.role === "operator" ? "role_operator" : "role_public");
  document.getElementById("track-summary").hidden = app.role !== "operator";
  if (app.mode === "replay" && app.replayClock) {
    renderReplaySource();
    document.getElementById("replay-play").textContent = t(app.replayClock.playing ? "pause" : "play");
  }
  const subject = detailsSubject();
  if (subject?.kind === "track") showTrack(subject.id);
  else if (subject?.kind === "alert") showAlert(subject.id);
  else if (subject?.kind === "impact") showImpact(subject.id);
}

// ---- start ------------------------------------------------------------------------------------

function fail(err) {
  console.warn("airwarn map:", err);
  status("offline");
}

async function boot() {
  setLang(initialLang());
  installDetails();
  document.getElementById("lang-uk").addEventListener("click", () => setLang("uk"));
  document.getElementById("lang-en").addEventListener("click", () => setLang("en"));
  app.role = await startSession();
  const scenario = (await getIfAllowed("/scenario")) ?? {};
  const area = scenario.area ?? DEFAULT_AREA;
  app.startMs = Date.parse(scenario.start_time ?? "");
  map = makeMap(area);
  overlays = [];
  tracks = new TrackLayer({ pane: "tracks" }).addTo(map);
  alerts = new AlertView(map, "alerts", (id) => showAlert(id, true));
  predictions = new PredictionLayer("predictions");
  impacts = new ImpactLayer(showImpact);
  impacts.group.addTo(map);
  if (Array.isArray(scenario.sensors) && scenario.sensors.length) {
    const { marks, coverage } = sensorLayers(scenario.sensors, "sensors");
    marks.addTo(map);
    coverage.addTo(map);
    overlays.push(["layer_sensors", marks], ["layer_coverage", coverage]);
  }
  if (app.role === "operator") {
    predictions.group.addTo(map);
    overlays.push(["layer_predictions", predictions.group]);
  }
  await loadBase(area);
  onLangChange(relabel);
  relabel();
  map.on("click", (e) => {
    const id = tracks.trackAt(e.containerPoint);
    if (id !== null) return showTrack(id);
    const alertId = alerts.alertAt(e.latlng.lat, e.latlng.lng);
    if (alertId !== null) return showAlert(alertId);
    closeDetails();
  });
  map.on("mousemove", (e) => {
    const over = tracks.trackAt(e.containerPoint) !== null || alerts.alertAt(e.latlng.lat, e.latlng.lng) !== null;
    map.getContainer().style.cursor = over ? "pointer" : "";
  });
  installReplayControls();
  impacts.setAll((await getIfAllowed("/impacts"))?.features ?? []);
  countImpacts();
  connectLive();
  requestAnimationFrame(frame);
  window.airwarn.ready = true;
}

// What tests and curious operators can read: the picture as the page holds it and what it cost.
window.airwarn = {
  ready: false,
  stats,
  get role() { return app.role; },
  get mode() { return app.mode; },
  get lang() { return currentLang(); },
  now,
  get map() { return map; },
  tracks: () => [...(tracks?.tracks.values() ?? [])].map((tr) => ({
    track_id: tr.track_id, lat: tr.lat, lon: tr.lon, t_s: tr.t_s, kind: tr.kind, screen: tracks.screenOf(tr.track_id),
  })),
  alerts: () => [...(alerts?.alerts.values() ?? [])].map(({ feature }) => ({
    alert_id: String(feature.properties.alert_id), bounds: alerts.bounds(String(feature.properties.alert_id)),
    geometry: feature.geometry,
    properties: feature.properties,
  })),
  drawStats: () => tracks?.stats,
};

boot().catch(fail);
