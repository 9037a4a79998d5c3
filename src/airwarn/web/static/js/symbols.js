// Track symbols: one shape and one colour per kind (Okabe–Ito colour-blind-safe palette), so a kind is
// told apart by its shape alone as well as by its colour.

export const KINDS = ["drone", "cruise_missile", "ballistic_missile", "glide_bomb", "unknown"];

export const KIND_COLOURS = {
  drone: "#0072B2", // blue; triangle
  cruise_missile: "#009E73", // bluish green; narrow dart
  ballistic_missile: "#CC79A7", // reddish purple; diamond
  glide_bomb: "#F0E442", // yellow; square
  unknown: "#999999", // grey; circle
};

export function kindOf(kind) {
  return KIND_COLOURS[kind] ? kind : "unknown";
}

/** Add the outline of a `kind` symbol centred at (x, y), nose towards heading_rad (0 = north), to ctx's path. */
export function traceSymbol(ctx, kind, x, y, heading_rad, size) {
  const s = size;
  const sin = Math.sin(heading_rad);
  const cos = Math.cos(heading_rad);
  // Rotate a point given in symbol axes (u to the right, v forward) into the screen (y down).
  const pt = (u, v) => [x + u * cos + v * sin, y + u * sin - v * cos];
  const polygon = (points) => {
    const [x0, y0] = pt(...points[0]);
    ctx.moveTo(x0, y0);
    for (let i = 1; i < points.length; i++) {
      const [xi, yi] = pt(...points[i]);
      ctx.lineTo(xi, yi);
    }
    ctx.closePath();
  };
  switch (kind) {
    case "drone":
      polygon([[0, s], [s * 0.9, -s * 0.7], [0, -s * 0.3], [-s * 0.9, -s * 0.7]]);
      break;
    case "cruise_missile":
      polygon([[0, s * 1.2], [s * 0.4, -s * 0.9], [0, -s * 0.6], [-s * 0.4, -s * 0.9]]);
      break;
    case "ballistic_missile":
      polygon([[0, s * 1.1], [s * 0.75, 0], [0, -s * 1.1], [-s * 0.75, 0]]);
      break;
    case "glide_bomb":
      polygon([[-s * 0.7, s * 0.7], [s * 0.7, s * 0.7], [s * 0.7, -s * 0.7], [-s * 0.7, -s * 0.7]]);
      break;
    default:
      ctx.moveTo(x + s * 0.8, y);
      ctx.arc(x, y, s * 0.8, 0, 2 * Math.PI);
  }
}

/** A small canvas showing one symbol, for the legend. */
export function symbolCanvas(kind, size = 22) {
  const canvas = document.createElement("canvas");
  const dpr = window.devicePixelRatio || 1;
  canvas.width = size * dpr;
  canvas.height = size * dpr;
  canvas.style.width = `${size}px`;
  canvas.style.height = `${size}px`;
  canvas.setAttribute("aria-hidden", "true");
  const ctx = canvas.getContext("2d");
  ctx.scale(dpr, dpr);
  ctx.beginPath();
  traceSymbol(ctx, kind, size / 2, size / 2, Math.PI / 4, size * 0.38);
  ctx.fillStyle = KIND_COLOURS[kind];
  ctx.fill();
  ctx.lineWidth = 1.2;
  ctx.strokeStyle = "#111";
  ctx.stroke();
  return canvas;
}

// Size a canvas layer to the map at the screen's pixel ratio and pin it to the map's top left;
// returns the ratio for the drawing transform.
export function fitCanvas(map, canvas) {
  const size = map.getSize();
  const dpr = window.devicePixelRatio || 1;
  L.DomUtil.setPosition(canvas, map.containerPointToLayerPoint([0, 0]));
  canvas.width = Math.round(size.x * dpr);
  canvas.height = Math.round(size.y * dpr);
  canvas.style.width = `${size.x}px`;
  canvas.style.height = `${size.y}px`;
  return dpr;
}
