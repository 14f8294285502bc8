import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { REFRESH_STORAGE_KEY, Session, refreshDelayMs } from './session';

class MemoryStorage {
  private m = new Map<string, string>();
  getItem(k: string) {
    return this.m.get(k) ?? null;
  }
  setItem(k: string, v: string) {
    this.m.set(k, v);
  }
  removeItem(k: string) {
    this.m.delete(k);
  }
}

const user = { id: 'U1', username: 'asha', displayName: 'Asha', email: 'a@example.com', role: 'USER' };

function payload(n: number, expiresIn = 900) {
  return { accessToken: `access-${n}`, refreshToken: `refresh-${n}`, expiresIn, user };
}

describe('refreshDelayMs', () => {
  it('refreshes a minute early for 15-minute tokens and proportionally for short ones', () => {
    expect(refreshDelayMs(900)).toBe(840_000);
    expect(refreshDelayMs(100)).toBe(80_000);
    expect(refreshDelayMs(0)).toBe(1_000);
  });
});

describe('Session', () => {
  beforeEach(() => {
    vi.useFakeTimers();
    vi.stubGlobal('sessionStorage', new MemoryStorage());
  });
  afterEach(() => {
    vi.useRealTimers();
    vi.unstubAllGlobals();
  });

  it('keeps the refresh token in sessionStorage, rotates it before expiry, and shares one refresh', async () => {
    let n = 0;
    const bodies: { query: string; variables: Record<string, string> }[] = [];
    const s = new Session(async (_u, init) => {
      const body = JSON.parse(init!.body as string);
      bodies.push(body);
      n += 1;
      const data = body.query.includes('login(') ? { login: payload(n) } : { refreshToken: payload(n) };
      return new Response(JSON.stringify({ data }), { status: 200 });
    });
    await s.login('asha', 'correct horse battery');
    expect(s.getSnapshot().status).toBe('signed-in');
    expect(sessionStorage.getItem(REFRESH_STORAGE_KEY)).toBe('refresh-1');
    expect(await s.getAccessToken()).toBe('access-1');

    const a = s.refresh();
    const b = s.refresh();
    expect(a).toBe(b);
    await a;
    expect(bodies.filter((x) => x.query.includes('refreshToken(')).length).toBe(1);
    expect(bodies[1].variables.refreshToken).toBe('refresh-1');
    expect(sessionStorage.getItem(REFRESH_STORAGE_KEY)).toBe('refresh-2');

    await vi.advanceTimersByTimeAsync(840_000);
    expect(bodies.length).toBe(3);
    expect(bodies[2].variables.refreshToken).toBe('refresh-2');
    expect(await s.getAccessToken()).toBe('access-3');
  });

  it('signs out when the refresh token is refused', async () => {
    sessionStorage.setItem(REFRESH_STORAGE_KEY, 'stale');
    const s = new Session(
      async () =>
        new Response(JSON.stringify({ errors: [{ message: 'revoked', extensions: { code: 'UNAUTHENTICATED' } }] }), { status: 200 }),
    );
    await s.restore();
    expect(s.getSnapshot().status).toBe('signed-out');
    expect(sessionStorage.getItem(REFRESH_STORAGE_KEY)).toBeNull();
  });

  it('keeps the refresh token when the server cannot be reached at load', async () => {
    sessionStorage.setItem(REFRESH_STORAGE_KEY, 'good');
    const s = new Session(async () => {
      throw new TypeError('Failed to fetch');
    });
    await s.restore();
    expect(s.getSnapshot().status).toBe('signed-out');
    expect(s.getSnapshot().notice).toMatch(/could not reach/);
    expect(sessionStorage.getItem(REFRESH_STORAGE_KEY)).toBe('good');
  });
});
