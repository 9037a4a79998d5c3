// Formatting of times, distances and speeds for the page (units in the names, as the API has them).

import { t } from "./i18n.js";

/** "m:ss" or "h:mm:ss" of a duration in seconds (negative shown with a minus). */
export function duration(seconds) {
  const sign = seconds < 0 ? "−" : "";
  let s = Math.round(Math.abs(seconds));
  const h = Math.floor(s / 3600);
  s -= h * 3600;
  const m = Math.floor(s / 60);
  s -= m * 60;
  const ss = String(s).padStart(2, "0");
  return h > 0 ? `${sign}${h}:${String(m).padStart(2, "0")}:${ss}` : `${sign}${m}:${ss}`;
}

/** Wall-clock UTC "HH:MM:SS" of scenario time t_s after start (a Date or ms). */
export function utcClock(startMs, t_s) {
  if (!Number.isFinite(startMs)) return "--:--:--";
  return new Date(startMs + t_s * 1000).toISOString().slice(11, 19) + " UTC";
}

/** "in 4:30" / "через 4:30", or "passed" when the arrival is behind. */
export function leadTime(arrival_t_s, now_t_s) {
  if (arrival_t_s === null || arrival_t_s === undefined || !Number.isFinite(arrival_t_s)) return "";
  const left = arrival_t_s - now_t_s;
  return left >= 0 ? `${t("in_")} ${duration(left)}` : t("passed");
}

export function metres(value_m) {
  if (!Number.isFinite(value_m)) return "—";
  return value_m >= 10000 ? `${(value_m / 1000).toFixed(1)} km` : `${Math.round(value_m)} m`;
}

export function speed(value_mps) {
  if (!Number.isFinite(value_mps)) return "—";
  return `${Math.round(value_mps)} m/s (${Math.round(value_mps * 3.6)} km/h)`;
}

export function degrees(value_deg) {
  return Number.isFinite(value_deg) ? `${Math.round(value_deg)}°` : "—";
}

export function kindName(kind) {
  return t(`kind_${kind || "unknown"}`);
}
