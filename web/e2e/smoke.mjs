#!/usr/bin/env node
// End-to-end smoke test of the web UI against a running walletd (or the mock).
//
//   BASE_URL=http://127.0.0.1:8080 SCREENSHOT_DIR=/tmp/shots node e2e/smoke.mjs
//
// Loads /, registers a new user, signs out, signs in again, checks the
// accounts list shows the new CHECKING account, then loads /graphiql and
// checks GraphiQL rendered its editor, fetched the schema (doc explorer) and
// runs the sample query against /graphql.
// It fails on any Content-Security-Policy violation or page error, and checks
// the security headers the contract requires. Screenshots go to
// SCREENSHOT_DIR (default: e2e/out/). Uses Debian's chromium through
// playwright-core; set CHROMIUM to use another binary.

import { mkdir } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { chromium } from 'playwright-core';

const BASE_URL = (process.env.BASE_URL ?? 'http://127.0.0.1:8080').replace(/\/+$/, '');
const OUT = resolve(process.env.SCREENSHOT_DIR ?? new URL('./out/', import.meta.url).pathname);
const EXECUTABLE = process.env.CHROMIUM ?? '/usr/bin/chromium';
const TIMEOUT = Number(process.env.SMOKE_TIMEOUT_MS ?? 20000);

const problems = [];
let step = 'start';
const log = (msg) => console.log(`[smoke] ${msg}`);

function check(cond, msg) {
  if (!cond) throw new Error(`${step}: ${msg}`);
}

function checkHeaders(res, what) {
  check(res, `no response for ${what}`);
  check(res.status() === 200, `${what} answered HTTP ${res.status()}`);
  const h = res.headers();
  const csp = h['content-security-policy'] ?? '';
  check(/frame-ancestors\s+'none'/.test(csp), `${what}: Content-Security-Policy lacks frame-ancestors 'none' (got: ${csp || 'none'})`);
  check(h['x-content-type-options'] === 'nosniff', `${what}: X-Content-Type-Options is not nosniff`);
  check(h['referrer-policy'] === 'no-referrer', `${what}: Referrer-Policy is not no-referrer`);
}

async function shot(page, name) {
  const file = join(OUT, `${name}.png`);
  await page.screenshot({ path: file, fullPage: true });
  log(`screenshot ${file}`);
}

async function main() {
  await mkdir(OUT, { recursive: true });
  const browser = await chromium.launch({
    executablePath: EXECUTABLE,
    headless: true,
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run'],
  });
  try {
    const context = await browser.newContext({ viewport: { width: 1366, height: 900 }, deviceScaleFactor: 1 });
    context.setDefaultTimeout(TIMEOUT);
    const page = await context.newPage();
    page.on('pageerror', (e) => problems.push(`page error: ${e.message}`));
    page.on('console', (m) => {
      const t = m.text();
      if (/Content Security Policy|Refused to (load|execute|apply|create|connect)/i.test(t)) problems.push(`CSP on ${new URL(page.url()).pathname}: ${t.length > 240 ? `${t.slice(0, 240)}…` : t}`);
    });

    // ---- dashboard: register ----
    step = 'load /';
    const res = await page.goto(`${BASE_URL}/`, { waitUntil: 'domcontentloaded' });
    checkHeaders(res, 'GET /');
    await page.getByRole('tab', { name: 'Create account' }).click();

    const suffix = `${Date.now().toString(36)}${Math.floor(Math.random() * 1e4)}`;
    const username = `smoke_${suffix}`.slice(0, 32);
    const password = `Sm0ke-${suffix}-passphrase`;
    step = 'register';
    await page.locator('#reg-username').fill(username);
    await page.locator('#reg-display').fill('Smoke Test');
    await page.locator('#reg-email').fill(`${username}@example.com`);
    await page.locator('#reg-password').fill(password);
    await page.locator('#reg-confirm').fill(password);
    await shot(page, '01-register-form');
    await page.getByRole('button', { name: 'Create account' }).click();
    await page.getByTestId('accounts-table').waitFor();
    log(`registered ${username}`);

    // ---- sign out, sign in ----
    step = 'sign out';
    await page.getByRole('button', { name: 'Sign out' }).click();
    await page.locator('#login-username').waitFor();
    step = 'sign in';
    await page.locator('#login-username').fill(username);
    await page.locator('#login-password').fill(password);
    await page.getByRole('button', { name: 'Sign in', exact: true }).click();

    step = 'accounts list';
    const table = page.getByTestId('accounts-table');
    await table.waitFor();
    const rows = table.locator('tbody tr');
    check((await rows.count()) >= 1, 'the accounts table has no rows');
    const first = await rows.first().innerText();
    check(/Checking/i.test(first), `the first account is not a checking account: ${first}`);
    check(/₹0\.00/.test(first), `a new account should show ₹0.00: ${first}`);
    await page.waitForTimeout(300); // let the charts draw
    await shot(page, '02-overview');
    log('signed in and saw the accounts list');

    // ---- GraphiQL ----
    step = 'load /graphiql';
    const gres = await page.goto(`${BASE_URL}/graphiql`, { waitUntil: 'domcontentloaded' });
    checkHeaders(gres, 'GET /graphiql');
    await page.locator('.graphiql-container').waitFor();
    await page.locator('.graphiql-query-editor .monaco-editor').first().waitFor();
    step = 'graphiql schema';
    await page.getByRole('button', { name: /documentation explorer/i }).click();
    await page.locator('.graphiql-doc-explorer').getByText('Query', { exact: false }).first().waitFor();
    const editorText = await page.locator('.graphiql-query-editor').innerText();
    check(/query\s+Me/.test(editorText), 'the default query is not shown in the editor');

    // Run the sample "Me" operation (no Authorization header: me is null).
    step = 'graphiql run';
    await page.locator('.graphiql-execute-button').click();
    const item = page.getByRole('menuitem', { name: 'Me', exact: true });
    if (await item.isVisible().catch(() => false)) await item.click();
    else await item.click({ timeout: 3000 }).catch(() => {});
    await page.locator('.graphiql-response').getByText('"me"').first().waitFor();
    const response = await page.locator('.graphiql-response').innerText();
    check(/"me"\s*:\s*null/.test(response), `unexpected response to Me: ${response.slice(0, 200)}`);
    await page.screenshot({ path: join(OUT, '03-graphiql.png') });
    log(`screenshot ${join(OUT, '03-graphiql.png')}`);
    log('GraphiQL rendered and loaded the schema');

    check(problems.length === 0, `browser reported problems:\n  ${problems.join('\n  ')}`);
    await context.close();
  } finally {
    await browser.close();
  }
}

main().then(
  () => {
    console.log('[smoke] 1 passed, 0 failed');
  },
  (e) => {
    console.error(`[smoke] FAILED ${e.message}`);
    if (problems.length) console.error(`[smoke] browser problems:\n  ${problems.join('\n  ')}`);
    console.log('[smoke] 0 passed, 1 failed');
    process.exit(1);
  },
);
