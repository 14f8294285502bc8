import { useState } from 'react';
import { formatDateTime } from '../../../lib/format';
import { useMutation } from '../../api';
import { usePaged } from '../../paged';
import { REVIEW_TRANSFER, TRANSFERS, type Connection, type Transfer } from '../../queries';
import { Button, Card, Empty, ErrorBanner, LoadMore, Loading, Money, Notice, PageHeader } from '../../ui';

export function AdminReviewsPage() {
  const list = usePaged<Transfer, { transfers: Connection<Transfer> }>(TRANSFERS, { filter: { status: 'PENDING_REVIEW' } }, (d) => d.transfers, 20);
  const [decided, setDecided] = useState<Record<string, 'approved' | 'rejected'>>({});
  return (
    <>
      <PageHeader title="Transfer reviews" subtitle="Transfers of ₹2,00,000.00 or more wait here. Approving completes them; rejecting returns the money." />
      <Card>
        <ErrorBanner error={list.error} onRetry={list.reload} />
        {list.loading && list.items.length === 0 ? (
          <Loading />
        ) : list.items.length === 0 ? (
          <Empty title="Nothing to review">New held transfers appear here.</Empty>
        ) : (
          <ul className="review-list">
            {list.items.map((t) => (
              <ReviewItem key={t.id} t={t} decided={decided[t.id]} onDecided={(d) => setDecided((m) => ({ ...m, [t.id]: d }))} />
            ))}
          </ul>
        )}
        {list.items.length > 0 && <LoadMore hasMore={list.hasMore} loading={list.loading} onClick={list.loadMore} shown={list.items.length} total={list.total} />}
      </Card>
    </>
  );
}

function ReviewItem({ t, decided, onDecided }: { t: Transfer; decided?: 'approved' | 'rejected'; onDecided: (d: 'approved' | 'rejected') => void }) {
  const m = useMutation(REVIEW_TRANSFER);
  const [note, setNote] = useState('');
  const decide = async (approve: boolean) => {
    try {
      await m.run({ transferId: t.id, approve, note: note.trim() || null }, { operationName: 'ReviewTransfer' });
      onDecided(approve ? 'approved' : 'rejected');
    } catch {
      /* shown below */
    }
  };
  return (
    <li className="review-item">
      <div className="review-item-main">
        <Money amount={t.amount} currency={t.currency} className="big" />
        <span>
          <strong>@{t.from?.username ?? '—'}</strong> → <strong>@{t.to.username}</strong>
        </span>
        <small className="muted">
          <span className="mono">{t.reference}</span> · {formatDateTime(t.createdAt)}
          {t.memo ? ` · ${t.memo}` : ''}
        </small>
        {t.reviewReason && <small className="muted">Held: {t.reviewReason}</small>}
      </div>
      {decided ? (
        <Notice tone="success">Transfer {decided}.</Notice>
      ) : (
        <div className="review-item-actions">
          <input aria-label={`Note for ${t.reference}`} placeholder="Note (optional)" value={note} onChange={(e) => setNote(e.target.value)} maxLength={200} />
          <div className="btn-row">
            <Button size="sm" pending={m.pending} onClick={() => void decide(true)}>
              Approve
            </Button>
            <Button size="sm" variant="danger" pending={m.pending} onClick={() => void decide(false)}>
              Reject
            </Button>
          </div>
          <ErrorBanner error={m.error} />
        </div>
      )}
    </li>
  );
}
