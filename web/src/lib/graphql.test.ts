import { describe, expect, it } from 'vitest';
import { ApiError, describeError } from './errors';
import { createClient, interpretResponse, operationNameOf } from './graphql';

function json(status: number, body: unknown, headers: Record<string, string> = {}) {
  return new Response(JSON.stringify(body), { status, headers: { 'Content-Type': 'application/json', ...headers } });
}

describe('interpretResponse', () => {
  it('returns data', () => {
    expect(interpretResponse(200, new Headers(), '{"data":{"me":null}}')).toEqual({ me: null });
  });

  it('throws the first error with its extensions.code', () => {
    const body = JSON.stringify({
      data: null,
      errors: [{ message: 'Not enough money', path: ['transfer'], extensions: { code: 'INSUFFICIENT_FUNDS' } }],
    });
    try {
      interpretResponse(200, new Headers(), body);
      expect.unreachable();
    } catch (e) {
      expect(e).toBeInstanceOf(ApiError);
      expect((e as ApiError).code).toBe('INSUFFICIENT_FUNDS');
      expect(describeError(e).title).toBe('Insufficient funds');
    }
  });

  it('maps bare HTTP failures to codes and keeps Retry-After', () => {
    const e429 = (() => {
      try {
        interpretResponse(429, new Headers({ 'Retry-After': '7' }), 'slow down');
      } catch (e) {
        return e as ApiError;
      }
    })();
    expect(e429?.code).toBe('RATE_LIMITED');
    expect(e429?.retryAfterSeconds).toBe(7);
    expect(describeError(e429).detail).toContain('7 seconds');
    expect(() => interpretResponse(503, new Headers(), '')).toThrow(/503/);
  });
});

describe('createClient', () => {
  it('posts JSON with the contract headers, token and idempotency key', async () => {
    const seen: RequestInit[] = [];
    const api = createClient({
      tokens: { getAccessToken: async () => 'tok', handleUnauthorized: async () => false },
      fetchImpl: async (_url, init) => {
        seen.push(init!);
        return json(200, { data: { ok: true } });
      },
    });
    await api.request('mutation { ok }', { a: 1 }, { idempotencyKey: 'k-1' });
    const h = seen[0].headers as Record<string, string>;
    expect(seen[0].method).toBe('POST');
    expect(h['Content-Type']).toBe('application/json');
    expect(h.Accept).toBe('application/graphql-response+json, application/json');
    expect(h.Authorization).toBe('Bearer tok');
    expect(h['Idempotency-Key']).toBe('k-1');
    expect(JSON.parse(seen[0].body as string)).toEqual({ query: 'mutation { ok }', variables: { a: 1 } });
  });

  it('names the operation from the document', () => {
    expect(operationNameOf('query Me { me { id } }')).toBe('Me');
    expect(operationNameOf('  mutation Transfer($input: TransferInput!) { x }')).toBe('Transfer');
    expect(operationNameOf('{ me { id } }')).toBeUndefined();
  });

  it('refreshes once on 401 and repeats the request with the new token', async () => {
    let token = 'old';
    const auths: string[] = [];
    const api = createClient({
      tokens: {
        getAccessToken: async () => token,
        handleUnauthorized: async () => {
          token = 'new';
          return true;
        },
      },
      fetchImpl: async (_url, init) => {
        const a = (init!.headers as Record<string, string>).Authorization;
        auths.push(a);
        return a === 'Bearer old'
          ? json(401, { errors: [{ message: 'expired', extensions: { code: 'UNAUTHENTICATED' } }] })
          : json(200, { data: { me: { id: '1' } } });
      },
    });
    await expect(api.request('{ me { id } }')).resolves.toEqual({ me: { id: '1' } });
    expect(auths).toEqual(['Bearer old', 'Bearer new']);
  });

  it('anonymous requests carry no Authorization header', async () => {
    let auth: string | undefined = 'unset';
    const api = createClient({
      tokens: { getAccessToken: async () => 'tok', handleUnauthorized: async () => false },
      fetchImpl: async (_url, init) => {
        auth = (init!.headers as Record<string, string>).Authorization;
        return json(200, { data: { login: null } });
      },
    });
    await expect(api.request('mutation { login }', {}, { anonymous: true })).resolves.toEqual({ login: null });
    expect(auth).toBeUndefined();
  });

  it('turns a failed fetch into NETWORK_ERROR', async () => {
    const api = createClient({
      fetchImpl: async () => {
        throw new TypeError('Failed to fetch');
      },
    });
    await expect(api.request('{ me { id } }')).rejects.toMatchObject({ code: 'NETWORK_ERROR' });
  });
});
