// Ukrainian and English texts of the page, and the language switch.

const TEXTS = {
  uk: {
    title: "airwarn — повітряна обстановка",
    subtitle: "повітряна обстановка",
    skip_to_alerts: "До списку тривог",
    status_connecting: "Під’єднання…",
    status_live: "Наживо",
    status_offline: "Зв’язок втрачено, перепід’єднання…",
    status_replay: "Повтор",
    mode: "Режим",
    live: "Наживо",
    replay: "Повтор",
    map_label: "Карта повітряної обстановки",
    alerts_title: "Тривоги",
    no_alerts: "Тривог немає",
    alerts_help: "Enter — подробиці, Esc — закрити, ↑↓ — між тривогами",
    close: "Закрити",
    play: "Відтворити",
    pause: "Пауза",
    speed: "Швидкість",
    replay_time: "Час повтору",
    open_run: "Відкрити запуск (tracks.csv, alerts.jsonl)",
    source_service: "Джерело: сервіс",
    source_files: "Джерело: файли",
    picture: "Обстановка",
    tracks: "Цілі",
    impacts: "Влучання",
    legend: "Умовні позначення",
    role_public: "Публічний доступ: лише тривоги. Ключ оператора — у посиланні після #key=",
    role_operator: "Оператор: усі дані",
    kind_drone: "Ударний дрон",
    kind_cruise_missile: "Крилата ракета",
    kind_ballistic_missile: "Балістична ракета",
    kind_glide_bomb: "Керована авіабомба",
    kind_unknown: "Невідома ціль",
    tentative: "непідтверджена",
    legend_alert: "Район тривоги (час до підльоту)",
    legend_impact_area: "Прогнозований район падіння",
    legend_path: "Прогнозований шлях",
    legend_impact: "Влучання",
    legend_radar: "Радар і зона огляду",
    legend_acoustic: "Акустичний пост",
    legend_city: "Місто",
    track: "Ціль",
    alert: "Тривога",
    kind: "Тип",
    confidence: "Впевненість",
    confirmed: "Підтверджена",
    yes: "так",
    no: "ні",
    altitude: "Висота",
    speed_label: "Швидкість",
    heading: "Курс",
    uncertainty: "Похибка (1σ)",
    updated: "Оновлено",
    ago: "тому",
    arrival: "Підліт",
    in_: "через",
    passed: "минув",
    onset: "Початок",
    expires: "Діє до",
    cells: "Комірок H3",
    instruction: "Що робити",
    cap: "Повідомлення CAP",
    track_id: "Ціль №",
    message: "Повідомлення",
    note: "Примітка",
    time: "Час",
    warned: "Попереджено",
    layer_sensors: "Сенсори",
    layer_coverage: "Зони огляду",
    layer_predictions: "Прогнози",
    layer_cities: "Міста",
    layer_trails: "Сліди",
  },
  en: {
    title: "airwarn — air picture",
    subtitle: "air picture",
    skip_to_alerts: "Skip to alerts",
    status_connecting: "Connecting…",
    status_live: "Live",
    status_offline: "Connection lost, reconnecting…",
    status_replay: "Replay",
    mode: "Mode",
    live: "Live",
    replay: "Replay",
    map_label: "Air picture map",
    alerts_title: "Alerts",
    no_alerts: "No alerts in force",
    alerts_help: "Enter: details, Esc: close, ↑↓: between alerts",
    close: "Close",
    play: "Play",
    pause: "Pause",
    speed: "Speed",
    replay_time: "Replay time",
    open_run: "Open a run (tracks.csv, alerts.jsonl)",
    source_service: "Source: the service",
    source_files: "Source: files",
    picture: "Air picture",
    tracks: "Tracks",
    impacts: "Impacts",
    legend: "Legend",
    role_public: "Public access: alerts only. An operator key goes in the link after #key=",
    role_operator: "Operator: all data",
    kind_drone: "Attack drone",
    kind_cruise_missile: "Cruise missile",
    kind_ballistic_missile: "Ballistic missile",
    kind_glide_bomb: "Glide bomb",
    kind_unknown: "Unknown object",
    tentative: "tentative",
    legend_alert: "Alert area (time to arrival)",
    legend_impact_area: "Predicted impact area",
    legend_path: "Predicted path",
    legend_impact: "Impact",
    legend_radar: "Radar and its coverage",
    legend_acoustic: "Acoustic post",
    legend_city: "City",
    track: "Track",
    alert: "Alert",
    kind: "Kind",
    confidence: "Confidence",
    confirmed: "Confirmed",
    yes: "yes",
    no: "no",
    altitude: "Altitude",
    speed_label: "Speed",
    heading: "Heading",
    uncertainty: "Uncertainty (1σ)",
    updated: "Updated",
    ago: "ago",
    arrival: "Arrival",
    in_: "in",
    passed: "passed",
    onset: "Onset",
    expires: "Expires",
    cells: "H3 cells",
    instruction: "What to do",
    cap: "CAP message",
    track_id: "Track",
    message: "Message",
    note: "Note",
    time: "Time",
    warned: "Warned",
    layer_sensors: "Sensors",
    layer_coverage: "Sensor coverage",
    layer_predictions: "Predictions",
    layer_cities: "Cities",
    layer_trails: "Trails",
  },
};

export const LANGS = ["uk", "en"];
let lang = "uk";
const listeners = [];

/** The text of `key` in the current language (the key itself if none). */
export function t(key) {
  return TEXTS[lang][key] ?? TEXTS.en[key] ?? key;
}

export function currentLang() {
  return lang;
}

/** The language to start in: ?lang=, then the last choice, then the browser's, Ukrainian by default. */
export function initialLang() {
  const asked = new URLSearchParams(location.search).get("lang");
  if (LANGS.includes(asked)) return asked;
  try {
    const saved = localStorage.getItem("airwarn.lang");
    if (LANGS.includes(saved)) return saved;
  } catch (_) { /* storage may be off */ }
  return (navigator.language || "uk").toLowerCase().startsWith("en") ? "en" : "uk";
}

/** Switch the page to `next`: static texts, <html lang>, the switch buttons, then every listener. */
export function setLang(next) {
  if (!LANGS.includes(next)) return;
  lang = next;
  try { localStorage.setItem("airwarn.lang", next); } catch (_) { /* storage may be off */ }
  document.documentElement.lang = next;
  document.title = t("title");
  for (const el of document.querySelectorAll("[data-i18n]")) el.textContent = t(el.dataset.i18n);
  for (const el of document.querySelectorAll("[data-i18n-aria]")) el.setAttribute("aria-label", t(el.dataset.i18nAria));
  for (const code of LANGS) {
    document.getElementById(`lang-${code}`)?.setAttribute("aria-pressed", String(code === next));
  }
  for (const fn of listeners) fn(next);
}

/** Call `fn(lang)` after every language switch. */
export function onLangChange(fn) {
  listeners.push(fn);
}
