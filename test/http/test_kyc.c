/*
 * KYC over HTTP (contract §4 "Identity data", "Visibility", "Audit"; issue 6): submitKyc's
 * validation of Aadhaar and documents per type (messages never echo the number), one Aadhaar
 * per person, masked forms in me.kyc and the audit log, revealAadhaar (own number only,
 * audited on every call), reviewKyc (ADMIN only), and ciphertexts bound to their owner:
 * swapping two users' sealed values in the database makes reading fail without leaking.
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
#include <cmocka.h>
/* clang-format on */

#include "http/kyc_api.h"

static struct wa_env env;
static struct wa_user alice, bob, carol, admin;

static int
setup(void **state)
{
    (void)state;
    const char *extra[] = {"WALLET_SEAL_KEY=" KA_KEY_A, NULL};
    if (wa_start(&env, extra) != 0)
        return -1;
    wa_register(env.port, "alice", &alice);
    wa_register(env.port, "bob", &bob);
    wa_register(env.port, "carol", &carol);
    if (wa_create_admin(&env, "admin", "root of trust 77", &admin) != 0)
        return -1;
    ka_fill_row_id(&env, &alice);
    ka_fill_row_id(&env, &bob);
    ka_fill_row_id(&env, &carol);
    ka_fill_row_id(&env, &admin);
    return 0;
}

static int
teardown(void **state)
{
    (void)state;
    return wa_stop(&env);
}

/* Asserts a BAD_USER_INPUT whose message does not contain secret. */
static void
expect_bad_input(json_t *resp, const char *secret)
{
    WA_ASSERT_CODE(resp, "BAD_USER_INPUT");
    const char *msg = wa_message(resp);
    assert_non_null(msg);
    if (secret != NULL && secret[0] != '\0' && strstr(msg, secret) != NULL)
        fail_msg("message echoes the number: %s", msg);
    assert_true(json_is_null(json_object_get(resp, "data")) ||
                json_is_null(wa_data(resp, "submitKyc")));
}

static void
aadhaar_validation(void **state)
{
    (void)state;
    char good[13], bad[13];
    ka_aadhaar(1, good);
    const char *doc = "BQRPA0001K";

    /* A wrong check digit. */
    snprintf(bad, sizeof(bad), "%s", good);
    bad[11] = (char)('0' + (bad[11] - '0' + 1) % 10);
    json_t *r = ka_submit(env.port, alice.access, bad, "PAN", doc);
    expect_bad_input(r, bad);
    assert_non_null(strstr(wa_message(r), "check digit"));
    json_decref(r);

    /* First digit 0 or 1, with an otherwise valid check digit. */
    for (char first = '0'; first <= '1'; first++) {
        char a[13];
        snprintf(a, sizeof(a), "%s", good);
        a[0] = first;
        a[11] = (char)('0' + ka_verhoeff_digit(a, 11));
        r = ka_submit(env.port, alice.access, a, "PAN", doc);
        expect_bad_input(r, a);
        assert_non_null(strstr(wa_message(r), "0 or 1"));
        json_decref(r);
    }

    /* 11 and 13 digits, letters, other separators, empty. */
    char eleven[12];
    snprintf(eleven, sizeof(eleven), "%.11s", good);
    const char *wrong[] = {eleven, "2345678901234", "23456789012A", "2345-6789-0124", "", "    "};
    for (size_t i = 0; i < sizeof(wrong) / sizeof(wrong[0]); i++) {
        r = ka_submit(env.port, alice.access, wrong[i], "PAN", doc);
        expect_bad_input(r, wrong[i]);
        json_decref(r);
    }

    /* Nothing was stored. */
    assert_string_equal(
        wa_sql_value(&env, "SELECT count(*) FROM kyc_profiles WHERE user_id = %ld", alice.row_id),
        "0");
}

static void
document_validation(void **state)
{
    (void)state;
    char a[13];
    ka_aadhaar(2, a);
    static const struct {
        const char *type, *number;
    } wrong[] = {
        {"PAN", "ABCDE1234F"},                  /* fourth letter is not a holder type */
        {"PAN", "ABCP1234F"},                   /* too short */
        {"PAN", "ABCPE12345"},                  /* last is not a letter */
        {"PASSPORT", "Q1234567"},               /* Q is not used */
        {"PASSPORT", "K0234567"},               /* second character 0 */
        {"PASSPORT", "K123456"},                /* too short */
        {"DRIVING_LICENCE", "ZZ1220110012345"}, /* unknown state */
        {"DRIVING_LICENCE", "MH0020110012345"}, /* RTO 00 */
        {"DRIVING_LICENCE", "MH1218000012345"}, /* year 1800 */
        {"DRIVING_LICENCE", "MH122011001234"},  /* too short */
        {"VOTER_ID", "AB12345678"},
        {"VOTER_ID", "ABC123456"},
        {"PAN", "5555666677778888"}, /* a card number as a PAN */
    };
    for (size_t i = 0; i < sizeof(wrong) / sizeof(wrong[0]); i++) {
        json_t *r = ka_submit(env.port, alice.access, a, wrong[i].type, wrong[i].number);
        expect_bad_input(r, wrong[i].number);
        expect_bad_input(r, a);
        json_decref(r);
    }
    /* An unknown document type is refused by the schema. */
    json_t *r = ka_submit(env.port, alice.access, a, "AADHAAR", "ABC1234567");
    assert_non_null(json_object_get(r, "errors"));
    assert_false(ka_json_contains(r, a));
    json_decref(r);
}

static void
submit_mask_and_duplicates(void **state)
{
    (void)state;
    char a[13], spaced[15], doc[16];
    ka_aadhaar(3, a);
    ka_spaced12(a, spaced);
    ka_document("DRIVING_LICENCE", 17, doc, sizeof(doc));
    char doc_input[24];
    /* Typed with separators and in lower case: normalised before sealing. */
    snprintf(doc_input, sizeof(doc_input), "mh-%.2s-%.4s-%s", doc + 2, doc + 4, doc + 8);

    json_t *r = ka_submit(env.port, bob.access, spaced, "DRIVING_LICENCE", doc_input);
    WA_ASSERT_OK(r);
    assert_string_equal(wa_str(r, "submitKyc.status"), "PENDING");
    char masked[20];
    snprintf(masked, sizeof(masked), "XXXX XXXX %s", a + 8);
    assert_string_equal(wa_str(r, "submitKyc.aadhaarMasked"), masked);
    assert_string_equal(wa_str(r, "submitKyc.documentType"), "DRIVING_LICENCE");
    const char *dm = wa_str(r, "submitKyc.documentMasked");
    assert_non_null(dm);
    assert_non_null(strstr(dm, doc + strlen(doc) - 4));
    assert_null(strstr(dm, doc));
    assert_non_null(wa_str(r, "submitKyc.submittedAt"));
    assert_true(json_is_null(wa_data(r, "submitKyc.reviewedAt")));
    assert_false(ka_json_contains(r, a));
    json_decref(r);

    /* me.kyc: the same masked forms, never the number. */
    r = wa_gql(env.port, bob.access, "{me{kyc{" KA_KYC_FIELDS "}}}", NULL, NULL);
    WA_ASSERT_OK(r);
    assert_string_equal(wa_str(r, "me.kyc.status"), "PENDING");
    assert_string_equal(wa_str(r, "me.kyc.aadhaarMasked"), masked);
    assert_false(ka_json_contains(r, a));
    assert_false(ka_json_contains(r, doc));
    json_decref(r);

    /* A second submission while pending is refused. */
    r = ka_submit(env.port, bob.access, a, "DRIVING_LICENCE", doc);
    expect_bad_input(r, a);
    json_decref(r);

    /* Another user with the same number, typed another way: refused, nobody named. */
    r = ka_submit(env.port, carol.access, a, "PAN", "BQRPC0002K");
    expect_bad_input(r, a);
    assert_non_null(strstr(wa_message(r), "already registered"));
    assert_null(strstr(wa_message(r), "bob"));
    json_decref(r);
    assert_string_equal(
        wa_sql_value(&env, "SELECT count(*) FROM kyc_profiles WHERE user_id = %ld", carol.row_id),
        "0");

    /* At rest: sealed, last four only, key id beside, blind index; no plaintext. */
    assert_string_equal(wa_sql_value(&env,
                                     "SELECT count(*) FROM kyc_profiles WHERE user_id = %ld AND "
                                     "aadhaar_ciphertext IS NOT NULL AND aadhaar_key_id IS NOT "
                                     "NULL AND octet_length(aadhaar_blind_index) = 32 AND "
                                     "octet_length(aadhaar_ciphertext) = 12 + 40 AND "
                                     "aadhaar_last4 = '%s' AND document_last4 = '%s'",
                                     bob.row_id,
                                     a + 8,
                                     doc + strlen(doc) - 4),
                        "1");
    assert_string_equal(wa_sql_value(&env,
                                     "SELECT count(*) FROM kyc_profiles WHERE "
                                     "encode(aadhaar_ciphertext, 'escape') LIKE '%%%s%%' OR "
                                     "encode(document_ciphertext, 'escape') LIKE '%%%s%%'",
                                     a,
                                     doc),
                        "0");

    /* Audited without the number. */
    const char *details = wa_sql_value(&env,
                                       "SELECT string_agg(details, ' ') FROM audit_log WHERE "
                                       "action = 'KYC_SUBMIT' AND actor_id = %ld",
                                       bob.row_id);
    assert_non_null(strstr(details, "DRIVING_LICENCE"));
    assert_null(strstr(details, a));
    assert_null(strstr(details, a + 4));
    assert_null(strstr(details, doc));
}

static void
reveal_is_own_and_audited(void **state)
{
    (void)state;
    char a[13];
    ka_aadhaar(4, a);
    json_t *r = ka_submit(env.port, alice.access, a, "PAN", "BQRPA0004K");
    WA_ASSERT_OK(r);
    json_decref(r);

    long before = atol(wa_sql_value(
        &env,
        "SELECT count(*) FROM audit_log WHERE action = 'KYC_REVEAL' AND actor_id = %ld",
        alice.row_id));
    for (int i = 0; i < 3; i++) {
        r = ka_reveal(env.port, alice.access);
        WA_ASSERT_OK(r);
        assert_string_equal(wa_str(r, "revealAadhaar"), a);
        json_decref(r);
    }
    long after = atol(wa_sql_value(
        &env,
        "SELECT count(*) FROM audit_log WHERE action = 'KYC_REVEAL' AND actor_id = %ld AND "
        "target_id = '%ld'",
        alice.row_id,
        alice.row_id));
    assert_int_equal(after - before, 3);
    assert_string_equal(wa_sql_value(&env,
                                     "SELECT count(*) FROM audit_log WHERE details LIKE '%%%s%%' "
                                     "OR details LIKE '%%%.4s %.4s%%'",
                                     a,
                                     a + 4,
                                     a + 8),
                        "0");

    /* Without a submission: NOT_FOUND. An ADMIN gets their own number (none): never another's. */
    r = ka_reveal(env.port, carol.access);
    WA_ASSERT_CODE(r, "NOT_FOUND");
    json_decref(r);
    r = ka_reveal(env.port, admin.access);
    WA_ASSERT_CODE(r, "NOT_FOUND");
    assert_false(ka_json_contains(r, a));
    json_decref(r);
    /* Anonymous. */
    r = ka_reveal(env.port, NULL);
    WA_ASSERT_CODE(r, "UNAUTHENTICATED");
    json_decref(r);
    /* revealAadhaar takes no argument: asking for someone else's is not even expressible. */
    r = wa_gql(env.port,
               admin.access,
               "mutation($u:ID!){revealAadhaar(userId:$u)}",
               json_pack("{s:s}", "u", alice.id),
               NULL);
    WA_ASSERT_CODE(r, "GRAPHQL_VALIDATION_FAILED");
    json_decref(r);

    /* The admin's own number, once submitted. */
    char b[13];
    ka_aadhaar(5, b);
    r = ka_submit(env.port, admin.access, b, "VOTER_ID", "XYZ3000005");
    WA_ASSERT_OK(r);
    json_decref(r);
    r = ka_reveal(env.port, admin.access);
    WA_ASSERT_OK(r);
    assert_string_equal(wa_str(r, "revealAadhaar"), b);
    json_decref(r);
}

static void
review_rules(void **state)
{
    (void)state;
    /* bob submitted in submit_mask_and_duplicates; alice in reveal_is_own_and_audited. */
    json_t *r = ka_review(env.port, alice.access, bob.id, "APPROVE", NULL);
    WA_ASSERT_CODE(r, "FORBIDDEN");
    json_decref(r);
    r = ka_review(env.port, NULL, bob.id, "APPROVE", NULL);
    WA_ASSERT_CODE(r, "UNAUTHENTICATED");
    json_decref(r);
    /* An admin may not approve their own submission. */
    r = ka_review(env.port, admin.access, admin.id, "APPROVE", NULL);
    WA_ASSERT_CODE(r, "FORBIDDEN");
    json_decref(r);
    /* Nothing to review / no such user / garbage id. */
    r = ka_review(env.port, admin.access, carol.id, "APPROVE", NULL);
    WA_ASSERT_CODE(r, "BAD_USER_INPUT");
    json_decref(r);
    r = ka_review(env.port, admin.access, "garbage", "APPROVE", NULL);
    WA_ASSERT_CODE(r, "BAD_USER_INPUT");
    json_decref(r);

    r = ka_review(env.port, admin.access, bob.id, "APPROVE", "documents match");
    WA_ASSERT_OK(r);
    assert_string_equal(wa_str(r, "reviewKyc.status"), "VERIFIED");
    assert_non_null(wa_str(r, "reviewKyc.reviewedAt"));
    assert_string_equal(wa_str(r, "reviewKyc.reviewNote"), "documents match");
    json_decref(r);
    /* Reviewed once only; a verified user cannot resubmit. */
    r = ka_review(env.port, admin.access, bob.id, "REJECT", "again");
    WA_ASSERT_CODE(r, "BAD_USER_INPUT");
    json_decref(r);
    char a[13];
    ka_aadhaar(6, a);
    r = ka_submit(env.port, bob.access, a, "PAN", "BQRPB0006K");
    WA_ASSERT_CODE(r, "BAD_USER_INPUT");
    json_decref(r);

    r = ka_review(env.port, admin.access, alice.id, "REJECT", "photo unreadable");
    WA_ASSERT_OK(r);
    assert_string_equal(wa_str(r, "reviewKyc.status"), "REJECTED");
    assert_string_equal(wa_str(r, "reviewKyc.reviewNote"), "photo unreadable");
    json_decref(r);
    r = wa_gql(env.port, alice.access, "{me{kyc{status reviewNote}}}", NULL, NULL);
    assert_string_equal(wa_str(r, "me.kyc.status"), "REJECTED");
    json_decref(r);
    /* After a rejection the user may submit again (PENDING, note cleared). */
    ka_aadhaar(4, a);
    r = ka_submit(env.port, alice.access, a, "PASSPORT", "K1234567");
    WA_ASSERT_OK(r);
    assert_string_equal(wa_str(r, "submitKyc.status"), "PENDING");
    assert_true(json_is_null(wa_data(r, "submitKyc.reviewNote")));
    json_decref(r);

    assert_string_equal(
        wa_sql_value(
            &env,
            "SELECT count(*) FROM audit_log WHERE action = 'KYC_REVIEW' AND actor_id = %ld",
            admin.row_id),
        "2");
}

static void
swapped_ciphertexts_do_not_open(void **state)
{
    (void)state;
    /* alice and admin both have a sealed Aadhaar: swap them (and their key ids). */
    char sql[1024];
    snprintf(sql,
             sizeof(sql),
             "WITH a AS (SELECT aadhaar_ciphertext c FROM kyc_profiles WHERE user_id = %ld), "
             "b AS (SELECT aadhaar_ciphertext c FROM kyc_profiles WHERE user_id = %ld) "
             "UPDATE kyc_profiles SET aadhaar_ciphertext = CASE user_id WHEN %ld THEN (SELECT c "
             "FROM b) ELSE (SELECT c FROM a) END WHERE user_id IN (%ld, %ld)",
             alice.row_id,
             admin.row_id,
             alice.row_id,
             alice.row_id,
             admin.row_id);
    wa_sql(&env, sql);
    char a[13], b[13];
    ka_aadhaar(4, a);
    ka_aadhaar(5, b);
    json_t *r = ka_reveal(env.port, alice.access);
    WA_ASSERT_CODE(r, "INTERNAL_SERVER_ERROR");
    assert_string_equal(wa_message(r), "Internal server error");
    assert_false(ka_json_contains(r, a));
    assert_false(ka_json_contains(r, b));
    json_decref(r);
    r = ka_reveal(env.port, admin.access);
    WA_ASSERT_CODE(r, "INTERNAL_SERVER_ERROR");
    assert_false(ka_json_contains(r, a));
    assert_false(ka_json_contains(r, b));
    json_decref(r);
    /* The masked view does not decrypt and keeps working. */
    r = wa_gql(env.port, alice.access, "{me{kyc{aadhaarMasked}}}", NULL, NULL);
    WA_ASSERT_OK(r);
    json_decref(r);
    /* Swapped back, both open again. */
    wa_sql(&env, sql);
    r = ka_reveal(env.port, alice.access);
    WA_ASSERT_OK(r);
    assert_string_equal(wa_str(r, "revealAadhaar"), a);
    json_decref(r);
}

static void
log_has_no_numbers(void **state)
{
    (void)state;
    char *log = th_walletd_log(&env.wd);
    assert_non_null(log);
    for (uint64_t seed = 1; seed <= 6; seed++) {
        char a[13], spaced[15];
        ka_aadhaar(seed, a);
        ka_spaced12(a, spaced);
        if (strstr(log, a) != NULL || strstr(log, spaced) != NULL)
            fail_msg("walletd's log contains an Aadhaar number");
    }
    assert_null(strstr(log, "BQRPA0004K"));
    assert_null(strstr(log, "XYZ3000005"));
    free(log);
}

int
main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(aadhaar_validation),
        cmocka_unit_test(document_validation),
        cmocka_unit_test(submit_mask_and_duplicates),
        cmocka_unit_test(reveal_is_own_and_audited),
        cmocka_unit_test(review_rules),
        cmocka_unit_test(swapped_ciphertexts_do_not_open),
        cmocka_unit_test(log_has_no_numbers),
    };
    return cmocka_run_group_tests(tests, setup, teardown);
}
