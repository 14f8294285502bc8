// Node test (issue 3, "Done when"): an introspection query answered by a running walletd is
// accepted by graphql-js buildClientSchema, and the schema it describes is the one walletd
// serves: printSchema(buildClientSchema(answer)) equals printSchema(buildSchema(SDL)) for
// schema/schema.graphql.
//
// POSTs graphql-js's getIntrospectionQuery({descriptions, specifiedByUrl,
// directiveIsRepeatable, schemaDescription, inputValueDeprecation, oneOf}) to URL (walletd's
// /graphql), as GraphiQL does, and checks the answer.
//
// Usage: node walletd_introspection.mjs --url http://127.0.0.1:PORT/graphql --schema SDL
// Exit status 0 when every check passes, 1 otherwise, 2 on a usage error.
import { readFileSync } from 'node:fs';
import {
  buildClientSchema,
  buildSchema,
  getIntrospectionQuery,
  printSchema,
} from 'graphql';

const args = process.argv.slice(2);
const option = (name) => {
  const i = args.indexOf(name);
  return i >= 0 ? args[i + 1] : undefined;
};
const url = option('--url');
const schemaPath = option('--schema');
if (!url || !schemaPath) {
  console.error('usage: node walletd_introspection.mjs --url URL --schema SCHEMA.graphql');
  process.exit(2);
}

const fail = (message) => {
  console.log(`FAIL ${message}`);
  process.exit(1);
};

const query = getIntrospectionQuery({
  descriptions: true,
  specifiedByUrl: true,
  directiveIsRepeatable: true,
  schemaDescription: true,
  inputValueDeprecation: true,
  oneOf: true,
});
const response = await fetch(url, {
  method: 'POST',
  headers: {
    'content-type': 'application/json',
    accept: 'application/graphql-response+json, application/json;q=0.9',
  },
  body: JSON.stringify({ query, operationName: 'IntrospectionQuery' }),
});
const text = await response.text();
if (response.status !== 200) fail(`HTTP ${response.status}: ${text.slice(0, 500)}`);
let result;
try {
  result = JSON.parse(text);
} catch (e) {
  fail(`the answer is not JSON (${e.message}): ${text.slice(0, 500)}`);
}
if (result.errors !== undefined) fail(`errors in the answer: ${JSON.stringify(result.errors)}`);
if (result.data?.__schema === undefined) fail(`no data.__schema: ${text.slice(0, 500)}`);

let client;
try {
  client = buildClientSchema(result.data);
} catch (e) {
  fail(`buildClientSchema refuses the answer: ${e.message}`);
}
const served = printSchema(client);
const expected = printSchema(buildSchema(readFileSync(schemaPath, 'utf8')));
if (served !== expected) {
  const a = served.split('\n');
  const b = expected.split('\n');
  let line = 0;
  while (line < a.length && line < b.length && a[line] === b[line]) line++;
  fail(
    `printSchema differs from line ${line + 1}:\n  walletd: ${a[line]}\n  SDL:     ${b[line]}`,
  );
}
console.log(
  `ok: buildClientSchema accepts walletd's introspection (${
    Object.keys(client.getTypeMap()).length
  } types, ${text.length} bytes); printSchema equals schema/schema.graphql's`,
);
