// Which way a transfer went, seen from one user. Decided by the users on
// either side (Transfer.from / Transfer.to), never by account objects, so a
// list needs nothing of the other party beyond their public profile.

export type Direction = 'in' | 'out' | 'self' | 'other';

export interface TransferSides {
  kind: 'TRANSFER' | 'DEPOSIT';
  amount: string;
  from: { id: string; username: string; displayName: string } | null;
  to: { id: string; username: string; displayName: string };
}

export function directionOf(t: TransferSides, userId: string): Direction {
  const fromMe = !!t.from && t.from.id === userId;
  const toMe = t.to.id === userId;
  if (fromMe && toMe) return 'self';
  if (fromMe) return 'out';
  if (toMe) return 'in';
  return 'other';
}

/** Who is on the other side, for a list row. */
export function counterparty(t: TransferSides, dir: Direction): string {
  if (t.kind === 'DEPOSIT') return dir === 'other' ? `Deposit → ${t.to.username}` : 'Deposit';
  if (dir === 'self') return 'Between your accounts';
  if (dir === 'in') return t.from?.displayName || t.from?.username || 'Unknown';
  if (dir === 'out') return t.to.displayName || t.to.username;
  return `${t.from?.username ?? '—'} → ${t.to.username}`;
}

/** The amount with a sign for the viewer: "-500.00" out, "500.00" otherwise. */
export function signedAmount(t: TransferSides, dir: Direction): string {
  return dir === 'out' ? `-${t.amount}` : t.amount;
}
