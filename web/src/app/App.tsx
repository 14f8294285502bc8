import { useEffect, useState, type ReactNode } from 'react';
import { session, useSession } from './api';
import { MeProvider, useMe } from './me';
import { href, navigate, useRoute } from './router';
import { ErrorBanner, Icon, Loading } from './ui';
import { AuthPage } from './pages/Auth';
import { OverviewPage } from './pages/Overview';
import { TransferPage } from './pages/Transfer';
import { ActivityPage } from './pages/Activity';
import { AccountsPage } from './pages/Accounts';
import { CardsPage } from './pages/Cards';
import { KycPage } from './pages/Kyc';
import { SettingsPage } from './pages/Settings';
import { AdminUsersPage } from './pages/admin/Users';
import { AdminReviewsPage } from './pages/admin/Reviews';
import { AdminDepositPage } from './pages/admin/Deposit';
import { AdminAuditPage } from './pages/admin/Audit';
import { AdminSystemPage } from './pages/admin/System';

interface NavItem {
  path: string;
  label: string;
  icon: Parameters<typeof Icon>[0]['name'];
  render: () => ReactNode;
  admin?: boolean;
}

const NAV: NavItem[] = [
  { path: '/', label: 'Overview', icon: 'home', render: () => <OverviewPage /> },
  { path: '/transfer', label: 'Send money', icon: 'send', render: () => <TransferPage /> },
  { path: '/activity', label: 'Activity', icon: 'list', render: () => <ActivityPage /> },
  { path: '/accounts', label: 'Accounts', icon: 'wallet', render: () => <AccountsPage /> },
  { path: '/cards', label: 'Cards', icon: 'card', render: () => <CardsPage /> },
  { path: '/kyc', label: 'Verification', icon: 'shield', render: () => <KycPage /> },
  { path: '/settings', label: 'Settings', icon: 'settings', render: () => <SettingsPage /> },
  { path: '/admin/users', label: 'Users', icon: 'users', render: () => <AdminUsersPage />, admin: true },
  { path: '/admin/reviews', label: 'Transfer reviews', icon: 'review', render: () => <AdminReviewsPage />, admin: true },
  { path: '/admin/deposit', label: 'Deposit', icon: 'plus', render: () => <AdminDepositPage />, admin: true },
  { path: '/admin/audit', label: 'Audit log', icon: 'audit', render: () => <AdminAuditPage />, admin: true },
  { path: '/admin/system', label: 'System', icon: 'pulse', render: () => <AdminSystemPage />, admin: true },
];

export function App() {
  const s = useSession();
  useEffect(() => {
    void session.restore();
  }, []);
  if (s.status === 'restoring') {
    return (
      <div className="boot">
        <Loading label="Signing you in…" />
      </div>
    );
  }
  if (s.status === 'signed-out') return <AuthPage notice={s.notice} />;
  return (
    <MeProvider>
      <Shell />
    </MeProvider>
  );
}

function initials(name: string): string {
  const parts = name.trim().split(/\s+/).filter(Boolean);
  return ((parts[0]?.[0] ?? '') + (parts.length > 1 ? (parts[parts.length - 1][0] ?? '') : '')).toUpperCase() || '?';
}

function Shell() {
  const route = useRoute();
  const s = useSession();
  const { me, error, reload } = useMe();
  const [menuOpen, setMenuOpen] = useState(false);
  const isAdmin = (me?.role ?? s.user?.role) === 'ADMIN';
  const items = NAV.filter((n) => !n.admin || isAdmin);
  const active = items.find((n) => n.path === route) ?? items[0];
  const displayName = me?.displayName ?? s.user?.displayName ?? '';

  useEffect(() => {
    setMenuOpen(false);
    document.title = `${active.label} · Wallet`;
    document.getElementById('main')?.focus({ preventScroll: true });
    window.scrollTo(0, 0);
  }, [active]);

  useEffect(() => {
    if (route !== active.path) navigate(active.path);
  }, [route, active.path]);

  const link = (n: NavItem) => (
    <li key={n.path}>
      <a href={href(n.path)} className={`nav-link ${n === active ? 'active' : ''}`} aria-current={n === active ? 'page' : undefined}>
        <Icon name={n.icon} />
        <span>{n.label}</span>
      </a>
    </li>
  );

  return (
    <div className={`shell ${menuOpen ? 'menu-open' : ''}`}>
      <a className="skip-link" href="#main">
        Skip to content
      </a>
      <aside className="sidebar" aria-label="Main navigation">
        <div className="brand">
          <img src="/favicon.svg" alt="" width="32" height="32" />
          <span>Wallet</span>
        </div>
        <nav>
          <ul className="nav">{items.filter((n) => !n.admin).map(link)}</ul>
          {isAdmin && (
            <>
              <p className="nav-section">Administration</p>
              <ul className="nav">{items.filter((n) => n.admin).map(link)}</ul>
            </>
          )}
          <p className="nav-section">Developers</p>
          <ul className="nav">
            <li>
              <a className="nav-link" href="/graphiql/">
                <Icon name="code" />
                <span>API explorer</span>
              </a>
            </li>
          </ul>
        </nav>
      </aside>
      <div className="backdrop" onClick={() => setMenuOpen(false)} aria-hidden="true" />
      <div className="main-col">
        <header className="topbar">
          <button type="button" className="icon-btn menu-btn" aria-label="Open menu" aria-expanded={menuOpen} onClick={() => setMenuOpen((o) => !o)}>
            <Icon name="menu" />
          </button>
          <span className="topbar-title">{active.label}</span>
          <div className="topbar-user">
            <span className="avatar" aria-hidden="true">
              {initials(displayName)}
            </span>
            <span className="topbar-name">
              <strong>{displayName}</strong>
              <small>
                @{me?.username ?? s.user?.username}
                {isAdmin ? ' · Admin' : ''}
              </small>
            </span>
            <button type="button" className="btn btn-ghost btn-sm" onClick={() => void session.logout()}>
              <Icon name="logout" />
              Sign out
            </button>
          </div>
        </header>
        <main id="main" tabIndex={-1}>
          {error ? <ErrorBanner error={error} onRetry={reload} /> : null}
          {active.render()}
        </main>
      </div>
    </div>
  );
}
