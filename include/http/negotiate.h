/*
 * Pure helpers of the HTTP layer, free of civetweb so they are unit-tested alone:
 * media-type negotiation (GraphQL over HTTP specification, "Accept" and "Content-Type"),
 * request ids (contract §2 X-Request-ID), the CORS allow-list, UTF-8 checks, and the
 * application/x-www-form-urlencoded query-string reader used by GET /graphql.
 */
#ifndef WALLET_HTTP_NEGOTIATE_H
#define WALLET_HTTP_NEGOTIATE_H

#include <stdbool.h>
#include <stddef.h>

struct arena;

/* The two response media types of the GraphQL over HTTP specification. */
enum http_media {
    HTTP_MEDIA_JSON = 0,         /* application/json: well-formed requests answer 200 */
    HTTP_MEDIA_GRAPHQL_RESPONSE, /* application/graphql-response+json: request errors 400 */
};

#define HTTP_CT_JSON "application/json; charset=utf-8"
#define HTTP_CT_GRAPHQL_RESPONSE "application/graphql-response+json; charset=utf-8"

/* The Content-Type header value for media. */
const char *http_media_content_type(enum http_media media);

/*
 * Chooses the response media type from an Accept header (RFC 9110 §12.5.1, with q-values).
 * The acceptable candidate with the highest q wins; on a tie
 * application/graphql-response+json is preferred. The wildcards (any type, application/any) match
 * both, so they choose by that tie rule unless a specific entry says otherwise — except that a lone
 * wildcard chooses application/json (the specification's legacy default, graphql-http audit
 * 47DE). A missing or empty header, or one that accepts neither type, gives
 * application/json. Never fails.
 */
enum http_media http_negotiate_accept(const char *accept);

/*
 * Whether a request Content-Type is application/json (any case, optional whitespace and
 * parameters) with no charset or charset=utf-8. NULL gives false.
 */
bool http_content_type_is_json(const char *content_type);

/* X-Request-ID: a client's id is echoed when it is 1-128 chars of [A-Za-z0-9._-]. */
#define HTTP_REQUEST_ID_MAX 128
bool http_request_id_is_safe(const char *id);

/* Writes a fresh random id (32 lowercase hex digits and a NUL) into out[33]. */
void http_request_id_generate(char out[33]);

/*
 * Whether origin appears in allow_list, a comma-separated list of origins (whitespace around
 * items ignored; compared exactly, as browsers send them: scheme://host[:port]). A NULL or
 * empty list allows nothing; "null" is never allowed.
 */
bool http_cors_origin_allowed(const char *allow_list, const char *origin);

/* Whether s[0..n) is well-formed UTF-8 (RFC 3629: no overlongs, surrogates or > U+10FFFF). */
bool http_utf8_valid(const char *s, size_t n);

/*
 * Finds parameter name in an application/x-www-form-urlencoded string (a query string) and
 * returns its decoded value (with '+' as space and %XX escapes) in arena, setting *len; a
 * value may contain NUL bytes, which the caller must refuse. Returns NULL when absent.
 * *duplicate is set when the name occurs more than once (the caller should refuse it).
 */
char *http_form_get(
    struct arena *arena, const char *query, const char *name, size_t *len, bool *duplicate);

#endif
