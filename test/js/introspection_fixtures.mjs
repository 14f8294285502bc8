// Regenerates the graphql-js reference outputs the type module's C tests compare against:
//   test/fixtures/schema/introspection-query.graphql   getIntrospectionQuery({...all options})
//   test/fixtures/schema/<name>.printed.graphql        printSchema(buildSchema(sdl))
//   test/fixtures/schema/<name>.introspection.json     the introspection query's result
// for each <name>.graphql given on the command line (default: kitchen-sink), and
//   test/fixtures/schema/invalid-schemas.json          SDL documents graphql-js refuses, with
//                                                      its messages and locations
// (validateSDL, then validateSchema, as buildSchema + validate report them).
//
// graphql 16.15 also exposes the experimental directive deprecation (a DIRECTIVE_DEFINITION
// location, __Directive.isDeprecated/deprecationReason, __Schema.directives(includeDeprecated:)),
// which is not part of the October 2021 specification our engine implements;
// referenceIntrospection() removes exactly those parts from graphql-js's answer.
//
// Run: node test/js/introspection_fixtures.mjs [name...]   (from the repository root)
import { readFileSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import {
  buildASTSchema,
  buildSchema,
  getIntrospectionQuery,
  graphqlSync,
  parse,
  printSchema,
  validateSchema,
} from 'graphql';
import { validateSDL } from 'graphql/validation/validate.js';

/* Invalid type-system documents: name, SDL. Expected errors come from graphql-js. */
const INVALID = [
  ['no query root', 'type Foo { a: Int }'],
  ['query root not an object', 'schema { query: Q } scalar Q'],
  ['mutation root not an object', 'schema { query: Query mutation: M }\ntype Query { a: Int }\ninput M { a: Int }'],
  ['subscription root by name not an object', 'type Query { a: Int }\nunion Subscription = Query'],
  ['reserved type name', 'type Query { f: __Foo }\ntype __Foo { a: Int }'],
  ['reserved field and argument names', 'type Query { __a: Int, b(__x: Int): Int }'],
  ['reserved enum value and input field names', 'type Query { a(e: E, i: I): Int }\nenum E { __A B }\ninput I { __f: Int }'],
  ['reserved directive name', 'type Query { a: Int }\ndirective @__d on FIELD'],
  ['duplicate type', 'type Query { a: Int }\ntype Query { b: Int }'],
  ['unknown type', 'type Query { a: Foo }'],
  ['unknown type with suggestion', 'type Query { a: Strin, b(x: Innt): Int }'],
  ['output field of input type', 'input I { a: Int }\ntype Query { a: I }'],
  ['argument of object type', 'type Query { a(x: Query): Int }'],
  ['input field of object type', 'input I { q: Query }\ntype Query { a(i: I): Int }'],
  ['directive argument of object type', 'type Query { a: Int }\ndirective @d(q: Query) on FIELD'],
  ['implements a non-interface', 'type Query implements Foo { a: Int }\ntype Foo { a: Int }'],
  ['implements itself', 'interface A implements A { a: Int }\ntype Query { a: A }'],
  ['implements twice', 'interface A { a: Int }\ntype Query implements A & A { a: Int }'],
  ['missing interface field', 'interface I { a: Int b: String }\ntype Query implements I { a: Int }'],
  ['missing interface field with extension', 'interface I { a: Int b: String }\ntype Query { a: Int }\nextend type Query implements I'],
  ['wrong interface field type', 'interface I { a: Int }\ntype Query implements I { a: String }'],
  ['interface field list type not covariant', 'interface I { a: [Int!] }\ntype Query implements I { a: [Int] }'],
  ['interface field of wrong object type', 'interface I { f: I }\ntype Query implements I { f: Query }\ntype Other { x: Int }\ninterface J { f: Other }\ntype K implements J { f: Query }'],
  ['missing interface argument', 'interface I { a(x: Int): Int }\ntype Query implements I { a: Int }'],
  ['interface argument type differs', 'interface I { a(x: Int): Int }\ntype Query implements I { a(x: Int!): Int }'],
  ['extra required argument', 'interface I { a: Int }\ntype Query implements I { a(x: Int!, y: Int = 1, z: Int): Int }'],
  ['transitive interface not declared', 'interface A { a: Int }\ninterface B implements A { a: Int }\ntype Query implements B { a: Int }'],
  ['interface cycle', 'interface A implements B { a: Int }\ninterface B implements A { a: Int }\ntype Query { a: A }'],
  ['union of non-object', 'interface I { a: Int }\nunion U = Query | I\ntype Query implements I { a: Int, u: U }'],
  ['union member twice', 'union U = Query | Query\ntype Query { u: U }'],
  ['union member twice through extension', 'union U = Query\nextend union U = Query\ntype Query { u: U }'],
  ['input object cycle', 'input A { b: B! }\ninput B { a: A! }\ntype Query { f(a: A): Int }'],
  ['input object self cycle and list break', 'input A { self: A!, ok: [A!]!, opt: A }\ntype Query { f(a: A): Int }'],
  ['longer input cycle', 'input A { b: B! }\ninput B { c: C! }\ninput C { a: A!, b: B! }\ntype Query { f(a: A): Int }'],
  ['required argument deprecated', 'type Query { a(x: Int! @deprecated, y: Int! = 1 @deprecated): Int }'],
  ['required input field deprecated', 'input I { a: Int! @deprecated(reason: "old"), b: Int }\ntype Query { f(i: I): Int }'],
  ['required directive argument deprecated', 'type Query { a: Int }\ndirective @d(x: Int! @deprecated) on FIELD'],
  ['oneOf field non-null and default', 'input O @oneOf { a: Int!, b: Int = 1, c: String }\ntype Query { f(o: O): Int }'],
  ['empty types', 'type Query\ninterface I\nunion U\nenum E\ninput In\ntype T implements I'],
  ['unknown directive', 'type Query @foo { a: Int @bar }'],
  ['misplaced directive', 'type Query @deprecated { a: Int @specifiedBy(url: "x") }\nscalar S @oneOf'],
  ['repeated non-repeatable directive', 'directive @d on OBJECT | FIELD_DEFINITION\ndirective @r repeatable on OBJECT\ntype Query @d @r @d @r { a: Int @d @d }\nextend type Query @d'],
  ['repeated directive across schema extensions', 'directive @d on SCHEMA\nschema @d { query: Query }\nextend schema @d\ntype Query { a: Int }'],
  ['unknown directive argument', 'type Query { a: Int @deprecated(reson: "x") }'],
  ['missing required directive argument', 'scalar S @specifiedBy\ntype Query { a: S }'],
  ['missing required argument of declared directive', 'directive @d(x: [Int]!, y: Int! = 1) on FIELD_DEFINITION\ntype Query { a: Int @d }'],
  ['duplicate directive argument', 'type Query { a: Int @deprecated(reason: "a", reason: "b") }'],
  ['duplicate input object field in a value', 'input I { a: Int }\ntype Query { f(i: I = {a: 1, a: 2}): Int }'],
  ['duplicate field', 'type Query { a: Int a: String }'],
  ['duplicate field through extension', 'type Query { a: Int }\nextend type Query { a: String }'],
  ['duplicate input field', 'input I { a: Int, a: Int }\ntype Query { f(i: I): Int }'],
  ['duplicate enum value', 'enum E { A B A }\nextend enum E { B }\ntype Query { e: E }'],
  ['duplicate argument definition', 'type Query { a(x: Int, x: Int, y: Int, x: String): Int }\ndirective @d(z: Int, z: Int) on FIELD'],
  ['duplicate directive definition', 'directive @d on FIELD\ndirective @d on QUERY\ntype Query { a: Int }'],
  ['two schema definitions', 'schema { query: Query }\nschema { query: Query }\ntype Query { a: Int }'],
  ['duplicate operation type', 'schema { query: Query, query: Query }\nextend schema { query: Query }\ntype Query { a: Int }'],
  ['extension of undefined type', 'type Query { a: Int }\nextend type Qeury { b: Int }\nextend scalar Nope @deprecated'],
  ['extension of another kind', 'type Query { a: Int }\nextend input Query { b: Int }\nscalar S\nextend enum S { A }'],
];

function errorsOf(e) {
  return e.map((x) => ({ message: x.message, locations: x.locations ?? [] }));
}

export function invalidSchemaFixtures() {
  return INVALID.map(([name, sdl]) => {
    const doc = parse(sdl);
    let errors = validateSDL(doc);
    if (errors.length === 0) errors = validateSchema(buildASTSchema(doc, { assumeValidSDL: true }));
    if (errors.length === 0) throw new Error(`case "${name}" is valid for graphql-js`);
    return { name, sdl, errors: errorsOf(errors) };
  });
}

export const INTROSPECTION_OPTIONS = {
  descriptions: true,
  specifiedByUrl: true,
  directiveIsRepeatable: true,
  schemaDescription: true,
  inputValueDeprecation: true,
  oneOf: true,
};

/* graphql-js's result for the full introspection query, restricted to the 2021 spec + oneOf. */
export function referenceIntrospection(schema, query) {
  const result = JSON.parse(JSON.stringify(graphqlSync({ schema, source: query })));
  const types = result.data.__schema.types;
  for (const t of types) {
    if (t.name === '__Schema') {
      for (const f of t.fields) if (f.name === 'directives') f.args = [];
    }
    if (t.name === '__Directive') {
      t.fields = t.fields.filter((f) => f.name !== 'isDeprecated' && f.name !== 'deprecationReason');
    }
    if (t.name === '__DirectiveLocation') {
      t.enumValues = t.enumValues.filter((v) => v.name !== 'DIRECTIVE_DEFINITION');
    }
  }
  for (const d of result.data.__schema.directives) {
    d.locations = d.locations.filter((l) => l !== 'DIRECTIVE_DEFINITION');
  }
  return result;
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const dir = join(dirname(fileURLToPath(import.meta.url)), '..', 'fixtures', 'schema');
  const query = getIntrospectionQuery(INTROSPECTION_OPTIONS);
  writeFileSync(join(dir, 'introspection-query.graphql'), query);
  const names = process.argv.length > 2 ? process.argv.slice(2) : ['kitchen-sink', 'descriptions'];
  for (const name of names) {
    const schema = buildSchema(readFileSync(join(dir, `${name}.graphql`), 'utf8'));
    writeFileSync(join(dir, `${name}.printed.graphql`), printSchema(schema) + '\n');
    writeFileSync(
      join(dir, `${name}.introspection.json`),
      JSON.stringify(referenceIntrospection(schema, query)) + '\n',
    );
  }
  writeFileSync(
    join(dir, 'invalid-schemas.json'),
    JSON.stringify(invalidSchemaFixtures(), null, 1) + '\n',
  );
}
