/*
 * Helpers for the identity tests (test_kyc*.c, test_cards*.c): valid identity numbers made up
 * per run (Aadhaar with a Verhoeff check digit, documents of each type), the KYC and card
 * operations over HTTP, Luhn, and running walletd subcommands and pg_dump.
 *
 * Header-only (static functions marked unused), on top of wallet_api.h.
 */
#ifndef WALLET_TEST_HTTP_KYC_API_H
#define WALLET_TEST_HTTP_KYC_API_H

#include "http/wallet_api.h"

#include <stdbool.h>
#include <stdint.h>
#include <sys/wait.h>
#include <unistd.h>

/* Two sealing keys (base64 of 32 bytes) and a third one never used for data. */
#define KA_KEY_A "QUFBQUFBQUFBQUFBQUFBQUFBQUFBQUFBQUFBQUFBQUE="
#define KA_KEY_B "QkJCQkJCQkJCQkJCQkJCQkJCQkJCQkJCQkJCQkJCQkI="
#define KA_KEY_C "Q0NDQ0NDQ0NDQ0NDQ0NDQ0NDQ0NDQ0NDQ0NDQ0NDQ0M="

/*---------------------------------------------------------------------------------------------
 * Identity numbers
 *-------------------------------------------------------------------------------------------*/

static const unsigned char ka_verhoeff_d[10][10] = {
    {0, 1, 2, 3, 4, 5, 6, 7, 8, 9},
    {1, 2, 3, 4, 0, 6, 7, 8, 9, 5},
    {2, 3, 4, 0, 1, 7, 8, 9, 5, 6},
    {3, 4, 0, 1, 2, 8, 9, 5, 6, 7},
    {4, 0, 1, 2, 3, 9, 5, 6, 7, 8},
    {5, 9, 8, 7, 6, 0, 4, 3, 2, 1},
    {6, 5, 9, 8, 7, 1, 0, 4, 3, 2},
    {7, 6, 5, 9, 8, 2, 1, 0, 4, 3},
    {8, 7, 6, 5, 9, 3, 2, 1, 0, 4},
    {9, 8, 7, 6, 5, 4, 3, 2, 1, 0},
};
static const unsigned char ka_verhoeff_p[8][10] = {
    {0, 1, 2, 3, 4, 5, 6, 7, 8, 9},
    {1, 5, 7, 6, 2, 8, 3, 0, 9, 4},
    {5, 8, 0, 3, 7, 9, 6, 1, 4, 2},
    {8, 9, 1, 6, 0, 4, 3, 5, 2, 7},
    {9, 4, 5, 3, 1, 2, 6, 8, 7, 0},
    {4, 2, 8, 6, 5, 7, 3, 9, 0, 1},
    {2, 7, 9, 3, 8, 0, 6, 4, 1, 5},
    {7, 0, 4, 6, 9, 1, 3, 2, 5, 8},
};
static const unsigned char ka_verhoeff_inv[10] = {0, 4, 3, 2, 1, 5, 6, 7, 8, 9};

/* The Verhoeff check digit of the digits s[0..n). */
WA_UNUSED static int
ka_verhoeff_digit(const char *s, size_t n)
{
    int c = 0;
    for (size_t i = 0; i < n; i++)
        c = ka_verhoeff_d[c][ka_verhoeff_p[(i + 1) % 8][s[n - 1 - i] - '0']];
    return ka_verhoeff_inv[c];
}

/* A valid Aadhaar number (12 digits) made from seed: first digit 2-9, Verhoeff check digit. */
WA_UNUSED static void
ka_aadhaar(uint64_t seed, char out[13])
{
    uint64_t x = seed * 6364136223846793005ULL + 1442695040888963407ULL;
    x ^= (uint64_t)getpid() << 20;
    out[0] = (char)('2' + x % 8);
    for (int i = 1; i < 11; i++) {
        x = x * 6364136223846793005ULL + 1442695040888963407ULL;
        out[i] = (char)('0' + (x >> 33) % 10);
    }
    out[11] = (char)('0' + ka_verhoeff_digit(out, 11));
    out[12] = '\0';
}

/* "2345 6789 0124" for an Aadhaar number. */
WA_UNUSED static void
ka_spaced12(const char *a, char out[15])
{
    snprintf(out, 15, "%.4s %.4s %.4s", a, a + 4, a + 8);
}

/* A valid document number of each type, varying with n (0..9999). */
WA_UNUSED static void
ka_document(const char *type, unsigned n, char *out, size_t cap)
{
    n %= 10000;
    if (strcmp(type, "PAN") == 0)
        snprintf(out, cap, "BQRP%c%04uK", 'A' + (char)(n % 26), n);
    else if (strcmp(type, "PASSPORT") == 0)
        snprintf(out, cap, "K%u%05u%u", 1 + n % 9, (n * 7) % 100000, 1 + (n / 9) % 9);
    else if (strcmp(type, "DRIVING_LICENCE") == 0)
        snprintf(out, cap, "MH12201%01u%07u", n % 10, 1000000 + n);
    else
        snprintf(out, cap, "XYZ%07u", 3000000 + n);
}

/* 1 when s is 16 digits passing the Luhn check. */
WA_UNUSED static bool
ka_luhn_ok(const char *s)
{
    if (strlen(s) != 16)
        return false;
    int sum = 0;
    for (int i = 0; i < 16; i++) {
        if (s[i] < '0' || s[i] > '9')
            return false;
        int d = s[15 - i] - '0';
        if (i % 2 == 1) {
            d *= 2;
            if (d > 9)
                d -= 9;
        }
        sum += d;
    }
    return sum % 10 == 0;
}

/*---------------------------------------------------------------------------------------------
 * Operations
 *-------------------------------------------------------------------------------------------*/

#define KA_KYC_FIELDS                                                                              \
    "status aadhaarMasked documentType documentMasked submittedAt reviewedAt reviewNote"

/* submitKyc with the given strings; returns the response (caller decrefs). */
WA_UNUSED static json_t *
ka_submit(int port, const char *token, const char *aadhaar, const char *type, const char *doc)
{
    return wa_gql(port,
                  token,
                  "mutation($a:String!,$t:DocumentType!,$d:String!){submitKyc(input:{aadhaar:$a,"
                  "documentType:$t,documentNumber:$d}){" KA_KYC_FIELDS "}}",
                  json_pack("{s:s,s:s,s:s}", "a", aadhaar, "t", type, "d", doc),
                  NULL);
}

WA_UNUSED static json_t *
ka_reveal(int port, const char *token)
{
    return wa_gql(port, token, "mutation{revealAadhaar}", NULL, NULL);
}

WA_UNUSED static json_t *
ka_review(int port, const char *token, const char *user_id, const char *decision, const char *note)
{
    json_t *vars = json_pack("{s:s,s:s}", "u", user_id, "d", decision);
    json_object_set_new(vars, "n", note ? json_string(note) : json_null());
    return wa_gql(port,
                  token,
                  "mutation($u:ID!,$d:KycDecision!,$n:String){reviewKyc(userId:$u,decision:$d,"
                  "note:$n){" KA_KYC_FIELDS "}}",
                  vars,
                  NULL);
}

#define KA_CARD_FIELDS                                                                             \
    "id kind status brand last4 expiryMonth expiryYear dailyLimit createdAt account { id }"

/* issueCard; limit NULL for the default. */
WA_UNUSED static json_t *
ka_issue(int port, const char *token, const char *account, const char *kind, const char *limit)
{
    json_t *vars = json_pack("{s:s,s:s}", "a", account, "k", kind);
    json_object_set_new(vars, "l", limit ? json_string(limit) : json_null());
    return wa_gql(port,
                  token,
                  "mutation($a:ID!,$k:CardKind!,$l:Money){issueCard(input:{accountId:$a,kind:$k,"
                  "dailyLimit:$l}){number cvv card{" KA_CARD_FIELDS "}}}",
                  vars,
                  NULL);
}

WA_UNUSED static json_t *
ka_set_status(int port, const char *token, const char *card, const char *status)
{
    return wa_gql(
        port,
        token,
        "mutation($c:ID!,$s:CardStatus!){setCardStatus(cardId:$c,status:$s){" KA_CARD_FIELDS "}}",
        json_pack("{s:s,s:s}", "c", card, "s", status),
        NULL);
}

/* Whether the JSON text of v contains needle. */
WA_UNUSED static bool
ka_json_contains(json_t *v, const char *needle)
{
    char *text = json_dumps(v, JSON_COMPACT);
    bool found = text != NULL && strstr(text, needle) != NULL;
    free(text);
    return found;
}

/* Sets u->row_id (users.id) from the database. */
WA_UNUSED static void
ka_fill_row_id(struct wa_env *e, struct wa_user *u)
{
    u->row_id = atol(wa_sql_value(e, "SELECT id FROM users WHERE username = '%s'", u->username));
}

/*---------------------------------------------------------------------------------------------
 * Processes
 *-------------------------------------------------------------------------------------------*/

/*
 * Runs `walletd <args>` against db_url with the given sealing keys (old may be NULL), stdout
 * and stderr into out (malloc'd, caller frees; may be NULL). Returns the exit status.
 */
WA_UNUSED static int
ka_walletd_run(const char *db_url, const char *key, const char *old, const char *args, char **out)
{
    char path[] = "/tmp/wallet-kyc-out-XXXXXX";
    int fd = mkstemp(path);
    if (fd < 0)
        return -1;
    close(fd);
    char cmd[4096];
    snprintf(cmd,
             sizeof(cmd),
             "WALLET_DATABASE_URL='%s' WALLET_JWT_SECRET='%s' WALLET_SEAL_KEY='%s' "
             "WALLET_SEAL_KEY_OLD='%s' '%s' %s >%s 2>&1",
             db_url,
             WA_JWT_SECRET,
             key,
             old ? old : "",
             th_walletd_path(),
             args,
             path);
    int rc = system(cmd);
    if (out != NULL) {
        FILE *f = fopen(path, "r");
        size_t cap = 1 << 16, n = 0;
        char *buf = calloc(1, cap);
        if (f != NULL && buf != NULL) {
            n = fread(buf, 1, cap - 1, f);
            buf[n] = '\0';
        }
        if (f != NULL)
            fclose(f);
        *out = buf;
    }
    unlink(path);
    return rc == -1 ? -1 : WIFEXITED(rc) ? WEXITSTATUS(rc) : 128;
}

/* pg_dump of the whole database (schema and data, plain text) into a malloc'd string. */
WA_UNUSED static char *
ka_pg_dump(const char *db_url)
{
    static const char *const candidates[] = {
        "/usr/lib/postgresql/15/bin/pg_dump", "/usr/lib/postgresql/16/bin/pg_dump", "pg_dump"};
    const char *bin = "pg_dump";
    for (size_t i = 0; i < sizeof(candidates) / sizeof(candidates[0]); i++)
        if (access(candidates[i], X_OK) == 0) {
            bin = candidates[i];
            break;
        }
    char cmd[2048];
    snprintf(cmd, sizeof(cmd), "'%s' --no-owner '%s' 2>/dev/null", bin, db_url);
    FILE *p = popen(cmd, "r");
    if (p == NULL)
        return NULL;
    size_t cap = 1 << 20, n = 0;
    char *buf = malloc(cap);
    for (;;) {
        if (n + 65536 > cap) {
            cap *= 2;
            buf = realloc(buf, cap);
        }
        size_t got = fread(buf + n, 1, cap - n - 1, p);
        if (got == 0)
            break;
        n += got;
    }
    buf[n] = '\0';
    int st = pclose(p);
    if (st != 0 || n == 0) {
        free(buf);
        return NULL;
    }
    return buf;
}

#endif
