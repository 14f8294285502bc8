#!/usr/bin/env node
// Screenshots of every dashboard page, for reviewing the look. Signs in with
// existing credentials (the mock's demo users by default).
//
//   BASE_URL=http://127.0.0.1:4180 SCREENSHOT_DIR=/tmp/shots node e2e/screenshots.mjs
//   USERNAME=... PASSWORD=... ADMIN_USERNAME=... ADMIN_PASSWORD=... (optional)
//   WIDTH=390 HEIGHT=844 for a phone-sized viewport

import { mkdir } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { chromium } from 'playwright-core';

const BASE_URL = (process.env.BASE_URL ?? 'http://127.0.0.1:4180').replace(/\/+$/, '');
const OUT = resolve(process.env.SCREENSHOT_DIR ?? new URL('./out/', import.meta.url).pathname);
const WIDTH = Number(process.env.WIDTH ?? 1366);
const HEIGHT = Number(process.env.HEIGHT ?? 900);
const users = [
  { name: process.env.USERNAME ?? 'asha', password: process.env.PASSWORD ?? 'asha-pass-123', pages: ['/', '/transfer', '/activity', '/accounts', '/cards', '/kyc', '/settings'] },
  {
    name: process.env.ADMIN_USERNAME ?? 'admin',
    password: process.env.ADMIN_PASSWORD ?? 'admin-pass-123',
    pages: ['/admin/users', '/admin/reviews', '/admin/deposit', '/admin/audit', '/admin/system'],
  },
];

await mkdir(OUT, { recursive: true });
const browser = await chromium.launch({
  executablePath: process.env.CHROMIUM ?? '/usr/bin/chromium',
  args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run'],
});
try {
  for (const u of users) {
    const page = await browser.newPage({ viewport: { width: WIDTH, height: HEIGHT } });
    page.on('console', (m) => m.type() === 'error' && console.log(`console error: ${m.text().slice(0, 200)}`));
    await page.goto(`${BASE_URL}/`);
    if (u === users[0]) await page.screenshot({ path: join(OUT, `signin-${WIDTH}.png`) });
    await page.locator('#login-username').fill(u.name);
    await page.locator('#login-password').fill(u.password);
    await page.getByRole('button', { name: 'Sign in', exact: true }).click();
    await page.locator('main#main').waitFor();
    for (const p of u.pages) {
      await page.goto(`${BASE_URL}/#${p}`);
      await page.waitForLoadState('networkidle');
      await page.waitForTimeout(400);
      const name = `${u.name}${p.replace(/\//g, '-') || '-overview'}${p === '/' ? 'overview' : ''}-${WIDTH}.png`;
      await page.screenshot({ path: join(OUT, name), fullPage: process.env.FULL_PAGE !== "0" });
      console.log(join(OUT, name));
    }
    await page.close();
  }
} finally {
  await browser.close();
}
