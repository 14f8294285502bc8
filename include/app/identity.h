/*
 * Identity numbers and payment cards: validation, normalisation, masking, generation
 * (CONTRACT.md §4 "Identity data"; issue 6). Pure functions, no database.
 *
 * Inputs are liberal about spacing and letter case, strict about everything else, and every
 * value is turned into one canonical form before it is sealed or blind-indexed, so the same
 * number typed two ways is the same number. Error reasons are static English sentences fit
 * for BAD_USER_INPUT messages; they never quote the number.
 *
 * Aadhaar: 12 digits, first 2-9, last a Verhoeff check digit. Input may hold ASCII spaces
 * anywhere (any grouping: "2345 6789 0124", " 234567890124 ", "23 4567890124"); nothing else
 * but digits. Canonical: the 12 digits. Masked: "XXXX XXXX 0124".
 *
 * Documents (canonical = upper case, separators removed; masked = all but the last four
 * characters replaced by 'X'):
 *   PAN              ^[A-Z]{5}[0-9]{4}[A-Z]$, the fourth letter a holder type
 *                    (P C H A B G J L F T)                                  ABCPE1234F
 *   PASSPORT         ^[A-PR-WY][1-9][0-9]{5}[1-9]$ (no Q, X, Z)             A1234567
 *   DRIVING_LICENCE  state code (2 letters, a known RTO state code), RTO code (2 digits, not
 *                    00), year of issue (4 digits, 1900-2099), 7 digits; one space or hyphen
 *                    allowed between those groups: "MH12 20110012345", "MH-1220110012345",
 *                    "MH-12-2011-0012345" all give MH1220110012345
 *   VOTER_ID (EPIC)  ^[A-Z]{3}[0-9]{7}$                                     ABC1234567
 * Leading and trailing spaces are ignored for every type; letters may be in either case.
 *
 * Cards: 16 digits, a brand prefix (VISA 4, MASTERCARD 51-55), random middle digits from
 * libsodium, a Luhn check digit; a 3-digit random CVV; expiry at the issue month, N years on.
 * wallet_crypto_init() must have run before identity_card_generate.
 */
#ifndef WALLET_APP_IDENTITY_H
#define WALLET_APP_IDENTITY_H

#include <stddef.h>

/* Longest raw input looked at for any identity number, in bytes; longer is refused. */
#define IDENTITY_INPUT_MAX 64

#define IDENTITY_AADHAAR_LEN 12
#define IDENTITY_AADHAAR_MAX (IDENTITY_AADHAAR_LEN + 1)
#define IDENTITY_AADHAAR_MASKED_MAX 15 /* "XXXX XXXX 1234" and the NUL */

/* Buffer for any canonical document number (the longest is a driving licence, 15) or its
 * masked form. */
#define IDENTITY_DOC_MAX 16

/*
 * Validates an Aadhaar number typed by a person and writes its canonical 12 digits to out.
 * Returns 0, or -1 with *reason set (reason may be NULL) and out set to "".
 */
int identity_aadhaar_normalise(const char *in,
                               size_t len,
                               char out[IDENTITY_AADHAAR_MAX],
                               const char **reason);

/* Writes "XXXX XXXX dddd" for a canonical Aadhaar number (its last four digits). */
void identity_aadhaar_mask(const char canonical[IDENTITY_AADHAAR_MAX],
                           char out[IDENTITY_AADHAAR_MASKED_MAX]);

/* The schema's DocumentType. */
enum identity_doc_type {
    IDENTITY_DOC_PASSPORT,
    IDENTITY_DOC_PAN,
    IDENTITY_DOC_DRIVING_LICENCE,
    IDENTITY_DOC_VOTER_ID,
};

/* The GraphQL enum value name of a type ("PASSPORT", ...), or NULL if unknown. */
const char *identity_doc_type_name(enum identity_doc_type type);

/* Parses a GraphQL enum value name (exact, upper case); returns 0 or -1. */
int identity_doc_type_from_name(const char *name, enum identity_doc_type *out);

/*
 * Validates a document number of the given type and writes its canonical form to out.
 * Returns 0, or -1 with *reason set (reason may be NULL) and out set to "".
 */
int identity_document_normalise(enum identity_doc_type type,
                                const char *in,
                                size_t len,
                                char out[IDENTITY_DOC_MAX],
                                const char **reason);

/*
 * Writes canonical[0..len) with every character but the last four replaced by 'X' into out
 * (out_cap >= len + 1). Values of four characters or fewer are masked entirely, so a short
 * value is never shown whole. Returns 0, or -1 when out is too small.
 */
int identity_mask_last4(const char *canonical, size_t len, char *out, size_t out_cap);

/*-------------------------------------------------------------------------------------------
 * Cards
 *-----------------------------------------------------------------------------------------*/

enum identity_card_brand {
    IDENTITY_CARD_VISA,
    IDENTITY_CARD_MASTERCARD,
};

#define IDENTITY_CARD_NUMBER_LEN 16
#define IDENTITY_CARD_CVV_LEN 3

/* A newly issued card. number and cvv are secrets: seal the number, show the CVV once, and
 * identity_card_wipe() the struct as soon as it has been used. */
struct identity_card {
    enum identity_card_brand brand;
    char number[IDENTITY_CARD_NUMBER_LEN + 1]; /* 16 digits, Luhn-valid */
    char cvv[IDENTITY_CARD_CVV_LEN + 1];       /* 3 digits, never stored */
    char last4[5];                             /* stored plain */
    int expiry_month;                          /* 1..12 */
    int expiry_year;                           /* four digits */
};

/* "VISA" or "MASTERCARD" (Card.brand), or NULL if unknown. */
const char *identity_card_brand_name(enum identity_card_brand brand);

/* Parses a brand name (exact, upper case); returns 0 or -1. */
int identity_card_brand_from_name(const char *name, enum identity_card_brand *out);

/*
 * Issues a card of the brand: a random number with the brand's prefix and a Luhn check digit,
 * a random CVV, and an expiry at now_month of now_year + years_valid. Arguments: now_year
 * 2000..9000, now_month 1..12, years_valid 1..20. Returns 0, or -1 on a bad argument.
 */
int identity_card_generate(enum identity_card_brand brand,
                           int now_year,
                           int now_month,
                           int years_valid,
                           struct identity_card *out);

/* Wipes a card's secrets (sodium_memzero of the whole struct). */
void identity_card_wipe(struct identity_card *card);

/* 1 when s[0..len) is 16 decimal digits passing the Luhn check, else 0. */
int identity_card_number_valid(const char *s, size_t len);

#endif
