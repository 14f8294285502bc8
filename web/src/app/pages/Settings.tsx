import { useState, type FormEvent } from 'react';
import { formatDate } from '../../lib/format';
import { passwordProblem } from '../../lib/validate';
import { session, useMutation } from '../api';
import { useMe } from '../me';
import { CHANGE_PASSWORD } from '../queries';
import { Badge, Button, Card, ErrorBanner, Field, Loading, Notice, PageHeader } from '../ui';

export function SettingsPage() {
  const { me } = useMe();
  if (!me) return <Loading />;
  return (
    <>
      <PageHeader title="Settings" subtitle="Your profile and security." />
      <div className="grid grid-1-1">
        <Card title="Profile">
          <dl className="dl dl-tight">
            <dt>Name</dt>
            <dd>{me.displayName}</dd>
            <dt>Username</dt>
            <dd>@{me.username}</dd>
            <dt>Email</dt>
            <dd>{me.email}</dd>
            <dt>Role</dt>
            <dd>
              <Badge value={me.role} />
            </dd>
            <dt>Member since</dt>
            <dd>{formatDate(me.createdAt)}</dd>
          </dl>
        </Card>
        <ChangePassword username={me.username} />
      </div>
    </>
  );
}

function ChangePassword({ username }: { username: string }) {
  const [current, setCurrent] = useState('');
  const [next, setNext] = useState('');
  const [done, setDone] = useState(false);
  const m = useMutation<{ changePassword: boolean }>(CHANGE_PASSWORD);
  const problem = next ? passwordProblem(next, username) : null;

  async function submit(e: FormEvent) {
    e.preventDefault();
    if (!current || !next || problem) return;
    try {
      await m.run({ currentPassword: current, newPassword: next }, { operationName: 'ChangePassword' });
      setDone(true);
      // Tokens issued before the change stop working: sign in again.
      setTimeout(() => void session.logout(), 1500);
    } catch {
      /* shown below */
    }
  }

  return (
    <Card title="Change password" subtitle="You will be signed out everywhere afterwards.">
      <form className="form" onSubmit={submit} noValidate>
        {done && <Notice tone="success">Password changed. Signing you out…</Notice>}
        <ErrorBanner error={m.error} />
        <Field label="Current password" htmlFor="cp-current">
          <input id="cp-current" type="password" autoComplete="current-password" value={current} onChange={(e) => setCurrent(e.target.value)} />
        </Field>
        <Field label="New password" htmlFor="cp-next" error={problem} hint="At least 10 characters, not containing your username.">
          <input id="cp-next" type="password" autoComplete="new-password" value={next} onChange={(e) => setNext(e.target.value)} />
        </Field>
        <div className="form-actions">
          <Button type="submit" pending={m.pending} disabled={!current || !next || !!problem || done}>
            Change password
          </Button>
        </div>
      </form>
    </Card>
  );
}
