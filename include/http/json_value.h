/*
 * JSON request values (jansson) to engine values (gql/value.h): the `variables` and
 * `extensions` members of a GraphQL request.
 *
 * Kinds are kept as JSON gives them: an integer becomes INT, a number with a fraction or an
 * exponent FLOAT, so input coercion in the engine decides what each type accepts (the Money
 * scalar refuses numbers altogether: amounts travel as strings). Strings are copied into the
 * arena with their length (jansson has already refused invalid UTF-8 and \u0000). Objects keep
 * their key order; duplicate keys never get here (the body is parsed with
 * JSON_REJECT_DUPLICATES).
 */
#ifndef WALLET_HTTP_JSON_VALUE_H
#define WALLET_HTTP_JSON_VALUE_H

#include "gql/value.h"

#include <jansson.h>

struct arena;

/* Deepest nesting of arrays and objects accepted in variables. */
#define HTTP_JSON_MAX_DEPTH 64

/*
 * Converts j into *out, allocated in arena. Returns 0, or -1 when j nests deeper than
 * HTTP_JSON_MAX_DEPTH (the caller answers 400).
 */
int http_json_to_val(struct arena *arena, const json_t *j, struct gql_val *out);

#endif
