import { useState, type FormEvent } from 'react';
import { formatDate, formatDateTime } from '../../lib/format';
import { isZero } from '../../lib/money';
import { useMutation } from '../api';
import { useMe } from '../me';
import { usePaged } from '../paged';
import { ACCOUNT_ENTRIES, OPEN_ACCOUNT, type Account, type AccountType, type Connection } from '../queries';
import { ACCOUNT_LABEL, Badge, Button, Card, Empty, ErrorBanner, Field, LoadMore, Loading, Money, Notice, PageHeader, accountName } from '../ui';

interface Entry {
  id: string;
  amount: string;
  balanceAfter: string;
  at: string;
  transfer: { id: string; reference: string; memo: string | null; kind: string; status: string; from: { username: string; displayName: string } | null; to: { username: string; displayName: string } };
}

export function AccountsPage() {
  const { me, reload } = useMe();
  const [selected, setSelected] = useState<string | null>(null);
  if (!me) return <Loading />;
  const current = me.accounts.find((a) => a.id === selected) ?? me.accounts[0];
  return (
    <>
      <PageHeader title="Accounts" subtitle="Your accounts, their numbers and their ledger." />
      <div className="acct-tiles" role="list">
        {me.accounts.map((a) => (
          <button
            type="button"
            role="listitem"
            key={a.id}
            className={`acct-tile acct-tile-${a.type.toLowerCase()} ${current?.id === a.id ? 'selected' : ''}`}
            onClick={() => setSelected(a.id)}
            aria-pressed={current?.id === a.id}
          >
            <span className="acct-tile-top">
              <span>{accountName(a)}</span>
              {a.status !== 'ACTIVE' && <Badge value={a.status} />}
            </span>
            <span className="acct-tile-balance">
              <Money amount={a.balance} currency={a.currency} />
            </span>
            <span className="acct-tile-foot">
              <span className="mono">{a.maskedNumber}</span>
              <span>{ACCOUNT_LABEL[a.type]}</span>
            </span>
          </button>
        ))}
      </div>
      <div className="grid grid-2-1">
        {current ? <AccountDetail account={current} /> : <Card>No accounts.</Card>}
        <OpenAccountCard onOpened={reload} />
      </div>
    </>
  );
}

function AccountDetail({ account: a }: { account: Account }) {
  const { me } = useMe();
  const entries = usePaged<Entry, { account: { entries: Connection<Entry> } | null }>(
    ACCOUNT_ENTRIES,
    { id: a.id },
    (d) => d.account?.entries ?? { edges: [], pageInfo: { hasNextPage: false, endCursor: null } },
    15,
  );
  const [copied, setCopied] = useState(false);
  async function copyId() {
    try {
      await navigator.clipboard.writeText(a.id);
      setCopied(true);
      setTimeout(() => setCopied(false), 1500);
    } catch {
      setCopied(false);
    }
  }
  return (
    <Card title={accountName(a)} subtitle={`${ACCOUNT_LABEL[a.type]} · opened ${formatDate(a.createdAt)}`} actions={<Badge value={a.status} />}>
      <dl className="dl dl-grid">
        <div>
          <dt>Balance</dt>
          <dd className="big">
            <Money amount={a.balance} currency={a.currency} />
          </dd>
        </div>
        <div>
          <dt>Available</dt>
          <dd className="big">
            <Money amount={a.available} currency={a.currency} />
          </dd>
        </div>
        {!isZero(a.creditLimit) && (
          <div>
            <dt>Credit limit</dt>
            <dd>
              <Money amount={a.creditLimit} currency={a.currency} />
            </dd>
          </div>
        )}
        <div>
          <dt>Account number</dt>
          <dd className="mono">{a.maskedNumber}</dd>
        </div>
        <div className="span-2">
          <dt>Account ID (to receive money)</dt>
          <dd className="id-row">
            <code className="mono small">{a.id}</code>
            <Button variant="ghost" size="sm" onClick={() => void copyId()}>
              {copied ? 'Copied' : 'Copy'}
            </Button>
          </dd>
        </div>
      </dl>
      <h3 className="section-title">Ledger</h3>
      <ErrorBanner error={entries.error} onRetry={entries.reload} />
      {entries.loading && entries.items.length === 0 ? (
        <Loading />
      ) : entries.items.length === 0 ? (
        <Empty title="No entries yet" />
      ) : (
        <div className="table-wrap">
          <table className="table">
            <thead>
              <tr>
                <th scope="col">Date</th>
                <th scope="col">Description</th>
                <th scope="col" className="num">
                  Amount
                </th>
                <th scope="col" className="num">
                  Balance
                </th>
              </tr>
            </thead>
            <tbody>
              {entries.items.map((e) => {
                const out = e.amount.startsWith('-');
                const other = out ? e.transfer.to.username : e.transfer.from?.username;
                const who =
                  e.transfer.kind === 'DEPOSIT'
                    ? 'Deposit'
                    : other && other === me?.username
                      ? 'Between your accounts'
                      : out
                        ? `To @${other}`
                        : `From @${other ?? '—'}`;
                return (
                  <tr key={e.id}>
                    <td className="nowrap">{formatDateTime(e.at)}</td>
                    <td>
                      <strong>{who}</strong>
                      <small className="muted block">
                        <span className="mono">{e.transfer.reference}</span>
                        {e.transfer.memo ? ` · ${e.transfer.memo}` : ''}
                      </small>
                    </td>
                    <td className="num">
                      <Money amount={e.amount} currency={a.currency} signed />
                    </td>
                    <td className="num muted-strong">
                      <Money amount={e.balanceAfter} currency={a.currency} />
                    </td>
                  </tr>
                );
              })}
            </tbody>
          </table>
        </div>
      )}
      {entries.items.length > 0 && <LoadMore hasMore={entries.hasMore} loading={entries.loading} onClick={entries.loadMore} shown={entries.items.length} />}
    </Card>
  );
}

function OpenAccountCard({ onOpened }: { onOpened: () => void }) {
  const [type, setType] = useState<AccountType>('SAVINGS');
  const [nickname, setNickname] = useState('');
  const [opened, setOpened] = useState<Account | null>(null);
  const m = useMutation<{ openAccount: Account }>(OPEN_ACCOUNT);

  async function submit(e: FormEvent) {
    e.preventDefault();
    try {
      const d = await m.run({ input: { type, currency: 'INR', ...(nickname.trim() ? { nickname: nickname.trim() } : {}) } }, { operationName: 'OpenAccount' });
      setOpened(d.openAccount);
      setNickname('');
      onOpened();
    } catch {
      /* shown below */
    }
  }

  return (
    <Card title="Open an account" subtitle="Accounts are free and open instantly.">
      <form className="form" onSubmit={submit}>
        {opened && (
          <Notice tone="success">
            Opened {accountName(opened)} <span className="mono">{opened.maskedNumber}</span>.
          </Notice>
        )}
        <ErrorBanner error={m.error} />
        <Field label="Account type" htmlFor="oa-type">
          <select id="oa-type" value={type} onChange={(e) => setType(e.target.value as AccountType)}>
            <option value="SAVINGS">Savings</option>
            <option value="CHECKING">Checking</option>
            <option value="INVESTMENT">Investment</option>
            <option value="CREDIT">Credit line</option>
          </select>
        </Field>
        <Field label="Nickname" htmlFor="oa-nick" hint="Optional, e.g. Holiday fund">
          <input id="oa-nick" value={nickname} maxLength={40} onChange={(e) => setNickname(e.target.value)} />
        </Field>
        <Field label="Currency" htmlFor="oa-cur">
          <select id="oa-cur" value="INR" disabled>
            <option value="INR">INR · Indian rupee</option>
          </select>
        </Field>
        <div className="form-actions">
          <Button type="submit" pending={m.pending}>
            Open account
          </Button>
        </div>
      </form>
    </Card>
  );
}
