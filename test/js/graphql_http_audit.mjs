// The GraphQL over HTTP audit suite of npm graphql-http (serverAudits) against a running
// walletd: every MUST and SHOULD audit must pass; MAY audits are reported, and are expected
// to pass too unless listed in ALLOWED_MAY_FAILURES with a reason.
//
// Usage: node graphql_http_audit.mjs --url http://127.0.0.1:8080/graphql [--verbose]
// Exit status 0 when every MUST and SHOULD passes, 1 otherwise, 77 when graphql-http is not
// installed (npm ci in test/js).
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const here = dirname(fileURLToPath(import.meta.url));
const require = createRequire(join(here, 'package.json'));

let graphqlHttp;
try {
  graphqlHttp = require('graphql-http');
} catch {
  console.log('SKIP: npm graphql-http is not installed (run npm ci in test/js)');
  process.exit(77);
}

// MAY audits we deliberately answer otherwise (none at present).
const ALLOWED_MAY_FAILURES = new Map();

const args = process.argv.slice(2);
const urlIndex = args.indexOf('--url');
const verbose = args.includes('--verbose');
if (urlIndex < 0 || !args[urlIndex + 1]) {
  console.error('usage: node graphql_http_audit.mjs --url http://HOST:PORT/graphql [--verbose]');
  process.exit(2);
}
const url = args[urlIndex + 1];

const audits = graphqlHttp.serverAudits({ url, fetchFn: fetch });
const counts = { MUST: [0, 0], SHOULD: [0, 0], MAY: [0, 0] };
const failures = [];
for (const audit of audits) {
  const result = await audit.fn();
  const level = audit.name.startsWith('MUST')
    ? 'MUST'
    : audit.name.startsWith('SHOULD')
      ? 'SHOULD'
      : 'MAY';
  const ok = result.status === 'ok';
  counts[level][ok ? 0 : 1]++;
  if (!ok) {
    let body = '';
    try {
      body = result.response ? await result.response.text() : '';
    } catch {
      body = '(body already read)';
    }
    const status = result.response ? result.response.status : '-';
    const allowed = level === 'MAY' && ALLOWED_MAY_FAILURES.has(audit.id);
    const line = `${level} ${audit.id} ${audit.name}: ${result.reason} (HTTP ${status}) ${body.slice(0, 300)}`;
    if (!allowed) failures.push({ level, line });
    console.log(`${allowed ? 'allowed' : 'FAIL'} ${line}`);
  } else if (verbose) {
    console.log(`ok   ${level} ${audit.id} ${audit.name}`);
  }
}

console.log(
  `graphql-http audits: ${audits.length} run; ` +
    Object.entries(counts)
      .map(([level, [ok, bad]]) => `${level} ${ok} passed, ${bad} failed`)
      .join('; '),
);
const blocking = failures.filter((f) => f.level !== 'MAY');
process.exit(blocking.length === 0 && failures.length === 0 ? 0 : 1);
