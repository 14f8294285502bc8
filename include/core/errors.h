/*
 * The contract's error codes (CONTRACT.md §3, `extensions.code`), from one table.
 *
 * WALLET_ERRORS(X) lists every code once as X(CODE, HTTP status, default message); the enum,
 * the code strings, the HTTP statuses and the default messages are all generated from it, so
 * they cannot drift apart. Functions that fail with a contract error return the negated enum
 * value (`return -WALLET_EBAD_USER_INPUT;`), 0 meaning success (libuv style); the lookup
 * functions below accept either sign.
 *
 * The HTTP status is the one to answer when the error refuses the whole request (a bad
 * token: 401; rate limit: 429 with Retry-After; chaos or database down: 503; a document that
 * fails to parse or validate under application/graphql-response+json: 400). An error raised
 * by one field inside an otherwise executed operation goes into a 200 response's `errors`.
 */
#ifndef WALLET_CORE_ERRORS_H
#define WALLET_CORE_ERRORS_H

/* X(code, http_status, default client-visible message) */
#define WALLET_ERRORS(X)                                                                           \
    X(GRAPHQL_PARSE_FAILED, 400, "Syntax error in the GraphQL document")                           \
    X(GRAPHQL_VALIDATION_FAILED, 400, "The GraphQL document is not valid")                         \
    X(BAD_USER_INPUT, 400, "Invalid input")                                                        \
    X(UNAUTHENTICATED, 401, "Authentication required")                                             \
    X(FORBIDDEN, 403, "Forbidden")                                                                 \
    X(NOT_FOUND, 404, "Not found")                                                                 \
    X(ACCOUNT_LOCKED, 403, "Account is locked")                                                    \
    X(INSUFFICIENT_FUNDS, 422, "Insufficient funds")                                               \
    X(ACCOUNT_FROZEN, 422, "Account is not active")                                                \
    X(LIMIT_EXCEEDED, 422, "Transfer limit exceeded")                                              \
    X(KYC_REQUIRED, 403, "Verified KYC is required for this transfer")                             \
    X(IDEMPOTENCY_KEY_REUSED, 422, "Idempotency key was already used with other input")            \
    X(IDEMPOTENCY_IN_PROGRESS, 409, "A request with this idempotency key is still in progress")    \
    X(RATE_LIMITED, 429, "Too many requests")                                                      \
    X(QUERY_TOO_COMPLEX, 400, "Query is too complex")                                              \
    X(INTROSPECTION_DISABLED, 400, "Introspection is disabled")                                    \
    X(SERVICE_UNAVAILABLE, 503, "Service unavailable")                                             \
    X(INTERNAL_SERVER_ERROR, 500, "Internal server error")

/* WALLET_OK is success; every other value is a contract error code (WALLET_E<CODE>). */
enum wallet_err {
    WALLET_OK = 0,
#define WALLET_ERR_ENUM_(code, status, message) WALLET_E##code,
    WALLET_ERRORS(WALLET_ERR_ENUM_)
#undef WALLET_ERR_ENUM_
        WALLET_ERR_COUNT /* number of values including WALLET_OK; not an error */
};

/*
 * Returns the `extensions.code` string of e (or of -e), e.g. "INSUFFICIENT_FUNDS".
 * WALLET_OK gives "OK"; a value outside the table gives "INTERNAL_SERVER_ERROR".
 * The string is static.
 */
const char *wallet_err_code(int e);

/*
 * Returns the HTTP status to answer when e (or -e) refuses the whole request: 400, 401, 403,
 * 404, 409, 422, 429, 500 or 503. WALLET_OK gives 200; an unknown value 500.
 */
int wallet_err_http_status(int e);

/*
 * Returns a short default message for e (or -e) that is safe to show a client: it never holds
 * input, secrets or internals. INTERNAL_SERVER_ERROR's is exactly "Internal server error" as
 * the contract requires. An unknown value gives that one too; WALLET_OK gives "OK".
 */
const char *wallet_err_message(int e);

/*
 * Returns the enum value whose code string equals code exactly (case-sensitive), or WALLET_OK
 * when code is NULL or not a contract code.
 */
enum wallet_err wallet_err_from_code(const char *code);

#endif
