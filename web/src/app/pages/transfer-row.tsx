import { formatDateTime } from '../../lib/format';
import type { Transfer } from '../queries';
import { Badge, Icon, Money } from '../ui';

export type Direction = 'in' | 'out' | 'self' | 'other';

/** Which way a transfer went, seen from the owner of the accounts in `mine`. */
export function directionOf(t: Transfer, mine: Set<string>): Direction {
  const fromMine = !!t.fromAccount && mine.has(t.fromAccount.id);
  const toMine = mine.has(t.toAccount.id);
  if (fromMine && toMine) return 'self';
  if (fromMine) return 'out';
  if (toMine) return 'in';
  return 'other';
}

export function counterparty(t: Transfer, dir: Direction): string {
  if (t.kind === 'DEPOSIT') return 'Deposit';
  if (dir === 'self') return 'Between your accounts';
  if (dir === 'in') return t.from?.displayName ?? t.from?.username ?? 'Unknown';
  if (dir === 'out') return t.to.displayName || t.to.username;
  return `${t.from?.username ?? '—'} → ${t.to.username}`;
}

export function signedAmount(t: Transfer, dir: Direction): string {
  return dir === 'out' ? `-${t.amount}` : t.amount;
}

export function TransferRow({ t, mine, compact }: { t: Transfer; mine: Set<string>; compact?: boolean }) {
  const dir = directionOf(t, mine);
  return (
    <li className="tx">
      <span className={`tx-icon tx-${dir}`} aria-hidden="true">
        <Icon name={dir === 'out' ? 'out' : dir === 'in' ? 'in' : 'send'} />
      </span>
      <span className="tx-main">
        <strong>{counterparty(t, dir)}</strong>
        <small className="muted">
          {formatDateTime(t.createdAt)}
          {!compact && t.memo ? ` · ${t.memo}` : ''}
        </small>
      </span>
      <span className="tx-side">
        <Money amount={dir === 'self' || dir === 'other' ? t.amount : signedAmount(t, dir)} currency={t.currency} signed={dir === 'in' || dir === 'out'} />
        {t.status !== 'COMPLETED' && <Badge value={t.status} />}
      </span>
    </li>
  );
}
