// Hash routing (#/transfer, #/admin/users): reloads and deep links work on
// any static file server, whether or not it falls back to index.html.

import { useSyncExternalStore } from 'react';

function current(): string {
  const h = window.location.hash.replace(/^#/, '');
  return h.startsWith('/') ? h.split('?')[0] : '/';
}

function subscribe(fn: () => void) {
  window.addEventListener('hashchange', fn);
  return () => window.removeEventListener('hashchange', fn);
}

export function useRoute(): string {
  return useSyncExternalStore(subscribe, current);
}

export function navigate(path: string): void {
  if (current() !== path) window.location.hash = path;
}

export function href(path: string): string {
  return `#${path}`;
}
