#!/usr/bin/env node
// Browser test of the money flows against a running server (walletd or the
// mock): a transfer whose first attempt is lost on the network and is retried
// with the SAME Idempotency-Key, business errors shown by code, and issuing a
// card (number and CVV shown once) then freezing it, submitting KYC (shown
// masked afterwards) and an ADMIN approving it from the Users page.
//
//   BASE_URL=http://127.0.0.1:4180 node e2e/flows.mjs
//   ADMIN_USERNAME / ADMIN_PASSWORD: an ADMIN used to deposit test money
//   (defaults: the mock's admin / admin-pass-123). SCREENSHOT_DIR as in smoke.mjs.

import { mkdir } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { chromium } from 'playwright-core';

const BASE_URL = (process.env.BASE_URL ?? 'http://127.0.0.1:4180').replace(/\/+$/, '');
const OUT = resolve(process.env.SCREENSHOT_DIR ?? new URL('./out/', import.meta.url).pathname);
const ADMIN = { username: process.env.ADMIN_USERNAME ?? 'admin', password: process.env.ADMIN_PASSWORD ?? 'admin-pass-123' };
let step = 'setup';
const check = (cond, msg) => {
  if (!cond) throw new Error(`${step}: ${msg}`);
};

async function gql(query, variables = {}, token, headers = {}) {
  const res = await fetch(`${BASE_URL}/graphql`, {
    method: 'POST',
    headers: { 'Content-Type': 'application/json', Accept: 'application/json', ...(token ? { Authorization: `Bearer ${token}` } : {}), ...headers },
    body: JSON.stringify({ query, variables }),
  });
  const body = await res.json();
  if (body.errors?.length) throw new Error(`${step}: ${body.errors[0].extensions?.code}: ${body.errors[0].message}`);
  return body.data;
}

// Verhoeff check digit, to make a valid random Aadhaar number per run.
const VD = [[0,1,2,3,4,5,6,7,8,9],[1,2,3,4,0,6,7,8,9,5],[2,3,4,0,1,7,8,9,5,6],[3,4,0,1,2,8,9,5,6,7],[4,0,1,2,3,9,5,6,7,8],[5,9,8,7,6,0,4,3,2,1],[6,5,9,8,7,1,0,4,3,2],[7,6,5,9,8,2,1,0,4,3],[8,7,6,5,9,3,2,1,0,4],[9,8,7,6,5,4,3,2,1,0]];
const VP = [[0,1,2,3,4,5,6,7,8,9],[1,5,7,6,2,8,3,0,9,4],[5,8,0,3,7,9,6,1,4,2],[8,9,1,6,0,4,3,5,2,7],[9,4,5,3,1,2,6,8,7,0],[4,2,8,6,5,7,3,9,0,1],[2,7,9,3,8,0,6,4,1,5],[7,0,4,6,9,1,3,2,5,8]];
const VINV = [0,4,3,2,1,5,6,7,8,9];
function randomAadhaar() {
  let body = String(2 + Math.floor(Math.random() * 8));
  while (body.length < 11) body += Math.floor(Math.random() * 10);
  let c = 0;
  [...body].reverse().forEach((d, i) => (c = VD[c][VP[(i + 1) % 8][Number(d)]]));
  return body + VINV[c];
}

const REGISTER = `mutation($input: RegisterInput!) { register(input: $input) { accessToken user { id accounts { id } } } }`;

async function main() {
  await mkdir(OUT, { recursive: true });
  const tag = `${Date.now().toString(36)}${Math.floor(Math.random() * 1e3)}`;
  const alice = { username: `flow_a_${tag}`, password: `Flow-A-${tag}-secret` };
  const bob = { username: `flow_b_${tag}`, password: `Flow-B-${tag}-secret` };
  const a = (await gql(REGISTER, { input: { ...alice, email: `${alice.username}@example.com`, displayName: 'Alice Flow' } })).register;
  await gql(REGISTER, { input: { ...bob, email: `${bob.username}@example.com`, displayName: 'Bob Flow' } });
  const admin = (await gql(`mutation($u: String!, $p: String!) { login(username: $u, password: $p) { accessToken } }`, { u: ADMIN.username, p: ADMIN.password })).login;
  await gql(`mutation($input: DepositInput!) { deposit(input: $input) { id } }`, { input: { accountId: a.user.accounts[0].id, amount: '5000.00', memo: 'flow test' } }, admin.accessToken, {
    'Idempotency-Key': `flow-${tag}`,
  });

  const browser = await chromium.launch({
    executablePath: process.env.CHROMIUM ?? '/usr/bin/chromium',
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run'],
  });
  try {
    const page = await browser.newPage({ viewport: { width: 1366, height: 900 } });
    page.setDefaultTimeout(15000);
    const errors = [];
    page.on('pageerror', (e) => errors.push(e.message));

    step = 'sign in';
    await page.goto(`${BASE_URL}/`);
    await page.locator('#login-username').fill(alice.username);
    await page.locator('#login-password').fill(alice.password);
    await page.getByRole('button', { name: 'Sign in', exact: true }).click();
    await page.getByTestId('accounts-table').waitFor();

    // ---- a transfer whose first attempt is lost, then retried ----
    step = 'transfer with retry';
    const keys = [];
    let dropped = false;
    await page.route('**/graphql', async (route) => {
      const body = route.request().postData() ?? '';
      if (body.includes('mutation Transfer')) {
        keys.push(route.request().headers()['idempotency-key']);
        if (!dropped) {
          dropped = true;
          return route.abort('connectionreset');
        }
      }
      return route.continue();
    });
    await page.goto(`${BASE_URL}/#/transfer`);
    await page.locator('#tf-user').fill(bob.username);
    await page.locator('#tf-amount').fill('1,250.5');
    await page.locator('#tf-memo').fill('Dinner');
    await page.getByRole('button', { name: 'Review transfer' }).click();
    await page.getByRole('button', { name: /Send ₹1,250\.50/ }).click();
    await page.getByRole('alert').getByText('Connection problem').waitFor();
    await page.screenshot({ path: join(OUT, 'flow-01-network-error.png') });
    await page.getByRole('button', { name: 'Retry safely' }).click();
    await page.getByText('Money sent').waitFor();
    await page.screenshot({ path: join(OUT, 'flow-02-receipt.png') });
    check(keys.length === 2, `expected 2 transfer attempts, saw ${keys.length}`);
    check(!!keys[0] && keys[0] === keys[1], `the retry must reuse the Idempotency-Key (got ${keys.join(', ')})`);

    step = 'next transfer gets a new key';
    await page.getByRole('button', { name: 'New transfer' }).click();
    await page.locator('#tf-user').fill(bob.username);
    await page.locator('#tf-amount').fill('6000');
    await page.getByRole('button', { name: 'Review transfer' }).click();
    await page.getByRole('button', { name: /Send ₹6,000\.00/ }).click();
    await page.getByRole('alert').getByText('Insufficient funds').waitFor();
    check(keys.length === 3 && keys[2] !== keys[0], 'a new submission must use a new Idempotency-Key');
    await page.screenshot({ path: join(OUT, 'flow-03-insufficient.png') });

    step = 'KYC limit';
    await page.locator('#tf-amount').fill('12000');
    await page.getByRole('button', { name: 'Review transfer' }).click();
    await page.getByRole('button', { name: /Send ₹12,000\.00/ }).click();
    const alert = page.getByRole('alert');
    await alert.getByText(/Verification required|Insufficient funds/).waitFor();
    check(/KYC_REQUIRED|INSUFFICIENT_FUNDS/.test(await alert.innerText()), 'the error code is shown');
    await page.unroute('**/graphql');

    // ---- cards ----
    step = 'issue card';
    await page.goto(`${BASE_URL}/#/cards`);
    await page.getByRole('button', { name: 'Issue card' }).click();
    const dialog = page.getByRole('dialog', { name: 'Your new card' });
    await dialog.waitFor();
    const number = (await dialog.getByTestId('issued-number').innerText()).replace(/\s/g, '');
    check(/^\d{16}$/.test(number), `card number shown: ${number}`);
    await page.screenshot({ path: join(OUT, 'flow-04-card-issued.png') });
    await dialog.getByRole('button', { name: 'I have saved these details' }).click();
    await page.getByText(`•••• •••• •••• ${number.slice(-4)}`).waitFor();
    check(!(await page.getByText(number.replace(/(\d{4})(?=\d)/g, '$1 ')).count()), 'the full number is gone after closing');
    step = 'freeze card';
    await page.getByRole('button', { name: 'Freeze' }).first().click();
    await page.getByRole('button', { name: 'Unfreeze' }).first().waitFor();
    await page.screenshot({ path: join(OUT, 'flow-05-card-frozen.png'), fullPage: true });

    // ---- KYC ----
    step = 'submit KYC';
    const aadhaar = randomAadhaar();
    await page.goto(`${BASE_URL}/#/kyc`);
    await page.locator('#kyc-aadhaar').fill(`${aadhaar.slice(0, 4)} ${aadhaar.slice(4, 8)} ${aadhaar.slice(8)}`);
    await page.locator('#kyc-doc').selectOption('PAN');
    await page.locator('#kyc-docnum').fill(`ABCPE${aadhaar.slice(-4)}F`);
    await page.getByRole('button', { name: 'Submit for verification' }).click();
    await page.getByText('We are reviewing your documents').waitFor();
    const kycText = await page.locator('main').innerText();
    check(kycText.includes(aadhaar.slice(-4)), 'the masked Aadhaar shows the last four digits');
    check(!kycText.includes(aadhaar.slice(0, 8)), 'the full Aadhaar number is not shown');
    await page.screenshot({ path: join(OUT, 'flow-06-kyc-pending.png') });

    step = 'admin approves KYC';
    await page.getByRole('button', { name: 'Sign out' }).click();
    await page.locator('#login-username').fill(ADMIN.username);
    await page.locator('#login-password').fill(ADMIN.password);
    await page.getByRole('button', { name: 'Sign in', exact: true }).click();
    await page.locator('main#main').waitFor();
    await page.goto(`${BASE_URL}/#/admin/users`);
    await page.getByPlaceholder('Username, name or email').fill(alice.username);
    const row = page.locator('tr', { hasText: `@${alice.username}` });
    await row.waitFor();
    await row.getByRole('button', { name: 'Manage' }).click();
    const manage = page.getByRole('dialog');
    await manage.getByRole('button', { name: 'Approve KYC' }).click();
    await manage.getByText('KYC approved.').waitFor();
    await page.screenshot({ path: join(OUT, 'flow-07-admin-kyc.png') });

    check(errors.length === 0, `page errors: ${errors.join('; ')}`);
  } finally {
    await browser.close();
  }
}

main().then(
  () => console.log('[flows] 1 passed, 0 failed'),
  (e) => {
    console.error(`[flows] FAILED ${e.message}`);
    console.log('[flows] 0 passed, 1 failed');
    process.exit(1);
  },
);
