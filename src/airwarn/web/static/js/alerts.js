// Alerts in force: hatched areas on the map labelled with their lead time, and the keyboard-usable
// list beside the map (sorted by arrival, soonest first).

import { currentLang, t } from "./i18n.js";
import { boundsOf, containsPoint, labelPoint } from "./geometry.js";
import { kindName, leadTime } from "./format.js";
import { KIND_COLOURS, kindOf, symbolCanvas } from "./symbols.js";

const AREA_STYLE = {
  color: "#8F4A00", // dark orange outline: visible on the light base map without relying on hue
  weight: 2.5,
  dashArray: "6 4",
  fillColor: "url(#aw-hatch-alert)",
  fillOpacity: 1,
  interactive: false,
};

export function headline(props) {
  const own = currentLang() === "uk" ? props.headline_uk : props.headline_en;
  return own || props.headline_en || props.headline || t(`kind_${kindOf(props.kind)}`);
}

export function instruction(props) {
  return (currentLang() === "uk" ? props.instruction_uk : props.instruction_en) || props.instruction_en || "";
}

export class AlertView {
  /** `onOpen(alert_id)` is called when an alert is chosen in the list (click or Enter). */
  constructor(map, pane, onOpen) {
    this.map = map;
    this.renderer = L.svg({ pane });
    this.pane = pane;
    this.onOpen = onOpen;
    this.alerts = new Map(); // alert_id -> {feature, layer, label}
    this.list = document.getElementById("alert-list");
    this.list.addEventListener("keydown", (event) => this._onKey(event));
    this.list.addEventListener("click", (event) => {
      const li = event.target.closest("li[data-alert-id]");
      if (li) this.onOpen(li.dataset.alertId);
    });
    this._now = 0;
    map.on("zoomend moveend", () => this.declutter());
  }

  get size() {
    return this.alerts.size;
  }

  feature(id) {
    return this.alerts.get(id)?.feature ?? null;
  }

  /** Replace every alert by these features (a snapshot, or a replay frame). */
  setAll(features) {
    const keep = new Set(features.map((f) => String(f.properties.alert_id)));
    for (const id of [...this.alerts.keys()]) if (!keep.has(id)) this._drop(id);
    for (const feature of features) this.upsert(feature, false);
    this.renderList();
  }

  /** Add or replace one alert's area. */
  upsert(feature, render = true) {
    const id = String(feature.properties.alert_id);
    const old = this.alerts.get(id);
    if (old && old.feature === feature) return;
    if (old) this._drop(id);
    const layer = L.geoJSON(feature, {
      style: () => AREA_STYLE,
      renderer: this.renderer,
      pane: this.pane,
      interactive: false,
      className: `aw-alert aw-alert-${CSS.escape(id)}`,
    });
    layer.addTo(this.map);
    const at = labelPoint(feature.geometry);
    let label = null;
    if (at) {
      // Above the area's northern edge, so the label never hides a small area.
      const bounds = boundsOf(feature.geometry);
      if (bounds) at[0] = bounds[1][0];
      label = L.tooltip({ permanent: true, direction: "top", offset: [0, -4], className: "aw-alert-label", interactive: false })
        .setLatLng(at)
        .setContent("");
      label.addTo(this.map);
    }
    this.alerts.set(id, { feature, layer, label });
    this._labelText(id);
    if (render) this.renderList();
  }

  remove(id) {
    if (this._drop(String(id))) this.renderList();
  }

  _drop(id) {
    const entry = this.alerts.get(id);
    if (!entry) return false;
    entry.layer.remove();
    entry.label?.remove();
    this.alerts.delete(id);
    return true;
  }

  /** Drop alerts whose expiry (scenario seconds, expires_t_s) has passed. */
  expire(now_t_s) {
    let changed = false;
    for (const [id, { feature }] of this.alerts) {
      const until = feature.properties.expires_t_s;
      if (Number.isFinite(until) && until <= now_t_s) changed = this._drop(id) || changed;
    }
    if (changed) this.renderList();
  }

  /** The id of an alert whose area holds the point, soonest arrival first, else null. */
  alertAt(lat, lon) {
    for (const [id, { feature }] of this._sorted()) if (containsPoint(feature.geometry, lon, lat)) return id;
    return null;
  }

  bounds(id) {
    const entry = this.alerts.get(id);
    return entry ? boundsOf(entry.feature.geometry) : null;
  }

  _sorted() {
    const key = ([, { feature }]) => {
      const p = feature.properties;
      return Number.isFinite(p.t_arrival_s) ? p.t_arrival_s : Infinity;
    };
    return [...this.alerts.entries()].sort((a, b) => key(a) - key(b) || String(a[0]).localeCompare(String(b[0])));
  }

  _labelText(id) {
    const entry = this.alerts.get(id);
    if (!entry?.label) return;
    const lead = leadTime(entry.feature.properties.t_arrival_s, this._now);
    entry.label.setContent(lead || t("alert"));
  }

  /** Refresh every time-to-arrival text for scenario time now_t_s (the labels and the list). */
  tick(now_t_s) {
    this._now = now_t_s;
    for (const id of this.alerts.keys()) this._labelText(id);
    this.declutter();
    for (const span of this.list.querySelectorAll("[data-lead-for]")) {
      const entry = this.alerts.get(span.dataset.leadFor);
      if (entry) span.textContent = leadTime(entry.feature.properties.t_arrival_s, now_t_s);
    }
  }

  /** Hide labels that would cover the label of an alert arriving sooner (the list still has them all). */
  declutter() {
    const shown = [];
    for (const [, { label }] of this._sorted()) {
      const el = label?.getElement();
      if (!el) continue;
      el.style.visibility = "";
      const r = el.getBoundingClientRect();
      const clash = shown.some((o) => r.left < o.right && r.right > o.left && r.top < o.bottom && r.bottom > o.top);
      if (clash) el.style.visibility = "hidden";
      else shown.push(r);
    }
  }

  /** Rebuild the list beside the map; the focused alert keeps the focus. */
  renderList() {
    const focused = document.activeElement?.closest?.("li[data-alert-id]")?.dataset.alertId;
    const items = [];
    for (const [id, { feature }] of this._sorted()) {
      const p = feature.properties;
      const li = document.createElement("li");
      li.tabIndex = 0;
      li.dataset.alertId = id;
      li.setAttribute("role", "button");
      li.setAttribute("aria-haspopup", "dialog");
      li.className = "alert-item";
      li.style.setProperty("--kind", KIND_COLOURS[kindOf(p.kind)]);
      const title = document.createElement("strong");
      title.textContent = headline(p);
      const meta = document.createElement("span");
      meta.className = "meta";
      const lead = document.createElement("span");
      lead.className = "lead";
      lead.dataset.leadFor = id;
      lead.textContent = leadTime(p.t_arrival_s, this._now);
      meta.append(symbolCanvas(kindOf(p.kind), 16), ` ${kindName(p.kind)} `, lead);
      li.append(title, meta);
      items.push(li);
    }
    this.list.replaceChildren(...items);
    document.getElementById("alert-count").textContent = String(items.length);
    document.getElementById("alerts-empty").hidden = items.length > 0;
    if (focused) this.list.querySelector(`li[data-alert-id="${CSS.escape(focused)}"]`)?.focus({ preventScroll: true });
  }

  _onKey(event) {
    const li = event.target.closest("li[data-alert-id]");
    if (!li) return;
    if (event.key === "Enter" || event.key === " ") {
      event.preventDefault();
      this.onOpen(li.dataset.alertId);
    } else if (event.key === "ArrowDown" || event.key === "ArrowUp") {
      event.preventDefault();
      const next = event.key === "ArrowDown" ? li.nextElementSibling : li.previousElementSibling;
      next?.focus();
    }
  }
}
