import { useMemo, useRef, useState, type FormEvent } from 'react';
import { ApiError } from '../../lib/errors';
import { formatDateTime } from '../../lib/format';
import { IdempotentSubmission } from '../../lib/idempotency';
import { compareMoney, formatMoney, parseAmountInput } from '../../lib/money';
import { useDebounced, useMutation, useQuery } from '../api';
import { useMe } from '../me';
import { TRANSFER, USERS_SEARCH, type Account, type PublicUser, type Transfer } from '../queries';
import { href } from '../router';
import { Badge, Button, Card, ErrorBanner, Field, Loading, Money, Notice, PageHeader, accountName } from '../ui';

type PayeeMode = 'user' | 'own' | 'id';
type Step = 'edit' | 'review' | 'done';

interface Draft {
  fromAccountId: string;
  mode: PayeeMode;
  toUsername: string;
  toOwnAccountId: string;
  toAccountId: string;
  amount: string;
  memo: string;
}

/** Errors that mean "change something in the form", shown next to the form. */
const FORM_ERRORS = new Set(['INSUFFICIENT_FUNDS', 'KYC_REQUIRED', 'LIMIT_EXCEEDED', 'ACCOUNT_FROZEN', 'BAD_USER_INPUT', 'NOT_FOUND', 'IDEMPOTENCY_KEY_REUSED']);

export function TransferPage() {
  const { me, reload } = useMe();
  const active = useMemo(() => (me?.accounts ?? []).filter((a) => a.status === 'ACTIVE'), [me]);
  const [draft, setDraft] = useState<Draft>({ fromAccountId: '', mode: 'user', toUsername: '', toOwnAccountId: '', toAccountId: '', amount: '', memo: '' });
  const [step, setStep] = useState<Step>('edit');
  const [touched, setTouched] = useState(false);
  const [result, setResult] = useState<Transfer | null>(null);
  const submission = useRef(new IdempotentSubmission());
  const m = useMutation<{ transfer: Transfer }>(TRANSFER);

  const from = active.find((a) => a.id === draft.fromAccountId) ?? active[0];
  const amount = parseAmountInput(draft.amount);
  const toId = draft.mode === 'own' ? draft.toOwnAccountId : draft.mode === 'id' ? draft.toAccountId.trim() : '';
  const payeeProblem =
    draft.mode === 'user'
      ? draft.toUsername.trim()
        ? draft.toUsername.trim().toLowerCase() === me?.username.toLowerCase()
          ? 'To move money between your own accounts, choose "My accounts".'
          : null
        : 'Enter the username of the person you are paying.'
      : toId
        ? toId === from?.id
          ? 'Choose a different account from the one you send from.'
          : null
        : 'Choose the account to pay into.';
  const overAvailable = amount.ok && from && compareMoney(amount.value, from.available) > 0;
  const valid = !!from && amount.ok && !payeeProblem;

  const input = () => {
    const i: Record<string, string> = { fromAccountId: from!.id, amount: amount.ok ? amount.value : '' };
    if (draft.mode === 'user') i.toUsername = draft.toUsername.trim().toLowerCase();
    else i.toAccountId = toId;
    if (draft.memo.trim()) i.memo = draft.memo.trim();
    return i;
  };

  const set = <K extends keyof Draft>(k: K, v: Draft[K]) => {
    setDraft((d) => ({ ...d, [k]: v }));
    if (m.error && !(m.error instanceof ApiError && m.error.code === 'NETWORK_ERROR')) m.setError(null);
  };

  function review(e: FormEvent) {
    e.preventDefault();
    setTouched(true);
    if (valid) setStep('review');
  }

  async function send() {
    const i = input();
    const key = submission.current.begin(i);
    try {
      const d = await m.run({ input: i }, { idempotencyKey: key, operationName: 'Transfer' });
      submission.current.succeeded();
      setResult(d.transfer);
      setStep('done');
      reload();
    } catch (err) {
      const code = err instanceof ApiError ? err.code : undefined;
      submission.current.failed(code);
      if (code && FORM_ERRORS.has(code)) setStep('edit');
    }
  }

  function startOver() {
    submission.current.reset();
    setDraft((d) => ({ ...d, toUsername: '', toAccountId: '', toOwnAccountId: '', amount: '', memo: '' }));
    setResult(null);
    setTouched(false);
    m.setError(null);
    setStep('edit');
  }

  if (!me) return <Loading />;

  return (
    <>
      <PageHeader title="Send money" subtitle="Transfers between wallet accounts arrive instantly." />
      <div className="grid grid-2-1">
        <Card>
          {step === 'done' && result ? (
            <Receipt t={result} onAgain={startOver} />
          ) : active.length === 0 ? (
            <Notice tone="warning">You have no active account to send from.</Notice>
          ) : step === 'review' ? (
            <ReviewStep
              from={from!}
              draft={draft}
              amount={amount.ok ? amount.value : '0.00'}
              ownTo={active.find((a) => a.id === draft.toOwnAccountId)}
              pending={m.pending}
              error={m.error}
              isRetry={submission.current.isRetryOf(input())}
              onBack={() => setStep('edit')}
              onSend={send}
            />
          ) : (
            <form className="form" onSubmit={review} noValidate aria-describedby="transfer-help">
              <ErrorBanner error={m.error} />
              <Field label="From" htmlFor="tf-from" hint={from ? `Available: ${formatMoney(from.available, from.currency)}` : undefined}>
                <select id="tf-from" value={from?.id ?? ''} onChange={(e) => set('fromAccountId', e.target.value)}>
                  {active.map((a) => (
                    <option key={a.id} value={a.id}>
                      {accountName(a)} · {a.maskedNumber.slice(-4)} — {formatMoney(a.balance, a.currency)}
                    </option>
                  ))}
                </select>
              </Field>

              <fieldset className="field">
                <legend>Pay to</legend>
                <div className="segmented" role="radiogroup" aria-label="Payee type">
                  {(
                    [
                      ['user', 'A person'],
                      ['own', 'My accounts'],
                      ['id', 'Account ID'],
                    ] as const
                  ).map(([k, label]) => (
                    <button key={k} type="button" role="radio" aria-checked={draft.mode === k} className={draft.mode === k ? 'active' : ''} onClick={() => set('mode', k)}>
                      {label}
                    </button>
                  ))}
                </div>
              </fieldset>

              {draft.mode === 'user' && <PayeeField value={draft.toUsername} onChange={(v) => set('toUsername', v)} error={touched ? payeeProblem : draft.toUsername ? payeeProblem : null} />}
              {draft.mode === 'own' && (
                <Field label="To account" htmlFor="tf-own" error={touched ? payeeProblem : null}>
                  <select id="tf-own" value={draft.toOwnAccountId} onChange={(e) => set('toOwnAccountId', e.target.value)}>
                    <option value="">Choose an account</option>
                    {active
                      .filter((a) => a.id !== from?.id)
                      .map((a) => (
                        <option key={a.id} value={a.id}>
                          {accountName(a)} · {a.maskedNumber.slice(-4)}
                        </option>
                      ))}
                  </select>
                </Field>
              )}
              {draft.mode === 'id' && (
                <Field label="Account ID" htmlFor="tf-acct" error={touched ? payeeProblem : null} hint="The account's ID as shown on its details.">
                  <input id="tf-acct" className="mono" value={draft.toAccountId} onChange={(e) => set('toAccountId', e.target.value)} autoComplete="off" spellCheck={false} />
                </Field>
              )}

              <Field
                label="Amount"
                htmlFor="tf-amount"
                error={(touched || draft.amount) && !amount.ok ? amount.error : null}
                hint={amount.ok ? (overAvailable ? `That is more than the ${formatMoney(from!.available)} available.` : `You send ${formatMoney(amount.value, from?.currency)}`) : 'Up to two decimals, e.g. 1250.50'}
              >
                <div className="input-affix">
                  <span aria-hidden="true">₹</span>
                  <input
                    id="tf-amount"
                    inputMode="decimal"
                    autoComplete="off"
                    placeholder="0.00"
                    value={draft.amount}
                    onChange={(e) => set('amount', e.target.value)}
                    aria-invalid={(touched || !!draft.amount) && !amount.ok}
                  />
                </div>
              </Field>
              <Field label="Note" htmlFor="tf-memo" hint="Optional. The recipient sees it.">
                <input id="tf-memo" value={draft.memo} maxLength={140} onChange={(e) => set('memo', e.target.value)} placeholder="e.g. Rent for November" />
              </Field>
              <div className="form-actions">
                <Button type="submit">Review transfer</Button>
              </div>
            </form>
          )}
        </Card>
        <LimitsCard kyc={me.kyc.status} />
      </div>
    </>
  );
}

function PayeeField({ value, onChange, error }: { value: string; onChange: (v: string) => void; error: string | null }) {
  const search = useDebounced(value.trim().toLowerCase(), 250);
  const q = useQuery<{ users: { edges: { node: PublicUser }[] } }>(USERS_SEARCH, { search }, { skip: search.length < 2 });
  const matches = search.length >= 2 ? (q.data?.users.edges.map((e) => e.node) ?? []) : [];
  const exact = matches.find((u) => u.username.toLowerCase() === value.trim().toLowerCase());
  return (
    <Field label="Recipient's username" htmlFor="tf-user" error={error} hint={exact ? `Paying ${exact.displayName} (@${exact.username})` : 'Start typing to search by username or name.'}>
      <input id="tf-user" list="tf-user-list" autoComplete="off" autoCapitalize="none" spellCheck={false} value={value} onChange={(e) => onChange(e.target.value)} placeholder="e.g. priya.sharma" />
      <datalist id="tf-user-list">
        {matches.map((u) => (
          <option key={u.id} value={u.username}>
            {u.displayName}
          </option>
        ))}
      </datalist>
    </Field>
  );
}

function ReviewStep(props: {
  from: Account;
  draft: Draft;
  amount: string;
  ownTo?: Account;
  pending: boolean;
  error: unknown;
  isRetry: boolean;
  onBack: () => void;
  onSend: () => void;
}) {
  const { from, draft, amount, ownTo, pending, error, isRetry } = props;
  const to = draft.mode === 'user' ? `@${draft.toUsername.trim().toLowerCase()}` : draft.mode === 'own' && ownTo ? `${accountName(ownTo)} · ${ownTo.maskedNumber}` : draft.toAccountId;
  return (
    <div className="review">
      <p className="review-label">You are sending</p>
      <p className="review-amount">
        <Money amount={amount} currency={from.currency} />
      </p>
      <dl className="dl">
        <dt>From</dt>
        <dd>
          {accountName(from)} · <span className="mono">{from.maskedNumber}</span>
        </dd>
        <dt>To</dt>
        <dd>{to}</dd>
        {draft.memo.trim() && (
          <>
            <dt>Note</dt>
            <dd>{draft.memo.trim()}</dd>
          </>
        )}
      </dl>
      {compareMoney(amount, '200000.00') >= 0 && (
        <Notice tone="info">Transfers of ₹2,00,000.00 or more are held for a short review before they reach the recipient.</Notice>
      )}
      <ErrorBanner error={error} onRetry={props.onSend} retryLabel="Retry safely" />
      {isRetry && !pending && <p className="muted small">Retrying re-sends the same submission: it can never be paid twice.</p>}
      <div className="form-actions">
        <Button variant="secondary" onClick={props.onBack} disabled={pending}>
          Back
        </Button>
        <Button onClick={props.onSend} pending={pending}>
          {pending ? 'Sending…' : `Send ${formatMoney(amount, from.currency)}`}
        </Button>
      </div>
    </div>
  );
}

function Receipt({ t, onAgain }: { t: Transfer; onAgain: () => void }) {
  const held = t.status === 'PENDING_REVIEW';
  return (
    <div className="receipt" role="status">
      <div className={`receipt-icon ${held ? 'held' : t.status === 'REJECTED' ? 'rejected' : ''}`} aria-hidden="true">
        {held ? '⏳' : t.status === 'REJECTED' ? '✕' : '✓'}
      </div>
      <h2>{held ? 'Transfer held for review' : t.status === 'REJECTED' ? 'Transfer rejected' : 'Money sent'}</h2>
      <p className="review-amount">
        <Money amount={t.amount} currency={t.currency} />
      </p>
      <p className="muted">
        {held
          ? 'The amount has left your account and will reach the recipient once it is approved. If it is rejected, it comes back to you.'
          : `Paid to ${t.to.displayName} (@${t.to.username}).`}
      </p>
      <dl className="dl">
        <dt>Reference</dt>
        <dd className="mono">{t.reference}</dd>
        <dt>Status</dt>
        <dd>
          <Badge value={t.status} />
        </dd>
        <dt>Date</dt>
        <dd>{formatDateTime(t.createdAt)}</dd>
        {t.memo && (
          <>
            <dt>Note</dt>
            <dd>{t.memo}</dd>
          </>
        )}
        {t.reviewReason && (
          <>
            <dt>Reason</dt>
            <dd>{t.reviewReason}</dd>
          </>
        )}
      </dl>
      <div className="form-actions">
        <a className="btn btn-secondary" href={href('/activity')}>
          View activity
        </a>
        <Button onClick={onAgain}>New transfer</Button>
      </div>
    </div>
  );
}

function LimitsCard({ kyc }: { kyc: string }) {
  const verified = kyc === 'VERIFIED';
  return (
    <Card title="Your limits" subtitle={verified ? 'Identity verified' : 'Identity not verified yet'}>
      <dl className="dl dl-tight" id="transfer-help">
        <dt>Per transfer</dt>
        <dd>{verified ? 'Up to ₹10,00,00,00,000.00' : '₹10,000.00'}</dd>
        <dt>Per day</dt>
        <dd>{verified ? '₹10,00,000.00' : '₹25,000.00'}</dd>
        <dt>Review</dt>
        <dd>₹2,00,000.00 or more is checked by our team first</dd>
      </dl>
      {!verified && (
        <p>
          <a href={href('/kyc')}>Verify your identity</a> to send more.
        </p>
      )}
      <p className="muted small">Every transfer carries a unique submission key, so a retry after a network problem never pays twice.</p>
    </Card>
  );
}
