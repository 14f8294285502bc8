import { formatDateTime } from '../../lib/format';
import { counterparty, directionOf, signedAmount } from '../../lib/transfers';
import type { Transfer } from '../queries';
import { Badge, Icon, Money } from '../ui';

export function TransferRow({ t, meId, compact }: { t: Transfer; meId: string; compact?: boolean }) {
  const dir = directionOf(t, meId);
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
        <Money amount={signedAmount(t, dir)} currency={t.currency} signed={dir === 'in' || dir === 'out'} />
        {t.status !== 'COMPLETED' && <Badge value={t.status} />}
      </span>
    </li>
  );
}
