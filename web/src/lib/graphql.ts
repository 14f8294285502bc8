// A small GraphQL-over-HTTP client for the wallet API: POST /graphql on our own
// origin, JSON in and out, bearer token, idempotency key, and errors turned
// into ApiError by their extensions.code.

import { ApiError, type GraphQLErrorItem } from './errors';

export const GRAPHQL_ENDPOINT = '/graphql';

export interface RequestOptions {
  operationName?: string;
  /** Sent as the Idempotency-Key header (transfer, deposit). */
  idempotencyKey?: string;
  /** Send no Authorization header (login, register, refresh). */
  anonymous?: boolean;
  signal?: AbortSignal;
}

export interface TokenSource {
  /** The current access token, refreshed first if it is about to expire. */
  getAccessToken(): Promise<string | null>;
  /** Called after a 401; resolves true when a new token was obtained. */
  handleUnauthorized(): Promise<boolean>;
}

export interface GraphQLClient {
  request<T>(query: string, variables?: Record<string, unknown>, opts?: RequestOptions): Promise<T>;
}

interface ResponseBody {
  data?: unknown;
  errors?: GraphQLErrorItem[];
}

function retryAfter(headers: Headers): number | null {
  const v = headers.get('Retry-After');
  if (!v) return null;
  const n = Number.parseInt(v, 10);
  return Number.isFinite(n) && n >= 0 ? n : null;
}

/**
 * Turns one HTTP response into data or an ApiError. Pure apart from reading
 * its arguments, so it is unit-tested directly.
 */
export function interpretResponse<T>(status: number, headers: Headers, bodyText: string): T {
  const requestId = headers.get('X-Request-ID');
  let body: ResponseBody | null = null;
  try {
    body = bodyText ? (JSON.parse(bodyText) as ResponseBody) : null;
  } catch {
    body = null;
  }
  const errors = body && Array.isArray(body.errors) ? body.errors : [];
  if (errors.length > 0) {
    const first = errors[0];
    const code =
      first.extensions?.code ??
      (status === 401 ? 'UNAUTHENTICATED' : status === 429 ? 'RATE_LIMITED' : status === 503 ? 'SERVICE_UNAVAILABLE' : 'INTERNAL_SERVER_ERROR');
    throw new ApiError(code, first.message || 'Request failed', {
      errors,
      status,
      retryAfterSeconds: retryAfter(headers),
      requestId: first.extensions?.requestId ?? requestId,
    });
  }
  if (status >= 200 && status < 300 && body && body.data !== undefined && body.data !== null) {
    return body.data as T;
  }
  const code =
    status === 401 ? 'UNAUTHENTICATED' : status === 429 ? 'RATE_LIMITED' : status === 503 ? 'SERVICE_UNAVAILABLE' : status === 0 ? 'NETWORK_ERROR' : 'INTERNAL_SERVER_ERROR';
  throw new ApiError(code, `The server answered HTTP ${status}.`, { status, retryAfterSeconds: retryAfter(headers), requestId });
}

/** The name of the first operation in a document, for servers' logs and metrics. */
export function operationNameOf(query: string): string | undefined {
  return /^\s*(?:#[^\n]*\n\s*)*(?:query|mutation|subscription)\s+([_A-Za-z][_0-9A-Za-z]*)/.exec(query)?.[1];
}

export function createClient(opts: { endpoint?: string; tokens?: TokenSource; fetchImpl?: typeof fetch } = {}): GraphQLClient {
  const endpoint = opts.endpoint ?? GRAPHQL_ENDPOINT;
  const doFetch = opts.fetchImpl ?? ((input: RequestInfo | URL, init?: RequestInit) => globalThis.fetch(input, init));

  async function once<T>(query: string, variables: Record<string, unknown> | undefined, ro: RequestOptions, token: string | null) {
    const headers: Record<string, string> = {
      'Content-Type': 'application/json',
      Accept: 'application/graphql-response+json, application/json',
    };
    if (token) headers.Authorization = `Bearer ${token}`;
    if (ro.idempotencyKey) headers['Idempotency-Key'] = ro.idempotencyKey;
    const operationName = ro.operationName ?? operationNameOf(query);
    const body = JSON.stringify({ query, variables: variables ?? {}, ...(operationName ? { operationName } : {}) });
    let res: Response;
    try {
      res = await doFetch(endpoint, { method: 'POST', headers, body, credentials: 'same-origin', signal: ro.signal });
    } catch (e) {
      if (e instanceof DOMException && e.name === 'AbortError') throw e;
      throw new ApiError('NETWORK_ERROR', 'The server could not be reached.');
    }
    const text = await res.text().catch(() => '');
    return { status: res.status, value: () => interpretResponse<T>(res.status, res.headers, text) };
  }

  return {
    async request<T>(query: string, variables?: Record<string, unknown>, ro: RequestOptions = {}): Promise<T> {
      const tokens = ro.anonymous ? undefined : opts.tokens;
      const token = tokens ? await tokens.getAccessToken() : null;
      const first = await once<T>(query, variables, ro, token);
      // A refused token (expired, revoked): refresh once and repeat the request.
      // Repeating is safe for transfers too: they carry an idempotency key.
      if (first.status === 401 && token && tokens && (await tokens.handleUnauthorized())) {
        const again = await once<T>(query, variables, ro, await tokens.getAccessToken());
        return again.value();
      }
      return first.value();
    },
  };
}
