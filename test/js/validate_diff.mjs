// Differential test of `gql validate` against graphql-js (npm `graphql`, pinned in package.json).
//
// For every document in test/fixtures/validation/corpus/*.graphql, runs
//   build/gql validate SCHEMA DOC
// and graphql-js's validate(buildSchema(SDL), parse(DOC)), then requires the same verdict
// (valid / invalid, and exit status 0 / 1) and the same errors: messages verbatim and the same
// locations, in the same order. Documents named wallet_*.graphql are checked against
// schema/schema.graphql, harness_*.graphql against test/fixtures/validation/harness.graphql
// (graphql-js's own validation test schema), kitchen_*.graphql against
// test/fixtures/validation/kitchen_schema.graphql (most of what SDL allows). A syntax error counts as invalid on both sides and
// is compared the same way.
//
// Usage: node validate_diff.mjs PATH/TO/gql [SOURCE_DIR]
import { spawnSync } from 'node:child_process';
import { readFileSync, readdirSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { GraphQLError, buildSchema, parse, validate } from 'graphql';

const here = dirname(fileURLToPath(import.meta.url));
const gql = process.argv[2];
const sourceDir = resolve(process.argv[3] ?? join(here, '..', '..'));
if (!gql) {
  console.error('usage: node validate_diff.mjs PATH/TO/gql [SOURCE_DIR]');
  process.exit(2);
}

const schemas = {
  wallet: join(sourceDir, 'schema', 'schema.graphql'),
  harness: join(sourceDir, 'test', 'fixtures', 'validation', 'harness.graphql'),
  kitchen: join(sourceDir, 'test', 'fixtures', 'validation', 'kitchen_schema.graphql'),
};
const built = {};
for (const [name, path] of Object.entries(schemas)) {
  built[name] = buildSchema(readFileSync(path, 'utf8'));
}

const corpusDir = join(sourceDir, 'test', 'fixtures', 'validation', 'corpus');
const files = readdirSync(corpusDir).filter((f) => f.endsWith('.graphql')).sort();

function reference(schema, text) {
  let doc;
  try {
    doc = parse(text);
  } catch (e) {
    if (e instanceof GraphQLError) {
      return [{ message: e.message, locations: e.locations ?? [] }];
    }
    throw e;
  }
  try {
    return validate(schema, doc).map((e) => ({ message: e.message, locations: e.locations ?? [] }));
  } catch (e) {
    // graphql-js throws from validation in a few corner cases (e.g. @skip(if: $var) on a
    // subscription's root field); it still means "not valid".
    return [{ message: `graphql-js threw: ${e.message}`, locations: [], threw: true }];
  }
}

let failures = 0;
let valid = 0;
let invalid = 0;
for (const file of files) {
  const kind = Object.keys(schemas).find((k) => file.startsWith(`${k}_`)) ?? null;
  if (kind === null) {
    console.error(`${file}: name must start with one of ${Object.keys(schemas).map((k) => `${k}_`)}`);
    failures++;
    continue;
  }
  const docPath = join(corpusDir, file);
  const text = readFileSync(docPath, 'utf8');
  const expected = reference(built[kind], text);

  const run = spawnSync(gql, ['validate', schemas[kind], docPath], { encoding: 'utf8' });
  let actual;
  try {
    actual = JSON.parse(run.stdout).errors.map((e) => ({ message: e.message, locations: e.locations ?? [] }));
  } catch (e) {
    console.error(`${file}: gql validate printed no JSON (exit ${run.status}): ${run.stdout}${run.stderr}`);
    failures++;
    continue;
  }
  const expectedStatus = expected.length === 0 ? 0 : 1;
  expected.length === 0 ? valid++ : invalid++;
  if (run.status !== expectedStatus) {
    console.error(`${file}: exit status ${run.status}, expected ${expectedStatus}`);
    failures++;
  }
  if (expected.some((e) => e.threw)) {
    // Only the verdict can be compared.
    if (actual.length === 0) {
      console.error(`${file}: graphql-js rejects (${expected[0].message}), gql accepts`);
      failures++;
    }
    continue;
  }
  const a = JSON.stringify(actual, null, 1);
  const b = JSON.stringify(expected, null, 1);
  if (a !== b) {
    console.error(`${file}: errors differ\n--- graphql-js:\n${b}\n--- gql:\n${a}`);
    failures++;
  }
}

console.log(
  `validate_diff: ${files.length} documents (${valid} valid, ${invalid} invalid per graphql-js), ` +
    `${failures} mismatches`,
);
process.exit(failures === 0 ? 0 : 1);
