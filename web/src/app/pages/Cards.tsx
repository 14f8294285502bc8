import { useState, type FormEvent } from 'react';
import { formatMoney, parseAmountInput } from '../../lib/money';
import { useMutation } from '../api';
import { useMe } from '../me';
import { ISSUE_CARD, SET_CARD_STATUS, type Card as CardT } from '../queries';
import { Badge, Button, Card, Empty, ErrorBanner, Field, Loading, Modal, Notice, PageHeader, accountName } from '../ui';

interface Issued {
  number: string;
  cvv: string;
  card: CardT;
}

function groupCardNumber(n: string): string {
  return n.replace(/\s+/g, '').replace(/(\d{4})(?=\d)/g, '$1 ');
}

export function CardsPage() {
  const { me, reload } = useMe();
  const [issued, setIssued] = useState<Issued | null>(null);
  if (!me) return <Loading />;
  const cards = me.cards;
  return (
    <>
      <PageHeader title="Cards" subtitle="Virtual and physical cards linked to your accounts." />
      <div className="grid grid-2-1">
        <Card title="Your cards">
          {cards.length === 0 ? (
            <Empty title="No cards yet">Issue a virtual card to pay online in seconds.</Empty>
          ) : (
            <ul className="card-grid">
              {cards.map((c) => (
                <CardTile key={c.id} card={c} onChanged={reload} />
              ))}
            </ul>
          )}
        </Card>
        <IssueCardForm
          onIssued={(i) => {
            setIssued(i);
            reload();
          }}
        />
      </div>
      <Modal open={!!issued} title="Your new card" onClose={() => setIssued(null)} dismissable={false}>
        {issued && (
          <>
            <Notice tone="warning">
              <strong>Save these details now.</strong> This is the only time the full card number and CVV are shown. We do not store the CVV and cannot show it again.
            </Notice>
            <div className="bank-card bank-card-lg" aria-label="Card details">
              <span className="bank-card-brand">{issued.card.brand}</span>
              <span className="art-chip" aria-hidden="true" />
              <span className="bank-card-number mono" data-testid="issued-number">
                {groupCardNumber(issued.number)}
              </span>
              <span className="bank-card-foot">
                <span>
                  <small>Expires</small> {String(issued.card.expiryMonth).padStart(2, '0')}/{String(issued.card.expiryYear).slice(-2)}
                </span>
                <span>
                  <small>CVV</small> <span className="mono">{issued.cvv}</span>
                </span>
              </span>
            </div>
            <div className="form-actions">
              <Button onClick={() => setIssued(null)}>I have saved these details</Button>
            </div>
          </>
        )}
      </Modal>
    </>
  );
}

function CardTile({ card: c, onChanged }: { card: CardT; onChanged: () => void }) {
  const m = useMutation<{ setCardStatus: CardT }>(SET_CARD_STATUS);
  const [confirmCancel, setConfirmCancel] = useState(false);
  const change = async (status: 'ACTIVE' | 'FROZEN' | 'CANCELLED') => {
    try {
      await m.run({ cardId: c.id, status }, { operationName: 'SetCardStatus' });
      setConfirmCancel(false);
      onChanged();
    } catch {
      /* shown below */
    }
  };
  return (
    <li className="card-item">
      <div className={`bank-card ${c.status !== 'ACTIVE' ? 'bank-card-off' : ''} ${c.kind === 'PHYSICAL' ? 'bank-card-physical' : ''}`}>
        <span className="bank-card-brand">{c.brand}</span>
        <span className="bank-card-kind">{c.kind === 'VIRTUAL' ? 'Virtual' : 'Physical'}</span>
        <span className="bank-card-number mono">•••• •••• •••• {c.last4}</span>
        <span className="bank-card-foot">
          <span>
            <small>Expires</small> {String(c.expiryMonth).padStart(2, '0')}/{String(c.expiryYear).slice(-2)}
          </span>
          {c.status !== 'ACTIVE' && <Badge value={c.status} />}
        </span>
      </div>
      <div className="card-item-meta">
        <span className="muted small">
          {accountName(c.account)} · {c.account.maskedNumber.slice(-4)} · limit {formatMoney(c.dailyLimit)}/day
        </span>
        <ErrorBanner error={m.error} />
        {c.status !== 'CANCELLED' && (
          <div className="btn-row">
            {c.status === 'ACTIVE' ? (
              <Button variant="secondary" size="sm" pending={m.pending} onClick={() => void change('FROZEN')}>
                Freeze
              </Button>
            ) : (
              <Button variant="secondary" size="sm" pending={m.pending} onClick={() => void change('ACTIVE')}>
                Unfreeze
              </Button>
            )}
            {confirmCancel ? (
              <>
                <Button variant="danger" size="sm" pending={m.pending} onClick={() => void change('CANCELLED')}>
                  Confirm cancel
                </Button>
                <Button variant="ghost" size="sm" onClick={() => setConfirmCancel(false)}>
                  Keep card
                </Button>
              </>
            ) : (
              <Button variant="ghost" size="sm" onClick={() => setConfirmCancel(true)}>
                Cancel card
              </Button>
            )}
          </div>
        )}
      </div>
    </li>
  );
}

function IssueCardForm({ onIssued }: { onIssued: (i: Issued) => void }) {
  const { me } = useMe();
  const accounts = (me?.accounts ?? []).filter((a) => a.status === 'ACTIVE');
  const [accountId, setAccountId] = useState('');
  const [kind, setKind] = useState<'VIRTUAL' | 'PHYSICAL'>('VIRTUAL');
  const [limit, setLimit] = useState('');
  const m = useMutation<{ issueCard: Issued }>(ISSUE_CARD);
  const parsedLimit = limit.trim() ? parseAmountInput(limit) : null;

  async function submit(e: FormEvent) {
    e.preventDefault();
    const acct = accountId || accounts[0]?.id;
    if (!acct || (parsedLimit && !parsedLimit.ok)) return;
    try {
      const d = await m.run(
        { input: { accountId: acct, kind, ...(parsedLimit?.ok ? { dailyLimit: parsedLimit.value } : {}) } },
        { operationName: 'IssueCard' },
      );
      setLimit('');
      onIssued(d.issueCard);
    } catch {
      /* shown below */
    }
  }

  return (
    <Card title="Issue a card" subtitle="Virtual cards are ready instantly.">
      <form className="form" onSubmit={submit}>
        <ErrorBanner error={m.error} />
        <Field label="Linked account" htmlFor="ic-acct">
          <select id="ic-acct" value={accountId || accounts[0]?.id || ''} onChange={(e) => setAccountId(e.target.value)}>
            {accounts.map((a) => (
              <option key={a.id} value={a.id}>
                {accountName(a)} · {a.maskedNumber.slice(-4)}
              </option>
            ))}
          </select>
        </Field>
        <fieldset className="field">
          <legend>Card type</legend>
          <div className="segmented" role="radiogroup" aria-label="Card type">
            {(['VIRTUAL', 'PHYSICAL'] as const).map((k) => (
              <button key={k} type="button" role="radio" aria-checked={kind === k} className={kind === k ? 'active' : ''} onClick={() => setKind(k)}>
                {k === 'VIRTUAL' ? 'Virtual' : 'Physical'}
              </button>
            ))}
          </div>
        </fieldset>
        <Field label="Daily limit" htmlFor="ic-limit" hint="Optional; the bank's default applies otherwise." error={parsedLimit && !parsedLimit.ok ? parsedLimit.error : null}>
          <div className="input-affix">
            <span aria-hidden="true">₹</span>
            <input id="ic-limit" inputMode="decimal" placeholder="50000.00" value={limit} onChange={(e) => setLimit(e.target.value)} />
          </div>
        </Field>
        <div className="form-actions">
          <Button type="submit" pending={m.pending} disabled={accounts.length === 0}>
            Issue card
          </Button>
        </div>
      </form>
    </Card>
  );
}
