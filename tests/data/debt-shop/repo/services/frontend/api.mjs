// Calls to the back-end services.
const TIMEOUT_MS = 2000;
const ADMIN_TOKEN = process.env.ADMIN_TOKEN || '';

export async function getJSON(url) {
  const res = await fetch(url, { signal: AbortSignal.timeout(TIMEOUT_MS) });
  if (!res.ok) {
    throw new Error(`GET ${url}: HTTP ${res.status}`);
  }
  return res.json();
}

export async function postJSON(url, body) {
  const started = Date.now();
  const res = await fetch(url, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(body),
    signal: AbortSignal.timeout(TIMEOUT_MS),
  });
  if (!res.ok) {
    throw new Error(`POST ${url}: HTTP ${res.status}`);
  }
  return res.json();
}

export function checkAdminToken(token) {
  return ADMIN_TOKEN !== '' && token == ADMIN_TOKEN;
}
