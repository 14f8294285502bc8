// The graphql-js (npm graphql v16) half of the engine benchmark: the same schema, document
// and in-memory root value as bench_gql.c, timed phase by phase in the same way.
// Usage: node bench_graphqljs.mjs [SOURCE_DIR] [--seconds S] [--out RESPONSE.json]
// Prints "parse_us ...", "validate_us ...", "execute_us ...", "total_us ...".
import { readFileSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const here = dirname(fileURLToPath(import.meta.url));
const require = createRequire(join(here, '..', 'js', 'package.json'));
const { buildSchema, parse, validate, execute } = require('graphql');

let srcDir = resolve(here, '..', '..');
let seconds = 1.0;
let outPath = null;
for (let i = 2; i < process.argv.length; i++) {
  const a = process.argv[i];
  if (a === '--seconds') seconds = Number(process.argv[++i]);
  else if (a === '--out') outPath = process.argv[++i];
  else srcDir = a;
}

const sdl = readFileSync(join(srcDir, 'schema/schema.graphql'), 'utf8');
const text = readFileSync(join(srcDir, 'test/bench/dashboard.graphql'), 'utf8');
const root = JSON.parse(readFileSync(join(srcDir, 'test/bench/dashboard_root.json'), 'utf8'));

const schema = buildSchema(sdl);
// Same result coercion as the C scalars: Money from integer minor units.
const money = schema.getType('Money');
money.serialize = (v) => {
  const neg = v < 0;
  const m = Math.abs(v);
  return `${neg ? '-' : ''}${Math.floor(m / 100)}.${String(m % 100).padStart(2, '0')}`;
};

function timeIt(fn) {
  let n = 0;
  const t0 = process.hrtime.bigint();
  let t1;
  do {
    for (let k = 0; k < 50; k++, n++) fn();
    t1 = process.hrtime.bigint();
  } while (Number(t1 - t0) < seconds * 1e9);
  return Number(t1 - t0) / 1e3 / n;
}

// Warm-up so the JIT has compiled the hot paths, as a long-running server would have.
let doc = parse(text);
for (let i = 0; i < 2000; i++) {
  doc = parse(text);
  validate(schema, doc);
  execute({ schema, document: doc, rootValue: root });
}

const parseUs = timeIt(() => {
  doc = parse(text);
});
const validateUs = timeIt(() => {
  const errors = validate(schema, doc);
  if (errors.length) throw new Error(errors[0].message);
});
let result;
const executeUs = timeIt(() => {
  result = execute({ schema, document: doc, rootValue: root });
});
if (result.errors) throw new Error(result.errors[0].message);

console.log('engine graphql-js');
console.log(`parse_us ${parseUs.toFixed(3)}`);
console.log(`validate_us ${validateUs.toFixed(3)}`);
console.log(`execute_us ${executeUs.toFixed(3)}`);
console.log(`total_us ${(parseUs + validateUs + executeUs).toFixed(3)}`);
if (outPath) writeFileSync(outPath, JSON.stringify(result));
