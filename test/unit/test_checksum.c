/*
 * Unit tests for the Verhoeff and Luhn check digits (include/core/checksum.h), with published
 * examples and exhaustive single-error / transposition checks that a wrong table would fail.
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

#include "core/checksum.h"

#define S(lit) (lit), (sizeof(lit) - 1)

static void
verhoeff_published_examples(void **state)
{
    (void)state;
    assert_int_equal(checksum_verhoeff_digit(S("236")), 3);
    assert_true(checksum_verhoeff_valid(S("2363")));
    assert_false(checksum_verhoeff_valid(S("2364")));
    assert_false(checksum_verhoeff_valid(S("2336"))); /* transposed */
    assert_int_equal(checksum_verhoeff_digit(S("12345")), 1);
    assert_true(checksum_verhoeff_valid(S("123451")));
    assert_false(checksum_verhoeff_valid(S("122451")));
    assert_false(checksum_verhoeff_valid(S("128451")));
    assert_int_equal(checksum_verhoeff_digit(S("123456789012")), 0);
    assert_true(checksum_verhoeff_valid(S("1234567890120")));
    assert_false(checksum_verhoeff_valid(S("1234567890121")));
}

static void
verhoeff_refuses_non_digits_and_short_input(void **state)
{
    (void)state;
    assert_false(checksum_verhoeff_valid(S("")));
    assert_false(checksum_verhoeff_valid(S("0"))); /* a check digit alone is not a number */
    assert_false(checksum_verhoeff_valid(S("23 63")));
    assert_false(checksum_verhoeff_valid(S("236a")));
    assert_false(checksum_verhoeff_valid(NULL, 4));
    assert_int_equal(checksum_verhoeff_digit(S("")), -1);
    assert_int_equal(checksum_verhoeff_digit(S("2-3")), -1);
    assert_int_equal(checksum_verhoeff_digit(NULL, 3), -1);
}

/* A small deterministic generator, so the property checks cover many numbers reproducibly. */
static uint64_t
next_rand(uint64_t *s)
{
    *s ^= *s << 13;
    *s ^= *s >> 7;
    *s ^= *s << 17;
    return *s;
}

static void
verhoeff_catches_every_single_error_and_adjacent_transposition(void **state)
{
    (void)state;
    uint64_t seed = 0x9E3779B97F4A7C15u;
    for (int n = 0; n < 300; n++) {
        char num[13];
        for (int i = 0; i < 11; i++)
            num[i] = (char)('0' + next_rand(&seed) % 10);
        int check = checksum_verhoeff_digit(num, 11);
        assert_true(check >= 0 && check <= 9);
        num[11] = (char)('0' + check);
        num[12] = '\0';
        assert_true(checksum_verhoeff_valid(num, 12));
        /* every other final digit is wrong */
        for (char d = '0'; d <= '9'; d++) {
            if (d == num[11])
                continue;
            char bad[12];
            memcpy(bad, num, 12);
            bad[11] = d;
            assert_false(checksum_verhoeff_valid(bad, 12));
        }
        for (int pos = 0; pos < 12; pos++) {
            for (char d = '0'; d <= '9'; d++) {
                if (d == num[pos])
                    continue;
                char bad[12];
                memcpy(bad, num, 12);
                bad[pos] = d;
                assert_false(checksum_verhoeff_valid(bad, 12));
            }
            if (pos < 11 && num[pos] != num[pos + 1]) {
                char swapped[12];
                memcpy(swapped, num, 12);
                swapped[pos] = num[pos + 1];
                swapped[pos + 1] = num[pos];
                assert_false(checksum_verhoeff_valid(swapped, 12));
            }
        }
    }
}

static void
luhn_published_examples(void **state)
{
    (void)state;
    assert_true(checksum_luhn_valid(S("79927398713")));
    assert_int_equal(checksum_luhn_digit(S("7992739871")), 3);
    for (char d = '0'; d <= '9'; d++) {
        char num[] = "7992739871X";
        num[10] = d;
        assert_int_equal(checksum_luhn_valid(num, 11), d == '3');
    }
    assert_true(checksum_luhn_valid(S("4111111111111111")));
    assert_false(checksum_luhn_valid(S("4111111111111112")));
    assert_true(checksum_luhn_valid(S("5555555555554444")));
    assert_true(checksum_luhn_valid(S("378282246310005")));
    assert_true(checksum_luhn_valid(S("6011111111111117")));
    assert_false(checksum_luhn_valid(S("1234567812345678")));
    assert_true(checksum_luhn_valid(S("1234567812345670")));
    assert_int_equal(checksum_luhn_digit(S("411111111111111")), 1);
    assert_int_equal(checksum_luhn_digit(S("0")), 0);
    assert_int_equal(checksum_luhn_digit(S("9")), 1); /* 9*2 = 18 -> 9; 9 + 1 = 10 */
}

static void
luhn_refuses_non_digits_and_short_input(void **state)
{
    (void)state;
    assert_false(checksum_luhn_valid(S("")));
    assert_false(checksum_luhn_valid(S("0")));
    assert_false(checksum_luhn_valid(S("4111 1111 1111 1111")));
    assert_false(checksum_luhn_valid(S("411111111111111a")));
    assert_false(checksum_luhn_valid(NULL, 16));
    assert_int_equal(checksum_luhn_digit(S("")), -1);
    assert_int_equal(checksum_luhn_digit(S("12x")), -1);
}

static void
luhn_catches_every_single_digit_error(void **state)
{
    (void)state;
    uint64_t seed = 12345;
    for (int n = 0; n < 200; n++) {
        char num[16];
        for (int i = 0; i < 15; i++)
            num[i] = (char)('0' + next_rand(&seed) % 10);
        num[15] = (char)('0' + checksum_luhn_digit(num, 15));
        assert_true(checksum_luhn_valid(num, 16));
        for (int pos = 0; pos < 16; pos++) {
            for (char d = '0'; d <= '9'; d++) {
                if (d == num[pos])
                    continue;
                char bad[16];
                memcpy(bad, num, 16);
                bad[pos] = d;
                assert_false(checksum_luhn_valid(bad, 16));
            }
        }
    }
}

int
main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(verhoeff_published_examples),
        cmocka_unit_test(verhoeff_refuses_non_digits_and_short_input),
        cmocka_unit_test(verhoeff_catches_every_single_error_and_adjacent_transposition),
        cmocka_unit_test(luhn_published_examples),
        cmocka_unit_test(luhn_refuses_non_digits_and_short_input),
        cmocka_unit_test(luhn_catches_every_single_digit_error),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
