#!/usr/bin/env node
// A stand-in for walletd, for front-end work only: serves web/dist/ the way
// walletd is meant to (same security headers and CSP, SPA fallback, /graphiql)
// and answers POST /graphql from memory with graphql-js against the project's
// schema. It knows the contract's main rules (money as strings, idempotency
// keys, KYC limits, review threshold, Relay cursors, error codes) closely
// enough to exercise the dashboard; it is not the product and stores nothing.
//
//   node e2e/mock-server.mjs            # http://127.0.0.1:4180, demo data
//   MOCK_PORT=4181 MOCK_SEED=0 node e2e/mock-server.mjs
//   MOCK_TOKEN_SECONDS=20 ...   # short-lived access tokens, to watch refreshes
//
// Demo users (when seeded): admin / admin-pass-123, asha / asha-pass-123.

import { createHash, randomBytes, randomUUID } from 'node:crypto';
import { readFileSync, existsSync, statSync } from 'node:fs';
import { createServer } from 'node:http';
import { extname, join, normalize } from 'node:path';
import { fileURLToPath } from 'node:url';
import { GraphQLError, buildSchema, graphql } from 'graphql';
import { CSP, CSP_DASHBOARD, SECURITY_HEADERS } from '../csp.config.js';

const here = (p) => fileURLToPath(new URL(p, import.meta.url));
const SCHEMA_PATH = process.env.MOCK_SCHEMA ?? here('../../schema/schema.graphql');
const DIST = process.env.MOCK_DIST ?? here('../dist');
const PORT = Number(process.env.MOCK_PORT ?? 4180);
const HOST = process.env.MOCK_HOST ?? '127.0.0.1';

const schema = buildSchema(readFileSync(SCHEMA_PATH, 'utf8'));

// ---------- money ----------
const toMinor = (s) => {
  const m = /^(\d+)(?:\.(\d{1,2}))?$/.exec(String(s));
  if (!m) throw fail('BAD_USER_INPUT', `Invalid Money value: ${JSON.stringify(s)}`);
  return BigInt(m[1]) * 100n + BigInt((m[2] ?? '').padEnd(2, '0') || '0');
};
const money = (minor) => {
  const neg = minor < 0n;
  const a = neg ? -minor : minor;
  return `${neg ? '-' : ''}${a / 100n}.${(a % 100n).toString().padStart(2, '0')}`;
};
const fail = (code, message) => new GraphQLError(message, { extensions: { code } });

// ---------- state ----------
const db = { users: [], accounts: [], transfers: [], entries: [], cards: [], audit: [], access: new Map(), refresh: new Map(), idem: new Map() };
const chaos = { enabled: false, errorRate: 0, latencyMs: 0 };
const started = Date.now();
let requestsTotal = 0;
let seq = 1000;
const nextId = (p) => `${p}_${(seq++).toString(36)}${randomBytes(3).toString('hex')}`;
const iso = (d = new Date()) => d.toISOString();

function digits(n) {
  let s = String(2 + Math.floor(Math.random() * 7));
  while (s.length < n) s += Math.floor(Math.random() * 10);
  return s;
}

function audit(ctx, action, targetId, details = {}) {
  const prev = db.audit.length ? db.audit[db.audit.length - 1].hash : '0'.repeat(64);
  const e = { id: nextId('aud'), at: iso(), actorId: ctx?.user?.id ?? null, action, targetId, requestId: ctx?.requestId ?? null, ip: ctx?.ip ?? null, details: JSON.stringify(details) };
  e.hash = createHash('sha256').update(prev + JSON.stringify(e)).digest('hex');
  db.audit.push(e);
}

function createUser({ username, email, password, displayName, role = 'USER' }) {
  const u = { id: nextId('usr'), username, email, password, displayName: displayName || username, role, status: 'ACTIVE', createdAt: iso(), failures: 0, kyc: { status: 'NONE' } };
  db.users.push(u);
  openAccount(u, 'CHECKING', null);
  return u;
}

function openAccount(u, type, nickname) {
  const a = { id: nextId('acc'), ownerId: u.id, type, status: 'ACTIVE', currency: 'INR', nickname, number: digits(12), balance: 0n, creditLimit: type === 'CREDIT' ? 5000000n : 0n, createdAt: iso() };
  db.accounts.push(a);
  return a;
}

const bank = { id: 'acc_bank_funding', ownerId: null, type: 'CHECKING', status: 'ACTIVE', currency: 'INR', nickname: 'Funding', number: '000000000001', balance: 0n, creditLimit: 0n, createdAt: iso() };
const suspense = { ...bank, id: 'acc_bank_suspense', nickname: 'Suspense', number: '000000000002' };
db.accounts.push(bank, suspense);

function post(transfer, accountId, amount, at) {
  const a = db.accounts.find((x) => x.id === accountId);
  a.balance += amount;
  db.entries.push({ id: nextId('ent'), accountId, transferId: transfer.id, amount, balanceAfter: a.balance, at });
}

function move({ kind, from, to, amount, memo, at = new Date(), hold = false }) {
  const t = {
    id: nextId('trf'),
    reference: `TX-${randomBytes(2).toString('hex').toUpperCase()}-${randomBytes(2).toString('hex').toUpperCase()}`,
    kind,
    status: hold ? 'PENDING_REVIEW' : 'COMPLETED',
    fromAccountId: from.id,
    toAccountId: to.id,
    amount,
    currency: 'INR',
    memo: memo ?? null,
    reviewReason: hold ? 'Amount at or above the review threshold' : null,
    createdAt: iso(at),
  };
  db.transfers.push(t);
  post(t, from.id, -amount, iso(at));
  post(t, hold ? suspense.id : to.id, amount, iso(at));
  return t;
}

function seed() {
  const admin = createUser({ username: 'admin', email: 'admin@wallet.test', password: 'admin-pass-123', displayName: 'Operations Admin', role: 'ADMIN' });
  const asha = createUser({ username: 'asha', email: 'asha@example.com', password: 'asha-pass-123', displayName: 'Asha Verma' });
  const ravi = createUser({ username: 'ravi', email: 'ravi@example.com', password: 'ravi-pass-123', displayName: 'Ravi Kumar' });
  const meera = createUser({ username: 'meera', email: 'meera@example.com', password: 'meera-pass-123', displayName: 'Meera Iyer' });
  const savings = openAccount(asha, 'SAVINGS', 'Rainy day fund');
  const invest = openAccount(asha, 'INVESTMENT', null);
  asha.kyc = { status: 'VERIFIED', aadhaarMasked: 'XXXX XXXX 4821', aadhaarFull: '234567894821', documentType: 'PAN', documentMasked: 'XXXXXX234F', submittedAt: iso(new Date(Date.now() - 20 * 864e5)), reviewedAt: iso(new Date(Date.now() - 19 * 864e5)) };
  meera.kyc = { status: 'PENDING', aadhaarMasked: 'XXXX XXXX 7712', documentType: 'PASSPORT', documentMasked: 'XXXX4567', submittedAt: iso() };
  ravi.status = 'LOCKED';
  const main = acct(asha);
  const day = 864e5;
  move({ kind: 'DEPOSIT', from: bank, to: main, amount: 18500000n, memo: 'Salary', at: new Date(Date.now() - 58 * day) });
  move({ kind: 'DEPOSIT', from: bank, to: acct(ravi), amount: 9000000n, memo: 'Opening balance', at: new Date(Date.now() - 57 * day) });
  move({ kind: 'DEPOSIT', from: bank, to: acct(meera), amount: 4000000n, memo: 'Opening balance', at: new Date(Date.now() - 57 * day) });
  for (let d = 55; d >= 0; d--) {
    const at = new Date(Date.now() - d * day - 3600e3 * (d % 7));
    if (d % 30 === 2) move({ kind: 'DEPOSIT', from: bank, to: main, amount: 18500000n, memo: 'Salary', at });
    if (d % 3 === 0) move({ kind: 'TRANSFER', from: main, to: acct(ravi), amount: BigInt(45000 + ((d * 7919) % 260000)), memo: ['Groceries', 'Dinner', 'Cab', 'Electricity bill'][d % 4], at });
    if (d % 4 === 1) move({ kind: 'TRANSFER', from: acct(ravi), to: main, amount: BigInt(30000 + ((d * 104729) % 400000)), memo: ['Split bill', 'Thanks!', 'Tickets'][d % 3], at });
    if (d % 9 === 5) move({ kind: 'TRANSFER', from: main, to: savings, amount: 1500000n, memo: 'Auto-save', at });
    if (d % 14 === 6) move({ kind: 'TRANSFER', from: main, to: invest, amount: 2500000n, memo: 'SIP', at });
    if (d % 5 === 2) move({ kind: 'TRANSFER', from: acct(meera), to: main, amount: BigInt(20000 + ((d * 31) % 90000)), memo: 'Chai fund', at });
  }
  move({ kind: 'TRANSFER', from: main, to: acct(meera), amount: 25000000n, memo: 'Car down payment', hold: true });
  db.cards.push({ id: nextId('crd'), accountId: main.id, kind: 'VIRTUAL', status: 'ACTIVE', brand: 'RuPay', last4: '4821', expiryMonth: 9, expiryYear: 2030, dailyLimit: 5000000n, createdAt: iso() });
  db.cards.push({ id: nextId('crd'), accountId: main.id, kind: 'PHYSICAL', status: 'FROZEN', brand: 'Visa', last4: '1907', expiryMonth: 3, expiryYear: 2029, dailyLimit: 10000000n, createdAt: iso() });
  audit({ user: admin, requestId: 'seed', ip: '127.0.0.1' }, 'seed.demo', null, { users: 4 });
}

function acct(u) {
  return db.accounts.find((a) => a.ownerId === u.id && a.type === 'CHECKING' && a.status === 'ACTIVE');
}

if (process.env.MOCK_SEED !== '0') seed();

// ---------- views ----------
const userById = (id) => db.users.find((u) => u.id === id);
const publicUser = (u) => (u ? { __typename: 'PublicUser', id: u.id, username: u.username, displayName: u.displayName } : null);
const bankUser = { __typename: 'PublicUser', id: 'usr_bank', username: 'bank', displayName: 'Wallet Bank' };

function kycView(k) {
  return { status: k.status, aadhaarMasked: k.aadhaarMasked ?? null, documentType: k.documentType ?? null, documentMasked: k.documentMasked ?? null, submittedAt: k.submittedAt ?? null, reviewedAt: k.reviewedAt ?? null, reviewNote: k.reviewNote ?? null };
}

function page(items, { first = 20, after }, cursorOf = (x) => x.id) {
  if (first < 1 || first > 100) throw fail('BAD_USER_INPUT', '`first` must be between 1 and 100.');
  let start = 0;
  if (after) {
    const id = Buffer.from(after, 'base64url').toString();
    const i = items.findIndex((x) => cursorOf(x) === id);
    if (i < 0) throw fail('BAD_USER_INPUT', 'Invalid cursor.');
    start = i + 1;
  }
  const slice = items.slice(start, start + first);
  const edges = slice.map((x) => ({ cursor: Buffer.from(cursorOf(x)).toString('base64url'), node: x }));
  return { edges, pageInfo: { hasNextPage: start + first < items.length, hasPreviousPage: start > 0, startCursor: edges[0]?.cursor ?? null, endCursor: edges.at(-1)?.cursor ?? null } };
}

function accountView(a) {
  const owner = userById(a.ownerId);
  return {
    __typename: 'Account',
    id: a.id,
    owner: owner ? publicUser(owner) : bankUser,
    type: a.type,
    status: a.status,
    currency: a.currency,
    nickname: a.nickname,
    maskedNumber: `XXXXXXXX${a.number.slice(-4)}`,
    balance: money(a.balance),
    available: money(a.balance + a.creditLimit),
    creditLimit: money(a.creditLimit),
    createdAt: a.createdAt,
    entries: ({ first, after }) => {
      const list = db.entries.filter((e) => e.accountId === a.id).reverse();
      const p = page(list, { first, after });
      return { ...p, edges: p.edges.map((e) => ({ cursor: e.cursor, node: { id: e.node.id, amount: money(e.node.amount), balanceAfter: money(e.node.balanceAfter), at: e.node.at, transfer: () => transferView(db.transfers.find((t) => t.id === e.node.transferId)) } })) };
    },
  };
}

function transferView(t) {
  const from = db.accounts.find((a) => a.id === t.fromAccountId);
  const to = db.accounts.find((a) => a.id === t.toAccountId);
  return {
    __typename: 'Transfer',
    id: t.id,
    reference: t.reference,
    kind: t.kind,
    status: t.status,
    fromAccount: t.kind === 'DEPOSIT' ? null : accountView(from),
    toAccount: accountView(to),
    from: t.kind === 'DEPOSIT' ? null : publicUser(userById(from.ownerId)),
    to: publicUser(userById(to.ownerId)) ?? bankUser,
    amount: money(t.amount),
    currency: t.currency,
    memo: t.memo,
    reviewReason: t.reviewReason,
    createdAt: t.createdAt,
  };
}

function cardView(c) {
  return { __typename: 'Card', id: c.id, account: accountView(db.accounts.find((a) => a.id === c.accountId)), kind: c.kind, status: c.status, brand: c.brand, last4: c.last4, expiryMonth: c.expiryMonth, expiryYear: c.expiryYear, dailyLimit: money(c.dailyLimit), createdAt: c.createdAt };
}

function userView(u) {
  return {
    __typename: 'User',
    id: u.id,
    username: u.username,
    email: u.email,
    displayName: u.displayName,
    role: u.role,
    status: u.status,
    createdAt: u.createdAt,
    accounts: () => db.accounts.filter((a) => a.ownerId === u.id).map(accountView),
    kyc: () => kycView(u.kyc),
    cards: () => db.cards.filter((c) => db.accounts.find((a) => a.id === c.accountId)?.ownerId === u.id).map(cardView),
  };
}

// ---------- auth ----------
function issue(u) {
  const accessToken = randomBytes(24).toString('base64url');
  const refreshToken = randomBytes(32).toString('base64url');
  const expiresIn = Number(process.env.MOCK_TOKEN_SECONDS ?? 900);
  db.access.set(accessToken, { userId: u.id, exp: Date.now() + expiresIn * 1000 });
  db.refresh.set(refreshToken, { userId: u.id, used: false });
  return { accessToken, refreshToken, expiresIn, user: userView(u) };
}

const need = (ctx) => {
  if (!ctx.user) throw fail('UNAUTHENTICATED', 'Authentication required.');
  return ctx.user;
};
const needAdmin = (ctx) => {
  const u = need(ctx);
  if (u.role !== 'ADMIN') throw fail('FORBIDDEN', 'Administrators only.');
  return u;
};
const ownAccount = (ctx, id) => {
  const a = db.accounts.find((x) => x.id === id);
  if (!a || (a.ownerId !== ctx.user.id && ctx.user.role !== 'ADMIN')) throw fail('NOT_FOUND', 'No such account.');
  return a;
};

function sentToday(u) {
  const day = iso().slice(0, 10);
  const mine = new Set(db.accounts.filter((a) => a.ownerId === u.id).map((a) => a.id));
  return db.transfers.filter((t) => t.kind === 'TRANSFER' && mine.has(t.fromAccountId) && !mine.has(t.toAccountId) && t.createdAt.startsWith(day)).reduce((s, t) => s + t.amount, 0n);
}

// ---------- resolvers ----------
const root = {
  me: (_a, ctx) => (ctx.user ? userView(ctx.user) : null),
  node: ({ id }, ctx) => {
    need(ctx);
    const a = db.accounts.find((x) => x.id === id);
    if (a && (a.ownerId === ctx.user.id || ctx.user.role === 'ADMIN')) return accountView(a);
    const t = db.transfers.find((x) => x.id === id);
    if (t) return transferView(t);
    return null;
  },
  users: ({ search = '', first, after }, ctx) => {
    need(ctx);
    const s = (search ?? '').toLowerCase();
    return page(
      db.users.filter((u) => !s || u.username.startsWith(s) || u.displayName.toLowerCase().startsWith(s)).map(publicUser),
      { first, after },
    );
  },
  account: ({ id }, ctx) => {
    need(ctx);
    return accountView(ownAccount(ctx, id));
  },
  transfer: ({ id }, ctx) => {
    need(ctx);
    const t = db.transfers.find((x) => x.id === id);
    return t ? transferView(t) : null;
  },
  transfers: ({ filter = {}, first, after }, ctx) => {
    const u = need(ctx);
    const f = filter ?? {};
    const scope = f.accountId ? new Set([ownAccount(ctx, f.accountId).id]) : u.role === 'ADMIN' ? null : new Set(db.accounts.filter((a) => a.ownerId === u.id).map((a) => a.id));
    const dir = f.direction ?? 'ANY';
    const list = db.transfers
      .filter((t) => {
        const out = !scope || scope.has(t.fromAccountId);
        const inn = !scope || scope.has(t.toAccountId);
        if (scope && !out && !inn) return false;
        if (dir === 'IN' && !inn) return false;
        if (dir === 'OUT' && !out) return false;
        if (f.status && t.status !== f.status) return false;
        if (f.since && t.createdAt < f.since) return false;
        if (f.until && t.createdAt > f.until) return false;
        return true;
      })
      .sort((a, b) => (a.createdAt < b.createdAt ? 1 : a.createdAt > b.createdAt ? -1 : 0));
    const p = page(list, { first, after });
    return { ...p, totalCount: list.length, edges: p.edges.map((e) => ({ cursor: e.cursor, node: transferView(e.node) })) };
  },
  cashFlow: ({ accountId, days = 30 }, ctx) => {
    const u = need(ctx);
    if (days < 1 || days > 366) throw fail('BAD_USER_INPUT', '`days` must be between 1 and 366.');
    const ids = new Set(accountId ? [ownAccount(ctx, accountId).id] : db.accounts.filter((a) => a.ownerId === u.id).map((a) => a.id));
    const out = [];
    for (let i = days - 1; i >= 0; i--) {
      const day = new Date(Date.now() - i * 864e5).toISOString().slice(0, 10);
      let inc = 0n;
      let outg = 0n;
      for (const e of db.entries) {
        if (!ids.has(e.accountId) || !e.at.startsWith(day)) continue;
        if (e.amount > 0n) inc += e.amount;
        else outg -= e.amount;
      }
      out.push({ day, incoming: money(inc), outgoing: money(outg) });
    }
    return out;
  },
  adminUsers: ({ search, first, after }, ctx) => {
    needAdmin(ctx);
    const s = (search ?? '').toLowerCase();
    const list = db.users.filter((u) => !s || u.username.includes(s) || u.email.includes(s) || u.displayName.toLowerCase().includes(s));
    const p = page(list, { first, after });
    return { ...p, edges: p.edges.map((e) => ({ cursor: e.cursor, node: userView(e.node) })) };
  },
  auditLog: ({ action, actorId, first, after }, ctx) => {
    needAdmin(ctx);
    const list = db.audit.filter((e) => (!action || e.action.startsWith(action)) && (!actorId || e.actorId === actorId)).reverse();
    const p = page(list, { first, after });
    return { ...p, edges: p.edges.map((e) => ({ cursor: e.cursor, node: { ...e.node, actor: publicUser(userById(e.node.actorId)) } })) };
  },
  verifyAuditLog: (_a, ctx) => {
    needAdmin(ctx);
    return { ok: true, checked: db.audit.length, firstBrokenId: null };
  },
  systemStatus: (_a, ctx) => {
    needAdmin(ctx);
    return { version: '0.0.0-mock', uptimeSeconds: Math.floor((Date.now() - started) / 1000), databaseOk: true, chaos: { ...chaos }, requestsTotal };
  },

  register: ({ input }, ctx) => {
    const username = input.username.trim();
    if (!/^[a-z][a-z0-9_.]{2,31}$/.test(username)) throw fail('BAD_USER_INPUT', 'Username must be 3–32 characters of a-z, 0-9, _ and ., starting with a letter.');
    if (input.password.length < 10) throw fail('BAD_USER_INPUT', 'Password must be at least 10 characters.');
    if (db.users.some((u) => u.username === username.toLowerCase())) throw fail('BAD_USER_INPUT', 'That username is taken.');
    if (db.users.some((u) => u.email.toLowerCase() === input.email.toLowerCase())) throw fail('BAD_USER_INPUT', 'That email is already registered.');
    const u = createUser({ username, email: input.email, password: input.password, displayName: input.displayName?.trim() });
    audit({ ...ctx, user: u }, 'user.register', u.id);
    return issue(u);
  },
  login: ({ username, password }, ctx) => {
    const u = db.users.find((x) => x.username === username.toLowerCase() || x.email.toLowerCase() === username.toLowerCase());
    if (u?.status === 'LOCKED') throw fail('ACCOUNT_LOCKED', 'This account is locked. Try again later.');
    if (!u || u.password !== password) {
      if (u && ++u.failures >= 5) u.status = 'LOCKED';
      audit(ctx, 'auth.login_failed', u?.id ?? null);
      throw fail('UNAUTHENTICATED', 'Invalid username or password');
    }
    u.failures = 0;
    audit({ ...ctx, user: u }, 'auth.login', u.id);
    return issue(u);
  },
  refreshToken: ({ refreshToken }) => {
    const r = db.refresh.get(refreshToken);
    if (!r || r.used) throw fail('UNAUTHENTICATED', 'Invalid refresh token.');
    r.used = true;
    return issue(userById(r.userId));
  },
  logout: ({ refreshToken }, ctx) => {
    db.refresh.delete(refreshToken);
    if (ctx.token) db.access.delete(ctx.token);
    return true;
  },
  changePassword: ({ currentPassword, newPassword }, ctx) => {
    const u = need(ctx);
    if (u.password !== currentPassword) throw fail('UNAUTHENTICATED', 'Current password is wrong.');
    if (newPassword.length < 10) throw fail('BAD_USER_INPUT', 'Password must be at least 10 characters.');
    u.password = newPassword;
    return true;
  },
  openAccount: ({ input }, ctx) => {
    const u = need(ctx);
    const a = openAccount(u, input.type, input.nickname ?? null);
    audit(ctx, 'account.open', a.id, { type: input.type });
    return accountView(a);
  },
  transfer: ({ input }, ctx) => {
    const u = need(ctx);
    const key = input.idempotencyKey ?? ctx.idemKey;
    if (!key) throw fail('BAD_USER_INPUT', 'An idempotency key is required.');
    const print = JSON.stringify([input.fromAccountId, input.toAccountId ?? null, input.toUsername ?? null, input.amount, input.memo ?? null]);
    const prior = db.idem.get(`${u.id}:${key}`);
    if (prior) {
      if (prior.print !== print) throw fail('IDEMPOTENCY_KEY_REUSED', 'This idempotency key was used with a different request.');
      return transferView(db.transfers.find((t) => t.id === prior.transferId));
    }
    const amount = toMinor(input.amount);
    if (amount <= 0n || amount > 1000000000000n) throw fail('BAD_USER_INPUT', 'Amount must be above 0.00 and at most 10,000,000,000.00.');
    const from = ownAccount(ctx, input.fromAccountId);
    if (from.ownerId !== u.id) throw fail('NOT_FOUND', 'No such account.');
    let to;
    if (!!input.toAccountId === !!input.toUsername) throw fail('BAD_USER_INPUT', 'Give exactly one of toAccountId and toUsername.');
    if (input.toUsername) {
      const payee = db.users.find((x) => x.username === input.toUsername.toLowerCase());
      to = payee && acct(payee);
      if (!to) throw fail('NOT_FOUND', 'No such user.');
    } else {
      to = db.accounts.find((a) => a.id === input.toAccountId && a.ownerId);
      if (!to) throw fail('NOT_FOUND', 'No such account.');
    }
    if (to.id === from.id) throw fail('BAD_USER_INPUT', 'Source and destination are the same account.');
    if (from.status !== 'ACTIVE' || to.status !== 'ACTIVE') throw fail('ACCOUNT_FROZEN', 'An account is not active.');
    const external = to.ownerId !== u.id;
    if (u.kyc.status !== 'VERIFIED' && external) {
      if (amount > 1000000n) throw fail('KYC_REQUIRED', 'Without verified KYC a transfer may be at most 10,000.00.');
      if (sentToday(u) + amount > 2500000n) throw fail('KYC_REQUIRED', 'Without verified KYC at most 25,000.00 may be sent per day.');
    } else if (external && sentToday(u) + amount > 100000000n) throw fail('LIMIT_EXCEEDED', 'Daily limit of 1,000,000.00 exceeded.');
    if (from.balance + from.creditLimit < amount) throw fail('INSUFFICIENT_FUNDS', 'Insufficient funds.');
    const t = move({ kind: 'TRANSFER', from, to, amount, memo: input.memo, hold: amount >= 20000000n });
    db.idem.set(`${u.id}:${key}`, { print, transferId: t.id });
    audit(ctx, 'transfer.create', t.id, { amount: money(amount), status: t.status });
    return transferView(t);
  },
  submitKyc: ({ input }, ctx) => {
    const u = need(ctx);
    const a = input.aadhaar.replace(/\s+/g, '');
    if (!/^[2-9]\d{11}$/.test(a)) throw fail('BAD_USER_INPUT', 'Invalid Aadhaar number.');
    u.kyc = { status: 'PENDING', aadhaarMasked: `XXXX XXXX ${a.slice(-4)}`, aadhaarFull: a, documentType: input.documentType, documentMasked: `XXXX${input.documentNumber.slice(-4)}`, submittedAt: iso() };
    audit(ctx, 'kyc.submit', u.id);
    return kycView(u.kyc);
  },
  revealAadhaar: (_a, ctx) => {
    const u = need(ctx);
    if (!u.kyc.aadhaarFull) throw fail('NOT_FOUND', 'No Aadhaar on file.');
    audit(ctx, 'kyc.reveal', u.id);
    return u.kyc.aadhaarFull;
  },
  issueCard: ({ input }, ctx) => {
    need(ctx);
    const a = ownAccount(ctx, input.accountId);
    let body = '6' + digits(14);
    let sum = 0;
    for (let i = 0; i < 15; i++) {
      let d = Number(body[14 - i]);
      if (i % 2 === 0) d = d * 2 > 9 ? d * 2 - 9 : d * 2;
      sum += d;
    }
    body += String((10 - (sum % 10)) % 10);
    const c = { id: nextId('crd'), accountId: a.id, kind: input.kind, status: 'ACTIVE', brand: 'RuPay', last4: body.slice(-4), expiryMonth: 11, expiryYear: new Date().getUTCFullYear() + 5, dailyLimit: input.dailyLimit ? toMinor(input.dailyLimit) : 5000000n, createdAt: iso() };
    db.cards.push(c);
    audit(ctx, 'card.issue', c.id);
    return { card: cardView(c), number: body, cvv: String(100 + Math.floor(Math.random() * 900)) };
  },
  setCardStatus: ({ cardId, status }, ctx) => {
    need(ctx);
    const c = db.cards.find((x) => x.id === cardId);
    if (!c) throw fail('NOT_FOUND', 'No such card.');
    ownAccount(ctx, c.accountId);
    if (c.status === 'CANCELLED') throw fail('BAD_USER_INPUT', 'The card is cancelled.');
    c.status = status;
    audit(ctx, 'card.status', c.id, { status });
    return cardView(c);
  },
  deposit: ({ input }, ctx) => {
    const u = needAdmin(ctx);
    const key = input.idempotencyKey ?? ctx.idemKey;
    if (!key) throw fail('BAD_USER_INPUT', 'An idempotency key is required.');
    const prior = db.idem.get(`${u.id}:${key}`);
    if (prior) return transferView(db.transfers.find((t) => t.id === prior.transferId));
    const to = db.accounts.find((a) => a.id === input.accountId && a.ownerId);
    if (!to) throw fail('NOT_FOUND', 'No such account.');
    const t = move({ kind: 'DEPOSIT', from: bank, to, amount: toMinor(input.amount), memo: input.memo });
    db.idem.set(`${u.id}:${key}`, { print: '', transferId: t.id });
    audit(ctx, 'deposit.create', t.id, { amount: input.amount });
    return transferView(t);
  },
  reviewKyc: ({ userId, decision, note }, ctx) => {
    needAdmin(ctx);
    const u = userById(userId);
    if (!u) throw fail('NOT_FOUND', 'No such user.');
    u.kyc = { ...u.kyc, status: decision === 'APPROVE' ? 'VERIFIED' : 'REJECTED', reviewedAt: iso(), reviewNote: note ?? null };
    audit(ctx, 'kyc.review', u.id, { decision });
    return kycView(u.kyc);
  },
  reviewTransfer: ({ transferId, approve, note }, ctx) => {
    needAdmin(ctx);
    const t = db.transfers.find((x) => x.id === transferId);
    if (!t || t.status !== 'PENDING_REVIEW') throw fail('NOT_FOUND', 'No such transfer pending review.');
    const at = iso();
    post(t, suspense.id, -t.amount, at);
    post(t, approve ? t.toAccountId : t.fromAccountId, t.amount, at);
    t.status = approve ? 'COMPLETED' : 'REJECTED';
    if (note) t.reviewReason = note;
    audit(ctx, 'transfer.review', t.id, { approve });
    return transferView(t);
  },
  setAccountStatus: ({ accountId, status, reason }, ctx) => {
    needAdmin(ctx);
    const a = db.accounts.find((x) => x.id === accountId);
    if (!a) throw fail('NOT_FOUND', 'No such account.');
    a.status = status;
    audit(ctx, 'account.status', a.id, { status, reason });
    return accountView(a);
  },
  unlockUser: ({ userId }, ctx) => {
    needAdmin(ctx);
    const u = userById(userId);
    if (!u) throw fail('NOT_FOUND', 'No such user.');
    u.status = 'ACTIVE';
    u.failures = 0;
    audit(ctx, 'user.unlock', u.id);
    return userView(u);
  },
  setChaos: ({ input }, ctx) => {
    needAdmin(ctx);
    chaos.enabled = input.enabled;
    if (input.errorRate != null) chaos.errorRate = input.errorRate;
    if (input.latencyMs != null) chaos.latencyMs = input.latencyMs;
    audit(ctx, 'chaos.set', null, { ...chaos });
    return { ...chaos };
  },
};

// ---------- HTTP ----------
const TYPES = { '.html': 'text/html; charset=utf-8', '.js': 'text/javascript; charset=utf-8', '.css': 'text/css; charset=utf-8', '.svg': 'image/svg+xml', '.woff2': 'font/woff2', '.woff': 'font/woff', '.ttf': 'font/ttf', '.png': 'image/png', '.json': 'application/json' };

// The dashboard runs under the strict policy, GraphiQL under the one it needs;
// MOCK_CSP=<policy> sends one policy everywhere instead.
function baseHeaders(res, requestId, path) {
  res.setHeader('X-Request-ID', requestId);
  res.setHeader('Content-Security-Policy', process.env.MOCK_CSP ?? (path.startsWith('/graphiql') || path.startsWith('/assets/') ? CSP : CSP_DASHBOARD));
  for (const [k, v] of Object.entries(SECURITY_HEADERS)) res.setHeader(k, v);
}

function sendJson(res, status, body, extra = {}) {
  res.writeHead(status, { 'Content-Type': 'application/json; charset=utf-8', 'Cache-Control': 'no-store', ...extra });
  res.end(JSON.stringify(body));
}

function serveStatic(req, res) {
  const url = new URL(req.url, 'http://x');
  let path = decodeURIComponent(url.pathname);
  if (path === '/graphiql' || path === '/graphiql/') path = '/graphiql/index.html';
  let file = normalize(join(DIST, path));
  if (!file.startsWith(DIST)) return sendJson(res, 404, { error: 'not found' });
  if (!existsSync(file) || statSync(file).isDirectory()) {
    if (path.startsWith('/assets/')) {
      res.writeHead(404, { 'Content-Type': 'text/plain' });
      return res.end('not found');
    }
    file = join(DIST, 'index.html'); // single-page app fallback
  }
  const immutable = path.startsWith('/assets/');
  res.writeHead(200, { 'Content-Type': TYPES[extname(file)] ?? 'application/octet-stream', 'Cache-Control': immutable ? 'public, max-age=31536000, immutable' : 'no-cache' });
  res.end(readFileSync(file));
}

async function handleGraphql(req, res, requestId) {
  requestsTotal++;
  if (chaos.enabled) {
    if (chaos.latencyMs) await new Promise((r) => setTimeout(r, Math.random() * chaos.latencyMs));
    if (Math.random() < chaos.errorRate) return sendJson(res, 503, { errors: [{ message: 'Service unavailable (chaos mode).', extensions: { code: 'SERVICE_UNAVAILABLE' } }] });
  }
  if (req.method !== 'POST') return sendJson(res, 405, { errors: [{ message: 'Use POST.' }] }, { Allow: 'POST' });
  if (!String(req.headers['content-type'] ?? '').startsWith('application/json')) return sendJson(res, 415, { errors: [{ message: 'Content-Type must be application/json.' }] });
  const chunks = [];
  for await (const c of req) chunks.push(c);
  let body;
  try {
    body = JSON.parse(Buffer.concat(chunks).toString('utf8'));
  } catch {
    return sendJson(res, 400, { errors: [{ message: 'Malformed JSON body.', extensions: { code: 'BAD_REQUEST' } }] });
  }
  const ctx = { requestId, ip: req.socket.remoteAddress, idemKey: req.headers['idempotency-key'] ?? null, user: null, token: null };
  const auth = req.headers.authorization;
  if (auth) {
    const token = /^Bearer (.+)$/.exec(auth)?.[1];
    const a = token && db.access.get(token);
    if (!a || a.exp < Date.now()) return sendJson(res, 401, { errors: [{ message: 'Invalid or expired token.', extensions: { code: 'UNAUTHENTICATED' } }] });
    ctx.user = userById(a.userId);
    ctx.token = token;
  }
  const result = await graphql({ schema, source: body.query, rootValue: root, contextValue: ctx, variableValues: body.variables, operationName: body.operationName });
  if (result.errors) {
    result.errors = result.errors.map((e) => {
      const j = e.toJSON();
      j.extensions = { code: e.extensions?.code ?? (e.originalError ? 'INTERNAL_SERVER_ERROR' : 'GRAPHQL_VALIDATION_FAILED'), ...(e.extensions ?? {}) };
      if (j.extensions.code === 'INTERNAL_SERVER_ERROR') {
        console.error(e.originalError ?? e);
        j.message = 'Internal server error';
        j.extensions.requestId = requestId;
      }
      return j;
    });
  }
  sendJson(res, 200, result);
}

const server = createServer((req, res) => {
  const requestId = randomUUID();
  const path = new URL(req.url, 'http://x').pathname;
  baseHeaders(res, requestId, path);
  if (path === '/graphql') {
    handleGraphql(req, res, requestId).catch((e) => {
      console.error(e);
      sendJson(res, 500, { errors: [{ message: 'Internal server error', extensions: { code: 'INTERNAL_SERVER_ERROR', requestId } }] });
    });
    return;
  }
  if (path === '/health') return sendJson(res, 200, { status: 'ok' });
  if (req.method !== 'GET' && req.method !== 'HEAD') return sendJson(res, 405, { error: 'method not allowed' }, { Allow: 'GET' });
  serveStatic(req, res);
});

server.listen(PORT, HOST, () => {
  console.log(`mock walletd on http://${HOST}:${PORT} (dist: ${DIST})`);
});

for (const sig of ['SIGINT', 'SIGTERM']) process.on(sig, () => server.close(() => process.exit(0)));
