/*
 * Money parsing, formatting and overflow-checked arithmetic on int64 minor units
 * (include/core/money.h; CONTRACT.md §4 "Money and transfers", the `Money` scalar).
 */
#include "core/money.h"

#include <stdbool.h>

static bool
is_digit(char c)
{
    return c >= '0' && c <= '9';
}

/*
 * Checks the grammar  digit+ ( '.' digit digit? )?  over the whole input before looking at
 * the value, so a malformed input is always reported as malformed, never as "too large".
 */
static int
check_syntax(const char *s, size_t len, size_t *int_len)
{
    size_t i = 0;
    while (i < len && is_digit(s[i]))
        i++;
    if (i == 0)
        return MONEY_ESYNTAX;
    *int_len = i;
    if (i == len)
        return MONEY_OK;
    if (s[i] != '.')
        return MONEY_ESYNTAX;
    size_t frac = 0;
    for (i++; i < len; i++, frac++) {
        if (!is_digit(s[i]))
            return MONEY_ESYNTAX;
    }
    if (frac == 0)
        return MONEY_ESYNTAX;
    if (frac > 2)
        return MONEY_EPRECISION;
    return MONEY_OK;
}

int
money_parse(const char *s, size_t len, int64_t *out)
{
    if (s == NULL || len == 0)
        return MONEY_ESYNTAX;
    size_t int_len = 0;
    int rc = check_syntax(s, len, &int_len);
    if (rc != MONEY_OK)
        return rc;

    /* Whole units first; leading zeros are harmless, each step is bounded by MONEY_MAX. */
    uint64_t units = 0;
    for (size_t i = 0; i < int_len; i++) {
        units = units * 10 + (uint64_t)(s[i] - '0');
        if (units > (uint64_t)MONEY_MAX / 100)
            return MONEY_ERANGE;
    }
    uint64_t minor = units * 100;
    if (int_len < len) {
        const char *frac = s + int_len + 1;
        size_t frac_len = len - int_len - 1;
        minor += (uint64_t)(frac[0] - '0') * 10;
        if (frac_len == 2)
            minor += (uint64_t)(frac[1] - '0');
    }
    if (minor > (uint64_t)MONEY_MAX)
        return MONEY_ERANGE;
    *out = (int64_t)minor;
    return MONEY_OK;
}

int
money_parse_signed(const char *s, size_t len, int64_t *out)
{
    if (s == NULL || len == 0)
        return MONEY_ESYNTAX;
    if (s[0] != '-')
        return money_parse(s, len, out);
    int64_t v;
    int rc = money_parse(s + 1, len - 1, &v);
    if (rc != MONEY_OK)
        return rc;
    *out = -v;
    return MONEY_OK;
}

const char *
money_strerror(int rc)
{
    switch (rc) {
    case MONEY_OK:
        return "";
    case MONEY_EPRECISION:
        return "Amount may have at most two fraction digits";
    case MONEY_ERANGE:
        return "Amount is too large";
    default:
        return "Amount must be digits with an optional '.' and one or two fraction digits, "
               "e.g. \"1250.00\"";
    }
}

int
money_format(int64_t v, char buf[MONEY_FMT_MAX])
{
    /* Magnitude in unsigned arithmetic, so INT64_MIN needs no special case. */
    uint64_t mag = v < 0 ? (uint64_t)0 - (uint64_t)v : (uint64_t)v;
    char tmp[MONEY_FMT_MAX];
    int n = 0;
    tmp[n++] = (char)('0' + mag % 10);
    mag /= 10;
    tmp[n++] = (char)('0' + mag % 10);
    mag /= 10;
    tmp[n++] = '.';
    do {
        tmp[n++] = (char)('0' + mag % 10);
        mag /= 10;
    } while (mag != 0);
    if (v < 0)
        tmp[n++] = '-';
    for (int i = 0; i < n; i++)
        buf[i] = tmp[n - 1 - i];
    buf[n] = '\0';
    return n;
}

int
money_add(int64_t a, int64_t b, int64_t *out)
{
    int64_t r;
    if (__builtin_add_overflow(a, b, &r))
        return -1;
    *out = r;
    return 0;
}

int
money_sub(int64_t a, int64_t b, int64_t *out)
{
    int64_t r;
    if (__builtin_sub_overflow(a, b, &r))
        return -1;
    *out = r;
    return 0;
}
