/*
 * Aadhaar and document number validation, normalisation and masking; card number, CVV and
 * expiry generation (include/app/identity.h; CONTRACT.md §4 "Identity data"; issue 6).
 */
#include "app/identity.h"

#include "core/checksum.h"
#include "crypto/tokens.h"

#include <sodium.h>
#include <stdbool.h>
#include <string.h>

static bool
is_digit(char c)
{
    return c >= '0' && c <= '9';
}

static bool
is_upper(char c)
{
    return c >= 'A' && c <= 'Z';
}

static char
to_upper(char c)
{
    return (c >= 'a' && c <= 'z') ? (char)(c - 'a' + 'A') : c;
}

/* Sets *reason (when wanted), empties out, and returns -1. */
static int
refuse(const char **reason, const char *why, char *out)
{
    if (reason != NULL)
        *reason = why;
    out[0] = '\0';
    return -1;
}

static int
accept(const char **reason)
{
    if (reason != NULL)
        *reason = NULL;
    return 0;
}

/*-------------------------------------------------------------------------------------------
 * Aadhaar
 *-----------------------------------------------------------------------------------------*/

int
identity_aadhaar_normalise(const char *in,
                           size_t len,
                           char out[IDENTITY_AADHAAR_MAX],
                           const char **reason)
{
    char digits[IDENTITY_AADHAAR_MAX];
    size_t n = 0;
    if (in == NULL || len > IDENTITY_INPUT_MAX)
        return refuse(reason, "Aadhaar number must have exactly 12 digits", out);
    for (size_t i = 0; i < len; i++) {
        if (in[i] == ' ')
            continue;
        if (!is_digit(in[i])) {
            sodium_memzero(digits, sizeof(digits));
            return refuse(reason, "Aadhaar number may contain only digits and spaces", out);
        }
        if (n < IDENTITY_AADHAAR_LEN)
            digits[n] = in[i];
        n++;
    }
    int rc = 0;
    const char *why = NULL;
    if (n != IDENTITY_AADHAAR_LEN)
        why = "Aadhaar number must have exactly 12 digits";
    else if (digits[0] == '0' || digits[0] == '1')
        why = "Aadhaar number cannot start with 0 or 1";
    else if (!checksum_verhoeff_valid(digits, IDENTITY_AADHAAR_LEN))
        why = "Aadhaar number is not valid: its check digit does not match";
    if (why != NULL) {
        rc = refuse(reason, why, out);
    } else {
        memcpy(out, digits, IDENTITY_AADHAAR_LEN);
        out[IDENTITY_AADHAAR_LEN] = '\0';
        rc = accept(reason);
    }
    sodium_memzero(digits, sizeof(digits));
    return rc;
}

void
identity_aadhaar_mask(const char canonical[IDENTITY_AADHAAR_MAX],
                      char out[IDENTITY_AADHAAR_MASKED_MAX])
{
    memcpy(out, "XXXX XXXX ", 10);
    memcpy(out + 10, canonical + IDENTITY_AADHAAR_LEN - 4, 4);
    out[14] = '\0';
}

/*-------------------------------------------------------------------------------------------
 * Documents
 *-----------------------------------------------------------------------------------------*/

static const char *const doc_type_names[] = {
    [IDENTITY_DOC_PASSPORT] = "PASSPORT",
    [IDENTITY_DOC_PAN] = "PAN",
    [IDENTITY_DOC_DRIVING_LICENCE] = "DRIVING_LICENCE",
    [IDENTITY_DOC_VOTER_ID] = "VOTER_ID",
};
#define N_DOC_TYPES (sizeof(doc_type_names) / sizeof(doc_type_names[0]))

const char *
identity_doc_type_name(enum identity_doc_type type)
{
    return (unsigned)type < N_DOC_TYPES ? doc_type_names[type] : NULL;
}

int
identity_doc_type_from_name(const char *name, enum identity_doc_type *out)
{
    for (size_t i = 0; name != NULL && i < N_DOC_TYPES; i++) {
        if (strcmp(name, doc_type_names[i]) == 0) {
            *out = (enum identity_doc_type)i;
            return 0;
        }
    }
    return -1;
}

/* State and union territory codes used in Indian driving licence numbers (the RTO state
 * codes), including superseded ones still found on valid licences (OR, UA, DD, DN, TS). */
static const char dl_state_codes[][3] = {
    "AN", "AP", "AR", "AS", "BR", "CG", "CH", "DD", "DL", "DN", "GA", "GJ", "HP", "HR",
    "JH", "JK", "KA", "KL", "LA", "LD", "MH", "ML", "MN", "MP", "MZ", "NL", "OD", "OR",
    "PB", "PY", "RJ", "SK", "TG", "TN", "TR", "TS", "UA", "UK", "UP", "WB",
};

static bool
known_state(const char *code)
{
    for (size_t i = 0; i < sizeof(dl_state_codes) / sizeof(dl_state_codes[0]); i++) {
        if (code[0] == dl_state_codes[i][0] && code[1] == dl_state_codes[i][1])
            return true;
    }
    return false;
}

#define PAN_FORMAT "PAN must be 5 letters, 4 digits and a letter, e.g. ABCPE1234F"
#define PASSPORT_FORMAT                                                                            \
    "Passport number must be a letter (not Q, X or Z) and 7 digits, the first and last not 0"
#define DL_FORMAT                                                                                  \
    "Driving licence number must be a 2-letter state code, a 2-digit RTO code, a 4-digit year "    \
    "and 7 digits, e.g. MH12 20110012345"
#define EPIC_FORMAT "Voter ID (EPIC) number must be 3 letters followed by 7 digits"

/* Checks s[0..n) against a pattern of 'A' (letter) and '9' (digit). */
static bool
matches(const char *s, size_t n, const char *pattern)
{
    if (strlen(pattern) != n)
        return false;
    for (size_t i = 0; i < n; i++) {
        if (pattern[i] == 'A' ? !is_upper(s[i]) : !is_digit(s[i]))
            return false;
    }
    return true;
}

static int
check_pan(const char *s, size_t n, const char **why)
{
    if (!matches(s, n, "AAAAA9999A")) {
        *why = PAN_FORMAT;
        return -1;
    }
    if (strchr("PCHABGJLFT", s[3]) == NULL) {
        *why = "PAN's fourth letter must be a holder type: P, C, H, A, B, G, J, L, F or T";
        return -1;
    }
    return 0;
}

static int
check_passport(const char *s, size_t n, const char **why)
{
    if (!matches(s, n, "A9999999") || s[0] == 'Q' || s[0] == 'X' || s[0] == 'Z' || s[1] == '0' ||
        s[7] == '0') {
        *why = PASSPORT_FORMAT;
        return -1;
    }
    return 0;
}

static int
check_epic(const char *s, size_t n, const char **why)
{
    if (!matches(s, n, "AAA9999999")) {
        *why = EPIC_FORMAT;
        return -1;
    }
    return 0;
}

/*
 * Driving licence: reads the groups SS RR YYYY NNNNNNN from the trimmed, upper-cased text,
 * allowing one ' ' or '-' between groups, and writes the 15 canonical characters to out.
 */
static int
parse_driving_licence(const char *s, size_t n, char out[IDENTITY_DOC_MAX], const char **why)
{
    static const size_t group_len[] = {2, 2, 4, 7};
    size_t i = 0, o = 0;
    for (size_t g = 0; g < 4; g++) {
        if (g > 0 && i < n && (s[i] == ' ' || s[i] == '-'))
            i++;
        for (size_t k = 0; k < group_len[g]; k++, i++) {
            if (i >= n || (g == 0 ? !is_upper(s[i]) : !is_digit(s[i]))) {
                *why = DL_FORMAT;
                return -1;
            }
            out[o++] = s[i];
        }
    }
    out[o] = '\0';
    if (i != n) {
        *why = DL_FORMAT;
        return -1;
    }
    if (!known_state(out)) {
        *why = "Driving licence number has an unknown state code";
        return -1;
    }
    if (out[2] == '0' && out[3] == '0') {
        *why = "Driving licence number has an invalid RTO code";
        return -1;
    }
    if (!((out[4] == '1' && out[5] == '9') || (out[4] == '2' && out[5] == '0'))) {
        *why = "Driving licence number has an invalid year of issue";
        return -1;
    }
    return 0;
}

int
identity_document_normalise(enum identity_doc_type type,
                            const char *in,
                            size_t len,
                            char out[IDENTITY_DOC_MAX],
                            const char **reason)
{
    char buf[IDENTITY_INPUT_MAX + 1];
    const char *why = NULL;
    const char *too_long = type == IDENTITY_DOC_PAN        ? PAN_FORMAT
                           : type == IDENTITY_DOC_PASSPORT ? PASSPORT_FORMAT
                           : type == IDENTITY_DOC_VOTER_ID ? EPIC_FORMAT
                                                           : DL_FORMAT;
    if ((unsigned)type >= N_DOC_TYPES)
        return refuse(reason, "Unknown document type", out);
    if (in == NULL || len > IDENTITY_INPUT_MAX)
        return refuse(reason, too_long, out);

    /* Trim spaces at both ends, upper-case letters. */
    while (len > 0 && in[0] == ' ') {
        in++;
        len--;
    }
    while (len > 0 && in[len - 1] == ' ')
        len--;
    for (size_t i = 0; i < len; i++)
        buf[i] = to_upper(in[i]);
    buf[len] = '\0';

    int rc = -1;
    switch (type) {
    case IDENTITY_DOC_PAN:
        rc = check_pan(buf, len, &why);
        break;
    case IDENTITY_DOC_PASSPORT:
        rc = check_passport(buf, len, &why);
        break;
    case IDENTITY_DOC_VOTER_ID:
        rc = check_epic(buf, len, &why);
        break;
    case IDENTITY_DOC_DRIVING_LICENCE:
        rc = parse_driving_licence(buf, len, out, &why);
        break;
    }
    if (rc == 0 && type != IDENTITY_DOC_DRIVING_LICENCE)
        memcpy(out, buf, len + 1); /* every other format is at most 10 characters */
    sodium_memzero(buf, sizeof(buf));
    if (rc != 0) {
        sodium_memzero(out, IDENTITY_DOC_MAX);
        return refuse(reason, why, out);
    }
    return accept(reason);
}

int
identity_mask_last4(const char *canonical, size_t len, char *out, size_t out_cap)
{
    if (out == NULL || out_cap < len + 1)
        return -1;
    size_t keep = len > 4 ? 4 : 0;
    for (size_t i = 0; i < len; i++)
        out[i] = i < len - keep ? 'X' : canonical[i];
    out[len] = '\0';
    return 0;
}

/*-------------------------------------------------------------------------------------------
 * Cards
 *-----------------------------------------------------------------------------------------*/

static const char *const brand_names[] = {
    [IDENTITY_CARD_VISA] = "VISA",
    [IDENTITY_CARD_MASTERCARD] = "MASTERCARD",
};
#define N_BRANDS (sizeof(brand_names) / sizeof(brand_names[0]))

const char *
identity_card_brand_name(enum identity_card_brand brand)
{
    return (unsigned)brand < N_BRANDS ? brand_names[brand] : NULL;
}

int
identity_card_brand_from_name(const char *name, enum identity_card_brand *out)
{
    for (size_t i = 0; name != NULL && i < N_BRANDS; i++) {
        if (strcmp(name, brand_names[i]) == 0) {
            *out = (enum identity_card_brand)i;
            return 0;
        }
    }
    return -1;
}

int
identity_card_generate(enum identity_card_brand brand,
                       int now_year,
                       int now_month,
                       int years_valid,
                       struct identity_card *out)
{
    static const char digits[] = "0123456789";
    if ((unsigned)brand >= N_BRANDS || now_year < 2000 || now_year > 9000 || now_month < 1 ||
        now_month > 12 || years_valid < 1 || years_valid > 20)
        return -1;
    memset(out, 0, sizeof(*out));
    out->brand = brand;

    /* Prefix (issuer identification), random account digits, then the Luhn check digit. */
    size_t prefix_len;
    if (brand == IDENTITY_CARD_VISA) {
        out->number[0] = '4';
        prefix_len = 1;
    } else {
        out->number[0] = '5';
        out->number[1] = (char)('1' + randombytes_uniform(5)); /* 51..55 */
        prefix_len = 2;
    }
    token_random_string(
        digits, 10, out->number + prefix_len, IDENTITY_CARD_NUMBER_LEN - 1 - prefix_len);
    int check = checksum_luhn_digit(out->number, IDENTITY_CARD_NUMBER_LEN - 1);
    out->number[IDENTITY_CARD_NUMBER_LEN - 1] = (char)('0' + check);
    out->number[IDENTITY_CARD_NUMBER_LEN] = '\0';
    memcpy(out->last4, out->number + IDENTITY_CARD_NUMBER_LEN - 4, 5);

    token_random_string(digits, 10, out->cvv, IDENTITY_CARD_CVV_LEN);
    out->expiry_month = now_month;
    out->expiry_year = now_year + years_valid;
    return 0;
}

void
identity_card_wipe(struct identity_card *card)
{
    sodium_memzero(card, sizeof(*card));
}

int
identity_card_number_valid(const char *s, size_t len)
{
    return s != NULL && len == IDENTITY_CARD_NUMBER_LEN &&
           checksum_luhn_valid(s, IDENTITY_CARD_NUMBER_LEN);
}
