/*
 * Unit tests for the contract error table (include/core/errors.h, CONTRACT.md §3): every code
 * of the contract is present exactly once, round-trips through its string, and maps to the
 * HTTP status the contract names for whole-request refusals.
 */
/* cmocka.h needs these system headers before it. */
/* clang-format off */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>
#include <cmocka.h>
/* clang-format on */

#include "core/errors.h"

/* The §3 table, written out independently of the X-macro. */
static const char *const contract_codes[] = {
    "GRAPHQL_PARSE_FAILED",
    "GRAPHQL_VALIDATION_FAILED",
    "BAD_USER_INPUT",
    "UNAUTHENTICATED",
    "FORBIDDEN",
    "NOT_FOUND",
    "ACCOUNT_LOCKED",
    "INSUFFICIENT_FUNDS",
    "ACCOUNT_FROZEN",
    "LIMIT_EXCEEDED",
    "KYC_REQUIRED",
    "IDEMPOTENCY_KEY_REUSED",
    "IDEMPOTENCY_IN_PROGRESS",
    "RATE_LIMITED",
    "QUERY_TOO_COMPLEX",
    "INTROSPECTION_DISABLED",
    "SERVICE_UNAVAILABLE",
    "INTERNAL_SERVER_ERROR",
};
#define N_CODES (sizeof(contract_codes) / sizeof(contract_codes[0]))

static void
every_contract_code_round_trips(void **state)
{
    (void)state;
    assert_int_equal(WALLET_ERR_COUNT, N_CODES + 1);
    for (size_t i = 0; i < N_CODES; i++) {
        enum wallet_err e = wallet_err_from_code(contract_codes[i]);
        assert_int_not_equal(e, WALLET_OK);
        assert_string_equal(wallet_err_code(e), contract_codes[i]);
        assert_string_equal(wallet_err_code(-(int)e), contract_codes[i]);
        for (size_t j = 0; j < i; j++)
            assert_int_not_equal(wallet_err_from_code(contract_codes[j]), e);
    }
}

static void
enum_names_match_code_strings(void **state)
{
    (void)state;
    assert_string_equal(wallet_err_code(WALLET_EINSUFFICIENT_FUNDS), "INSUFFICIENT_FUNDS");
    assert_string_equal(wallet_err_code(-WALLET_EBAD_USER_INPUT), "BAD_USER_INPUT");
    assert_string_equal(wallet_err_code(WALLET_EGRAPHQL_PARSE_FAILED), "GRAPHQL_PARSE_FAILED");
    assert_string_equal(wallet_err_code(WALLET_ESERVICE_UNAVAILABLE), "SERVICE_UNAVAILABLE");
    assert_string_equal(wallet_err_code(WALLET_OK), "OK");
}

static void
http_statuses_follow_the_contract(void **state)
{
    (void)state;
    assert_int_equal(wallet_err_http_status(WALLET_EUNAUTHENTICATED), 401);
    assert_int_equal(wallet_err_http_status(-WALLET_EUNAUTHENTICATED), 401);
    assert_int_equal(wallet_err_http_status(WALLET_ERATE_LIMITED), 429);
    assert_int_equal(wallet_err_http_status(WALLET_ESERVICE_UNAVAILABLE), 503);
    assert_int_equal(wallet_err_http_status(WALLET_EGRAPHQL_PARSE_FAILED), 400);
    assert_int_equal(wallet_err_http_status(WALLET_EGRAPHQL_VALIDATION_FAILED), 400);
    assert_int_equal(wallet_err_http_status(WALLET_EBAD_USER_INPUT), 400);
    assert_int_equal(wallet_err_http_status(WALLET_EQUERY_TOO_COMPLEX), 400);
    assert_int_equal(wallet_err_http_status(WALLET_EFORBIDDEN), 403);
    assert_int_equal(wallet_err_http_status(WALLET_EINTERNAL_SERVER_ERROR), 500);
    assert_int_equal(wallet_err_http_status(WALLET_OK), 200);
    for (int e = 1; e < WALLET_ERR_COUNT; e++) {
        int s = wallet_err_http_status(e);
        assert_true(s >= 400 && s <= 599);
    }
}

static void
messages_are_safe_defaults(void **state)
{
    (void)state;
    assert_string_equal(wallet_err_message(WALLET_EINTERNAL_SERVER_ERROR), "Internal server error");
    for (int e = 1; e < WALLET_ERR_COUNT; e++) {
        const char *m = wallet_err_message(e);
        assert_non_null(m);
        assert_true(strlen(m) > 0);
    }
}

static void
unknown_values_fall_back(void **state)
{
    (void)state;
    assert_string_equal(wallet_err_code(WALLET_ERR_COUNT), "INTERNAL_SERVER_ERROR");
    assert_string_equal(wallet_err_code(-1000), "INTERNAL_SERVER_ERROR");
    assert_string_equal(wallet_err_code(INT32_MIN), "INTERNAL_SERVER_ERROR");
    assert_int_equal(wallet_err_http_status(12345), 500);
    assert_int_equal(wallet_err_from_code(NULL), WALLET_OK);
    assert_int_equal(wallet_err_from_code(""), WALLET_OK);
    assert_int_equal(wallet_err_from_code("OK"), WALLET_OK);
    assert_int_equal(wallet_err_from_code("not_found"), WALLET_OK); /* case-sensitive */
    assert_int_equal(wallet_err_from_code("NOT_FOUND "), WALLET_OK);
}

int
main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(every_contract_code_round_trips),
        cmocka_unit_test(enum_names_match_code_strings),
        cmocka_unit_test(http_statuses_follow_the_contract),
        cmocka_unit_test(messages_are_safe_defaults),
        cmocka_unit_test(unknown_values_fall_back),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
