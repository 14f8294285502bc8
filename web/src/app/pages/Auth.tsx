import { useState, type FormEvent } from 'react';
import { passwordProblem, usernameProblem } from '../../lib/validate';
import { session } from '../api';
import { Button, ErrorBanner, Field, Notice } from '../ui';

type Mode = 'signin' | 'register';

export function AuthPage({ notice }: { notice: string | null }) {
  const [mode, setMode] = useState<Mode>('signin');
  return (
    <div className="auth">
      <section className="auth-hero" aria-hidden="true">
        <div className="brand brand-light">
          <img src="/favicon.svg" alt="" width="36" height="36" />
          <span>Wallet</span>
        </div>
        <div className="auth-hero-copy">
          <h2>Money that moves at the speed of you.</h2>
          <p>Instant transfers, live balances and virtual cards, with bank-grade security on every rupee.</p>
          <ul className="auth-points">
            <li>Exact to the paisa: amounts are never rounded</li>
            <li>Every transfer protected against double submission</li>
            <li>Identity data sealed and always shown masked</li>
          </ul>
        </div>
        <div className="auth-card-art">
          <div className="art-card">
            <span className="art-chip" />
            <span className="art-number">•••• •••• •••• 4821</span>
            <span className="art-foot">
              <span>VIRTUAL</span>
              <span>12/29</span>
            </span>
          </div>
        </div>
      </section>
      <main className="auth-panel">
        <div className="auth-box">
          <div className="tabs" role="tablist" aria-label="Sign in or register">
            <button type="button" role="tab" id="tab-signin" aria-selected={mode === 'signin'} aria-controls="auth-form" className={mode === 'signin' ? 'tab active' : 'tab'} onClick={() => setMode('signin')}>
              Sign in
            </button>
            <button type="button" role="tab" id="tab-register" aria-selected={mode === 'register'} aria-controls="auth-form" className={mode === 'register' ? 'tab active' : 'tab'} onClick={() => setMode('register')}>
              Create account
            </button>
          </div>
          {notice && <Notice tone="warning">{notice}</Notice>}
          <div id="auth-form" role="tabpanel" aria-labelledby={mode === 'signin' ? 'tab-signin' : 'tab-register'}>
            {mode === 'signin' ? <SignInForm /> : <RegisterForm />}
          </div>
          <p className="auth-foot muted">
            Building on the API? Open the <a href="/graphiql/">API explorer</a>.
          </p>
        </div>
      </main>
    </div>
  );
}

function SignInForm() {
  const [username, setUsername] = useState('');
  const [password, setPassword] = useState('');
  const [pending, setPending] = useState(false);
  const [error, setError] = useState<unknown>(null);

  async function submit(e: FormEvent) {
    e.preventDefault();
    setPending(true);
    setError(null);
    try {
      await session.login(username.trim(), password);
    } catch (err) {
      setError(err);
      setPending(false);
    }
  }

  return (
    <form onSubmit={submit} className="form" noValidate>
      <h1 className="auth-title">Welcome back</h1>
      <p className="muted">Sign in to see your balances and send money.</p>
      <ErrorBanner error={error} />
      <Field label="Username or email" htmlFor="login-username">
        <input id="login-username" name="username" autoComplete="username" required value={username} onChange={(e) => setUsername(e.target.value)} />
      </Field>
      <Field label="Password" htmlFor="login-password">
        <input id="login-password" name="password" type="password" autoComplete="current-password" required value={password} onChange={(e) => setPassword(e.target.value)} />
      </Field>
      <Button type="submit" pending={pending} disabled={!username || !password} className="btn-block">
        Sign in
      </Button>
    </form>
  );
}

function RegisterForm() {
  const [form, setForm] = useState({ username: '', email: '', displayName: '', password: '', confirm: '' });
  const [touched, setTouched] = useState(false);
  const [pending, setPending] = useState(false);
  const [error, setError] = useState<unknown>(null);
  const set = (k: keyof typeof form) => (e: React.ChangeEvent<HTMLInputElement>) => setForm({ ...form, [k]: e.target.value });

  const problems = {
    username: usernameProblem(form.username.trim()),
    email: /^[^\s@]+@[^\s@]+\.[^\s@]+$/.test(form.email.trim()) ? null : 'Enter a valid email address.',
    password: passwordProblem(form.password, form.username.trim()),
    confirm: form.confirm === form.password ? null : 'The passwords do not match.',
  };
  const valid = Object.values(problems).every((p) => p === null);

  async function submit(e: FormEvent) {
    e.preventDefault();
    setTouched(true);
    if (!valid) return;
    setPending(true);
    setError(null);
    try {
      await session.register({
        username: form.username.trim(),
        email: form.email.trim(),
        password: form.password,
        ...(form.displayName.trim() ? { displayName: form.displayName.trim() } : {}),
      });
    } catch (err) {
      setError(err);
      setPending(false);
    }
  }

  const show = (k: keyof typeof problems) => (touched || form[k] !== '' ? problems[k] : null);

  return (
    <form onSubmit={submit} className="form" noValidate>
      <h1 className="auth-title">Open your wallet</h1>
      <p className="muted">It takes a minute. You get a checking account in INR right away.</p>
      <ErrorBanner error={error} />
      <div className="form-row">
        <Field label="Username" htmlFor="reg-username" error={show('username')} hint="Lowercase letters, digits, _ and .">
          <input id="reg-username" name="username" autoComplete="username" value={form.username} onChange={set('username')} aria-invalid={!!show('username')} />
        </Field>
        <Field label="Display name" htmlFor="reg-display" hint="Optional">
          <input id="reg-display" name="displayName" autoComplete="name" value={form.displayName} onChange={set('displayName')} maxLength={64} />
        </Field>
      </div>
      <Field label="Email" htmlFor="reg-email" error={show('email')}>
        <input id="reg-email" name="email" type="email" autoComplete="email" value={form.email} onChange={set('email')} aria-invalid={!!show('email')} />
      </Field>
      <Field label="Password" htmlFor="reg-password" error={show('password')} hint="At least 10 characters, not containing your username.">
        <input id="reg-password" name="password" type="password" autoComplete="new-password" value={form.password} onChange={set('password')} aria-invalid={!!show('password')} />
      </Field>
      <Field label="Confirm password" htmlFor="reg-confirm" error={form.confirm ? show('confirm') : touched ? show('confirm') : null}>
        <input id="reg-confirm" name="confirm" type="password" autoComplete="new-password" value={form.confirm} onChange={set('confirm')} />
      </Field>
      <Button type="submit" pending={pending} className="btn-block">
        Create account
      </Button>
    </form>
  );
}
