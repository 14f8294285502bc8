// Relay-style pagination: the first page with `first`, then "load more" with
// `after: pageInfo.endCursor`, appending edges. Changing the variables starts over.

import { useCallback, useEffect, useRef, useState } from 'react';
import { api } from './api';
import type { Connection } from './queries';

export interface Paged<T> {
  items: T[];
  total: number | undefined;
  hasMore: boolean;
  loading: boolean;
  error: unknown;
  loadMore: () => void;
  reload: () => void;
}

export function usePaged<T, R>(query: string, variables: Record<string, unknown>, select: (data: R) => Connection<T>, pageSize = 20): Paged<T> {
  const key = JSON.stringify(variables);
  const [items, setItems] = useState<T[]>([]);
  const [total, setTotal] = useState<number | undefined>(undefined);
  const [cursor, setCursor] = useState<string | null>(null);
  const [hasMore, setHasMore] = useState(false);
  const [loading, setLoading] = useState(true);
  const [error, setError] = useState<unknown>(null);
  const [generation, setGeneration] = useState(0);
  const selectRef = useRef(select);
  selectRef.current = select;
  const live = useRef(0);

  const fetchPage = useCallback(
    async (after: string | null, gen: number) => {
      setLoading(true);
      setError(null);
      try {
        const data = await api.request<R>(query, { ...(JSON.parse(key) as Record<string, unknown>), first: pageSize, after });
        if (live.current !== gen) return;
        const conn = selectRef.current(data);
        setItems((prev) => (after ? [...prev, ...conn.edges.map((e) => e.node)] : conn.edges.map((e) => e.node)));
        setTotal(conn.totalCount);
        setCursor(conn.pageInfo.endCursor);
        setHasMore(conn.pageInfo.hasNextPage);
      } catch (e) {
        if (live.current === gen) setError(e);
      } finally {
        if (live.current === gen) setLoading(false);
      }
    },
    [query, key, pageSize],
  );

  const shownFor = useRef<string | null>(null);
  useEffect(() => {
    const gen = ++live.current;
    // New filters: clear the list. A reload of the same list keeps showing
    // the old rows until the fresh first page replaces them.
    if (shownFor.current !== key) {
      shownFor.current = key;
      setItems([]);
      setCursor(null);
      setHasMore(false);
    }
    void fetchPage(null, gen);
  }, [fetchPage, generation, key]);

  const loadMore = useCallback(() => {
    if (cursor && !loading) void fetchPage(cursor, live.current);
  }, [cursor, loading, fetchPage]);

  const reload = useCallback(() => setGeneration((g) => g + 1), []);

  return { items, total, hasMore, loading, error, loadMore, reload };
}
