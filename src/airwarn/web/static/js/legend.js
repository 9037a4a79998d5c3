// The legend beside the map: each track symbol, the alert and impact-area patterns, sensors, cities.

import { t } from "./i18n.js";
import { KINDS, symbolCanvas } from "./symbols.js";

function swatch(html) {
  const span = document.createElement("span");
  span.className = "swatch";
  span.setAttribute("aria-hidden", "true");
  span.innerHTML = html;
  return span;
}

/** Fill #legend-list in the current language. */
export function buildLegend() {
  const list = document.getElementById("legend-list");
  const items = KINDS.map((kind) => [symbolCanvas(kind), t(`kind_${kind}`)]);
  items.push(
    [swatch('<svg width="22" height="16"><rect x="1" y="1" width="20" height="14" fill="url(#aw-hatch-alert)" stroke="#8F4A00" stroke-width="2" stroke-dasharray="4 3"/></svg>'), t("legend_alert")],
    [swatch('<svg width="22" height="16"><rect x="1" y="1" width="20" height="14" fill="url(#aw-hatch-impact)" stroke="#D55E00" stroke-width="2" stroke-dasharray="1 3"/></svg>'), t("legend_impact_area")],
    [swatch('<svg width="22" height="16"><line x1="1" y1="8" x2="21" y2="8" stroke="#0072B2" stroke-width="2" stroke-dasharray="2 4" stroke-linecap="round"/></svg>'), t("legend_path")],
    [swatch('<span class="aw-impact legend-impact">✕</span>'), t("legend_impact")],
    [swatch('<svg width="22" height="16"><circle cx="11" cy="8" r="4" fill="#fff" stroke="#000" stroke-width="2"/></svg>'), t("legend_radar")],
    [swatch('<svg width="22" height="16"><circle cx="11" cy="8" r="2.5" fill="#555" stroke="#000"/></svg>'), t("legend_acoustic")],
    [swatch('<svg width="22" height="16"><circle cx="11" cy="8" r="3" fill="#333"/></svg>'), t("legend_city")],
  );
  list.replaceChildren(
    ...items.map(([icon, text]) => {
      const li = document.createElement("li");
      li.append(icon, document.createTextNode(` ${text}`));
      return li;
    }),
  );
  const tentative = document.createElement("li");
  tentative.className = "muted small";
  tentative.textContent = `◌ ${t("tentative")}`;
  list.append(tentative);
}
