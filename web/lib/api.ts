import { ERRORS, type FieldIssue } from '../../contracts/errors';
import { common, getLang, translate } from './i18n';

/** Header the server checks on every state-changing request (contracts/auth.ts CSRF_HEADER). */
const CSRF_HEADER = 'x-csrf-token';

/**
 * An error answered by the API (or a network failure), already translated: `message` is in
 * the user's language, chosen by `code` from contracts/errors.ts, falling back to the server's text.
 */
export class ApiError extends Error {
  override readonly name = 'ApiError';
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    readonly serverMessage: string,
    readonly details: unknown,
    readonly requestId?: string,
  ) {
    super(message);
  }

  /** Field problems of a validation failure (`details.issues`), each with its path into the body. */
  get fieldIssues(): FieldIssue[] {
    const issues = detailsField(this.details, 'issues');
    if (!Array.isArray(issues)) return [];
    return issues.filter((i): i is FieldIssue => !!i && typeof i === 'object' && Array.isArray(i.path));
  }

  /** A named entry of `details`, if present. */
  detail<T = unknown>(name: string): T | undefined {
    return detailsField(this.details, name) as T | undefined;
  }
}

function detailsField(details: unknown, name: string): unknown {
  if (details && typeof details === 'object' && name in details) return (details as Record<string, unknown>)[name];
  return undefined;
}

export function isApiError(e: unknown, code?: string): e is ApiError {
  return e instanceof ApiError && (code === undefined || e.code === code);
}

/** The message of a field issue in the user's language. */
export function issueMessage(issue: FieldIssue): string {
  return getLang() === 'en' ? issue.messageEn || issue.message : issue.messageZh || issue.message;
}

export function localizedErrorMessage(code: string, fallback: string): string {
  const spec = (ERRORS as Record<string, { zh: string; en: string } | undefined>)[code];
  return spec ? translate(spec) : fallback || code;
}

let csrfToken: string | null = null;
let lastRequestAt = Date.now();
type ExpiryHandler = (code: string) => void;
let expiryHandler: ExpiryHandler | null = null;

export function setCsrfToken(token: string | null): void {
  csrfToken = token;
}

/** When the last API call was made: the server's idle timer restarts on every request. */
export function getLastRequestAt(): number {
  return lastRequestAt;
}

/** Called once by the app shell: what to do when the session turns out to be gone. */
export function onSessionExpired(handler: ExpiryHandler | null): void {
  expiryHandler = handler;
}

export type QueryValue = string | number | boolean | null | undefined;
export type Query = Record<string, QueryValue>;

export function toQueryString(query?: Query): string {
  if (!query) return '';
  const params = new URLSearchParams();
  for (const [key, value] of Object.entries(query)) {
    if (value === undefined || value === null || value === '') continue;
    params.set(key, String(value));
  }
  const s = params.toString();
  return s ? `?${s}` : '';
}

export interface RequestOptions {
  query?: Query;
  body?: unknown;
  signal?: AbortSignal;
  /** Don't run the session-expiry flow on 401 (login and the initial "who am I" probe). */
  skipAuthRedirect?: boolean;
}

const SESSION_GONE = new Set(['AUTH_SESSION_EXPIRED', 'AUTH_REQUIRED']);

async function send(method: string, path: string, options: RequestOptions, accept: string): Promise<Response> {
  const headers: Record<string, string> = { Accept: accept, 'Accept-Language': getLang() === 'en' ? 'en' : 'zh-CN' };
  let body: BodyInit | undefined;
  if (options.body instanceof FormData) {
    body = options.body;
  } else if (options.body !== undefined) {
    headers['Content-Type'] = 'application/json';
    body = JSON.stringify(options.body);
  }
  if (method !== 'GET' && method !== 'HEAD' && csrfToken) headers[CSRF_HEADER] = csrfToken;

  let response: Response;
  try {
    response = await fetch(path + toQueryString(options.query), {
      method,
      headers,
      body,
      credentials: 'same-origin',
      signal: options.signal,
    });
  } catch (e) {
    if (e instanceof DOMException && e.name === 'AbortError') throw e;
    throw new ApiError(0, 'NETWORK', translate(common.networkError), String(e), undefined);
  }
  lastRequestAt = Date.now();
  if (!response.ok) throw await toApiError(response, options);
  return response;
}

async function toApiError(response: Response, options: RequestOptions): Promise<ApiError> {
  let code = response.status >= 500 ? 'INTERNAL' : 'HTTP_ERROR';
  let serverMessage = response.statusText;
  let details: unknown;
  let requestId: string | undefined;
  try {
    const envelope = (await response.json()) as {
      error?: { code?: string; message?: string; details?: unknown };
      requestId?: string;
    };
    if (envelope.error?.code) code = envelope.error.code;
    if (envelope.error?.message) serverMessage = envelope.error.message;
    details = envelope.error?.details;
    requestId = envelope.requestId;
  } catch {
    // Not JSON (a proxy's error page): keep the status text.
  }
  const error = new ApiError(
    response.status,
    code,
    localizedErrorMessage(code, serverMessage),
    serverMessage,
    details,
    requestId,
  );
  if (response.status === 401 && SESSION_GONE.has(code) && !options.skipAuthRedirect) {
    csrfToken = null;
    expiryHandler?.(code);
  }
  return error;
}

async function json<T>(method: string, path: string, options: RequestOptions = {}): Promise<T> {
  const response = await send(method, path, options, 'application/json');
  if (response.status === 204) return undefined as T;
  const text = await response.text();
  return (text ? JSON.parse(text) : undefined) as T;
}

export const api = {
  get: <T>(path: string, query?: Query, options?: Omit<RequestOptions, 'query'>) =>
    json<T>('GET', path, { ...options, query }),
  post: <T>(path: string, body?: unknown, options?: RequestOptions) => json<T>('POST', path, { ...options, body }),
  put: <T>(path: string, body?: unknown, options?: RequestOptions) => json<T>('PUT', path, { ...options, body }),
  patch: <T>(path: string, body?: unknown, options?: RequestOptions) => json<T>('PATCH', path, { ...options, body }),
  delete: <T = void>(path: string, options?: RequestOptions) => json<T>('DELETE', path, options),
  /** Multipart upload of one file in the field `file`. */
  upload: <T>(path: string, file: File | Blob, query?: Query, fileName?: string) => {
    const form = new FormData();
    form.append('file', file, fileName ?? (file instanceof File ? file.name : 'upload'));
    return json<T>('POST', path, { query, body: form });
  },
  /** Download a file (an export or template) with the session cookie and save it under the server's name. */
  download: async (path: string, query?: Query, fallbackName = 'download.xlsx') => {
    const response = await send('GET', path, { query }, '*/*');
    const blob = await response.blob();
    saveBlob(blob, fileNameFrom(response.headers.get('content-disposition')) ?? fallbackName);
  },
};

function fileNameFrom(disposition: string | null): string | undefined {
  if (!disposition) return undefined;
  const star = /filename\*\s*=\s*(?:UTF-8|utf-8)''([^;]+)/.exec(disposition);
  if (star?.[1]) {
    try {
      return decodeURIComponent(star[1].trim());
    } catch {
      // Fall through to the plain name.
    }
  }
  const plain = /filename\s*=\s*"?([^";]+)"?/.exec(disposition);
  return plain?.[1]?.trim();
}

export function saveBlob(blob: Blob, fileName: string): void {
  const url = URL.createObjectURL(blob);
  const a = document.createElement('a');
  a.href = url;
  a.download = fileName;
  a.rel = 'noopener';
  document.body.appendChild(a);
  a.click();
  a.remove();
  setTimeout(() => URL.revokeObjectURL(url), 10_000);
}
