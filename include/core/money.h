/*
 * Money as exact integers of the minor unit (paise for INR), never floating point.
 *
 * CONTRACT.md §4 "Money and transfers" and the `Money` scalar: amounts are decimals with two
 * fraction digits. Inputs are "digits with an optional '.' and one or two fraction digits";
 * outputs always carry exactly two ("1250.00", "-0.50").
 *
 * Accepted by money_parse:   "0", "1", "1.5", "1.50", "007.25", "999999999999999.99"
 * Refused:                   "", ".", "1.", ".5", "1.234", "0.001", "1e3", "+1", "-1", " 1",
 *                            "1 ", "1,000", "0x10", "1.2.3", "١" (non-ASCII digits), anything
 *                            above MONEY_MAX.
 * A leading '-' is accepted only by money_parse_signed, for the few signed contexts (ledger
 * amounts, filters); amounts a client sends to move money are parsed with money_parse and the
 * resolvers then refuse zero and apply the contract's upper bound (10,000,000,000.00).
 */
#ifndef WALLET_CORE_MONEY_H
#define WALLET_CORE_MONEY_H

#include <stddef.h>
#include <stdint.h>

/* Largest magnitude money_parse accepts: 999,999,999,999,999.99 (10^17 - 1 minor units).
 * Far above any contract limit, and far enough below INT64_MAX (~9.2 * 10^18) that sums of
 * up to 92 parsed values cannot overflow. */
#define MONEY_MAX INT64_C(99999999999999999)

/* Buffer size for money_format: "-92233720368547758.08" is 21 characters plus the NUL. */
#define MONEY_FMT_MAX 22

/* Why money_parse refused its input (negative return values). */
enum money_err {
    MONEY_OK = 0,
    MONEY_ESYNTAX = -1,    /* not digits with an optional '.' and one or two fraction digits */
    MONEY_EPRECISION = -2, /* three or more fraction digits */
    MONEY_ERANGE = -3,     /* magnitude above MONEY_MAX */
};

/*
 * Parses s[0..len) (not NUL-terminated) as a non-negative amount into *out (minor units).
 * Returns 0, or a negative enum money_err with *out untouched. Zero is accepted: refusing
 * amounts <= 0 is the caller's rule.
 */
int money_parse(const char *s, size_t len, int64_t *out);

/*
 * Like money_parse, but also accepts one leading '-' ("-12.50" -> -1250; "-0" -> 0).
 * '+' is never accepted.
 */
int money_parse_signed(const char *s, size_t len, int64_t *out);

/*
 * Returns a fixed English message for a money_parse result, fit for a BAD_USER_INPUT error
 * (it never echoes the input). MONEY_OK gives "".
 */
const char *money_strerror(int rc);

/*
 * Writes v as a decimal with exactly two fraction digits ("1250.00", "-0.50", "0.00") into
 * buf, NUL-terminated, and returns its length. Every int64_t, INT64_MIN included, fits.
 */
int money_format(int64_t v, char buf[MONEY_FMT_MAX]);

/* *out = a + b; returns 0, or -1 (with *out untouched) if the sum overflows int64_t. */
int money_add(int64_t a, int64_t b, int64_t *out);

/* *out = a - b; returns 0, or -1 (with *out untouched) if the difference overflows int64_t. */
int money_sub(int64_t a, int64_t b, int64_t *out);

#endif
