// The app's one session and small React hooks around it.

import { useCallback, useEffect, useRef, useState, useSyncExternalStore } from 'react';
import type { RequestOptions } from '../lib/graphql';
import { Session, type SessionSnapshot } from '../lib/session';

export const session = new Session();
export const api = session.api;

if (typeof document !== 'undefined') {
  document.addEventListener('visibilitychange', () => {
    if (document.visibilityState === 'visible') session.checkExpiry();
  });
}

export function useSession(): SessionSnapshot {
  return useSyncExternalStore(session.subscribe, session.getSnapshot);
}

export interface QueryState<T> {
  data: T | undefined;
  error: unknown;
  loading: boolean;
  reload: () => void;
}

/** Runs a query when mounted and whenever its variables change. */
export function useQuery<T>(query: string, variables?: Record<string, unknown>, opts: { skip?: boolean } = {}): QueryState<T> {
  const [state, setState] = useState<{ data: T | undefined; error: unknown; loading: boolean }>({
    data: undefined,
    error: null,
    loading: !opts.skip,
  });
  const [tick, setTick] = useState(0);
  const key = JSON.stringify(variables ?? {});
  useEffect(() => {
    if (opts.skip) return;
    let live = true;
    setState((s) => ({ ...s, loading: true, error: null }));
    api.request<T>(query, JSON.parse(key) as Record<string, unknown>).then(
      (data) => live && setState({ data, error: null, loading: false }),
      (error: unknown) => live && setState((s) => ({ data: s.data, error, loading: false })),
    );
    return () => {
      live = false;
    };
  }, [query, key, tick, opts.skip]);
  const reload = useCallback(() => setTick((t) => t + 1), []);
  return { ...state, reload };
}

/** A mutation with its pending flag and last error. */
export function useMutation<T, V extends Record<string, unknown> = Record<string, unknown>>(query: string) {
  const [pending, setPending] = useState(false);
  const [error, setError] = useState<unknown>(null);
  const mounted = useRef(true);
  useEffect(() => {
    mounted.current = true;
    return () => {
      mounted.current = false;
    };
  }, []);
  const run = useCallback(
    async (variables: V, ro?: RequestOptions): Promise<T> => {
      setPending(true);
      setError(null);
      try {
        return await api.request<T>(query, variables, ro);
      } catch (e) {
        if (mounted.current) setError(e);
        throw e;
      } finally {
        if (mounted.current) setPending(false);
      }
    },
    [query],
  );
  return { run, pending, error, setError };
}

/** A value that follows its input after `ms` of quiet. */
export function useDebounced<T>(value: T, ms: number): T {
  const [v, setV] = useState(value);
  useEffect(() => {
    const t = setTimeout(() => setV(value), ms);
    return () => clearTimeout(t);
  }, [value, ms]);
  return v;
}
