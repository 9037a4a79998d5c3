// The details panel beside the map: what was clicked (a track, an alert, an impact), closed by Escape
// or its button, focus handed back to whatever opened it.

let opener = null;
let onCloseFn = null;

function panel() {
  return document.getElementById("details");
}

/** Show `title` and rows of [label, value or Node] in the panel; `onClose` runs when it is closed. */
export function openDetails(title, rows, { kind = "", id = "", onClose = null } = {}) {
  const el = panel();
  opener = document.activeElement instanceof HTMLElement ? document.activeElement : null;
  onCloseFn = onClose;
  el.dataset.kind = kind;
  el.dataset.id = String(id);
  document.getElementById("details-title").textContent = title;
  const body = document.getElementById("details-body");
  body.replaceChildren();
  for (const [label, value] of rows) {
    if (value === null || value === undefined || value === "") continue;
    const dt = document.createElement("dt");
    dt.textContent = label;
    const dd = document.createElement("dd");
    if (value instanceof Node) dd.append(value);
    else dd.textContent = String(value);
    body.append(dt, dd);
  }
  el.hidden = false;
  document.getElementById("details-close").focus({ preventScroll: true });
}

export function detailsOpen() {
  return !panel().hidden;
}

/** What the open panel shows: {kind, id}, or null. */
export function detailsSubject() {
  const el = panel();
  return el.hidden ? null : { kind: el.dataset.kind, id: el.dataset.id };
}

export function closeDetails() {
  const el = panel();
  if (el.hidden) return;
  el.hidden = true;
  const fn = onCloseFn;
  onCloseFn = null;
  if (fn) fn();
  if (opener && document.contains(opener)) opener.focus({ preventScroll: true });
  opener = null;
}

export function installDetails() {
  document.getElementById("details-close").addEventListener("click", closeDetails);
  document.addEventListener("keydown", (event) => {
    if (event.key === "Escape" && detailsOpen()) {
      event.preventDefault();
      closeDetails();
    }
  });
}
