import { useRef, useState, type FormEvent } from 'react';
import { ApiError } from '../../../lib/errors';
import { IdempotentSubmission } from '../../../lib/idempotency';
import { formatMoney, parseAmountInput } from '../../../lib/money';
import { useDebounced, useMutation, useQuery } from '../../api';
import { ADMIN_USERS, DEPOSIT, type AdminUser, type Connection, type Transfer } from '../../queries';
import { Button, Card, ErrorBanner, Field, Notice, PageHeader, accountName } from '../../ui';

export function AdminDepositPage() {
  const [who, setWho] = useState('');
  const search = useDebounced(who.trim(), 300);
  const users = useQuery<{ adminUsers: Connection<AdminUser> }>(ADMIN_USERS, { search, first: 5 }, { skip: search.length < 2 });
  const [accountId, setAccountId] = useState('');
  const [amount, setAmount] = useState('');
  const [memo, setMemo] = useState('');
  const [done, setDone] = useState<Transfer | null>(null);
  const submission = useRef(new IdempotentSubmission());
  const m = useMutation<{ deposit: Transfer }>(DEPOSIT);
  const parsed = parseAmountInput(amount);
  const candidates = search.length >= 2 ? (users.data?.adminUsers.edges.map((e) => e.node) ?? []) : [];

  async function submit(e?: FormEvent) {
    e?.preventDefault();
    if (!accountId.trim() || !parsed.ok) return;
    const input: Record<string, string> = { accountId: accountId.trim(), amount: parsed.value };
    if (memo.trim()) input.memo = memo.trim();
    const key = submission.current.begin(input);
    setDone(null);
    try {
      const d = await m.run({ input }, { idempotencyKey: key, operationName: 'Deposit' });
      submission.current.succeeded();
      setDone(d.deposit);
      setAmount('');
      setMemo('');
    } catch (err) {
      submission.current.failed(err instanceof ApiError ? err.code : undefined);
    }
  }

  return (
    <>
      <PageHeader title="Deposit" subtitle="Credit a customer account from the bank's funding account." />
      <div className="grid grid-2-1">
        <Card>
          <form className="form" onSubmit={submit} noValidate>
            {done && (
              <Notice tone="success">
                Deposited {formatMoney(done.amount, done.currency)} to @{done.to.username} · <span className="mono">{done.reference}</span>
              </Notice>
            )}
            <ErrorBanner error={m.error} onRetry={() => void submit()} retryLabel="Retry safely" />
            <Field label="Find customer" htmlFor="dep-user" hint="Search, then pick an account below, or paste an account ID.">
              <input id="dep-user" type="search" value={who} onChange={(e) => setWho(e.target.value)} placeholder="Username, name or email" />
            </Field>
            {candidates.length > 0 && (
              <ul className="plain-list pick-list">
                {candidates.flatMap((u) =>
                  u.accounts.map((a) => (
                    <li key={a.id}>
                      <button type="button" className={`pick ${accountId === a.id ? 'active' : ''}`} onClick={() => setAccountId(a.id)} aria-pressed={accountId === a.id}>
                        <strong>@{u.username}</strong> {accountName(a)} <span className="mono small">{a.maskedNumber}</span>
                        <span className="muted">{formatMoney(a.balance, a.currency)}</span>
                      </button>
                    </li>
                  )),
                )}
              </ul>
            )}
            <Field label="Account ID" htmlFor="dep-acct">
              <input id="dep-acct" className="mono" value={accountId} onChange={(e) => setAccountId(e.target.value)} spellCheck={false} autoComplete="off" />
            </Field>
            <Field label="Amount" htmlFor="dep-amount" error={amount && !parsed.ok ? parsed.error : null} hint={parsed.ok ? formatMoney(parsed.value) : undefined}>
              <div className="input-affix">
                <span aria-hidden="true">₹</span>
                <input id="dep-amount" inputMode="decimal" value={amount} onChange={(e) => setAmount(e.target.value)} placeholder="0.00" />
              </div>
            </Field>
            <Field label="Memo" htmlFor="dep-memo">
              <input id="dep-memo" value={memo} onChange={(e) => setMemo(e.target.value)} maxLength={140} placeholder="e.g. Opening balance" />
            </Field>
            <div className="form-actions">
              <Button type="submit" pending={m.pending} disabled={!accountId.trim() || !parsed.ok}>
                Deposit {parsed.ok ? formatMoney(parsed.value) : ''}
              </Button>
            </div>
          </form>
        </Card>
        <Card title="How deposits work">
          <p className="muted">Money enters from the bank's own funding account, the only account allowed to go negative. Each deposit is double-entry and audited.</p>
          <p className="muted">A retry after a network failure re-sends the same submission key, so the customer is never credited twice.</p>
        </Card>
      </div>
    </>
  );
}
