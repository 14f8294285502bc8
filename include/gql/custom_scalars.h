/*
 * Reusable custom scalars with strict input parsing and canonical output, for applications
 * to register under their own names (the wallet names them Money, DateTime and Date):
 *
 *   decimal2  exact decimal with two fraction digits, carried as int64 minor units (an INT
 *             value). Input: a string of digits with an optional '.' and one or two fraction
 *             digits ("12", "12.5", "12.50"); refused: "1e3", "-", ".5", "1.", "0.001",
 *             " 1", "+1", "-1" (no sign on input), numbers of any JSON or GraphQL kind (never
 *             a float), and values beyond int64. Output: "1250.00", "-0.50" (sign allowed).
 *   datetime  an instant, RFC 3339 with an offset ("2026-11-24T08:00:00Z",
 *             "2026-11-24T13:30:00.5+05:30"), carried as the canonical UTC text with
 *             milliseconds ("2026-11-24T08:00:00.000Z", a STRING value). Output accepts that
 *             text, PostgreSQL's timestamptz text ("2026-11-24 08:00:00.123+00") and INT
 *             milliseconds since the Unix epoch.
 *   date      a calendar day "YYYY-MM-DD" (years 0001-9999, real days only: no
 *             "2025-02-29"), carried as that STRING. Output also accepts INT days since
 *             1970-01-01.
 */
#ifndef WALLET_GQL_CUSTOM_SCALARS_H
#define WALLET_GQL_CUSTOM_SCALARS_H

#include <stddef.h>
#include <stdint.h>

struct gql_scalar_ops;

/*
 * Hooks for gql_schema_set_scalar(schema, "Money", &gql_scalars_decimal2, NULL, errors) etc.
 * Input (literal or variable) must be a string; a number of any kind is refused with
 * "<Name> cannot represent a non-string value: 12.5". Results: decimal2 -> INT minor units,
 * datetime -> canonical STRING, date -> STRING. Serialization accepts the forms listed above.
 */
extern const struct gql_scalar_ops gql_scalars_decimal2;
extern const struct gql_scalar_ops gql_scalars_datetime;
extern const struct gql_scalar_ops gql_scalars_date;

/*-------------------------------------------------------------------------------------------
 * Pure parse/format functions (usable by resolvers too).
 *-------------------------------------------------------------------------------------------*/

#define GQL_DECIMAL2_ESYNTAX (-1)    /* not digits[.d[d]] */
#define GQL_DECIMAL2_EPRECISION (-2) /* three or more fraction digits */
#define GQL_DECIMAL2_ERANGE (-3)     /* beyond int64 minor units */

/* "-92233720368547758.08" plus NUL. */
#define GQL_DECIMAL2_FMT_MAX 24

/* Parses an unsigned decimal s[0..len) into minor units. 0 or a GQL_DECIMAL2_E* code. */
int gql_decimal2_parse(const char *s, size_t len, int64_t *minor);
/* Like gql_decimal2_parse, also accepting one leading '-'. */
int gql_decimal2_parse_signed(const char *s, size_t len, int64_t *minor);
/* Writes minor units as "-12.50" into buf; returns the length. Every int64 fits. */
int gql_decimal2_format(int64_t minor, char buf[GQL_DECIMAL2_FMT_MAX]);
/* A fixed message for a parse result (never echoes the input). */
const char *gql_decimal2_strerror(int rc);

/* Days since 1970-01-01 of 0001-01-01 and 9999-12-31. */
#define GQL_DATE_MIN_DAYS (-719162)
#define GQL_DATE_MAX_DAYS 2932896
#define GQL_DATE_FMT_MAX 11
#define GQL_DATETIME_FMT_MAX 25

/* Parses "YYYY-MM-DD" (a real calendar day) into days since 1970-01-01. 0 or -1. */
int gql_date_parse(const char *s, size_t len, int64_t *days);
/* Formats days since 1970-01-01 as "YYYY-MM-DD"; returns the length, or -1 out of range. */
int gql_date_format(int64_t days, char buf[GQL_DATE_FMT_MAX]);

/*
 * Parses RFC 3339 date-time text (offset required: 'Z' or ±HH:MM; fraction of 1-9 digits,
 * kept to the millisecond, truncated) into milliseconds since the epoch. 0 or -1.
 */
int gql_datetime_parse(const char *s, size_t len, int64_t *ms);
/* Also accepts ' ' for 'T' and offsets without minutes ("+00"), as PostgreSQL prints. */
int gql_datetime_parse_lenient(const char *s, size_t len, int64_t *ms);
/* Formats as "YYYY-MM-DDTHH:MM:SS.mmmZ"; returns the length, or -1 outside years 1-9999. */
int gql_datetime_format(int64_t ms, char buf[GQL_DATETIME_FMT_MAX]);

#endif
