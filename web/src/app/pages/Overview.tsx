import { useState } from 'react';
import { fromMinor, sumMoney, toMinor } from '../../lib/money';
import { useQuery } from '../api';
import { AllocationChart, CashFlowChart } from '../charts';
import { useMe } from '../me';
import { CASH_FLOW, TRANSFERS, type Account, type CashFlowPoint, type Connection, type Transfer } from '../queries';
import { href } from '../router';
import { ACCOUNT_LABEL, Badge, Card, Empty, ErrorBanner, Icon, Loading, Money, Notice, PageHeader, accountName } from '../ui';
import { TransferRow } from './transfer-row';

function greeting(): string {
  const h = new Date().getHours();
  return h < 12 ? 'Good morning' : h < 17 ? 'Good afternoon' : 'Good evening';
}

export function OverviewPage() {
  const { me, loading } = useMe();
  const [days, setDays] = useState(30);
  const flow = useQuery<{ cashFlow: CashFlowPoint[] }>(CASH_FLOW, { days });
  const recent = useQuery<{ transfers: Connection<Transfer> }>(TRANSFERS, { first: 6 });

  if (!me) return loading ? <Loading /> : null;
  const inr = me.accounts.filter((a) => a.currency === 'INR' && a.status !== 'CLOSED');
  const total = sumMoney(inr.map((a) => a.balance));
  const available = sumMoney(inr.map((a) => a.available));
  const points = flow.data?.cashFlow ?? [];
  const totalIn = sumMoney(points.map((p) => p.incoming));
  const totalOut = sumMoney(points.map((p) => p.outgoing));
  const net = fromMinor(toMinor(totalIn) - toMinor(totalOut));

  return (
    <>
      <PageHeader
        title={`${greeting()}, ${me.displayName.split(' ')[0]}`}
        subtitle="Here is where your money stands today."
        actions={
          <a className="btn btn-primary" href={href('/transfer')}>
            <Icon name="send" /> Send money
          </a>
        }
      />
      {me.kyc.status !== 'VERIFIED' && (
        <Notice tone="warning">
          <strong>{me.kyc.status === 'PENDING' ? 'Verification in review.' : 'Verify your identity to raise your limits.'}</strong>{' '}
          <span>
            Until then you can send up to ₹10,000.00 per transfer and ₹25,000.00 a day.{' '}
            {me.kyc.status !== 'PENDING' && <a href={href('/kyc')}>Complete KYC</a>}
          </span>
        </Notice>
      )}

      <div className="stats">
        <div className="stat stat-hero">
          <span className="stat-label">Total balance</span>
          <Money amount={total} className="stat-value" />
          <span className="stat-foot">
            <Money amount={available} /> available across {inr.length} account{inr.length === 1 ? '' : 's'}
          </span>
        </div>
        <div className="stat">
          <span className="stat-label">
            <Icon name="in" /> Money in · {days} days
          </span>
          <Money amount={totalIn} className={`stat-value ${totalIn === '0.00' ? '' : 'stat-in'}`} />
        </div>
        <div className="stat">
          <span className="stat-label">
            <Icon name="out" /> Money out · {days} days
          </span>
          <Money amount={totalOut} className={`stat-value ${totalOut === '0.00' ? '' : 'stat-out'}`} />
        </div>
        <div className="stat">
          <span className="stat-label">Net flow · {days} days</span>
          <Money amount={net} signed className="stat-value" />
        </div>
      </div>

      <div className="grid grid-2-1">
        <Card
          title="Cash flow"
          subtitle="Money in and out of your accounts per day"
          actions={
            <div className="segmented" role="group" aria-label="Period">
              {[7, 30, 90].map((d) => (
                <button key={d} type="button" className={d === days ? 'active' : ''} aria-pressed={d === days} onClick={() => setDays(d)}>
                  {d}d
                </button>
              ))}
            </div>
          }
        >
          <ErrorBanner error={flow.error} onRetry={flow.reload} />
          {flow.loading && !flow.data ? <Loading /> : <CashFlowChart points={points} />}
        </Card>
        <Card title="Allocation" subtitle="How your balance is split">
          <AllocationChart accounts={me.accounts.filter((a) => a.currency === 'INR')} />
        </Card>
      </div>

      <div className="grid grid-2-1">
        <Card
          title="Your accounts"
          actions={
            <a className="btn btn-ghost btn-sm" href={href('/accounts')}>
              <Icon name="plus" /> Open account
            </a>
          }
        >
          <AccountsTable accounts={me.accounts} />
        </Card>
        <Card
          title="Recent activity"
          actions={
            <a className="btn btn-ghost btn-sm" href={href('/activity')}>
              View all
            </a>
          }
        >
          <ErrorBanner error={recent.error} onRetry={recent.reload} />
          {recent.loading && !recent.data ? (
            <Loading />
          ) : recent.data && recent.data.transfers.edges.length > 0 ? (
            <ul className="tx-list">
              {recent.data.transfers.edges.map((e) => (
                <TransferRow key={e.node.id} t={e.node} meId={me.id} compact />
              ))}
            </ul>
          ) : (
            <Empty title="No transfers yet">
              <a href={href('/transfer')}>Send your first transfer</a>
            </Empty>
          )}
        </Card>
      </div>
    </>
  );
}

export function AccountsTable({ accounts }: { accounts: Account[] }) {
  if (accounts.length === 0) return <Empty title="No accounts yet" />;
  return (
    <div className="table-wrap">
      <table className="table" data-testid="accounts-table">
        <thead>
          <tr>
            <th scope="col">Account</th>
            <th scope="col" className="hide-sm">
              Number
            </th>
            <th scope="col" className="hide-sm">
              Status
            </th>
            <th scope="col" className="num">
              Balance
            </th>
            <th scope="col" className="num">
              Available
            </th>
          </tr>
        </thead>
        <tbody>
          {accounts.map((a) => (
            <tr key={a.id}>
              <td>
                <div className="acct-name">
                  <span className={`acct-dot acct-${a.type.toLowerCase()}`} aria-hidden="true" />
                  <span>
                    <strong>{accountName(a)}</strong>
                    <small className="muted">
                      {ACCOUNT_LABEL[a.type] ?? a.type} · {a.currency}
                    </small>
                  </span>
                </div>
              </td>
              <td className="mono hide-sm">{a.maskedNumber}</td>
              <td className="hide-sm">
                <Badge value={a.status} />
              </td>
              <td className="num">
                <Money amount={a.balance} currency={a.currency} />
              </td>
              <td className="num muted-strong">
                <Money amount={a.available} currency={a.currency} />
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
