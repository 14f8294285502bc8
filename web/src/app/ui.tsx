// Small building blocks shared by the pages.

import { useEffect, useId, useRef, type ReactNode } from 'react';
import { ApiError, describeError } from '../lib/errors';
import { formatMoney } from '../lib/money';
import { humanize } from '../lib/format';

export function Money({ amount, currency = 'INR', signed, className }: { amount: string; currency?: string; signed?: boolean; className?: string }) {
  const zero = /^-?0+(\.0+)?$/.test(amount.trim());
  const neg = amount.trim().startsWith('-') && !zero;
  const cls = ['money', signed && !zero ? (neg ? 'money-neg' : 'money-pos') : '', className ?? ''].filter(Boolean).join(' ');
  return <span className={cls}>{formatMoney(amount, currency, { signed })}</span>;
}

const TONES: Record<string, string> = {
  ACTIVE: 'green',
  COMPLETED: 'green',
  VERIFIED: 'green',
  PENDING: 'amber',
  PENDING_REVIEW: 'amber',
  FROZEN: 'blue',
  LOCKED: 'red',
  REJECTED: 'red',
  CLOSED: 'gray',
  CANCELLED: 'gray',
  DISABLED: 'gray',
  NONE: 'gray',
  ADMIN: 'violet',
};

export function Badge({ value, label }: { value: string; label?: string }) {
  return <span className={`badge badge-${TONES[value] ?? 'gray'}`}>{label ?? humanize(value)}</span>;
}

export function Card({ title, actions, children, className, subtitle }: { title?: ReactNode; subtitle?: ReactNode; actions?: ReactNode; children: ReactNode; className?: string }) {
  return (
    <section className={`card ${className ?? ''}`}>
      {(title || actions) && (
        <header className="card-head">
          <div>
            {title && <h2 className="card-title">{title}</h2>}
            {subtitle && <p className="card-sub">{subtitle}</p>}
          </div>
          {actions && <div className="card-actions">{actions}</div>}
        </header>
      )}
      {children}
    </section>
  );
}

export function PageHeader({ title, subtitle, actions }: { title: string; subtitle?: ReactNode; actions?: ReactNode }) {
  return (
    <div className="page-head">
      <div>
        <h1>{title}</h1>
        {subtitle && <p className="page-sub">{subtitle}</p>}
      </div>
      {actions && <div className="page-actions">{actions}</div>}
    </div>
  );
}

export function ErrorBanner({ error, onRetry, retryLabel }: { error: unknown; onRetry?: () => void; retryLabel?: string }) {
  if (!error) return null;
  const v = describeError(error);
  const code = error instanceof ApiError ? error.code : null;
  return (
    <div className="alert alert-error" role="alert">
      <div className="alert-body">
        <strong>{v.title}</strong>
        <span>{v.detail}</span>
        {code && <code className="alert-code">{code}</code>}
      </div>
      {onRetry && v.retryable && (
        <button type="button" className="btn btn-secondary btn-sm" onClick={onRetry}>
          {retryLabel ?? 'Try again'}
        </button>
      )}
    </div>
  );
}

export function Notice({ tone = 'info', children }: { tone?: 'info' | 'success' | 'warning'; children: ReactNode }) {
  return (
    <div className={`alert alert-${tone}`} role={tone === 'success' ? 'status' : undefined}>
      <div className="alert-body">{children}</div>
    </div>
  );
}

export function Field({ label, hint, error, children, htmlFor }: { label: string; hint?: ReactNode; error?: string | null; children: ReactNode; htmlFor: string }) {
  return (
    <div className={`field ${error ? 'field-invalid' : ''}`}>
      <label htmlFor={htmlFor}>{label}</label>
      {children}
      {error ? (
        <p className="field-error" id={`${htmlFor}-error`}>
          {error}
        </p>
      ) : hint ? (
        <p className="field-hint" id={`${htmlFor}-hint`}>
          {hint}
        </p>
      ) : null}
    </div>
  );
}

export function Spinner({ label = 'Loading' }: { label?: string }) {
  return (
    <span className="spinner" role="status">
      <span className="visually-hidden">{label}</span>
    </span>
  );
}

export function Loading({ label = 'Loading…' }: { label?: string }) {
  return (
    <div className="loading">
      <Spinner /> <span>{label}</span>
    </div>
  );
}

export function Empty({ title, children }: { title: string; children?: ReactNode }) {
  return (
    <div className="empty">
      <p className="empty-title">{title}</p>
      {children && <div className="empty-body">{children}</div>}
    </div>
  );
}

export function Button({
  children,
  variant = 'primary',
  size,
  pending,
  ...rest
}: React.ButtonHTMLAttributes<HTMLButtonElement> & { variant?: 'primary' | 'secondary' | 'ghost' | 'danger'; size?: 'sm'; pending?: boolean }) {
  return (
    <button type="button" {...rest} className={`btn btn-${variant} ${size ? `btn-${size}` : ''} ${rest.className ?? ''}`} disabled={rest.disabled || pending} aria-busy={pending || undefined}>
      {pending && <Spinner label="Working" />}
      {children}
    </button>
  );
}

/** A modal built on <dialog>: focus is trapped and Escape closes it. */
export function Modal({ open, title, onClose, children, dismissable = true }: { open: boolean; title: string; onClose: () => void; children: ReactNode; dismissable?: boolean }) {
  const ref = useRef<HTMLDialogElement>(null);
  const titleId = useId();
  useEffect(() => {
    const d = ref.current;
    if (!d) return;
    if (open && !d.open) d.showModal();
    if (!open && d.open) d.close();
  }, [open]);
  return (
    <dialog
      ref={ref}
      className="modal"
      aria-labelledby={titleId}
      onCancel={(e) => {
        e.preventDefault();
        if (dismissable) onClose();
      }}
    >
      <div className="modal-head">
        <h2 id={titleId}>{title}</h2>
        {dismissable && (
          <button type="button" className="icon-btn" onClick={onClose} aria-label="Close">
            ×
          </button>
        )}
      </div>
      <div className="modal-body">{children}</div>
    </dialog>
  );
}

export function LoadMore({ hasMore, loading, onClick, shown, total }: { hasMore: boolean; loading: boolean; onClick: () => void; shown: number; total?: number }) {
  return (
    <div className="load-more">
      <span className="muted">
        Showing {shown}
        {total !== undefined ? ` of ${total}` : ''}
      </span>
      {hasMore && (
        <Button variant="secondary" size="sm" pending={loading} onClick={onClick}>
          Load more
        </Button>
      )}
    </div>
  );
}

export const ACCOUNT_LABEL: Record<string, string> = {
  CHECKING: 'Checking',
  SAVINGS: 'Savings',
  CREDIT: 'Credit line',
  INVESTMENT: 'Investment',
};

export function accountName(a: { type: string; nickname?: string | null }): string {
  return a.nickname?.trim() || `${ACCOUNT_LABEL[a.type] ?? humanize(a.type)} account`;
}

export function Icon({ name }: { name: keyof typeof ICONS }) {
  return (
    <svg className="icon" viewBox="0 0 24 24" aria-hidden="true" focusable="false">
      <path d={ICONS[name]} />
    </svg>
  );
}

const ICONS = {
  home: 'M3 11l9-7 9 7v9a1 1 0 0 1-1 1h-5v-6H9v6H4a1 1 0 0 1-1-1z',
  send: 'M3 12l18-8-7 18-3-7-8-3z',
  list: 'M4 6h16M4 12h16M4 18h10',
  wallet: 'M3 7a2 2 0 0 1 2-2h13v4M3 7v10a2 2 0 0 0 2 2h15V9H5a2 2 0 0 1-2-2zM16 14h.01',
  card: 'M3 6h18v12H3zM3 10h18M7 15h4',
  shield: 'M12 3l8 3v6c0 5-3.5 8-8 9-4.5-1-8-4-8-9V6z M9 12l2 2 4-4',
  settings: 'M12 15a3 3 0 1 0 0-6 3 3 0 0 0 0 6zM19 12a7 7 0 0 0-.1-1.2l2-1.6-2-3.4-2.4 1a7 7 0 0 0-2-1.2L14 3h-4l-.5 2.6a7 7 0 0 0-2 1.2l-2.4-1-2 3.4 2 1.6A7 7 0 0 0 5 12c0 .4 0 .8.1 1.2l-2 1.6 2 3.4 2.4-1a7 7 0 0 0 2 1.2L10 21h4l.5-2.6a7 7 0 0 0 2-1.2l2.4 1 2-3.4-2-1.6c.1-.4.1-.8.1-1.2z',
  users: 'M16 19v-1a4 4 0 0 0-4-4H6a4 4 0 0 0-4 4v1M9 10a3 3 0 1 0 0-6 3 3 0 0 0 0 6zM22 19v-1a4 4 0 0 0-3-3.9M16 4.1a3 3 0 0 1 0 5.8',
  check: 'M4 12l5 5L20 6',
  review: 'M9 11l3 3 8-8M20 12v7a2 2 0 0 1-2 2H6a2 2 0 0 1-2-2V5a2 2 0 0 1 2-2h9',
  plus: 'M12 5v14M5 12h14',
  audit: 'M9 4h6l1 2h3v15H5V6h3zM9 12h6M9 16h6',
  pulse: 'M3 12h4l3-8 4 16 3-8h4',
  code: 'M8 6l-6 6 6 6M16 6l6 6-6 6',
  logout: 'M15 4h4v16h-4M10 8l-4 4 4 4M6 12h10',
  menu: 'M4 6h16M4 12h16M4 18h16',
  in: 'M12 5v14M6 13l6 6 6-6',
  out: 'M12 19V5M6 11l6-6 6 6',
  lock: 'M6 11h12v10H6zM8 11V7a4 4 0 0 1 8 0v4',
};
