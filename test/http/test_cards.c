/*
 * Cards over HTTP (contract §4 "Identity data", "Visibility", "Audit"; issue 6): issueCard
 * (own ACTIVE account only; 16-digit Luhn numbers with the brand's prefix, sealed per card;
 * CVV shown once and never stored; last4, expiry and daily limit in plain), setCardStatus
 * (owner or ADMIN; CANCELLED is final), User.cards, and audit entries without numbers.
 */
/* cmocka.h needs these system headers before it. */
/* clang-format off */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <cmocka.h>
/* clang-format on */

#include "http/kyc_api.h"

static struct wa_env env;
static struct wa_user alice, bob, admin;

/* Numbers and CVVs handed out in this run, to look for later. */
static char numbers[16][17];
static char cvvs[16][4];
static int issued;

static int
setup(void **state)
{
    (void)state;
    const char *extra[] = {"WALLET_SEAL_KEY=" KA_KEY_A, NULL};
    if (wa_start(&env, extra) != 0)
        return -1;
    wa_register(env.port, "alice", &alice);
    wa_register(env.port, "bob", &bob);
    if (wa_create_admin(&env, "admin", "root of trust 77", &admin) != 0)
        return -1;
    ka_fill_row_id(&env, &alice);
    ka_fill_row_id(&env, &bob);
    return 0;
}

static int
teardown(void **state)
{
    (void)state;
    return wa_stop(&env);
}

/* Issues a card or fails; returns the response (caller decrefs) and remembers its secrets. */
static json_t *
issue_ok(struct wa_user *u, const char *kind, const char *limit)
{
    json_t *r = ka_issue(env.port, u->access, u->account, kind, limit);
    WA_ASSERT_OK(r);
    if (issued < 16) {
        snprintf(numbers[issued], sizeof(numbers[0]), "%s", wa_str(r, "issueCard.number"));
        snprintf(cvvs[issued], sizeof(cvvs[0]), "%s", wa_str(r, "issueCard.cvv"));
        issued++;
    }
    return r;
}

static void
issue_card(void **state)
{
    (void)state;
    time_t now = time(NULL);
    struct tm tm;
    gmtime_r(&now, &tm);

    json_t *r = issue_ok(&alice, "VIRTUAL", NULL);
    const char *number = wa_str(r, "issueCard.number");
    const char *cvv = wa_str(r, "issueCard.cvv");
    assert_non_null(number);
    assert_true(ka_luhn_ok(number));
    assert_int_equal(number[0], '4');
    assert_string_equal(wa_str(r, "issueCard.card.brand"), "VISA");
    assert_int_equal(strlen(cvv), 3);
    assert_true(cvv[0] >= '0' && cvv[0] <= '9' && cvv[1] >= '0' && cvv[2] <= '9');
    assert_string_equal(wa_str(r, "issueCard.card.last4"), number + 12);
    assert_string_equal(wa_str(r, "issueCard.card.kind"), "VIRTUAL");
    assert_string_equal(wa_str(r, "issueCard.card.status"), "ACTIVE");
    assert_string_equal(wa_str(r, "issueCard.card.dailyLimit"), "50000.00");
    assert_string_equal(wa_str(r, "issueCard.card.account.id"), alice.account);
    assert_int_equal(json_integer_value(wa_data(r, "issueCard.card.expiryYear")),
                     tm.tm_year + 1900 + 3);
    assert_int_equal(json_integer_value(wa_data(r, "issueCard.card.expiryMonth")), tm.tm_mon + 1);
    char card_id[64];
    snprintf(card_id, sizeof(card_id), "%s", wa_str(r, "issueCard.card.id"));
    json_decref(r);

    r = issue_ok(&alice, "PHYSICAL", "2500.5");
    number = wa_str(r, "issueCard.number");
    assert_true(ka_luhn_ok(number));
    assert_true(number[0] == '5' && number[1] >= '1' && number[1] <= '5');
    assert_string_equal(wa_str(r, "issueCard.card.brand"), "MASTERCARD");
    assert_string_equal(wa_str(r, "issueCard.card.dailyLimit"), "2500.50");
    assert_int_equal(json_integer_value(wa_data(r, "issueCard.card.expiryYear")),
                     tm.tm_year + 1900 + 5);
    json_decref(r);

    /* At rest: sealed (nonce + 16 + tag), key id, last4; no CVV column at all. */
    assert_string_equal(wa_sql_value(&env,
                                     "SELECT count(*) FROM cards WHERE octet_length("
                                     "number_ciphertext) = 56 AND key_id IS NOT NULL"),
                        "2");
    assert_string_equal(wa_sql_value(&env,
                                     "SELECT count(*) FROM information_schema.columns WHERE "
                                     "table_name = 'cards' AND column_name ILIKE '%%cvv%%'"),
                        "0");
    for (int i = 0; i < issued; i++)
        assert_string_equal(wa_sql_value(&env,
                                         "SELECT count(*) FROM cards WHERE encode("
                                         "number_ciphertext, 'escape') LIKE '%%%s%%'",
                                         numbers[i]),
                            "0");

    /* Audited without the number or the CVV. */
    const char *details = wa_sql_value(
        &env, "SELECT string_agg(details, ' ') FROM audit_log WHERE action = 'CARD_ISSUE'");
    assert_non_null(strstr(details, "VIRTUAL"));
    assert_null(strstr(details, "cvv"));
    for (int i = 0; i < issued; i++)
        assert_null(strstr(details, numbers[i]));
}

static void
issue_card_refusals(void **state)
{
    (void)state;
    /* Limits out of range. */
    const char *bad_limits[] = {"0.00", "0", "1000000.01", "99999999999999"};
    for (size_t i = 0; i < sizeof(bad_limits) / sizeof(bad_limits[0]); i++) {
        json_t *r = ka_issue(env.port, alice.access, alice.account, "VIRTUAL", bad_limits[i]);
        WA_ASSERT_CODE(r, "BAD_USER_INPUT");
        json_decref(r);
    }
    json_t *r = ka_issue(env.port, alice.access, alice.account, "VIRTUAL", "-1.00");
    assert_non_null(json_object_get(r, "errors"));
    json_decref(r);

    /* Someone else's account, garbage, anonymous. */
    r = ka_issue(env.port, bob.access, alice.account, "VIRTUAL", NULL);
    WA_ASSERT_CODE(r, "NOT_FOUND");
    json_decref(r);
    r = ka_issue(env.port, admin.access, alice.account, "VIRTUAL", NULL);
    WA_ASSERT_CODE(r, "NOT_FOUND");
    json_decref(r);
    r = ka_issue(env.port, alice.access, "garbage", "VIRTUAL", NULL);
    WA_ASSERT_CODE(r, "BAD_USER_INPUT");
    json_decref(r);
    r = ka_issue(env.port, NULL, alice.account, "VIRTUAL", NULL);
    WA_ASSERT_CODE(r, "UNAUTHENTICATED");
    json_decref(r);

    /* A frozen account. */
    char sql[256];
    snprintf(
        sql, sizeof(sql), "UPDATE accounts SET status = 'FROZEN' WHERE user_id = %ld", bob.row_id);
    wa_sql(&env, sql);
    r = ka_issue(env.port, bob.access, bob.account, "VIRTUAL", NULL);
    WA_ASSERT_CODE(r, "ACCOUNT_FROZEN");
    json_decref(r);
    snprintf(
        sql, sizeof(sql), "UPDATE accounts SET status = 'ACTIVE' WHERE user_id = %ld", bob.row_id);
    wa_sql(&env, sql);

    /* At most 5 cards that are not cancelled per account. */
    for (int i = 0; i < 5; i++) {
        r = issue_ok(&bob, "VIRTUAL", "100.00");
        json_decref(r);
    }
    r = ka_issue(env.port, bob.access, bob.account, "VIRTUAL", NULL);
    WA_ASSERT_CODE(r, "BAD_USER_INPUT");
    json_decref(r);
    assert_string_equal(wa_sql_value(&env,
                                     "SELECT count(*) FROM cards c JOIN accounts a ON a.id = "
                                     "c.account_id WHERE a.user_id = %ld",
                                     bob.row_id),
                        "5");
}

static void
cards_listed_masked(void **state)
{
    (void)state;
    json_t *r = wa_gql(env.port,
                       alice.access,
                       "{me{cards{id last4 brand status dailyLimit account{id}}}}",
                       NULL,
                       NULL);
    WA_ASSERT_OK(r);
    json_t *cards = wa_data(r, "me.cards");
    assert_int_equal(json_array_size(cards), 2);
    for (int i = 0; i < issued; i++)
        assert_false(ka_json_contains(r, numbers[i]));
    json_decref(r);
    /* There is no field to read a number back. */
    r = wa_gql(env.port, alice.access, "{me{cards{number}}}", NULL, NULL);
    WA_ASSERT_CODE(r, "GRAPHQL_VALIDATION_FAILED");
    json_decref(r);
    /* Another user sees none of alice's cards. */
    r = wa_gql(env.port, bob.access, "{me{cards{last4}}}", NULL, NULL);
    WA_ASSERT_OK(r);
    assert_int_equal(json_array_size(wa_data(r, "me.cards")), 5);
    json_decref(r);
}

static void
card_status_transitions(void **state)
{
    (void)state;
    json_t *r = wa_gql(env.port, alice.access, "{me{cards{id}}}", NULL, NULL);
    char card[64];
    snprintf(card, sizeof(card), "%s", wa_str(r, "me.cards.0.id"));
    json_decref(r);

    r = ka_set_status(env.port, alice.access, card, "FROZEN");
    WA_ASSERT_OK(r);
    assert_string_equal(wa_str(r, "setCardStatus.status"), "FROZEN");
    json_decref(r);
    r = ka_set_status(env.port, alice.access, card, "FROZEN"); /* no change */
    WA_ASSERT_OK(r);
    json_decref(r);
    r = ka_set_status(env.port, alice.access, card, "ACTIVE");
    WA_ASSERT_OK(r);
    assert_string_equal(wa_str(r, "setCardStatus.status"), "ACTIVE");
    json_decref(r);

    /* Another user: NOT_FOUND, never FORBIDDEN. Anonymous: UNAUTHENTICATED. */
    r = ka_set_status(env.port, bob.access, card, "FROZEN");
    WA_ASSERT_CODE(r, "NOT_FOUND");
    json_decref(r);
    r = ka_set_status(env.port, NULL, card, "FROZEN");
    WA_ASSERT_CODE(r, "UNAUTHENTICATED");
    json_decref(r);
    r = ka_set_status(env.port, alice.access, alice.account, "FROZEN"); /* not a card id */
    WA_ASSERT_CODE(r, "NOT_FOUND");
    json_decref(r);

    /* An ADMIN may freeze it. */
    r = ka_set_status(env.port, admin.access, card, "FROZEN");
    WA_ASSERT_OK(r);
    assert_string_equal(wa_str(r, "setCardStatus.status"), "FROZEN");
    json_decref(r);

    /* A card on a frozen account cannot be made ACTIVE. */
    char sql[256];
    snprintf(sql,
             sizeof(sql),
             "UPDATE accounts SET status = 'FROZEN' WHERE user_id = %ld",
             alice.row_id);
    wa_sql(&env, sql);
    r = ka_set_status(env.port, alice.access, card, "ACTIVE");
    WA_ASSERT_CODE(r, "ACCOUNT_FROZEN");
    json_decref(r);
    snprintf(sql,
             sizeof(sql),
             "UPDATE accounts SET status = 'ACTIVE' WHERE user_id = %ld",
             alice.row_id);
    wa_sql(&env, sql);

    /* CANCELLED is final. */
    r = ka_set_status(env.port, alice.access, card, "CANCELLED");
    WA_ASSERT_OK(r);
    assert_string_equal(wa_str(r, "setCardStatus.status"), "CANCELLED");
    json_decref(r);
    const char *again[] = {"ACTIVE", "FROZEN"};
    for (size_t i = 0; i < 2; i++) {
        r = ka_set_status(env.port, alice.access, card, again[i]);
        WA_ASSERT_CODE(r, "BAD_USER_INPUT");
        json_decref(r);
    }
    r = wa_gql(env.port, alice.access, "{me{cards{id status}}}", NULL, NULL);
    assert_string_equal(wa_str(r, "me.cards.0.status"), "CANCELLED");
    json_decref(r);

    /* Each change audited once (the no-op and the refusals not), without the number. */
    assert_string_equal(
        wa_sql_value(&env, "SELECT count(*) FROM audit_log WHERE action = 'CARD_STATUS'"), "4");
    const char *details = wa_sql_value(
        &env, "SELECT string_agg(details, ' ') FROM audit_log WHERE action = 'CARD_STATUS'");
    assert_non_null(strstr(details, "CANCELLED"));
    for (int i = 0; i < issued; i++)
        assert_null(strstr(details, numbers[i]));

    /* A cancelled card no longer counts toward the limit of five. */
    snprintf(card, sizeof(card), "%s", "");
    r = wa_gql(env.port, bob.access, "{me{cards{id}}}", NULL, NULL);
    snprintf(card, sizeof(card), "%s", wa_str(r, "me.cards.0.id"));
    json_decref(r);
    r = ka_set_status(env.port, bob.access, card, "CANCELLED");
    WA_ASSERT_OK(r);
    json_decref(r);
    r = issue_ok(&bob, "PHYSICAL", NULL);
    json_decref(r);
}

static void
no_numbers_in_log(void **state)
{
    (void)state;
    char *log = th_walletd_log(&env.wd);
    assert_non_null(log);
    for (int i = 0; i < issued; i++) {
        char spaced[20];
        snprintf(spaced,
                 sizeof(spaced),
                 "%.4s %.4s %.4s %.4s",
                 numbers[i],
                 numbers[i] + 4,
                 numbers[i] + 8,
                 numbers[i] + 12);
        if (strstr(log, numbers[i]) != NULL || strstr(log, spaced) != NULL)
            fail_msg("walletd's log contains a card number");
    }
    free(log);
}

int
main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(issue_card),
        cmocka_unit_test(issue_card_refusals),
        cmocka_unit_test(cards_listed_masked),
        cmocka_unit_test(card_status_transitions),
        cmocka_unit_test(no_numbers_in_log),
    };
    return cmocka_run_group_tests(tests, setup, teardown);
}
