import { Fragment, useState } from 'react';
import { formatDateTime } from '../../../lib/format';
import { useDebounced, useQuery } from '../../api';
import { usePaged } from '../../paged';
import { AUDIT_LOG, VERIFY_AUDIT, type AuditEntry, type Connection } from '../../queries';
import { Button, Card, Empty, ErrorBanner, LoadMore, Loading, Notice, PageHeader } from '../../ui';

function prettyDetails(details: string): string {
  try {
    return JSON.stringify(JSON.parse(details), null, 2);
  } catch {
    return details;
  }
}

export function AdminAuditPage() {
  const [action, setAction] = useState('');
  const [actorId, setActorId] = useState('');
  const a = useDebounced(action.trim(), 300);
  const who = useDebounced(actorId.trim(), 300);
  const vars: Record<string, string> = {};
  if (a) vars.action = a;
  if (who) vars.actorId = who;
  const list = usePaged<AuditEntry, { auditLog: Connection<AuditEntry> }>(AUDIT_LOG, vars, (d) => d.auditLog, 50);
  const [verifyAsked, setVerifyAsked] = useState(false);
  const verify = useQuery<{ verifyAuditLog: { ok: boolean; checked: number; firstBrokenId: string | null } }>(VERIFY_AUDIT, undefined, { skip: !verifyAsked });
  const [expanded, setExpanded] = useState<string | null>(null);

  return (
    <>
      <PageHeader
        title="Audit log"
        subtitle="Append-only and hash-chained: every entry's hash covers the one before it."
        actions={
          <Button variant="secondary" pending={verify.loading} onClick={() => (verifyAsked ? verify.reload() : setVerifyAsked(true))}>
            Verify chain
          </Button>
        }
      />
      {verify.data &&
        (verify.data.verifyAuditLog.ok ? (
          <Notice tone="success">
            <strong>Chain intact.</strong> {verify.data.verifyAuditLog.checked} entries checked.
          </Notice>
        ) : (
          <div className="alert alert-error" role="alert">
            <div className="alert-body">
              <strong>Chain broken.</strong>
              <span>
                {verify.data.verifyAuditLog.checked} entries checked; first broken entry <code>{verify.data.verifyAuditLog.firstBrokenId}</code>.
              </span>
            </div>
          </div>
        ))}
      <ErrorBanner error={verify.error} />
      <Card>
        <div className="filters">
          <label>
            <span>Action</span>
            <input value={action} onChange={(e) => setAction(e.target.value)} placeholder="e.g. TRANSFER" />
          </label>
          <label>
            <span>Actor ID</span>
            <input value={actorId} onChange={(e) => setActorId(e.target.value)} className="mono" />
          </label>
        </div>
        <ErrorBanner error={list.error} onRetry={list.reload} />
        {list.loading && list.items.length === 0 ? (
          <Loading />
        ) : list.items.length === 0 ? (
          <Empty title="No entries" />
        ) : (
          <div className="table-wrap">
            <table className="table table-dense">
              <thead>
                <tr>
                  <th scope="col">Time</th>
                  <th scope="col">Actor</th>
                  <th scope="col">Action</th>
                  <th scope="col">Target</th>
                  <th scope="col">IP</th>
                  <th scope="col">Hash</th>
                  <th scope="col">
                    <span className="visually-hidden">Details</span>
                  </th>
                </tr>
              </thead>
              <tbody>
                {list.items.map((e) => (
                  <Fragment key={e.id}>
                    <tr>
                      <td className="nowrap">{formatDateTime(e.at)}</td>
                      <td>{e.actor ? `@${e.actor.username}` : <span className="muted">system</span>}</td>
                      <td>
                        <code className="tag">{e.action}</code>
                      </td>
                      <td className="mono small truncate">{e.targetId ?? '—'}</td>
                      <td className="mono small">{e.ip ?? '—'}</td>
                      <td className="mono small" title={e.hash}>
                        {e.hash.slice(0, 12)}…
                      </td>
                      <td className="num">
                        <Button variant="ghost" size="sm" aria-expanded={expanded === e.id} onClick={() => setExpanded(expanded === e.id ? null : e.id)}>
                          {expanded === e.id ? 'Hide' : 'Details'}
                        </Button>
                      </td>
                    </tr>
                    {expanded === e.id && (
                      <tr className="detail-row">
                        <td colSpan={7}>
                          <dl className="dl dl-tight">
                            <dt>Entry</dt>
                            <dd className="mono small">{e.id}</dd>
                            <dt>Request</dt>
                            <dd className="mono small">{e.requestId ?? '—'}</dd>
                            <dt>Hash</dt>
                            <dd className="mono small break">{e.hash}</dd>
                          </dl>
                          <pre className="code">{prettyDetails(e.details)}</pre>
                        </td>
                      </tr>
                    )}
                  </Fragment>
                ))}
              </tbody>
            </table>
          </div>
        )}
        {list.items.length > 0 && <LoadMore hasMore={list.hasMore} loading={list.loading} onClick={list.loadMore} shown={list.items.length} />}
      </Card>
    </>
  );
}
