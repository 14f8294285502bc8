/*
 * Unit tests for identity numbers and cards (include/app/identity.h; CONTRACT.md §4
 * "Identity data"; issue 6): Aadhaar spacing, digits and Verhoeff; each document format with
 * its normalisation; masking; card numbers, CVVs and expiry.
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

#include "app/identity.h"
#include "core/checksum.h"
#include "crypto/init.h"

static int
setup(void **state)
{
    (void)state;
    return wallet_crypto_init();
}

struct aadhaar_case {
    const char *in;
    const char *canonical; /* NULL: refused */
    const char *reason;    /* substring of the reason when refused */
};

static const struct aadhaar_case aadhaar_cases[] = {
    {"234567890124", "234567890124", NULL},
    {"2345 6789 0124", "234567890124", NULL},
    {" 2345 6789 0124 ", "234567890124", NULL},
    {"2345  6789   0124", "234567890124", NULL},
    {"23 4567890 124", "234567890124", NULL},
    {"2 3 4 5 6 7 8 9 0 1 2 4", "234567890124", NULL},
    {"987654321096", "987654321096", NULL},
    {"4991 8765 4323", "499187654323", NULL},
    {"5555 5555 5551", "555555555551", NULL},
    {"", NULL, "exactly 12 digits"},
    {"     ", NULL, "exactly 12 digits"},
    {"23456789012", NULL, "exactly 12 digits"},
    {"2345678901240", NULL, "exactly 12 digits"},
    {"2345 6789 012", NULL, "exactly 12 digits"},
    {"2345-6789-0124", NULL, "only digits and spaces"},
    {"2345.6789.0124", NULL, "only digits and spaces"},
    {"2345\t6789\t0124", NULL, "only digits and spaces"},
    {"2345\n67890124", NULL, "only digits and spaces"},
    {"2345 6789 012A", NULL, "only digits and spaces"},
    {"+91234567890124", NULL, "only digits and spaces"},
    {"２３４５６７８９０１２４", NULL, "only digits and spaces"}, /* fullwidth digits */
    {"2345\xc2\xa0"
     "6789 0124",
     NULL,
     "only digits and spaces"},                         /* no-break space */
    {"123456789010", NULL, "cannot start with 0 or 1"}, /* valid check digit */
    {"034567890128", NULL, "cannot start with 0 or 1"},
    {"234567890125", NULL, "check digit"},
    {"234567890142", NULL, "check digit"}, /* last two transposed */
    {"324567890124", NULL, "check digit"}, /* first two transposed */
    {"222222222222", NULL, "check digit"},
};

static void
aadhaar_table(void **state)
{
    (void)state;
    for (size_t i = 0; i < sizeof(aadhaar_cases) / sizeof(aadhaar_cases[0]); i++) {
        const struct aadhaar_case *c = &aadhaar_cases[i];
        char out[IDENTITY_AADHAAR_MAX];
        memset(out, 'Z', sizeof(out));
        const char *reason = "unset";
        int rc = identity_aadhaar_normalise(c->in, strlen(c->in), out, &reason);
        if (c->canonical != NULL) {
            if (rc != 0)
                fail_msg("case %zu (%s) refused: %s", i, c->in, reason);
            assert_string_equal(out, c->canonical);
            assert_null(reason);
        } else {
            if (rc != -1)
                fail_msg("case %zu (%s) accepted", i, c->in);
            assert_string_equal(out, "");
            if (strstr(reason, c->reason) == NULL)
                fail_msg("case %zu: reason \"%s\", want \"%s\"", i, reason, c->reason);
            /* the reason never quotes the number or part of it: no run of 3+ digits */
            int run = 0;
            for (const char *p = reason; *p; p++) {
                run = (*p >= '0' && *p <= '9') ? run + 1 : 0;
                assert_true(run < 3);
            }
        }
    }
}

static void
aadhaar_limits_and_masking(void **state)
{
    (void)state;
    char out[IDENTITY_AADHAAR_MAX], masked[IDENTITY_AADHAAR_MASKED_MAX];
    const char *reason;
    char spaced[IDENTITY_INPUT_MAX + 1];
    memset(spaced, ' ', sizeof(spaced));
    memcpy(spaced + 20, "234567890124", 12);
    assert_int_equal(identity_aadhaar_normalise(spaced, IDENTITY_INPUT_MAX, out, &reason), 0);
    assert_int_equal(identity_aadhaar_normalise(spaced, IDENTITY_INPUT_MAX + 1, out, &reason), -1);
    assert_int_equal(identity_aadhaar_normalise(NULL, 0, out, &reason), -1);
    assert_int_equal(identity_aadhaar_normalise("234567890124", 12, out, NULL), 0);
    /* the length is honoured: a NUL inside it is a bad character */
    assert_int_equal(identity_aadhaar_normalise("23456789012\0"
                                                "4",
                                                13,
                                                out,
                                                &reason),
                     -1);

    identity_aadhaar_mask("234567890124", masked);
    assert_string_equal(masked, "XXXX XXXX 0124");
    assert_int_equal(strlen(masked), IDENTITY_AADHAAR_MASKED_MAX - 1);

    /* every number the generator below makes with a valid check digit is accepted */
    for (int i = 0; i < 200; i++) {
        char num[13];
        num[0] = (char)('2' + i % 8);
        for (int k = 1; k < 11; k++)
            num[k] = (char)('0' + (i * 7 + k * 3) % 10);
        num[11] = (char)('0' + checksum_verhoeff_digit(num, 11));
        num[12] = '\0';
        assert_int_equal(identity_aadhaar_normalise(num, 12, out, &reason), 0);
        num[11] = (char)('0' + (num[11] - '0' + 1) % 10);
        assert_int_equal(identity_aadhaar_normalise(num, 12, out, &reason), -1);
    }
}

struct doc_case {
    enum identity_doc_type type;
    const char *in;
    const char *canonical; /* NULL: refused */
    const char *reason;
};

static const struct doc_case doc_cases[] = {
    /* PAN */
    {IDENTITY_DOC_PAN, "ABCPE1234F", "ABCPE1234F", NULL},
    {IDENTITY_DOC_PAN, "abcpe1234f", "ABCPE1234F", NULL},
    {IDENTITY_DOC_PAN, "  AbCcE1234f ", "ABCCE1234F", NULL},
    {IDENTITY_DOC_PAN, "AAAHA0000A", "AAAHA0000A", NULL},
    {IDENTITY_DOC_PAN, "ABCTE9999Z", "ABCTE9999Z", NULL},
    {IDENTITY_DOC_PAN, "ABCXE1234F", NULL, "fourth letter"},
    {IDENTITY_DOC_PAN, "ABCDE1234F", NULL, "fourth letter"},
    {IDENTITY_DOC_PAN, "XYZPE1234", NULL, "5 letters, 4 digits"},
    {IDENTITY_DOC_PAN, "XYZPE12345", NULL, "5 letters, 4 digits"},
    {IDENTITY_DOC_PAN, "ABCPE1234FF", NULL, "5 letters, 4 digits"},
    {IDENTITY_DOC_PAN, "ABCP 1234F", NULL, "5 letters, 4 digits"},
    {IDENTITY_DOC_PAN, "ABCPE 1234F", NULL, "5 letters, 4 digits"},
    {IDENTITY_DOC_PAN, "1BCPE1234F", NULL, "5 letters, 4 digits"},
    {IDENTITY_DOC_PAN, "ABCPE12O4F", NULL, "5 letters, 4 digits"},
    {IDENTITY_DOC_PAN, "ÅBCPE1234F", NULL, "5 letters, 4 digits"},
    {IDENTITY_DOC_PAN, "", NULL, "5 letters, 4 digits"},
    /* Passport */
    {IDENTITY_DOC_PASSPORT, "A1234567", "A1234567", NULL},
    {IDENTITY_DOC_PASSPORT, "z1234567", NULL, "not Q, X or Z"},
    {IDENTITY_DOC_PASSPORT, "p9000001", "P9000001", NULL},
    {IDENTITY_DOC_PASSPORT, " W1000009 ", "W1000009", NULL},
    {IDENTITY_DOC_PASSPORT, "Y1234567", "Y1234567", NULL},
    {IDENTITY_DOC_PASSPORT, "Q1234567", NULL, "not Q, X or Z"},
    {IDENTITY_DOC_PASSPORT, "X1234567", NULL, "not Q, X or Z"},
    {IDENTITY_DOC_PASSPORT, "A0234567", NULL, "first and last not 0"},
    {IDENTITY_DOC_PASSPORT, "A1234560", NULL, "first and last not 0"},
    {IDENTITY_DOC_PASSPORT, "A123456", NULL, "7 digits"},
    {IDENTITY_DOC_PASSPORT, "A12345678", NULL, "7 digits"},
    {IDENTITY_DOC_PASSPORT, "AB234567", NULL, "7 digits"},
    {IDENTITY_DOC_PASSPORT, "A123 4567", NULL, "7 digits"},
    {IDENTITY_DOC_PASSPORT, "12345678", NULL, "7 digits"},
    /* Driving licence */
    {IDENTITY_DOC_DRIVING_LICENCE, "MH1220110012345", "MH1220110012345", NULL},
    {IDENTITY_DOC_DRIVING_LICENCE, "MH12 20110012345", "MH1220110012345", NULL},
    {IDENTITY_DOC_DRIVING_LICENCE, "MH-1220110012345", "MH1220110012345", NULL},
    {IDENTITY_DOC_DRIVING_LICENCE, "mh-12-2011-0012345", "MH1220110012345", NULL},
    {IDENTITY_DOC_DRIVING_LICENCE, "MH 12 2011 0012345", "MH1220110012345", NULL},
    {IDENTITY_DOC_DRIVING_LICENCE, " ka01 19990000001 ", "KA0119990000001", NULL},
    {IDENTITY_DOC_DRIVING_LICENCE, "DL-0420150123456", "DL0420150123456", NULL},
    {IDENTITY_DOC_DRIVING_LICENCE, "TG0720240000007", "TG0720240000007", NULL},
    {IDENTITY_DOC_DRIVING_LICENCE, "MH--1220110012345", NULL, "2-letter state code"},
    {IDENTITY_DOC_DRIVING_LICENCE, "MH12  20110012345", NULL, "2-letter state code"},
    {IDENTITY_DOC_DRIVING_LICENCE, "MH122011 001 2345", NULL, "2-letter state code"},
    {IDENTITY_DOC_DRIVING_LICENCE, "MH1220110012345 6", NULL, "2-letter state code"},
    {IDENTITY_DOC_DRIVING_LICENCE, "MH122011001234", NULL, "2-letter state code"},
    {IDENTITY_DOC_DRIVING_LICENCE, "MH12201100123456", NULL, "2-letter state code"},
    {IDENTITY_DOC_DRIVING_LICENCE, "M11220110012345", NULL, "2-letter state code"},
    {IDENTITY_DOC_DRIVING_LICENCE, "MH1A20110012345", NULL, "2-letter state code"},
    {IDENTITY_DOC_DRIVING_LICENCE, "MH_1220110012345", NULL, "2-letter state code"},
    {IDENTITY_DOC_DRIVING_LICENCE, "ZZ1220110012345", NULL, "unknown state code"},
    {IDENTITY_DOC_DRIVING_LICENCE, "XX1220110012345", NULL, "unknown state code"},
    {IDENTITY_DOC_DRIVING_LICENCE, "MH0020110012345", NULL, "RTO code"},
    {IDENTITY_DOC_DRIVING_LICENCE, "MH1218110012345", NULL, "year of issue"},
    {IDENTITY_DOC_DRIVING_LICENCE, "MH1230110012345", NULL, "year of issue"},
    /* Voter id (EPIC) */
    {IDENTITY_DOC_VOTER_ID, "ABC1234567", "ABC1234567", NULL},
    {IDENTITY_DOC_VOTER_ID, "xyz0000001", "XYZ0000001", NULL},
    {IDENTITY_DOC_VOTER_ID, "AB1234567", NULL, "3 letters followed by 7 digits"},
    {IDENTITY_DOC_VOTER_ID, "ABCD123456", NULL, "3 letters followed by 7 digits"},
    {IDENTITY_DOC_VOTER_ID, "ABC123456", NULL, "3 letters followed by 7 digits"},
    {IDENTITY_DOC_VOTER_ID, "ABC12345678", NULL, "3 letters followed by 7 digits"},
    {IDENTITY_DOC_VOTER_ID, "ABC 1234567", NULL, "3 letters followed by 7 digits"},
    {IDENTITY_DOC_VOTER_ID, "ABC-1234567", NULL, "3 letters followed by 7 digits"},
};

static void
document_table(void **state)
{
    (void)state;
    for (size_t i = 0; i < sizeof(doc_cases) / sizeof(doc_cases[0]); i++) {
        const struct doc_case *c = &doc_cases[i];
        char out[IDENTITY_DOC_MAX];
        memset(out, 'Z', sizeof(out));
        const char *reason = "unset";
        int rc = identity_document_normalise(c->type, c->in, strlen(c->in), out, &reason);
        if (c->canonical != NULL) {
            if (rc != 0)
                fail_msg("case %zu (%s) refused: %s", i, c->in, reason);
            assert_string_equal(out, c->canonical);
            assert_null(reason);
        } else {
            if (rc != -1)
                fail_msg("case %zu (%s) accepted as %s", i, c->in, out);
            assert_string_equal(out, "");
            if (strstr(reason, c->reason) == NULL)
                fail_msg("case %zu (%s): reason \"%s\", want \"%s\"", i, c->in, reason, c->reason);
            if (strlen(c->in) >= 6 && strstr(reason, c->in) != NULL)
                fail_msg("case %zu: reason quotes the input", i);
        }
    }
}

static void
document_types_and_limits(void **state)
{
    (void)state;
    enum identity_doc_type t;
    const char *names[] = {"PASSPORT", "PAN", "DRIVING_LICENCE", "VOTER_ID"};
    for (size_t i = 0; i < 4; i++) {
        assert_int_equal(identity_doc_type_from_name(names[i], &t), 0);
        assert_string_equal(identity_doc_type_name(t), names[i]);
    }
    assert_int_equal(identity_doc_type_from_name("pan", &t), -1);
    assert_int_equal(identity_doc_type_from_name(NULL, &t), -1);
    assert_null(identity_doc_type_name((enum identity_doc_type)17));

    char out[IDENTITY_DOC_MAX];
    const char *reason = NULL;
    assert_int_equal(identity_document_normalise((enum identity_doc_type)17, "A", 1, out, &reason),
                     -1);
    assert_string_equal(reason, "Unknown document type");
    char big[IDENTITY_INPUT_MAX + 10];
    memset(big, ' ', sizeof(big));
    memcpy(big, "ABCPE1234F", 10);
    assert_int_equal(
        identity_document_normalise(IDENTITY_DOC_PAN, big, IDENTITY_INPUT_MAX, out, &reason), 0);
    assert_int_equal(identity_document_normalise(IDENTITY_DOC_PAN, big, sizeof(big), out, &reason),
                     -1);
    assert_int_equal(identity_document_normalise(IDENTITY_DOC_PAN, NULL, 0, out, &reason), -1);
    assert_int_equal(
        identity_document_normalise(IDENTITY_DOC_PAN, "ABCPE1234F\0", 11, out, &reason), -1);
}

static void
masking_shows_only_the_last_four(void **state)
{
    (void)state;
    char out[IDENTITY_DOC_MAX];
    assert_int_equal(identity_mask_last4("ABCPE1234F", 10, out, sizeof(out)), 0);
    assert_string_equal(out, "XXXXXX234F");
    assert_int_equal(identity_mask_last4("MH1220110012345", 15, out, sizeof(out)), 0);
    assert_string_equal(out, "XXXXXXXXXXX2345");
    assert_int_equal(identity_mask_last4("A1234567", 8, out, sizeof(out)), 0);
    assert_string_equal(out, "XXXX4567");
    assert_int_equal(identity_mask_last4("1234", 4, out, sizeof(out)), 0);
    assert_string_equal(out, "XXXX"); /* never shown whole */
    assert_int_equal(identity_mask_last4("", 0, out, sizeof(out)), 0);
    assert_string_equal(out, "");
    assert_int_equal(identity_mask_last4("ABCPE1234F", 10, out, 10), -1);
}

static void
cards_are_luhn_valid_with_brand_prefixes(void **state)
{
    (void)state;
    int mc_second[10] = {0};
    char seen[100][IDENTITY_CARD_NUMBER_LEN + 1];
    for (int i = 0; i < 100; i++) {
        struct identity_card c;
        enum identity_card_brand brand = i % 2 ? IDENTITY_CARD_MASTERCARD : IDENTITY_CARD_VISA;
        assert_int_equal(identity_card_generate(brand, 2026, 11, 5, &c), 0);
        assert_int_equal(c.brand, brand);
        assert_int_equal(strlen(c.number), 16);
        assert_true(checksum_luhn_valid(c.number, 16));
        assert_true(identity_card_number_valid(c.number, 16));
        if (brand == IDENTITY_CARD_VISA) {
            assert_int_equal(c.number[0], '4');
        } else {
            assert_int_equal(c.number[0], '5');
            assert_true(c.number[1] >= '1' && c.number[1] <= '5');
            mc_second[c.number[1] - '0']++;
        }
        assert_string_equal(c.last4, c.number + 12);
        assert_int_equal(strlen(c.cvv), 3);
        for (int k = 0; k < 3; k++)
            assert_true(c.cvv[k] >= '0' && c.cvv[k] <= '9');
        assert_int_equal(c.expiry_month, 11);
        assert_int_equal(c.expiry_year, 2031);
        memcpy(seen[i], c.number, sizeof(seen[i]));
        for (int j = 0; j < i; j++)
            assert_string_not_equal(seen[j], c.number);
        identity_card_wipe(&c);
        static const struct identity_card zero;
        assert_memory_equal(&c, &zero, sizeof(c));
    }
    int prefixes_used = 0;
    for (int d = 1; d <= 5; d++)
        prefixes_used += mc_second[d] > 0;
    assert_true(prefixes_used >= 2); /* 50 draws over 5 prefixes */
}

static void
card_arguments_and_helpers(void **state)
{
    (void)state;
    struct identity_card c;
    assert_int_equal(identity_card_generate(IDENTITY_CARD_VISA, 2026, 0, 5, &c), -1);
    assert_int_equal(identity_card_generate(IDENTITY_CARD_VISA, 2026, 13, 5, &c), -1);
    assert_int_equal(identity_card_generate(IDENTITY_CARD_VISA, 2026, 1, 0, &c), -1);
    assert_int_equal(identity_card_generate(IDENTITY_CARD_VISA, 1999, 1, 3, &c), -1);
    assert_int_equal(identity_card_generate((enum identity_card_brand)9, 2026, 1, 3, &c), -1);
    assert_int_equal(identity_card_generate(IDENTITY_CARD_VISA, 2026, 12, 1, &c), 0);
    assert_int_equal(c.expiry_month, 12);
    assert_int_equal(c.expiry_year, 2027);
    identity_card_wipe(&c);

    enum identity_card_brand b;
    assert_int_equal(identity_card_brand_from_name("VISA", &b), 0);
    assert_int_equal(b, IDENTITY_CARD_VISA);
    assert_int_equal(identity_card_brand_from_name("MASTERCARD", &b), 0);
    assert_int_equal(b, IDENTITY_CARD_MASTERCARD);
    assert_int_equal(identity_card_brand_from_name("AMEX", &b), -1);
    assert_string_equal(identity_card_brand_name(IDENTITY_CARD_MASTERCARD), "MASTERCARD");
    assert_null(identity_card_brand_name((enum identity_card_brand)9));

    assert_true(identity_card_number_valid("4111111111111111", 16));
    assert_false(identity_card_number_valid("4111111111111112", 16));
    assert_false(identity_card_number_valid("411111111111111", 15));
    assert_false(identity_card_number_valid("4111 1111 1111 1111", 19));
    assert_false(identity_card_number_valid(NULL, 16));
}

int
main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(aadhaar_table),
        cmocka_unit_test(aadhaar_limits_and_masking),
        cmocka_unit_test(document_table),
        cmocka_unit_test(document_types_and_limits),
        cmocka_unit_test(masking_shows_only_the_last_four),
        cmocka_unit_test(cards_are_luhn_valid_with_brand_prefixes),
        cmocka_unit_test(card_arguments_and_helpers),
    };
    return cmocka_run_group_tests(tests, setup, NULL);
}
