// The signed-in session. The access token lives only in this module's memory;
// the refresh token is kept in sessionStorage (this tab only, gone when the tab
// closes) so a reload can sign back in. The access token is renewed with the
// refreshToken mutation shortly before it expires.

import { ApiError } from './errors';
import { createClient, type GraphQLClient, type TokenSource } from './graphql';

export type Role = 'USER' | 'ADMIN';

export interface SessionUser {
  id: string;
  username: string;
  displayName: string;
  email: string;
  role: Role;
}

export interface AuthPayload {
  accessToken: string;
  refreshToken: string;
  expiresIn: number;
  user: SessionUser;
}

export type SessionStatus = 'restoring' | 'signed-out' | 'signed-in';

export interface SessionSnapshot {
  status: SessionStatus;
  user: SessionUser | null;
  /** Why the session ended, when it ended on its own (expired, revoked). */
  notice: string | null;
}

export const REFRESH_STORAGE_KEY = 'wallet.refreshToken';

/**
 * When to refresh a token that lives expiresIn seconds: one minute before it
 * expires, or after 80 % of its life for short-lived tokens; at least 1 s.
 */
export function refreshDelayMs(expiresInSeconds: number): number {
  const life = Math.max(0, expiresInSeconds) * 1000;
  const margin = Math.min(60_000, life * 0.2);
  return Math.max(1_000, Math.floor(life - margin));
}

const USER_FIELDS = 'id username displayName email role';
const AUTH_FIELDS = `accessToken refreshToken expiresIn user { ${USER_FIELDS} }`;

export const LOGIN = `mutation Login($username: String!, $password: String!) {
  login(username: $username, password: $password) { ${AUTH_FIELDS} }
}`;
export const REGISTER = `mutation Register($input: RegisterInput!) {
  register(input: $input) { ${AUTH_FIELDS} }
}`;
const REFRESH = `mutation Refresh($refreshToken: String!) {
  refreshToken(refreshToken: $refreshToken) { ${AUTH_FIELDS} }
}`;
const LOGOUT = `mutation Logout($refreshToken: String!) { logout(refreshToken: $refreshToken) }`;

function storage(): Storage | null {
  try {
    return globalThis.sessionStorage ?? null;
  } catch {
    return null;
  }
}

export class Session implements TokenSource {
  readonly api: GraphQLClient;
  private accessToken: string | null = null;
  private expiresAt = 0;
  private lifetimeMs = 0;
  private timer: ReturnType<typeof setTimeout> | null = null;
  private refreshing: Promise<boolean> | null = null;
  private snapshot: SessionSnapshot = { status: 'restoring', user: null, notice: null };
  private readonly listeners = new Set<() => void>();

  constructor(fetchImpl?: typeof fetch) {
    this.api = createClient({ tokens: this, fetchImpl });
  }

  subscribe = (fn: () => void): (() => void) => {
    this.listeners.add(fn);
    return () => this.listeners.delete(fn);
  };

  getSnapshot = (): SessionSnapshot => this.snapshot;

  private set(next: SessionSnapshot) {
    this.snapshot = next;
    for (const fn of this.listeners) fn();
  }

  /** Installs the tokens of a login, register or refresh answer. */
  accept(p: AuthPayload): void {
    this.accessToken = p.accessToken;
    this.lifetimeMs = p.expiresIn * 1000;
    this.expiresAt = Date.now() + this.lifetimeMs;
    storage()?.setItem(REFRESH_STORAGE_KEY, p.refreshToken);
    if (this.timer) clearTimeout(this.timer);
    this.timer = setTimeout(() => void this.refresh(), refreshDelayMs(p.expiresIn));
    this.set({ status: 'signed-in', user: p.user, notice: null });
  }

  async login(username: string, password: string): Promise<SessionUser> {
    const d = await this.api.request<{ login: AuthPayload }>(LOGIN, { username, password }, { anonymous: true, operationName: 'Login' });
    this.accept(d.login);
    return d.login.user;
  }

  async register(input: { username: string; email: string; password: string; displayName?: string }): Promise<SessionUser> {
    const d = await this.api.request<{ register: AuthPayload }>(REGISTER, { input }, { anonymous: true, operationName: 'Register' });
    this.accept(d.register);
    return d.register.user;
  }

  /** On page load: sign back in with the stored refresh token, if any. */
  async restore(): Promise<void> {
    if (!storage()?.getItem(REFRESH_STORAGE_KEY)) {
      this.set({ status: 'signed-out', user: null, notice: null });
      return;
    }
    await this.refresh();
  }

  /** Rotates the refresh token and gets a new access token. One at a time. */
  refresh(): Promise<boolean> {
    if (this.refreshing) return this.refreshing;
    const token = storage()?.getItem(REFRESH_STORAGE_KEY);
    if (!token) {
      this.clear(this.snapshot.status === 'signed-in' ? 'Your session ended. Please sign in again.' : null);
      return Promise.resolve(false);
    }
    this.refreshing = this.api
      .request<{ refreshToken: AuthPayload }>(REFRESH, { refreshToken: token }, { anonymous: true, operationName: 'Refresh' })
      .then((d) => {
        this.accept(d.refreshToken);
        return true;
      })
      .catch((e: unknown) => {
        // A refused refresh token ends the session; a network failure or an
        // outage keeps it if the access token is still good, to retry later.
        const definitive = e instanceof ApiError && (e.code === 'UNAUTHENTICATED' || e.code === 'BAD_USER_INPUT' || e.code === 'ACCOUNT_LOCKED');
        if (definitive) {
          this.clear(this.snapshot.status === 'signed-in' ? 'Your session expired. Please sign in again.' : null);
        } else if (this.expiresAt <= Date.now()) {
          // The server could not be asked: keep the refresh token, so that a
          // reload once it is back signs in again without a password.
          this.clear('We could not reach the server to restore your session. Reload to try again, or sign in.', true);
        } else {
          if (this.timer) clearTimeout(this.timer);
          this.timer = setTimeout(() => void this.refresh(), 15_000);
        }
        return false;
      })
      .finally(() => {
        this.refreshing = null;
      });
    return this.refreshing;
  }

  async getAccessToken(): Promise<string | null> {
    // About to expire (e.g. the timer was throttled in a background tab).
    if (this.accessToken && this.expiresAt - Date.now() < Math.min(10_000, this.lifetimeMs * 0.1)) await this.refresh();
    return this.accessToken;
  }

  async handleUnauthorized(): Promise<boolean> {
    return this.refresh();
  }

  /** Call when the tab becomes visible again: timers may have been throttled. */
  checkExpiry(): void {
    if (this.accessToken && this.expiresAt - Date.now() < Math.min(60_000, this.lifetimeMs * 0.2)) void this.refresh();
  }

  async logout(): Promise<void> {
    const token = storage()?.getItem(REFRESH_STORAGE_KEY);
    try {
      if (token && this.accessToken) await this.api.request(LOGOUT, { refreshToken: token }, { operationName: 'Logout' });
    } catch {
      // Signing out locally matters most; the server forgets the token anyway.
    }
    this.clear(null);
  }

  private clear(notice: string | null, keepRefreshToken = false): void {
    this.accessToken = null;
    this.expiresAt = 0;
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
    if (!keepRefreshToken) storage()?.removeItem(REFRESH_STORAGE_KEY);
    this.set({ status: 'signed-out', user: null, notice });
  }
}
