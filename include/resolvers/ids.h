/*
 * Opaque identifiers of the public API (contract §4 "Lists", schema `ID` and `Node`):
 * global object ids, keyset cursors, `first`/`after` arguments and the Relay connection
 * value every list field returns.
 *
 * Global ids are "<Type>:<row id>" in unpadded base64url ("Account:42" -> "QWNjb3VudDo0Mg"),
 * so clients cannot build or guess them by arithmetic and one id never names two objects of
 * different types. A user has one id whether it is shown as User or PublicUser. Decoding is
 * strict (canonical base64url, a known type name, a decimal id without sign or leading zero):
 * anything else is garbage (BAD_USER_INPUT); a well-formed id of another type than expected
 * names nothing the caller asked for (NOT_FOUND).
 *
 * Cursors are "<kind>|<a>|<b>|<text>" in unpadded base64url: kind names the list they belong
 * to (a cursor of one list is refused by another), a and b are integers (an id, a time in
 * milliseconds), text an optional string key (a username). Every list is keyset-paginated:
 * the cursor holds the sort key of the last row seen and the next page starts strictly after
 * it, so rows inserted meanwhile never make a page repeat or skip an item.
 */
#ifndef WALLET_RESOLVERS_IDS_H
#define WALLET_RESOLVERS_IDS_H

#include "gql/execute.h"
#include "gql/value.h"

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

struct arena;

/* The object types that have global ids; the names are the GraphQL type names. */
enum res_id_type {
    RES_ID_USER = 0,     /* "User": User and PublicUser */
    RES_ID_ACCOUNT,      /* "Account" */
    RES_ID_TRANSFER,     /* "Transfer" */
    RES_ID_LEDGER_ENTRY, /* "LedgerEntry" */
    RES_ID_CARD,         /* "Card" */
    RES_ID_AUDIT_ENTRY,  /* "AuditEntry" */
    RES_ID_TYPE_COUNT
};

/* Longest global id text accepted (longer input is garbage without decoding it). */
#define RES_ID_MAX_LEN 64
/* Longest cursor text accepted. */
#define RES_CURSOR_MAX_LEN 512
/* Longest text key a cursor carries. */
#define RES_CURSOR_TEXT_MAX 256

/* Page size bounds of every connection (contract §4 "Lists": `first` is 1-100). */
#define RES_FIRST_MIN 1
#define RES_FIRST_MAX 100

/* "User", "Account", ...; NULL for an out-of-range value. */
const char *res_id_type_name(enum res_id_type type);

/* The global id of row id of type, as an arena string. */
char *res_id_encode(struct arena *a, enum res_id_type type, int64_t id);

/* The global id as an ID (STRING) value. */
struct gql_val res_id_val(struct arena *a, enum res_id_type type, int64_t id);

/*
 * Decodes a global id s[0..len). Returns 0 with *type and *id set, or -1 when s is not a
 * well-formed id of any type.
 */
int res_id_decode(const char *s, size_t len, enum res_id_type *type, int64_t *id);

/*
 * Resolver helper: decodes the ID value v (an argument or input field called what, used in
 * the message) expecting type. Returns 0 with *id set; otherwise records the field error and
 * returns GQL_RESOLVE_ERROR: BAD_USER_INPUT "Invalid ID for <what>" for garbage (or a value
 * that is not a string), NOT_FOUND "<Type> not found" for a well-formed id of another type.
 */
int res_id_expect(const struct gql_resolve_info *info,
                  const struct gql_val *v,
                  const char *what,
                  enum res_id_type type,
                  int64_t *id);

/* A decoded cursor. */
struct res_cursor {
    const char *kind; /* the list it belongs to, e.g. "transfers" (a literal when encoding) */
    int64_t a;        /* first integer key (meaning defined by the list) */
    int64_t b;        /* second integer key */
    const char *text; /* optional text key (NUL-terminated arena string), "" when none */
};

/* Encodes c as an arena string. c->text may be NULL (none). */
char *res_cursor_encode(struct arena *a, const struct res_cursor *c);

/*
 * Decodes s[0..len) expecting kind. Returns 0 with *out set (text in the arena), or -1 when s
 * is not a cursor of that list.
 */
int res_cursor_decode(
    struct arena *a, const char *s, size_t len, const char *kind, struct res_cursor *out);

/* The `first` and `after` arguments of a connection field. */
struct res_page {
    int first;               /* 1..RES_FIRST_MAX */
    bool has_after;          /* `after` was given (and decoded into after) */
    struct res_cursor after; /* valid when has_after */
};

/*
 * Reads the field's `first` (default from the schema) and `after` arguments, `after` as a
 * cursor of list kind. Returns 0 with *out set; otherwise records BAD_USER_INPUT ("first must
 * be between 1 and 100", "Invalid cursor") and returns GQL_RESOLVE_ERROR.
 */
int res_page_args(const struct gql_resolve_info *info, const char *kind, struct res_page *out);

/*
 * Builds a connection value (an OBJECT read by the default property resolver):
 *   { edges: [{ cursor, node }], pageInfo: { hasNextPage, hasPreviousPage, startCursor,
 *     endCursor }, totalCount }
 * from n nodes and their cursors (both arrays of n; nodes are usually OPAQUE model values).
 * has_next: rows exist after the last node (fetch first + 1 rows to know); has_previous:
 * `after` was given. total: the totalCount member, or NULL to leave it out (a connection type
 * without totalCount, or a resolver bound to it).
 */
struct gql_val res_connection_val(struct arena *a,
                                  const struct gql_val *nodes,
                                  const char *const *cursors,
                                  size_t n,
                                  bool has_next,
                                  bool has_previous,
                                  const int64_t *total);

#endif
