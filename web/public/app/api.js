// The one way the pages talk to the server: JSON over fetch, the CSRF token on every state
// change, errors turned into ApiError with the server's Chinese message (docs/api.md).
let csrfToken = '';
let onUnauthenticated = null;

export class ApiError extends Error {
  constructor(status, code, message, retryAfter) {
    super(message);
    this.status = status;          // HTTP status, 0 when the server could not be reached
    this.code = code;              // "permission_denied", "conflict", ... (docs/api.md)
    this.retryAfter = retryAfter;  // seconds, for 429
  }
}

export function setCsrfToken(token) { csrfToken = token || ''; }
// Called with the error when a request answers 401 (the session expired): the app shows login.
export function setUnauthenticatedHandler(fn) { onUnauthenticated = fn; }

function buildUrl(path, query) {
  const url = new URL(path, location.origin);
  for (const [k, v] of Object.entries(query || {})) {
    if (v !== undefined && v !== null && v !== '') url.searchParams.set(k, String(v));
  }
  return url;
}

// api('GET', '/api/drafts', {query: {page: 2}}); api('POST', path, {json: {...}});
// api('POST', path, {bytes: arrayBuffer, query: {...}}) sends a file's raw bytes.
export async function api(method, path, {json, bytes, query} = {}) {
  const init = {method, headers: {'Accept': 'application/json'}, credentials: 'same-origin'};
  if (json !== undefined) {
    init.body = JSON.stringify(json);
    init.headers['Content-Type'] = 'application/json';
  } else if (bytes !== undefined) {
    init.body = bytes;
    init.headers['Content-Type'] = 'application/octet-stream';
  }
  if (method !== 'GET') init.headers['X-CSRF-Token'] = csrfToken;
  let res;
  try {
    res = await fetch(buildUrl(path, query), init);
  } catch {
    throw new ApiError(0, 'network', '无法连接服务器，请检查网络后重试。');
  }
  if (res.status === 204) return null;
  const type = res.headers.get('Content-Type') || '';
  const data = type.includes('application/json') ? await res.json().catch(() => null) : null;
  if (!res.ok) {
    const err = data && data.error;
    const e = new ApiError(res.status, err ? err.code : `http_${res.status}`,
                           err ? err.message : `服务器返回错误（HTTP ${res.status}）。`,
                           Number(res.headers.get('Retry-After')) || 0);
    if (res.status === 401 && onUnauthenticated && path !== '/api/login') onUnauthenticated(e);
    throw e;
  }
  return data;
}
