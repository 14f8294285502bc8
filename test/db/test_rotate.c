/*
 * Sealed values in the database and key rotation, in-process against a real PostgreSQL
 * (app/kyc.h, app/rotate.h; issue 6): the binding of each value to its owner, field and card;
 * the start-up key check; and rotation in batches that is resumable after an interruption,
 * skips rows a request holds locked and takes them on a later run, recomputes the blind
 * indexes, and leaves values that open under neither key as they are, reporting them.
 */
/* clang-format off */
#include <setjmp.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>
/* clang-format on */

#include "app/kyc.h"
#include "app/rotate.h"
#include "crypto/init.h"
#include "crypto/seal.h"
#include "db/db.h"
#include "db/migrate.h"
#include "support/testdb.h"

#include <sodium.h>

static char url[1024];
static PGconn *pg;
static struct seal_keyring *kr_a, *kr_b, *kr_ba, *kr_ca;
static int next_user = 1;

static void
key_of(char c, unsigned char out[SEAL_KEY_BYTES])
{
    memset(out, c, SEAL_KEY_BYTES);
}

static int
setup(void **state)
{
    (void)state;
    if (wallet_crypto_init() < 0 || testdb_create("rotate", url, sizeof(url)) < 0)
        return -1;
    struct db_migration_set set;
    char err[512];
    if (db_migrations_embedded(&set, err, sizeof(err)) < 0)
        return -1;
    struct db_error e;
    if (db_pg_connect(url, 10, "test_rotate", &pg, &e) < 0)
        return -1;
    struct db_migrate_result result;
    int rc = db_migrate(pg, &set, &result, err, sizeof(err));
    db_migrations_free(&set);
    if (rc < 0) {
        fprintf(stderr, "migrate: %s\n", err);
        return -1;
    }
    unsigned char a[SEAL_KEY_BYTES], b[SEAL_KEY_BYTES], c[SEAL_KEY_BYTES];
    key_of('A', a);
    key_of('B', b);
    key_of('C', c);
    if (seal_keyring_new(a, NULL, &kr_a) != 0 || seal_keyring_new(b, NULL, &kr_b) != 0 ||
        seal_keyring_new(b, a, &kr_ba) != 0 || seal_keyring_new(c, a, &kr_ca) != 0)
        return -1;
    return 0;
}

static int
teardown(void **state)
{
    (void)state;
    seal_keyring_free(kr_a);
    seal_keyring_free(kr_b);
    seal_keyring_free(kr_ba);
    seal_keyring_free(kr_ca);
    PQfinish(pg);
    return testdb_drop(url);
}

/*---------------------------------------------------------------------------------------------
 * Rows
 *-------------------------------------------------------------------------------------------*/

static PGresult *
query(const char *sql, int n, const char *const *params)
{
    struct db_error e;
    PGresult *res = db_pg_query(pg, sql, n, params, PGRES_TUPLES_OK, &e);
    if (res == NULL)
        fail_msg("%s: %s", sql, e.message);
    return res;
}

static int64_t
query_i64(const char *sql, int n, const char *const *params)
{
    PGresult *res = query(sql, n, params);
    int64_t v = PQntuples(res) > 0 ? strtoll(PQgetvalue(res, 0, 0), NULL, 10) : -1;
    PQclear(res);
    return v;
}

/* A user with one account; returns the user id and sets *account. */
static int64_t
add_user(int64_t *account)
{
    char name[32], email[64], number[16];
    int n = next_user++;
    snprintf(name, sizeof(name), "rot%d", n);
    snprintf(email, sizeof(email), "rot%d@example.com", n);
    snprintf(number, sizeof(number), "%012d", 500000000 + n);
    const char *p[] = {name, email};
    int64_t uid = query_i64("INSERT INTO users (username, email, display_name, password_hash) "
                            "VALUES ($1, $2, $1, '$argon2id$x') RETURNING id",
                            2,
                            p);
    char uid_s[24];
    snprintf(uid_s, sizeof(uid_s), "%lld", (long long)uid);
    const char *q[] = {uid_s, number};
    *account = query_i64(
        "INSERT INTO accounts (user_id, type, number) VALUES ($1, 'CHECKING', $2) RETURNING id",
        2,
        q);
    return uid;
}

/* A 12-digit "Aadhaar" made from n (the check digit is not needed here). */
static void
aadhaar_of(int n, char out[13])
{
    snprintf(out, 13, "%012lld", 234567000000LL + n);
}

static void
add_kyc(const struct seal_keyring *kr, int64_t uid, const char *aadhaar, const char *doc)
{
    char ahex[APP_SEALED_HEX_MAX], akey[APP_ID_TEXT_MAX], dhex[APP_SEALED_HEX_MAX],
        dkey[APP_ID_TEXT_MAX], blind[APP_BLIND_HEX_MAX], uid_s[24];
    assert_int_equal(
        app_sealed_seal(kr, uid, SEAL_FIELD_AADHAAR, 0, aadhaar, strlen(aadhaar), ahex, akey), 0);
    assert_int_equal(app_sealed_seal(kr, uid, SEAL_FIELD_DOCUMENT, 0, doc, strlen(doc), dhex, dkey),
                     0);
    assert_int_equal(
        app_blind_index_hex(kr, SEAL_FIELD_AADHAAR, aadhaar, strlen(aadhaar), 0, blind), 0);
    snprintf(uid_s, sizeof(uid_s), "%lld", (long long)uid);
    const char *last4 = aadhaar + 8;
    const char *dlast4 = doc + strlen(doc) - 4;
    const char *p[] = {uid_s, ahex, akey, last4, blind, dhex, dkey, dlast4};
    struct db_error e;
    PGresult *res = db_pg_query(
        pg,
        "INSERT INTO kyc_profiles (user_id, status, aadhaar_ciphertext, aadhaar_key_id, "
        "aadhaar_last4, aadhaar_blind_index, document_type, document_ciphertext, document_key_id, "
        "document_last4, submitted_at) VALUES ($1, 'PENDING', $2, $3, $4, $5, 'PAN', $6, $7, $8, "
        "now())",
        8,
        p,
        PGRES_COMMAND_OK,
        &e);
    if (res == NULL)
        fail_msg("insert kyc: %s", e.message);
    PQclear(res);
}

static int64_t
add_card(const struct seal_keyring *kr, int64_t uid, int64_t account, const char *number)
{
    int64_t id = query_i64("SELECT nextval(pg_get_serial_sequence('cards', 'id'))", 0, NULL);
    char hex[APP_SEALED_HEX_MAX], key[APP_ID_TEXT_MAX], id_s[24], acc_s[24];
    assert_int_equal(app_sealed_seal(kr, uid, SEAL_FIELD_CARD_NUMBER, id, number, 16, hex, key), 0);
    snprintf(id_s, sizeof(id_s), "%lld", (long long)id);
    snprintf(acc_s, sizeof(acc_s), "%lld", (long long)account);
    const char *p[] = {id_s, acc_s, hex, key, number + 12};
    struct db_error e;
    PGresult *res = db_pg_query(
        pg,
        "INSERT INTO cards (id, account_id, kind, brand, number_ciphertext, key_id, last4, "
        "expiry_month, expiry_year, daily_limit) OVERRIDING SYSTEM VALUE VALUES ($1, $2, "
        "'VIRTUAL', 'VISA', $3, $4, $5, 1, 2030, 100)",
        5,
        p,
        PGRES_COMMAND_OK,
        &e);
    if (res == NULL)
        fail_msg("insert card: %s", e.message);
    PQclear(res);
    return id;
}

/* Opens every sealed value with kr and checks it against what was sealed; counts them. */
static int
check_all_open(const struct seal_keyring *kr)
{
    int n = 0;
    PGresult *res = query("SELECT user_id, aadhaar_ciphertext, aadhaar_key_id, "
                          "aadhaar_blind_index, document_ciphertext, document_key_id, "
                          "aadhaar_last4 FROM kyc_profiles ORDER BY user_id",
                          0,
                          NULL);
    for (int i = 0; i < PQntuples(res); i++) {
        int64_t uid = strtoll(PQgetvalue(res, i, 0), NULL, 10);
        char pt[APP_SEALED_PLAINTEXT_MAX + 1], blind[APP_BLIND_HEX_MAX];
        size_t len;
        assert_int_equal(app_sealed_open(kr,
                                         uid,
                                         SEAL_FIELD_AADHAAR,
                                         0,
                                         strtoll(PQgetvalue(res, i, 2), NULL, 10),
                                         PQgetvalue(res, i, 1),
                                         pt,
                                         sizeof(pt),
                                         &len),
                         0);
        assert_int_equal(len, 12);
        assert_string_equal(pt + 8, PQgetvalue(res, i, 6));
        /* The blind index is under the same key as the value. */
        int old = strtoll(PQgetvalue(res, i, 2), NULL, 10) != (int64_t)seal_current_key_id(kr);
        assert_int_equal(app_blind_index_hex(kr, SEAL_FIELD_AADHAAR, pt, len, old, blind), 0);
        assert_string_equal(blind, PQgetvalue(res, i, 3));
        assert_int_equal(app_sealed_open(kr,
                                         uid,
                                         SEAL_FIELD_DOCUMENT,
                                         0,
                                         strtoll(PQgetvalue(res, i, 5), NULL, 10),
                                         PQgetvalue(res, i, 4),
                                         pt,
                                         sizeof(pt),
                                         &len),
                         0);
        n += 2;
    }
    PQclear(res);
    res = query("SELECT c.id, a.user_id, c.number_ciphertext, c.key_id, c.last4 FROM cards c "
                "JOIN accounts a ON a.id = c.account_id ORDER BY c.id",
                0,
                NULL);
    for (int i = 0; i < PQntuples(res); i++) {
        char pt[APP_SEALED_PLAINTEXT_MAX + 1];
        size_t len;
        assert_int_equal(app_sealed_open(kr,
                                         strtoll(PQgetvalue(res, i, 1), NULL, 10),
                                         SEAL_FIELD_CARD_NUMBER,
                                         strtoll(PQgetvalue(res, i, 0), NULL, 10),
                                         strtoll(PQgetvalue(res, i, 3), NULL, 10),
                                         PQgetvalue(res, i, 2),
                                         pt,
                                         sizeof(pt),
                                         &len),
                         0);
        assert_int_equal(len, 16);
        assert_string_equal(pt + 12, PQgetvalue(res, i, 4));
        n++;
    }
    PQclear(res);
    return n;
}

static long long
values_not_under(const struct seal_keyring *kr)
{
    char sql[512];
    unsigned id = seal_current_key_id(kr);
    snprintf(sql,
             sizeof(sql),
             "SELECT (SELECT count(*) FROM kyc_profiles WHERE aadhaar_key_id <> %u) + (SELECT "
             "count(*) FROM kyc_profiles WHERE document_key_id <> %u) + (SELECT count(*) FROM "
             "cards WHERE key_id <> %u)",
             id,
             id,
             id);
    return testdb_query_int(pg, sql);
}

/*---------------------------------------------------------------------------------------------
 * Tests
 *-------------------------------------------------------------------------------------------*/

static void
values_are_bound(void **state)
{
    (void)state;
    char hex[APP_SEALED_HEX_MAX], key[APP_ID_TEXT_MAX], pt[APP_SEALED_PLAINTEXT_MAX + 1];
    size_t len;
    assert_int_equal(
        app_sealed_seal(kr_a, 7, SEAL_FIELD_CARD_NUMBER, 42, "4111111111111111", 16, hex, key), 0);
    int64_t key_id = strtoll(key, NULL, 10);
    assert_int_equal(key_id, (int64_t)seal_current_key_id(kr_a));
    assert_int_equal(
        app_sealed_open(kr_a, 7, SEAL_FIELD_CARD_NUMBER, 42, key_id, hex, pt, sizeof(pt), &len), 0);
    assert_string_equal(pt, "4111111111111111");
    /* Another owner, field, card, key, or a damaged blob: nothing opens, nothing is left. */
    assert_int_equal(
        app_sealed_open(kr_a, 8, SEAL_FIELD_CARD_NUMBER, 42, key_id, hex, pt, sizeof(pt), &len),
        SEAL_EOPEN);
    assert_true(sodium_is_zero((const unsigned char *)pt, sizeof(pt)));
    assert_int_equal(
        app_sealed_open(kr_a, 7, SEAL_FIELD_DOCUMENT, 42, key_id, hex, pt, sizeof(pt), &len),
        SEAL_EOPEN);
    assert_int_equal(
        app_sealed_open(kr_a, 7, SEAL_FIELD_CARD_NUMBER, 43, key_id, hex, pt, sizeof(pt), &len),
        SEAL_EOPEN);
    assert_int_equal(
        app_sealed_open(kr_b, 7, SEAL_FIELD_CARD_NUMBER, 42, key_id, hex, pt, sizeof(pt), &len),
        SEAL_EUNKNOWN_KEY);
    hex[10] = hex[10] == '0' ? '1' : '0';
    assert_int_equal(
        app_sealed_open(kr_a, 7, SEAL_FIELD_CARD_NUMBER, 42, key_id, hex, pt, sizeof(pt), &len),
        SEAL_EOPEN);
    assert_int_equal(
        app_sealed_open(
            kr_a, 7, SEAL_FIELD_CARD_NUMBER, 42, key_id, "garbage", pt, sizeof(pt), &len),
        SEAL_EOPEN);
    /* Two seals of one value differ (random nonce); the blind index does not. */
    char hex2[APP_SEALED_HEX_MAX], b1[APP_BLIND_HEX_MAX], b2[APP_BLIND_HEX_MAX];
    assert_int_equal(
        app_sealed_seal(kr_a, 7, SEAL_FIELD_CARD_NUMBER, 42, "4111111111111111", 16, hex2, key), 0);
    hex[10] = hex[10] == '0' ? '1' : '0';
    assert_string_not_equal(hex, hex2);
    assert_int_equal(app_blind_index_hex(kr_a, SEAL_FIELD_AADHAAR, "234567890123", 12, 0, b1), 0);
    assert_int_equal(app_blind_index_hex(kr_a, SEAL_FIELD_AADHAAR, "234567890123", 12, 0, b2), 0);
    assert_string_equal(b1, b2);
    /* Under another key it differs; the old key's index is reachable during a rotation. */
    assert_int_equal(app_blind_index_hex(kr_ba, SEAL_FIELD_AADHAAR, "234567890123", 12, 0, b2), 0);
    assert_string_not_equal(b1, b2);
    assert_int_equal(app_blind_index_hex(kr_ba, SEAL_FIELD_AADHAAR, "234567890123", 12, 1, b2), 0);
    assert_string_equal(b1, b2);
    assert_int_equal(app_blind_index_hex(kr_a, SEAL_FIELD_AADHAAR, "234567890123", 12, 1, b2),
                     SEAL_ENO_OLD_KEY);
}

static void
start_up_check(void **state)
{
    (void)state;
    char err[512];
    int db_error = -1;
    /* Nothing sealed yet: any key will do. */
    assert_int_equal(app_sealed_check_keys(pg, kr_b, err, sizeof(err), &db_error), 0);
    assert_int_equal(db_error, 0);

    int64_t acc;
    for (int i = 0; i < 4; i++) {
        int64_t uid = add_user(&acc);
        char a[13], card[17];
        aadhaar_of(i, a);
        add_kyc(kr_a, uid, a, "BQRPA1234K");
        snprintf(card, sizeof(card), "41111111111%05d", i);
        add_card(kr_a, uid, acc, card);
    }
    assert_int_equal(app_sealed_check_keys(pg, kr_a, err, sizeof(err), NULL), 0);
    assert_int_equal(app_sealed_check_keys(pg, kr_ba, err, sizeof(err), NULL), 0);
    assert_int_equal(app_sealed_check_keys(pg, kr_ca, err, sizeof(err), NULL), 0);
    assert_int_equal(app_sealed_check_keys(pg, kr_b, err, sizeof(err), &db_error), -1);
    assert_int_equal(db_error, 0);
    assert_non_null(strstr(err, "WALLET_SEAL_KEY does not match the database"));
    assert_non_null(strstr(err, "WALLET_SEAL_KEY_OLD is not set"));

    /* One damaged value among the samples is not enough to refuse; all of them is. */
    testdb_exec_ok(pg,
                   "UPDATE cards SET number_ciphertext = (SELECT number_ciphertext FROM cards "
                   "ORDER BY id DESC LIMIT 1) WHERE id = (SELECT min(id) FROM cards)");
    assert_int_equal(app_sealed_check_keys(pg, kr_a, err, sizeof(err), NULL), 0);
    testdb_exec_ok(pg, "CREATE TEMP TABLE saved_cards AS SELECT id, number_ciphertext FROM cards");
    testdb_exec_ok(pg, "UPDATE cards SET number_ciphertext = decode(repeat('00', 56), 'hex')");
    assert_int_equal(app_sealed_check_keys(pg, kr_a, err, sizeof(err), &db_error), -1);
    assert_int_equal(db_error, 0);
    assert_non_null(strstr(err, "cannot open the sealed card values"));
    testdb_exec_ok(pg,
                   "UPDATE cards c SET number_ciphertext = s.number_ciphertext FROM saved_cards s "
                   "WHERE s.id = c.id");
    testdb_exec_ok(pg, "DROP TABLE saved_cards");
    /* Put the first card back to its own blob: reseal it. */
    testdb_exec_ok(pg, "DELETE FROM cards WHERE id = (SELECT min(id) FROM cards)");
}

static void
rotation_is_batched_and_resumable(void **state)
{
    (void)state;
    int64_t acc;
    for (int i = 4; i < 9; i++) {
        int64_t uid = add_user(&acc);
        char a[13], card[17];
        aadhaar_of(i, a);
        add_kyc(kr_a, uid, a, "BQRPA1234K");
        for (int c = 0; c < 2; c++) {
            snprintf(card, sizeof(card), "4111111111%d%05d", c, i);
            add_card(kr_a, uid, acc, card);
        }
    }
    /* 9 profiles (18 values) and 3 + 10 cards, all under A. */
    long long total = values_not_under(kr_b);
    assert_int_equal(total, 18 + 13);

    /* Interrupted after two batches of two profiles: those are done and nothing else. */
    struct app_rotate_options opt = {.batch_size = 2, .max_batches = 2};
    struct app_rotate_report rep;
    char err[512];
    assert_int_equal(app_rotate_keys(pg, kr_ba, &opt, &rep, err, sizeof(err)),
                     APP_ROTATE_UNFINISHED);
    assert_int_equal(rep.batches, 2);
    assert_int_equal(rep.aadhaar, 4);
    assert_int_equal(rep.documents, 4);
    assert_int_equal(rep.blind_indexes, 4);
    assert_int_equal(rep.cards, 0);
    assert_int_equal(rep.remaining, total - 8);
    assert_int_equal(values_not_under(kr_b), total - 8);
    /* Meanwhile everything is readable with the rotation keyring (new + old). */
    assert_int_equal(check_all_open(kr_ba), total);

    /* A rerun continues where the first stopped. */
    opt.max_batches = 0;
    assert_int_equal(app_rotate_keys(pg, kr_ba, &opt, &rep, err, sizeof(err)), 0);
    assert_int_equal(rep.aadhaar, 5);
    assert_int_equal(rep.documents, 5);
    assert_int_equal(rep.cards, 13);
    assert_int_equal(rep.remaining, 0);
    assert_int_equal(rep.unreadable, 0);
    assert_int_equal(values_not_under(kr_b), 0);
    /* The new key alone now reads everything, blind indexes included. */
    assert_int_equal(check_all_open(kr_b), total);

    /* Nothing left: a third run changes nothing. */
    assert_int_equal(app_rotate_keys(pg, kr_ba, &opt, &rep, err, sizeof(err)), 0);
    assert_int_equal(rep.aadhaar + rep.documents + rep.cards + rep.batches, 0);
}

static void
locked_rows_are_taken_later(void **state)
{
    (void)state;
    int64_t acc;
    int64_t uid = add_user(&acc);
    char a[13], uid_s[32], sql[256];
    aadhaar_of(20, a);
    add_kyc(kr_a, uid, a, "BQRPA1234K");
    snprintf(uid_s, sizeof(uid_s), "%lld", (long long)uid);

    /* A request holds the row. */
    PGconn *other = testdb_connect(url);
    testdb_exec_ok(other, "BEGIN");
    snprintf(sql, sizeof(sql), "SELECT 1 FROM kyc_profiles WHERE user_id = %s FOR UPDATE", uid_s);
    testdb_exec_ok(other, sql);

    struct app_rotate_options opt = {.batch_size = 10, .passes = 2};
    struct app_rotate_report rep;
    char err[512];
    assert_int_equal(app_rotate_keys(pg, kr_ba, &opt, &rep, err, sizeof(err)),
                     APP_ROTATE_UNFINISHED);
    assert_int_equal(rep.remaining, 2);
    assert_int_equal(rep.aadhaar, 0);

    testdb_exec_ok(other, "COMMIT");
    PQfinish(other);
    assert_int_equal(app_rotate_keys(pg, kr_ba, &opt, &rep, err, sizeof(err)), 0);
    assert_int_equal(rep.aadhaar, 1);
    assert_int_equal(values_not_under(kr_b), 0);
}

static void
unreadable_values_are_reported_and_left(void **state)
{
    (void)state;
    int64_t acc, uids[3];
    for (int i = 0; i < 3; i++) {
        uids[i] = add_user(&acc);
        char a[13];
        aadhaar_of(30 + i, a);
        add_kyc(kr_a, uids[i], a, "BQRPA1234K");
    }
    /* Swap the first two users' sealed Aadhaar numbers. */
    char sql[512];
    snprintf(sql,
             sizeof(sql),
             "UPDATE kyc_profiles k SET aadhaar_ciphertext = o.aadhaar_ciphertext FROM "
             "kyc_profiles o WHERE k.user_id IN (%lld, %lld) AND o.user_id IN (%lld, %lld) AND "
             "o.user_id <> k.user_id",
             (long long)uids[0],
             (long long)uids[1],
             (long long)uids[0],
             (long long)uids[1]);
    testdb_exec_ok(pg, sql);

    struct app_rotate_options opt = {.batch_size = 2};
    struct app_rotate_report rep;
    char err[512];
    assert_int_equal(app_rotate_keys(pg, kr_ba, &opt, &rep, err, sizeof(err)),
                     APP_ROTATE_UNREADABLE);
    assert_int_equal(rep.unreadable, 2);
    char where[64];
    snprintf(where, sizeof(where), "user %lld (aadhaar)", (long long)uids[0]);
    assert_string_equal(rep.first_unreadable, where);
    /* Everything else moved: the three documents and the third Aadhaar. */
    assert_int_equal(rep.aadhaar, 1);
    assert_int_equal(rep.documents, 3);
    assert_int_equal(rep.remaining, 2);
    /* The swapped ones are still under A, untouched. */
    snprintf(sql,
             sizeof(sql),
             "SELECT count(*) FROM kyc_profiles WHERE aadhaar_key_id = %u",
             seal_current_key_id(kr_a));
    assert_int_equal(testdb_query_int(pg, sql), 2);
}

int
main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(values_are_bound),
        cmocka_unit_test(start_up_check),
        cmocka_unit_test(rotation_is_batched_and_resumable),
        cmocka_unit_test(locked_rows_are_taken_later),
        cmocka_unit_test(unreadable_values_are_reported_and_left),
    };
    return cmocka_run_group_tests(tests, setup, teardown);
}
