import { useMemo, useState } from 'react';
import { dayBoundary, formatDateTime } from '../../lib/format';
import { useMe } from '../me';
import { usePaged } from '../paged';
import { TRANSFERS, type Connection, type Transfer } from '../queries';
import { Badge, Button, Card, Empty, ErrorBanner, LoadMore, Loading, Money, PageHeader, accountName } from '../ui';
import { counterparty, directionOf, signedAmount } from '../../lib/transfers';

interface Filters {
  accountId: string;
  direction: 'ANY' | 'IN' | 'OUT';
  status: '' | 'COMPLETED' | 'PENDING_REVIEW' | 'REJECTED';
  since: string;
  until: string;
}

const EMPTY: Filters = { accountId: '', direction: 'ANY', status: '', since: '', until: '' };

export function ActivityPage() {
  const { me } = useMe();
  const [filters, setFilters] = useState<Filters>(EMPTY);
  const filter = useMemo(() => {
    const f: Record<string, string> = { direction: filters.direction };
    if (filters.accountId) f.accountId = filters.accountId;
    if (filters.status) f.status = filters.status;
    const since = dayBoundary(filters.since, false);
    const until = dayBoundary(filters.until, true);
    if (since) f.since = since;
    if (until) f.until = until;
    return f;
  }, [filters]);
  const list = usePaged<Transfer, { transfers: Connection<Transfer> }>(TRANSFERS, { filter }, (d) => d.transfers, 20);
  const meId = me?.id ?? '';
  const set = <K extends keyof Filters>(k: K, v: Filters[K]) => setFilters((f) => ({ ...f, [k]: v }));
  const dirty = JSON.stringify(filters) !== JSON.stringify(EMPTY);

  return (
    <>
      <PageHeader title="Activity" subtitle={me?.role === 'ADMIN' ? 'Every transfer in the system, newest first.' : 'Your transfers, sent and received, newest first.'} />
      <Card>
        <form className="filters" onSubmit={(e) => e.preventDefault()} aria-label="Filter transfers">
          <label>
            <span>Account</span>
            <select value={filters.accountId} onChange={(e) => set('accountId', e.target.value)}>
              <option value="">All accounts</option>
              {(me?.accounts ?? []).map((a) => (
                <option key={a.id} value={a.id}>
                  {accountName(a)} · {a.maskedNumber.slice(-4)}
                </option>
              ))}
            </select>
          </label>
          <label>
            <span>Direction</span>
            <select value={filters.direction} onChange={(e) => set('direction', e.target.value as Filters['direction'])}>
              <option value="ANY">In and out</option>
              <option value="IN">Money in</option>
              <option value="OUT">Money out</option>
            </select>
          </label>
          <label>
            <span>Status</span>
            <select value={filters.status} onChange={(e) => set('status', e.target.value as Filters['status'])}>
              <option value="">Any status</option>
              <option value="COMPLETED">Completed</option>
              <option value="PENDING_REVIEW">Pending review</option>
              <option value="REJECTED">Rejected</option>
            </select>
          </label>
          <label>
            <span>From date</span>
            <input type="date" value={filters.since} max={filters.until || undefined} onChange={(e) => set('since', e.target.value)} />
          </label>
          <label>
            <span>To date</span>
            <input type="date" value={filters.until} min={filters.since || undefined} onChange={(e) => set('until', e.target.value)} />
          </label>
          <Button variant="ghost" size="sm" onClick={() => setFilters(EMPTY)} disabled={!dirty}>
            Clear
          </Button>
        </form>
        <ErrorBanner error={list.error} onRetry={list.items.length ? list.loadMore : list.reload} />
        {list.loading && list.items.length === 0 ? (
          <Loading />
        ) : list.items.length === 0 ? (
          <Empty title="No transfers match">{dirty ? 'Try clearing some filters.' : 'Transfers you send or receive appear here.'}</Empty>
        ) : (
          <div className="table-wrap">
            <table className="table" data-testid="transfers-table">
              <thead>
                <tr>
                  <th scope="col">Date</th>
                  <th scope="col">Counterparty</th>
                  <th scope="col" className="hide-sm">
                    Reference
                  </th>
                  <th scope="col" className="hide-sm">
                    Note
                  </th>
                  <th scope="col" className="hide-sm">
                    Status
                  </th>
                  <th scope="col" className="num">
                    Amount
                  </th>
                </tr>
              </thead>
              <tbody>
                {list.items.map((t) => {
                  const dir = directionOf(t, meId);
                  return (
                    <tr key={t.id}>
                      <td className="nowrap">{formatDateTime(t.createdAt)}</td>
                      <td>
                        <strong>{counterparty(t, dir)}</strong>
                        {dir === 'in' && t.from && <small className="muted block">@{t.from.username}</small>}
                        {dir === 'out' && <small className="muted block">@{t.to.username}</small>}
                      </td>
                      <td className="mono small hide-sm">{t.reference}</td>
                      <td className="truncate hide-sm">{t.memo ?? <span className="muted">—</span>}</td>
                      <td className="hide-sm">
                        <Badge value={t.status} />
                      </td>
                      <td className="num">
                        <Money amount={signedAmount(t, dir)} currency={t.currency} signed={dir === 'in' || dir === 'out'} />
                        {t.status !== 'COMPLETED' && (
                          <span className="show-sm">
                            <Badge value={t.status} />
                          </span>
                        )}
                      </td>
                    </tr>
                  );
                })}
              </tbody>
            </table>
          </div>
        )}
        {list.items.length > 0 && <LoadMore hasMore={list.hasMore} loading={list.loading} onClick={list.loadMore} shown={list.items.length} total={list.total} />}
      </Card>
    </>
  );
}
