// Talking to the service: the session key from the URL fragment, JSON fetches, the role we have.

const API = "/api/v1";

export class HttpError extends Error {
  constructor(status, detail) {
    super(`HTTP ${status}: ${typeof detail === "string" ? detail : JSON.stringify(detail)}`);
    this.status = status;
  }
}

/** GET a JSON document from the API (the session cookie goes with it). */
export async function getJSON(path) {
  const response = await fetch(API + path, { credentials: "same-origin", headers: { Accept: "application/json" } });
  if (!response.ok) {
    let detail = response.statusText;
    try { detail = (await response.json()).detail; } catch (_) { /* not JSON */ }
    throw new HttpError(response.status, detail);
  }
  return response.json();
}

/** GET that answers null on 401/403 (a role that may not read it) instead of failing. */
export async function getIfAllowed(path) {
  try {
    return await getJSON(path);
  } catch (err) {
    if (err instanceof HttpError && (err.status === 401 || err.status === 403 || err.status === 404)) return null;
    throw err;
  }
}

/**
 * The role this page acts with. A `#key=...` fragment is exchanged for the session cookie (then
 * dropped from the address bar so it is not shared by copying the link); without one, the role of
 * an earlier session in this tab is kept, else the page is public (alerts only). No request is made
 * that the role may not make, so the console stays free of refused requests.
 */
export async function startSession() {
  const params = new URLSearchParams(location.hash.replace(/^#/, ""));
  const key = params.get("key");
  if (!key) return sessionRole() ?? "public";
  params.delete("key");
  const rest = params.toString();
  history.replaceState(null, "", location.pathname + location.search + (rest ? `#${rest}` : ""));
  const response = await fetch(`${API}/session`, {
    method: "POST",
    credentials: "same-origin",
    headers: { "Content-Type": "application/json" },
    body: JSON.stringify({ key }),
  });
  let role = "public";
  if (response.ok) {
    role = (await response.json()).role === "operator" ? "operator" : "public";
  } else {
    console.warn(`the key in the link was refused (HTTP ${response.status}); showing public alerts only`);
  }
  try { sessionStorage.setItem("airwarn.role", role); } catch (_) { /* storage may be off */ }
  return role;
}

function sessionRole() {
  try { return sessionStorage.getItem("airwarn.role"); } catch (_) { return null; }
}

/** Forget the remembered role (its cookie was refused). */
export function forgetRole() {
  try { sessionStorage.removeItem("airwarn.role"); } catch (_) { /* storage may be off */ }
}
