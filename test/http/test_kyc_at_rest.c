/*
 * Identity data sealed at rest (contract §4 "Identity data"; issue 6): after a scenario in
 * which several users submit KYC (every document type, typed with spaces and in lower case),
 * get reviewed, reveal their number and are issued cards, a pg_dump of the whole database
 * holds no Aadhaar, document or card number in any form, and neither does walletd's log.
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

#define USERS 5
#define CARDS_PER_USER 2

static struct wa_env env;
static struct wa_user admin;

struct person {
    struct wa_user u;
    char aadhaar[13];
    char doc_type[20];
    char doc[20];
    char doc_typed[32];
    char cards[CARDS_PER_USER][17];
};
static struct person people[USERS];

static const char *const doc_types[] = {"PAN", "PASSPORT", "DRIVING_LICENCE", "VOTER_ID"};

static int
setup(void **state)
{
    (void)state;
    const char *extra[] = {"WALLET_SEAL_KEY=" KA_KEY_B, NULL};
    if (wa_start(&env, extra) != 0)
        return -1;
    return wa_create_admin(&env, "admin", "root of trust 77", &admin) == 0 ? 0 : -1;
}

static int
teardown(void **state)
{
    (void)state;
    return wa_stop(&env);
}

/* Lower case between spaces: the server normalises it. */
static void
typed_form(const char *doc, char *out, size_t cap)
{
    size_t n = strlen(doc), j = 0;
    out[j++] = ' ';
    for (size_t i = 0; i < n && j + 2 < cap; i++)
        out[j++] = (char)(doc[i] >= 'A' && doc[i] <= 'Z' ? doc[i] - 'A' + 'a' : doc[i]);
    out[j++] = ' ';
    out[j] = '\0';
}

static void
scenario(void **state)
{
    (void)state;
    for (int i = 0; i < USERS; i++) {
        struct person *p = &people[i];
        char name[32];
        snprintf(name, sizeof(name), "person%d", i);
        wa_register(env.port, name, &p->u);
        ka_aadhaar(100 + (uint64_t)i, p->aadhaar);
        snprintf(p->doc_type, sizeof(p->doc_type), "%s", doc_types[i % 4]);
        ka_document(p->doc_type, 40 + (unsigned)i, p->doc, sizeof(p->doc));
        typed_form(p->doc, p->doc_typed, sizeof(p->doc_typed));
        char spaced[15];
        ka_spaced12(p->aadhaar, spaced);
        json_t *r = ka_submit(env.port, p->u.access, spaced, p->doc_type, p->doc_typed);
        WA_ASSERT_OK(r);
        json_decref(r);
        for (int c = 0; c < CARDS_PER_USER; c++) {
            r = ka_issue(env.port, p->u.access, p->u.account, c ? "PHYSICAL" : "VIRTUAL", NULL);
            WA_ASSERT_OK(r);
            snprintf(p->cards[c], sizeof(p->cards[c]), "%s", wa_str(r, "issueCard.number"));
            json_decref(r);
        }
        r = ka_reveal(env.port, p->u.access);
        WA_ASSERT_OK(r);
        assert_string_equal(wa_str(r, "revealAadhaar"), p->aadhaar);
        json_decref(r);
        if (i % 2 == 0) {
            r = ka_review(env.port, admin.access, p->u.id, i % 4 ? "REJECT" : "APPROVE", "ok");
            WA_ASSERT_OK(r);
            json_decref(r);
        }
    }
}

/* Fails when text contains any number of the scenario in any of the forms people type. */
static void
assert_no_numbers(const char *text, const char *what)
{
    for (int i = 0; i < USERS; i++) {
        const struct person *p = &people[i];
        char spaced[15], dashed[16];
        ka_spaced12(p->aadhaar, spaced);
        snprintf(
            dashed, sizeof(dashed), "%.4s-%.4s-%.4s", p->aadhaar, p->aadhaar + 4, p->aadhaar + 8);
        if (strstr(text, p->aadhaar) || strstr(text, spaced) || strstr(text, dashed))
            fail_msg("%s contains person%d's Aadhaar number", what, i);
        assert_int_equal(strlen(p->aadhaar), 12);
        assert_true(strlen(p->doc) >= 8);
        char lower[32];
        snprintf(lower, sizeof(lower), "%.*s", (int)strlen(p->doc), p->doc_typed + 1);
        if (strstr(text, p->doc) || strstr(text, lower))
            fail_msg("%s contains person%d's document number", what, i);
        for (int c = 0; c < CARDS_PER_USER; c++) {
            assert_int_equal(strlen(p->cards[c]), 16);
            char card_spaced[20];
            snprintf(card_spaced,
                     sizeof(card_spaced),
                     "%.4s %.4s %.4s %.4s",
                     p->cards[c],
                     p->cards[c] + 4,
                     p->cards[c] + 8,
                     p->cards[c] + 12);
            if (strstr(text, p->cards[c]) || strstr(text, card_spaced))
                fail_msg("%s contains person%d's card number", what, i);
        }
    }
}

static void
dump_holds_no_plaintext(void **state)
{
    (void)state;
    char *dump = ka_pg_dump(env.pg.url);
    assert_non_null(dump);
    /* The dump is real and holds the rows (their masked parts are there). */
    assert_non_null(strstr(dump, "COPY public.kyc_profiles"));
    assert_non_null(strstr(dump, "COPY public.cards"));
    assert_non_null(strstr(dump, "COPY public.audit_log"));
    assert_non_null(strstr(dump, "KYC_REVEAL"));
    for (int i = 0; i < USERS; i++) {
        assert_non_null(strstr(dump, people[i].aadhaar + 8));
        assert_non_null(strstr(dump, people[i].cards[0] + 12));
    }
    assert_no_numbers(dump, "pg_dump");
    free(dump);
}

static void
log_holds_no_plaintext(void **state)
{
    (void)state;
    char *log = th_walletd_log(&env.wd);
    assert_non_null(log);
    assert_no_numbers(log, "walletd's log");
    free(log);
}

int
main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(scenario),
        cmocka_unit_test(dump_holds_no_plaintext),
        cmocka_unit_test(log_holds_no_plaintext),
    };
    return cmocka_run_group_tests(tests, setup, teardown);
}
