// The server's JSON routes, as the page calls them (docs/workbench.md). A refusal comes back as
// {status, error: {field, message}}, the API's own words.
export async function getJson(path) { return answer(await fetch(path, { headers: { Accept: "application/json" } })); }

// `body` is JSON text, built by form.js so that amounts and whole numbers go out exactly as typed.
export async function postJson(path, body) {
  return answer(await fetch(path, { method: "POST", headers: { "Content-Type": "application/json" }, body }));
}

async function answer(r) {
  let body = null;
  try { body = await r.json(); } catch { body = null; }
  if (r.ok) return { status: r.status, body };
  const error = body && body.error ? body.error : { field: null, message: `HTTP ${r.status}` };
  return { status: r.status, error };
}

export const policyPath = (id, route) => `/v1/policies/${id.split("/").map(encodeURIComponent).join("/")}/${route}`;
