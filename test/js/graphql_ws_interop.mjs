// The graphql-ws library's own client (npm graphql-ws, as the dashboard's GraphiQL uses it)
// against walletd's graphql-transport-ws endpoint: connection_init with the token, a query
// answered once, Subscription.ledger receiving a deposit made over HTTP while it runs, a
// client-side complete, and a bad token refused with close 4403. Run by
// test/http/test_ws_interop.c with:
//
//   node --experimental-websocket graphql_ws_interop.mjs --url ws://127.0.0.1:PORT/graphql
//        --token USER_TOKEN --admin ADMIN_TOKEN --account ACCOUNT_ID --client PATH/client.js
//
// Exits 0 when every check passed, 1 otherwise (each failure printed).

import { pathToFileURL } from 'node:url';

const args = Object.fromEntries(
  process.argv.slice(2).reduce((acc, a, i, all) => (a.startsWith('--') ? [...acc, [a.slice(2), all[i + 1]]] : acc), []),
);
const { createClient } = await import(pathToFileURL(args.client).href);
const httpUrl = args.url.replace(/^ws/, 'http');

let failures = 0;
function check(ok, what) {
  if (ok) console.log(`ok   ${what}`);
  else {
    failures++;
    console.log(`FAIL ${what}`);
  }
}

function withTimeout(promise, ms, what) {
  let timer;
  return Promise.race([
    promise.finally(() => clearTimeout(timer)),
    new Promise((_, reject) => {
      timer = setTimeout(() => reject(new Error(`timeout: ${what}`)), ms);
    }),
  ]);
}

async function deposit(amount, key) {
  const res = await fetch(httpUrl, {
    method: 'POST',
    headers: { 'Content-Type': 'application/json', Authorization: `Bearer ${args.admin}` },
    body: JSON.stringify({
      query: 'mutation($a:ID!,$m:Money!,$k:String!){deposit(input:{accountId:$a,amount:$m,idempotencyKey:$k}){id}}',
      variables: { a: args.account, m: amount, k: key },
    }),
  });
  const body = await res.json();
  if (body.errors) throw new Error(`deposit failed: ${JSON.stringify(body.errors)}`);
}

const client = createClient({
  url: args.url,
  webSocketImpl: WebSocket,
  connectionParams: { authorization: `Bearer ${args.token}` },
  retryAttempts: 0,
  lazy: true,
});

try {
  // A query over the socket: one result, then the operation completes.
  const results = [];
  for await (const r of client.iterate({ query: 'query Me { me { username } }' })) results.push(r);
  check(results.length === 1 && results[0].data?.me?.username === 'wsjsuser', 'query answered once over WebSocket');

  // A subscription: a deposit made over HTTP arrives with the selection asked for.
  const sub = client.iterate({
    query: 'subscription Ledger { ledger { amount balanceAfter transfer { kind amount to { username } } } }',
  });
  const first = sub.next();
  // The subscribe message is on its way once iterate() is called; a query on the same socket
  // is answered after it (messages of a socket are handled in order), so the subscription is
  // active when the query's answer arrives.
  for await (const r of client.iterate({ query: '{ __typename }' })) void r;
  await deposit('12.34', `interop-${Date.now()}`);
  const got = await withTimeout(first, 15000, 'ledger line');
  const line = got.value?.data?.ledger;
  check(line?.amount === '12.34', 'ledger line amount');
  check(line?.transfer?.kind === 'DEPOSIT' && line?.transfer?.to?.username === 'wsjsuser', 'ledger line transfer');
  check(!got.value?.errors, 'no errors in the ledger line');
  // return() sends complete; the iterator finishes.
  const done = await sub.return();
  check(done.done === true, 'client-side complete ends the subscription');

  // Validation errors arrive as an error message: the iterator throws them.
  let validationError = null;
  try {
    for await (const r of client.iterate({ query: 'subscription { ledger { nope } }' })) void r;
  } catch (e) {
    validationError = e;
  }
  check(
    Array.isArray(validationError) && validationError[0]?.extensions?.code === 'GRAPHQL_VALIDATION_FAILED',
    'validation errors as an error message',
  );
} catch (e) {
  failures++;
  console.log(`FAIL ${e?.stack ?? JSON.stringify(e)}`);
} finally {
  await client.dispose();
}

// A bad token: the server closes with 4403 Forbidden.
const bad = createClient({
  url: args.url,
  webSocketImpl: WebSocket,
  connectionParams: { authorization: 'Bearer not-a-token' },
  retryAttempts: 0,
  lazy: true,
});
let closeCode = null;
try {
  for await (const r of bad.iterate({ query: '{ __typename }' })) void r;
} catch (e) {
  closeCode = e?.code ?? null;
} finally {
  await bad.dispose();
}
check(closeCode === 4403, `bad token closed with 4403 (got ${closeCode})`);

process.exit(failures === 0 ? 0 : 1);
