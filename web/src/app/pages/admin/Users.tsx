import { useRef, useState } from 'react';
import { formatDate, formatDateTime, humanize } from '../../../lib/format';
import { useDebounced, useMutation } from '../../api';
import { usePaged } from '../../paged';
import { ADMIN_USERS, REVIEW_KYC, SET_ACCOUNT_STATUS, UNLOCK_USER, type AdminUser, type Connection } from '../../queries';
import { Badge, Button, Card, Empty, ErrorBanner, Field, LoadMore, Loading, Modal, Money, Notice, PageHeader, accountName } from '../../ui';

export function AdminUsersPage() {
  const [search, setSearch] = useState('');
  const q = useDebounced(search.trim(), 300);
  const list = usePaged<AdminUser, { adminUsers: Connection<AdminUser> }>(ADMIN_USERS, q ? { search: q } : {}, (d) => d.adminUsers, 25);
  const [openId, setOpenId] = useState<string | null>(null);
  // Keep the dialog's user while the list reloads after a change.
  const lastOpen = useRef<AdminUser | null>(null);
  const open = openId ? (list.items.find((u) => u.id === openId) ?? (lastOpen.current?.id === openId ? lastOpen.current : null)) : null;
  lastOpen.current = open;

  return (
    <>
      <PageHeader title="Users" subtitle="Customers and staff. Review KYC, unlock sign-ins and freeze accounts." />
      <Card>
        <div className="filters">
          <label className="grow">
            <span>Search</span>
            <input type="search" placeholder="Username, name or email" value={search} onChange={(e) => setSearch(e.target.value)} />
          </label>
        </div>
        <ErrorBanner error={list.error} onRetry={list.reload} />
        {list.loading && list.items.length === 0 ? (
          <Loading />
        ) : list.items.length === 0 ? (
          <Empty title="No users found" />
        ) : (
          <div className="table-wrap">
            <table className="table">
              <thead>
                <tr>
                  <th scope="col">User</th>
                  <th scope="col">Email</th>
                  <th scope="col">Role</th>
                  <th scope="col">Status</th>
                  <th scope="col">KYC</th>
                  <th scope="col">Joined</th>
                  <th scope="col">
                    <span className="visually-hidden">Actions</span>
                  </th>
                </tr>
              </thead>
              <tbody>
                {list.items.map((u) => (
                  <tr key={u.id}>
                    <td>
                      <strong>{u.displayName}</strong>
                      <small className="muted block">@{u.username}</small>
                    </td>
                    <td className="truncate">{u.email}</td>
                    <td>
                      <Badge value={u.role} label={u.role === 'ADMIN' ? 'Admin' : 'User'} />
                    </td>
                    <td>
                      <Badge value={u.status} />
                    </td>
                    <td>
                      <Badge value={u.kyc.status} label={u.kyc.status === 'NONE' ? 'Not started' : undefined} />
                    </td>
                    <td className="nowrap">{formatDate(u.createdAt)}</td>
                    <td className="num">
                      <Button variant="secondary" size="sm" onClick={() => setOpenId(u.id)}>
                        Manage
                      </Button>
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        )}
        {list.items.length > 0 && <LoadMore hasMore={list.hasMore} loading={list.loading} onClick={list.loadMore} shown={list.items.length} />}
      </Card>
      <Modal open={!!open} title={open ? `${open.displayName} (@${open.username})` : ''} onClose={() => setOpenId(null)}>
        {open && <UserDetail key={open.id} user={open} onChanged={list.reload} />}
      </Modal>
    </>
  );
}

function UserDetail({ user: u, onChanged }: { user: AdminUser; onChanged: () => void }) {
  const unlock = useMutation(UNLOCK_USER);
  const review = useMutation(REVIEW_KYC);
  const setStatus = useMutation(SET_ACCOUNT_STATUS);
  const [note, setNote] = useState('');
  const [reason, setReason] = useState('');
  const [done, setDone] = useState<string | null>(null);

  const act = async (fn: () => Promise<unknown>, message: string) => {
    try {
      await fn();
      setDone(message);
      onChanged();
    } catch {
      /* shown below */
    }
  };

  return (
    <div className="stack">
      {done && <Notice tone="success">{done}</Notice>}
      <dl className="dl dl-tight">
        <dt>Email</dt>
        <dd>{u.email}</dd>
        <dt>Status</dt>
        <dd>
          <Badge value={u.status} />{' '}
          {u.status === 'LOCKED' && (
            <Button size="sm" variant="secondary" pending={unlock.pending} onClick={() => void act(() => unlock.run({ userId: u.id }), 'User unlocked.')}>
              Unlock
            </Button>
          )}
        </dd>
        <dt>User ID</dt>
        <dd className="mono small">{u.id}</dd>
      </dl>
      <ErrorBanner error={unlock.error} />

      <h3 className="section-title">KYC</h3>
      <dl className="dl dl-tight">
        <dt>Status</dt>
        <dd>
          <Badge value={u.kyc.status} />
        </dd>
        <dt>Aadhaar</dt>
        <dd className="mono">{u.kyc.aadhaarMasked ?? '—'}</dd>
        <dt>Document</dt>
        <dd>{u.kyc.documentType ? `${humanize(u.kyc.documentType)} · ${u.kyc.documentMasked ?? ''}` : '—'}</dd>
        <dt>Submitted</dt>
        <dd>{formatDateTime(u.kyc.submittedAt)}</dd>
      </dl>
      {u.kyc.status === 'PENDING' && (
        <div className="stack">
          <Field label="Review note" htmlFor="kyc-note" hint="Shown to the customer.">
            <input id="kyc-note" value={note} onChange={(e) => setNote(e.target.value)} maxLength={200} />
          </Field>
          <div className="btn-row">
            <Button pending={review.pending} onClick={() => void act(() => review.run({ userId: u.id, decision: 'APPROVE', note: note || null }), 'KYC approved.')}>
              Approve KYC
            </Button>
            <Button variant="danger" pending={review.pending} onClick={() => void act(() => review.run({ userId: u.id, decision: 'REJECT', note: note || null }), 'KYC rejected.')}>
              Reject
            </Button>
          </div>
          <ErrorBanner error={review.error} />
        </div>
      )}

      <h3 className="section-title">Accounts</h3>
      {u.accounts.length === 0 ? (
        <p className="muted">No accounts.</p>
      ) : (
        <>
          <Field label="Reason for a status change" htmlFor="acct-reason" hint="Required; recorded in the audit log.">
            <input id="acct-reason" value={reason} onChange={(e) => setReason(e.target.value)} maxLength={200} />
          </Field>
          <ul className="plain-list">
            {u.accounts.map((a) => (
              <li key={a.id} className="row-between">
                <span>
                  <strong>{accountName(a)}</strong> <span className="mono small">{a.maskedNumber}</span>
                  <small className="muted block mono">{a.id}</small>
                </span>
                <span className="row-end">
                  <Money amount={a.balance} currency={a.currency} />
                  <Badge value={a.status} />
                  {a.status !== 'CLOSED' && (
                    <Button
                      size="sm"
                      variant="secondary"
                      disabled={!reason.trim()}
                      pending={setStatus.pending}
                      onClick={() =>
                        void act(
                          () => setStatus.run({ accountId: a.id, status: a.status === 'ACTIVE' ? 'FROZEN' : 'ACTIVE', reason: reason.trim() }),
                          a.status === 'ACTIVE' ? 'Account frozen.' : 'Account reactivated.',
                        )
                      }
                    >
                      {a.status === 'ACTIVE' ? 'Freeze' : 'Unfreeze'}
                    </Button>
                  )}
                </span>
              </li>
            ))}
          </ul>
          <ErrorBanner error={setStatus.error} />
        </>
      )}
    </div>
  );
}
