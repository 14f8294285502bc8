/*
 * Unit tests for money parsing, formatting and overflow-checked arithmetic
 * (include/core/money.h; CONTRACT.md §4 "Money and transfers", the `Money` scalar).
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

#include "core/money.h"

struct parse_case {
    const char *in;
    int rc;
    int64_t minor;
};

static const struct parse_case unsigned_cases[] = {
    {"0", MONEY_OK, 0},
    {"0.00", MONEY_OK, 0},
    {"1", MONEY_OK, 100},
    {"1.5", MONEY_OK, 150},
    {"1.50", MONEY_OK, 150},
    {"1.05", MONEY_OK, 105},
    {"0.01", MONEY_OK, 1},
    {"0.1", MONEY_OK, 10},
    {"1250.00", MONEY_OK, 125000},
    {"007.25", MONEY_OK, 725},
    {"10000000000.00", MONEY_OK, INT64_C(1000000000000)},
    {"999999999999999.99", MONEY_OK, MONEY_MAX},
    {"000000000000000000000000000001.00", MONEY_OK, 100},
    {"", MONEY_ESYNTAX, 0},
    {".", MONEY_ESYNTAX, 0},
    {"1.", MONEY_ESYNTAX, 0},
    {".5", MONEY_ESYNTAX, 0},
    {"1.234", MONEY_EPRECISION, 0},
    {"0.001", MONEY_EPRECISION, 0},
    {"1.000", MONEY_EPRECISION, 0},
    {"1e3", MONEY_ESYNTAX, 0},
    {"1E3", MONEY_ESYNTAX, 0},
    {"+1", MONEY_ESYNTAX, 0},
    {"-1", MONEY_ESYNTAX, 0},
    {"-1.00", MONEY_ESYNTAX, 0},
    {" 1", MONEY_ESYNTAX, 0},
    {"1 ", MONEY_ESYNTAX, 0},
    {"1,000", MONEY_ESYNTAX, 0},
    {"1,00", MONEY_ESYNTAX, 0},
    {"0x10", MONEY_ESYNTAX, 0},
    {"abc", MONEY_ESYNTAX, 0},
    {"x1", MONEY_ESYNTAX, 0},
    {"1.2.3", MONEY_ESYNTAX, 0},
    {"1..2", MONEY_ESYNTAX, 0},
    {"1.x", MONEY_ESYNTAX, 0},
    {"1.5x", MONEY_ESYNTAX, 0},
    {"1.2345x", MONEY_ESYNTAX, 0}, /* malformed wins over too precise */
    {"NaN", MONEY_ESYNTAX, 0},
    {"Infinity", MONEY_ESYNTAX, 0},
    {"\xd9\xa1", MONEY_ESYNTAX, 0}, /* ARABIC-INDIC DIGIT ONE */
    {"１", MONEY_ESYNTAX, 0},       /* FULLWIDTH DIGIT ONE */
    {"1000000000000000.00", MONEY_ERANGE, 0},
    {"1000000000000000", MONEY_ERANGE, 0},
    {"99999999999999999999.99", MONEY_ERANGE, 0},
    {"9223372036854775807", MONEY_ERANGE, 0},
    {"92233720368547758.08", MONEY_ERANGE, 0},
    {"184467440737095516160000", MONEY_ERANGE, 0}, /* wraps uint64 if unchecked */
    {"99999999999999999999999999999999999999999999999999.99", MONEY_ERANGE, 0},
};

static void
parse_table(void **state)
{
    (void)state;
    for (size_t i = 0; i < sizeof(unsigned_cases) / sizeof(unsigned_cases[0]); i++) {
        const struct parse_case *c = &unsigned_cases[i];
        int64_t v = -777;
        int rc = money_parse(c->in, strlen(c->in), &v);
        if (rc != c->rc)
            fail_msg("money_parse(\"%s\") = %d, want %d", c->in, rc, c->rc);
        if (c->rc == MONEY_OK)
            assert_int_equal(v, c->minor);
        else
            assert_int_equal(v, -777); /* untouched on failure */
    }
}

static void
parse_respects_length_not_nul(void **state)
{
    (void)state;
    int64_t v = 0;
    assert_int_equal(money_parse("12.345", 5, &v), MONEY_OK); /* "12.34" */
    assert_int_equal(v, 1234);
    assert_int_equal(money_parse("1\0", 2, &v), MONEY_ESYNTAX);
    assert_int_equal(money_parse(NULL, 0, &v), MONEY_ESYNTAX);
    assert_int_equal(money_parse("5", 0, &v), MONEY_ESYNTAX);
}

static const struct parse_case signed_cases[] = {
    {"-1.00", MONEY_OK, -100},
    {"-0.50", MONEY_OK, -50},
    {"-0", MONEY_OK, 0},
    {"12.5", MONEY_OK, 1250},
    {"-999999999999999.99", MONEY_OK, -MONEY_MAX},
    {"-", MONEY_ESYNTAX, 0},
    {"--1", MONEY_ESYNTAX, 0},
    {"+1", MONEY_ESYNTAX, 0},
    {"- 1", MONEY_ESYNTAX, 0},
    {"1-", MONEY_ESYNTAX, 0},
    {"-.5", MONEY_ESYNTAX, 0},
    {"-0.001", MONEY_EPRECISION, 0},
    {"-99999999999999999999.99", MONEY_ERANGE, 0},
};

static void
parse_signed_table(void **state)
{
    (void)state;
    for (size_t i = 0; i < sizeof(signed_cases) / sizeof(signed_cases[0]); i++) {
        const struct parse_case *c = &signed_cases[i];
        int64_t v = -777;
        int rc = money_parse_signed(c->in, strlen(c->in), &v);
        if (rc != c->rc)
            fail_msg("money_parse_signed(\"%s\") = %d, want %d", c->in, rc, c->rc);
        if (c->rc == MONEY_OK)
            assert_int_equal(v, c->minor);
    }
}

static void
error_messages_do_not_echo_input(void **state)
{
    (void)state;
    assert_string_equal(money_strerror(MONEY_OK), "");
    assert_non_null(strstr(money_strerror(MONEY_EPRECISION), "two fraction digits"));
    assert_non_null(strstr(money_strerror(MONEY_ERANGE), "too large"));
    assert_non_null(strstr(money_strerror(MONEY_ESYNTAX), "digits"));
}

struct format_case {
    int64_t v;
    const char *out;
};

static const struct format_case format_cases[] = {
    {0, "0.00"},
    {1, "0.01"},
    {10, "0.10"},
    {99, "0.99"},
    {100, "1.00"},
    {125000, "1250.00"},
    {-50, "-0.50"},
    {-1, "-0.01"},
    {-100, "-1.00"},
    {-123456, "-1234.56"},
    {MONEY_MAX, "999999999999999.99"},
    {INT64_MAX, "92233720368547758.07"},
    {INT64_MIN, "-92233720368547758.08"},
    {INT64_MIN + 1, "-92233720368547758.07"},
};

static void
format_table(void **state)
{
    (void)state;
    for (size_t i = 0; i < sizeof(format_cases) / sizeof(format_cases[0]); i++) {
        char buf[MONEY_FMT_MAX];
        memset(buf, 'Z', sizeof(buf));
        int n = money_format(format_cases[i].v, buf);
        assert_string_equal(buf, format_cases[i].out);
        assert_int_equal(n, (int)strlen(format_cases[i].out));
        assert_true(n < MONEY_FMT_MAX);
    }
}

static void
format_then_parse_round_trips(void **state)
{
    (void)state;
    /* A spread of values across every magnitude, both signs. */
    int64_t v = 1;
    for (int i = 0; i < 60; i++) {
        int64_t samples[] = {v, v - 1, v + 7, -v, -(v + 3)};
        for (size_t k = 0; k < sizeof(samples) / sizeof(samples[0]); k++) {
            int64_t s = samples[k];
            if (s > MONEY_MAX || s < -MONEY_MAX)
                continue;
            char buf[MONEY_FMT_MAX];
            int n = money_format(s, buf);
            int64_t back = 0;
            assert_int_equal(money_parse_signed(buf, (size_t)n, &back), MONEY_OK);
            assert_int_equal(back, s);
        }
        v = v * 2 + 1;
        if (v > MONEY_MAX)
            break;
    }
}

static void
add_and_sub_detect_overflow(void **state)
{
    (void)state;
    int64_t out = 42;
    assert_int_equal(money_add(100, 250, &out), 0);
    assert_int_equal(out, 350);
    assert_int_equal(money_add(-100, 50, &out), 0);
    assert_int_equal(out, -50);
    assert_int_equal(money_add(INT64_MAX - 1, 1, &out), 0);
    assert_int_equal(out, INT64_MAX);

    out = 42;
    assert_int_equal(money_add(INT64_MAX, 1, &out), -1);
    assert_int_equal(out, 42);
    assert_int_equal(money_add(INT64_MIN, -1, &out), -1);
    assert_int_equal(money_add(INT64_MAX, INT64_MAX, &out), -1);
    assert_int_equal(out, 42);

    assert_int_equal(money_sub(100, 250, &out), 0);
    assert_int_equal(out, -150);
    assert_int_equal(money_sub(0, INT64_MAX, &out), 0);
    assert_int_equal(out, -INT64_MAX);
    out = 42;
    assert_int_equal(money_sub(0, INT64_MIN, &out), -1);
    assert_int_equal(money_sub(INT64_MIN, 1, &out), -1);
    assert_int_equal(money_sub(INT64_MAX, -1, &out), -1);
    assert_int_equal(out, 42);

    /* 92 maxima add up without overflow, as the header promises. */
    int64_t sum = 0;
    for (int i = 0; i < 92; i++)
        assert_int_equal(money_add(sum, MONEY_MAX, &sum), 0);
}

int
main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(parse_table),
        cmocka_unit_test(parse_respects_length_not_nul),
        cmocka_unit_test(parse_signed_table),
        cmocka_unit_test(error_messages_do_not_echo_input),
        cmocka_unit_test(format_table),
        cmocka_unit_test(format_then_parse_round_trips),
        cmocka_unit_test(add_and_sub_detect_overflow),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
