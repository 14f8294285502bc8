import { useEffect, useState, type FormEvent } from 'react';
import { useMutation, useQuery } from '../../api';
import { SET_CHAOS, SYSTEM_STATUS, type SystemStatus } from '../../queries';
import { Badge, Button, Card, ErrorBanner, Field, Loading, Notice, PageHeader } from '../../ui';

function uptime(seconds: number): string {
  const d = Math.floor(seconds / 86400);
  const h = Math.floor((seconds % 86400) / 3600);
  const m = Math.floor((seconds % 3600) / 60);
  return d > 0 ? `${d}d ${h}h ${m}m` : h > 0 ? `${h}h ${m}m` : `${m}m ${seconds % 60}s`;
}

export function AdminSystemPage() {
  const q = useQuery<{ systemStatus: SystemStatus }>(SYSTEM_STATUS);
  const s = q.data?.systemStatus;
  return (
    <>
      <PageHeader
        title="System"
        subtitle="Health of the service and the chaos switch for resilience drills."
        actions={
          <Button variant="secondary" pending={q.loading} onClick={q.reload}>
            Refresh
          </Button>
        }
      />
      <ErrorBanner error={q.error} onRetry={q.reload} />
      {!s ? (
        q.loading ? <Loading /> : null
      ) : (
        <>
          <div className="stats">
            <div className="stat">
              <span className="stat-label">Version</span>
              <span className="stat-value mono">{s.version}</span>
            </div>
            <div className="stat">
              <span className="stat-label">Uptime</span>
              <span className="stat-value">{uptime(s.uptimeSeconds)}</span>
            </div>
            <div className="stat">
              <span className="stat-label">Database</span>
              <span className="stat-value">
                <Badge value={s.databaseOk ? 'ACTIVE' : 'REJECTED'} label={s.databaseOk ? 'Healthy' : 'Unreachable'} />
              </span>
            </div>
            <div className="stat">
              <span className="stat-label">Requests served</span>
              <span className="stat-value">{Math.round(s.requestsTotal).toLocaleString('en-IN')}</span>
            </div>
          </div>
          <ChaosCard chaos={s.chaos} onSaved={q.reload} />
        </>
      )}
    </>
  );
}

function ChaosCard({ chaos, onSaved }: { chaos: SystemStatus['chaos']; onSaved: () => void }) {
  const [enabled, setEnabled] = useState(chaos.enabled);
  const [rate, setRate] = useState(String(chaos.errorRate));
  const [latency, setLatency] = useState(String(chaos.latencyMs));
  const [saved, setSaved] = useState(false);
  const m = useMutation<{ setChaos: SystemStatus['chaos'] }>(SET_CHAOS);
  useEffect(() => {
    setEnabled(chaos.enabled);
    setRate(String(chaos.errorRate));
    setLatency(String(chaos.latencyMs));
  }, [chaos.enabled, chaos.errorRate, chaos.latencyMs]);

  const rateNum = Number(rate);
  const latencyNum = Number(latency);
  const rateOk = rate.trim() !== '' && Number.isFinite(rateNum) && rateNum >= 0 && rateNum <= 1;
  const latencyOk = /^\d+$/.test(latency.trim()) && latencyNum <= 60000;

  async function submit(e: FormEvent) {
    e.preventDefault();
    if (!rateOk || !latencyOk) return;
    setSaved(false);
    try {
      await m.run({ input: { enabled, errorRate: rateNum, latencyMs: latencyNum } }, { operationName: 'SetChaos' });
      setSaved(true);
      onSaved();
    } catch {
      /* shown below */
    }
  }

  return (
    <Card title="Chaos mode" subtitle="Fail a share of API requests with 503 and add latency, to rehearse outages." actions={<Badge value={chaos.enabled ? 'PENDING' : 'NONE'} label={chaos.enabled ? 'On' : 'Off'} />}>
      <form className="form form-narrow" onSubmit={submit}>
        {chaos.enabled && <Notice tone="warning">Chaos mode is on: customers see failures and delays right now.</Notice>}
        {saved && <Notice tone="success">Chaos settings saved.</Notice>}
        <ErrorBanner error={m.error} />
        <label className="switch">
          <input type="checkbox" role="switch" checked={enabled} onChange={(e) => setEnabled(e.target.checked)} />
          <span className="switch-track" aria-hidden="true" />
          <span>Enable chaos mode</span>
        </label>
        <div className="form-row">
          <Field label="Error rate" htmlFor="chaos-rate" hint="Share of requests that fail, 0 to 1" error={rateOk ? null : 'Enter a number from 0 to 1.'}>
            <input id="chaos-rate" inputMode="decimal" value={rate} onChange={(e) => setRate(e.target.value)} />
          </Field>
          <Field label="Latency (ms)" htmlFor="chaos-latency" hint="Added delay, up to this much" error={latencyOk ? null : 'Enter whole milliseconds.'}>
            <input id="chaos-latency" inputMode="numeric" value={latency} onChange={(e) => setLatency(e.target.value)} />
          </Field>
        </div>
        <div className="form-actions">
          <Button type="submit" variant={enabled ? 'danger' : 'primary'} pending={m.pending}>
            Save
          </Button>
        </div>
      </form>
    </Card>
  );
}
