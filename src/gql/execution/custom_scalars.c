/*
 * Reusable custom scalars (include/gql/custom_scalars.h): exact two-digit decimals (money),
 * RFC 3339 instants and calendar dates, with strict parsing of input and canonical output.
 *
 * The pure parse/format functions come first; the struct gql_scalar_ops adapters the schema
 * calls for literal input, variable input and result serialization follow.
 */
#include "gql/custom_scalars.h"

#include "core/arena.h"
#include "core/strbuf.h"
#include "gql/printer.h"
#include "gql/schema.h"
#include "gql/value.h"

#include <stdbool.h>
#include <stdio.h>
#include <string.h>

/*-------------------------------------------------------------------------------------------
 * Two-digit decimals
 *-------------------------------------------------------------------------------------------*/

static bool
is_digit(char c)
{
    return c >= '0' && c <= '9';
}

static int
decimal2_parse(const char *s, size_t len, bool allow_sign, int64_t *out)
{
    size_t i = 0;
    bool neg = false;
    if (len > 0 && s[0] == '-' && allow_sign) {
        neg = true;
        i = 1;
    }
    size_t int_start = i;
    uint64_t units = 0;
    while (i < len && is_digit(s[i])) {
        if (units > (UINT64_MAX - 9) / 10)
            return GQL_DECIMAL2_ERANGE;
        units = units * 10 + (uint64_t)(s[i] - '0');
        i++;
    }
    if (i == int_start)
        return GQL_DECIMAL2_ESYNTAX; /* "", "-", ".5" */
    uint64_t frac = 0;
    if (i < len && s[i] == '.') {
        i++;
        size_t frac_start = i;
        while (i < len && is_digit(s[i]))
            i++;
        size_t n = i - frac_start;
        if (n == 0)
            return GQL_DECIMAL2_ESYNTAX; /* "1." */
        if (i < len)
            return GQL_DECIMAL2_ESYNTAX;
        if (n > 2)
            return GQL_DECIMAL2_EPRECISION; /* "0.001" */
        frac = (uint64_t)(s[frac_start] - '0') * 10;
        if (n == 2)
            frac += (uint64_t)(s[frac_start + 1] - '0');
    }
    if (i != len)
        return GQL_DECIMAL2_ESYNTAX; /* "1e3", "1,000", " 1" */
    if (units > (uint64_t)INT64_MAX / 100)
        return GQL_DECIMAL2_ERANGE;
    uint64_t minor = units * 100 + frac;
    if (minor > (uint64_t)INT64_MAX)
        return GQL_DECIMAL2_ERANGE;
    *out = neg ? -(int64_t)minor : (int64_t)minor;
    return 0;
}

int
gql_decimal2_parse(const char *s, size_t len, int64_t *minor)
{
    return decimal2_parse(s, len, false, minor);
}

int
gql_decimal2_parse_signed(const char *s, size_t len, int64_t *minor)
{
    return decimal2_parse(s, len, true, minor);
}

/* Writes the decimal digits of v (at least min_digits, zero-padded) at p; returns the end. */
static char *
put_digits(char *p, uint64_t v, int min_digits)
{
    char tmp[24];
    int n = 0;
    do {
        tmp[n++] = (char)('0' + v % 10);
        v /= 10;
    } while (v);
    while (n < min_digits)
        tmp[n++] = '0';
    while (n)
        *p++ = tmp[--n];
    return p;
}

int
gql_decimal2_format(int64_t minor, char buf[GQL_DECIMAL2_FMT_MAX])
{
    uint64_t mag = minor < 0 ? (uint64_t)0 - (uint64_t)minor : (uint64_t)minor;
    char *p = buf;
    if (minor < 0)
        *p++ = '-';
    p = put_digits(p, mag / 100, 1);
    *p++ = '.';
    p = put_digits(p, mag % 100, 2);
    *p = '\0';
    return (int)(p - buf);
}

const char *
gql_decimal2_strerror(int rc)
{
    switch (rc) {
    case 0:
        return "";
    case GQL_DECIMAL2_EPRECISION:
        return "at most two fraction digits are allowed";
    case GQL_DECIMAL2_ERANGE:
        return "the amount is out of range";
    default:
        return "expected a decimal string such as \"12.50\"";
    }
}

/*-------------------------------------------------------------------------------------------
 * Calendar arithmetic (proleptic Gregorian; days_from_civil after H. Hinnant's algorithm)
 *-------------------------------------------------------------------------------------------*/

static bool
is_leap(int64_t y)
{
    return (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
}

static int
days_in_month(int64_t y, int m)
{
    static const int dm[12] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
    return m == 2 && is_leap(y) ? 29 : dm[m - 1];
}

static int64_t
days_from_civil(int64_t y, int m, int d)
{
    y -= m <= 2;
    int64_t era = (y >= 0 ? y : y - 399) / 400;
    int64_t yoe = y - era * 400;
    int64_t doy = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1;
    int64_t doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    return era * 146097 + doe - 719468;
}

static void
civil_from_days(int64_t z, int64_t *y, int *m, int *d)
{
    z += 719468;
    int64_t era = (z >= 0 ? z : z - 146096) / 146097;
    int64_t doe = z - era * 146097;
    int64_t yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
    int64_t doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    int64_t mp = (5 * doy + 2) / 153;
    *d = (int)(doy - (153 * mp + 2) / 5 + 1);
    *m = (int)(mp < 10 ? mp + 3 : mp - 9);
    *y = yoe + era * 400 + (*m <= 2);
}

/* Reads exactly n digits at s[*i]; returns -1 if any is not a digit. */
static int
read_digits(const char *s, size_t len, size_t *i, int n)
{
    int v = 0;
    for (int k = 0; k < n; k++) {
        if (*i >= len || !is_digit(s[*i]))
            return -1;
        v = v * 10 + (s[*i] - '0');
        (*i)++;
    }
    return v;
}

/* YYYY-MM-DD at s[*i]: a valid calendar day of years 0001..9999. */
static int
read_date(const char *s, size_t len, size_t *i, int64_t *days)
{
    int y = read_digits(s, len, i, 4);
    if (y < 1 || *i >= len || s[(*i)++] != '-')
        return -1;
    int m = read_digits(s, len, i, 2);
    if (m < 1 || m > 12 || *i >= len || s[(*i)++] != '-')
        return -1;
    int d = read_digits(s, len, i, 2);
    if (d < 1 || d > days_in_month(y, m))
        return -1;
    *days = days_from_civil(y, m, d);
    return 0;
}

/*-------------------------------------------------------------------------------------------
 * Dates
 *-------------------------------------------------------------------------------------------*/

int
gql_date_parse(const char *s, size_t len, int64_t *days)
{
    size_t i = 0;
    int64_t v;
    if (read_date(s, len, &i, &v) < 0 || i != len)
        return -1;
    *days = v;
    return 0;
}

int
gql_date_format(int64_t days, char buf[GQL_DATE_FMT_MAX])
{
    int64_t y;
    int m, d;
    if (days < GQL_DATE_MIN_DAYS || days > GQL_DATE_MAX_DAYS)
        return -1;
    civil_from_days(days, &y, &m, &d);
    char *p = put_digits(buf, (uint64_t)y, 4);
    *p++ = '-';
    p = put_digits(p, (uint64_t)m, 2);
    *p++ = '-';
    p = put_digits(p, (uint64_t)d, 2);
    *p = '\0';
    return (int)(p - buf);
}

/*-------------------------------------------------------------------------------------------
 * Instants
 *-------------------------------------------------------------------------------------------*/

static int
parse_datetime(const char *s, size_t len, bool lenient, int64_t *ms)
{
    size_t i = 0;
    int64_t days;
    if (read_date(s, len, &i, &days) < 0 || i >= len)
        return -1;
    char sep = s[i++];
    if (!(sep == 'T' || sep == 't' || (lenient && sep == ' ')))
        return -1;
    int hh = read_digits(s, len, &i, 2);
    if (hh < 0 || hh > 23 || i >= len || s[i++] != ':')
        return -1;
    int mi = read_digits(s, len, &i, 2);
    if (mi < 0 || mi > 59 || i >= len || s[i++] != ':')
        return -1;
    int ss = read_digits(s, len, &i, 2);
    if (ss < 0 || ss > 59) /* leap seconds have no millisecond representation */
        return -1;
    int frac_ms = 0;
    if (i < len && s[i] == '.') {
        i++;
        size_t start = i;
        while (i < len && is_digit(s[i])) {
            if (i - start < 3)
                frac_ms = frac_ms * 10 + (s[i] - '0');
            i++;
        }
        size_t n = i - start;
        if (n == 0 || n > 9)
            return -1;
        for (size_t k = n; k < 3; k++)
            frac_ms *= 10; /* ".5" is 500 ms; digits beyond milliseconds are truncated */
    }
    if (i >= len)
        return -1; /* RFC 3339 requires an offset */
    int offset_min = 0;
    if (s[i] == 'Z' || s[i] == 'z') {
        i++;
    } else if (s[i] == '+' || s[i] == '-') {
        int sign = s[i++] == '-' ? -1 : 1;
        int oh = read_digits(s, len, &i, 2);
        if (oh < 0 || oh > 23)
            return -1;
        int om = 0;
        if (i < len && s[i] == ':') {
            i++;
            om = read_digits(s, len, &i, 2);
            if (om < 0 || om > 59)
                return -1;
        } else if (!lenient) {
            return -1;
        }
        offset_min = sign * (oh * 60 + om);
    } else {
        return -1;
    }
    if (i != len)
        return -1;
    int64_t secs = days * 86400 + hh * 3600 + mi * 60 + ss - (int64_t)offset_min * 60;
    *ms = secs * 1000 + frac_ms;
    return 0;
}

int
gql_datetime_parse(const char *s, size_t len, int64_t *ms)
{
    return parse_datetime(s, len, false, ms);
}

int
gql_datetime_parse_lenient(const char *s, size_t len, int64_t *ms)
{
    return parse_datetime(s, len, true, ms);
}

int
gql_datetime_format(int64_t ms, char buf[GQL_DATETIME_FMT_MAX])
{
    int64_t days = ms >= 0 ? ms / 86400000 : -((-ms + 86399999) / 86400000);
    int64_t rem = ms - days * 86400000; /* 0 .. 86399999 */
    if (gql_date_format(days, buf) < 0)
        return -1;
    char *p = buf + 10;
    *p++ = 'T';
    p = put_digits(p, (uint64_t)(rem / 3600000), 2);
    *p++ = ':';
    p = put_digits(p, (uint64_t)(rem / 60000 % 60), 2);
    *p++ = ':';
    p = put_digits(p, (uint64_t)(rem / 1000 % 60), 2);
    *p++ = '.';
    p = put_digits(p, (uint64_t)(rem % 1000), 3);
    *p++ = 'Z';
    *p = '\0';
    return (int)(p - buf);
}

/*-------------------------------------------------------------------------------------------
 * struct gql_scalar_ops adapters
 *-------------------------------------------------------------------------------------------*/

static int
fail_value(struct gql_scalar_ctx *ctx, const char *what, const struct gql_val *in)
{
    struct strbuf sb = STRBUF_INIT;
    gql_val_write_graphql(in, &sb);
    ctx->message = arena_sprintf(ctx->arena, "%s %s: %s", ctx->type->name, what, strbuf_cstr(&sb));
    strbuf_free(&sb);
    return -1;
}

static int
fail_literal(struct gql_scalar_ctx *ctx, const char *what, const struct gql_value *lit)
{
    struct strbuf sb = STRBUF_INIT;
    gql_print(&lit->node, NULL, &sb);
    ctx->message = arena_sprintf(ctx->arena, "%s %s: %s", ctx->type->name, what, strbuf_cstr(&sb));
    strbuf_free(&sb);
    return -1;
}

/* The string a parse hook works on: a STRING value or a STRING_VALUE literal. */
struct text {
    const char *ptr;
    size_t len;
};

typedef int (*text_parse_fn)(struct gql_scalar_ctx *ctx, struct text t, struct gql_val *out);

static int
parse_value_with(struct gql_scalar_ctx *ctx,
                 const struct gql_val *in,
                 struct gql_val *out,
                 text_parse_fn parse)
{
    if (in->kind != GQL_VAL_STRING)
        return fail_value(ctx, "cannot represent a non-string value", in);
    struct text t = {in->u.string.ptr, in->u.string.len};
    if (parse(ctx, t, out) < 0)
        return fail_value(ctx, ctx->message, in);
    return 0;
}

static int
parse_literal_with(struct gql_scalar_ctx *ctx,
                   const struct gql_value *lit,
                   struct gql_val *out,
                   text_parse_fn parse)
{
    if (lit->node.kind == GQL_KIND_VARIABLE) {
        const struct gql_val *v =
            gql_val_object_getn(ctx->variables, lit->name.value, lit->name.len);
        if (v == NULL)
            return fail_literal(ctx, "cannot represent an unknown variable", lit);
        if (v->kind == GQL_VAL_NULL) {
            *out = *v;
            return 0;
        }
        return parse_value_with(ctx, v, out, parse);
    }
    if (lit->node.kind != GQL_KIND_STRING_VALUE)
        return fail_literal(ctx, "cannot represent a non-string value", lit);
    struct text t = {lit->string.value, lit->string.len};
    if (parse(ctx, t, out) < 0)
        return fail_literal(ctx, ctx->message, lit);
    return 0;
}

/* decimal2 */

static int
decimal2_text(struct gql_scalar_ctx *ctx, struct text t, struct gql_val *out)
{
    int64_t minor;
    int rc = gql_decimal2_parse(t.ptr, t.len, &minor);
    if (rc < 0) {
        ctx->message =
            arena_sprintf(ctx->arena, "cannot represent value (%s)", gql_decimal2_strerror(rc));
        return -1;
    }
    *out = gql_val_int(minor);
    return 0;
}

static int
decimal2_serialize(struct gql_scalar_ctx *ctx, const struct gql_val *in, struct gql_val *out)
{
    int64_t minor;
    if (in->kind == GQL_VAL_INT) {
        minor = in->u.int_;
    } else if (in->kind == GQL_VAL_STRING) {
        if (gql_decimal2_parse_signed(in->u.string.ptr, in->u.string.len, &minor) < 0)
            return fail_value(ctx, "cannot represent value", in);
    } else {
        return fail_value(ctx, "cannot represent value", in);
    }
    char buf[GQL_DECIMAL2_FMT_MAX];
    int n = gql_decimal2_format(minor, buf);
    *out = gql_val_string(ctx->arena, buf, (size_t)n);
    return 0;
}

static int
decimal2_parse_value(struct gql_scalar_ctx *ctx, const struct gql_val *in, struct gql_val *out)
{
    return parse_value_with(ctx, in, out, decimal2_text);
}

static int
decimal2_parse_literal(struct gql_scalar_ctx *ctx, const struct gql_value *lit, struct gql_val *out)
{
    return parse_literal_with(ctx, lit, out, decimal2_text);
}

const struct gql_scalar_ops gql_scalars_decimal2 = {
    decimal2_serialize,
    decimal2_parse_value,
    decimal2_parse_literal,
};

/* datetime */

static int
datetime_text(struct gql_scalar_ctx *ctx, struct text t, struct gql_val *out)
{
    int64_t ms;
    char buf[GQL_DATETIME_FMT_MAX];
    int n;
    if (gql_datetime_parse(t.ptr, t.len, &ms) < 0 || (n = gql_datetime_format(ms, buf)) < 0) {
        ctx->message = "cannot represent value (expected RFC 3339 date-time such as "
                       "\"2026-11-24T08:00:00.000Z\")";
        return -1;
    }
    *out = gql_val_string(ctx->arena, buf, (size_t)n);
    return 0;
}

static int
datetime_serialize(struct gql_scalar_ctx *ctx, const struct gql_val *in, struct gql_val *out)
{
    int64_t ms;
    if (in->kind == GQL_VAL_INT) {
        ms = in->u.int_;
    } else if (in->kind == GQL_VAL_STRING) {
        if (gql_datetime_parse_lenient(in->u.string.ptr, in->u.string.len, &ms) < 0)
            return fail_value(ctx, "cannot represent value", in);
    } else {
        return fail_value(ctx, "cannot represent value", in);
    }
    char buf[GQL_DATETIME_FMT_MAX];
    int n = gql_datetime_format(ms, buf);
    if (n < 0)
        return fail_value(ctx, "cannot represent value", in);
    *out = gql_val_string(ctx->arena, buf, (size_t)n);
    return 0;
}

static int
datetime_parse_value(struct gql_scalar_ctx *ctx, const struct gql_val *in, struct gql_val *out)
{
    return parse_value_with(ctx, in, out, datetime_text);
}

static int
datetime_parse_literal(struct gql_scalar_ctx *ctx, const struct gql_value *lit, struct gql_val *out)
{
    return parse_literal_with(ctx, lit, out, datetime_text);
}

const struct gql_scalar_ops gql_scalars_datetime = {
    datetime_serialize,
    datetime_parse_value,
    datetime_parse_literal,
};

/* date */

static int
date_text(struct gql_scalar_ctx *ctx, struct text t, struct gql_val *out)
{
    int64_t days;
    if (gql_date_parse(t.ptr, t.len, &days) < 0) {
        ctx->message = "cannot represent value (expected a calendar date such as \"2026-11-24\")";
        return -1;
    }
    *out = gql_val_string(ctx->arena, t.ptr, t.len);
    return 0;
}

static int
date_serialize(struct gql_scalar_ctx *ctx, const struct gql_val *in, struct gql_val *out)
{
    int64_t days;
    if (in->kind == GQL_VAL_INT) {
        days = in->u.int_;
    } else if (in->kind == GQL_VAL_STRING) {
        if (gql_date_parse(in->u.string.ptr, in->u.string.len, &days) < 0)
            return fail_value(ctx, "cannot represent value", in);
    } else {
        return fail_value(ctx, "cannot represent value", in);
    }
    char buf[GQL_DATE_FMT_MAX];
    int n = gql_date_format(days, buf);
    if (n < 0)
        return fail_value(ctx, "cannot represent value", in);
    *out = gql_val_string(ctx->arena, buf, (size_t)n);
    return 0;
}

static int
date_parse_value(struct gql_scalar_ctx *ctx, const struct gql_val *in, struct gql_val *out)
{
    return parse_value_with(ctx, in, out, date_text);
}

static int
date_parse_literal(struct gql_scalar_ctx *ctx, const struct gql_value *lit, struct gql_val *out)
{
    return parse_literal_with(ctx, lit, out, date_text);
}

const struct gql_scalar_ops gql_scalars_date = {
    date_serialize,
    date_parse_value,
    date_parse_literal,
};
