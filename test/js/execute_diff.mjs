// Differential test of execution: runs every case of test/fixtures/execution/cases.json
// through our `gql execute` (default property resolvers over root.json) and through
// graphql-js v16 `execute` over the same schema and root value, and requires the same
// response: same data, same errors (message, locations, path) in the same order.
// extensions (our error codes) are not compared: graphql-js has none.
//
// Usage: node execute_diff.mjs --gql PATH/TO/gql [--verbose]
// Exit status 0 when every case matches, 1 otherwise, 77 when graphql is not installed.
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { isDeepStrictEqual } from 'node:util';

const here = dirname(fileURLToPath(import.meta.url));
const fixtures = resolve(here, '..', 'fixtures', 'execution');
const require = createRequire(join(here, 'package.json'));

let graphql;
try {
  graphql = require('graphql');
} catch {
  console.log('SKIP: npm graphql is not installed (run npm ci in test/js)');
  process.exit(77);
}
const { buildSchema, parse, validate, execute } = graphql;

let gqlPath = null;
let verbose = false;
for (let i = 2; i < process.argv.length; i++) {
  if (process.argv[i] === '--gql') gqlPath = process.argv[++i];
  else if (process.argv[i] === '--verbose') verbose = true;
}
if (!gqlPath) {
  console.error('usage: node execute_diff.mjs --gql PATH/TO/gql');
  process.exit(2);
}

const schemaPath = join(fixtures, 'schema.graphql');
const rootPath = join(fixtures, 'root.json');
const schema = buildSchema(readFileSync(schemaPath, 'utf8'));
const root = JSON.parse(readFileSync(rootPath, 'utf8'));
const cases = JSON.parse(readFileSync(join(fixtures, 'cases.json'), 'utf8'));

// graphql-js's response as the JSON a client receives, without extensions.
function normalise(response) {
  const r = JSON.parse(JSON.stringify(response));
  if (r.errors) r.errors = r.errors.map(({ extensions, ...rest }) => rest);
  return r;
}

function reference(c) {
  const document = parse(c.query);
  const errors = validate(schema, document);
  if (errors.length) return { invalid: true, response: { errors } };
  return {
    invalid: false,
    response: execute({
      schema,
      document,
      rootValue: root,
      variableValues: c.variables,
      operationName: c.operationName,
    }),
  };
}

const tmp = mkdtempSync(join(tmpdir(), 'execute-diff-'));
let failures = 0;
try {
  for (const [i, c] of cases.entries()) {
    const docPath = join(tmp, `case${i}.graphql`);
    writeFileSync(docPath, c.query);
    const args = ['execute', schemaPath, docPath, '--root', rootPath];
    if (c.variables !== undefined) {
      const varsPath = join(tmp, `case${i}.json`);
      writeFileSync(varsPath, JSON.stringify(c.variables));
      args.push('--variables', varsPath);
    }
    if (c.operationName !== undefined) args.push('--operation', c.operationName);
    const run = spawnSync(gqlPath, args, { encoding: 'utf8' });
    const ref = reference(c);
    let ours;
    try {
      ours = JSON.parse(run.stdout);
    } catch {
      failures++;
      console.log(`FAIL ${c.name}: not JSON (exit ${run.status}): ${run.stdout}${run.stderr}`);
      continue;
    }
    const expected = normalise(ref.response);
    const got = normalise(ours);
    const expectedExit = ref.invalid || !('data' in expected) ? 1 : 0;
    if (!isDeepStrictEqual(got, expected) || run.status !== expectedExit) {
      failures++;
      console.log(`FAIL ${c.name} (exit ${run.status}, expected ${expectedExit})`);
      console.log(`  expected: ${JSON.stringify(expected)}`);
      console.log(`  got:      ${JSON.stringify(got)}`);
    } else if (verbose) {
      console.log(`ok   ${c.name}`);
    }
  }
} finally {
  rmSync(tmp, { recursive: true, force: true });
}
console.log(`${cases.length - failures}/${cases.length} execution cases match graphql-js`);
process.exit(failures ? 1 : 0);
