// Node test: graphql-js accepts our engine's introspection.
//
// For schema/schema.graphql and the kitchen-sink and descriptions fixtures, runs graphql-js's full
// getIntrospectionQuery({descriptions, specifiedByUrl, directiveIsRepeatable,
// schemaDescription, inputValueDeprecation, oneOf}) through our engine (the gql_introspect
// test program: parse, validate, execute) and checks that
//   1. the response has no errors and equals graphql-js's own answer for the same SDL
//      (restricted to the October 2021 specification, see introspection_fixtures.mjs);
//   2. graphql-js buildClientSchema accepts it;
//   3. printSchema(buildClientSchema(result)) equals printSchema(buildSchema(sdl)).
//
// Usage: node introspection.mjs PATH/TO/gql_introspect [SOURCE_DIR]
// Exit 0 when every check passes, 1 otherwise, 77 (skipped) when the npm packages are missing.
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const here = dirname(fileURLToPath(import.meta.url));
if (!existsSync(join(here, 'node_modules', 'graphql'))) {
  console.log('SKIP: run `npm ci` in test/js first (graphql-js is missing)');
  process.exit(77);
}
const { buildClientSchema, buildSchema, printSchema } = await import('graphql');
const { referenceIntrospection } = await import('./introspection_fixtures.mjs');

const tool = process.argv[2];
const sourceDir = process.argv[3] ?? process.env.WALLET_SOURCE_DIR ?? join(here, '..', '..');
if (!tool) {
  console.error('usage: node introspection.mjs PATH/TO/gql_introspect [SOURCE_DIR]');
  process.exit(2);
}
const queryPath = join(sourceDir, 'test/fixtures/schema/introspection-query.graphql');
const query = readFileSync(queryPath, 'utf8');

const schemas = [
  'schema/schema.graphql',
  'test/fixtures/schema/kitchen-sink.graphql',
  'test/fixtures/schema/descriptions.graphql',
];
let failed = 0;
for (const rel of schemas) {
  const sdlPath = join(sourceDir, rel);
  try {
    const output = execFileSync(tool, [sdlPath, queryPath], { encoding: 'utf8', maxBuffer: 64 << 20 });
    const result = JSON.parse(output);
    assert.equal(result.errors, undefined, `errors: ${JSON.stringify(result.errors)}`);

    const sdl = readFileSync(sdlPath, 'utf8');
    const schema = buildSchema(sdl);
    assert.deepStrictEqual(result, referenceIntrospection(schema, query));

    const client = buildClientSchema(result.data);
    assert.equal(printSchema(client), printSchema(schema));
    console.log(`ok - ${rel}`);
  } catch (e) {
    failed++;
    console.log(`not ok - ${rel}`);
    console.log(String(e.message ?? e).slice(0, 4000));
  }
}
process.exit(failed ? 1 : 0);
