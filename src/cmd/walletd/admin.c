/*
 * `walletd create-admin USERNAME EMAIL` (CONTRACT.md §1): creates an ADMIN user whose password
 * is read as one line from standard input (without echo when it is a terminal). Exits
 * non-zero with a clear message if the name or email is taken or the password too weak
 * (the policy of crypto/password.h, as for registration).
 */
#include "app/audit.h"
#include "commands.h"
#include "crypto/init.h"
#include "crypto/password.h"
#include "db/db.h"

#include <stdbool.h>
#include <stdio.h>
#include <string.h>
#include <termios.h>
#include <unistd.h>

/* Username rules of CONTRACT.md §4 (the users_username_format constraint says the same). */
static bool
username_valid(const char *s)
{
    size_t n = strlen(s);
    if (n < 3 || n > 32 || !(s[0] >= 'a' && s[0] <= 'z'))
        return false;
    for (size_t i = 0; i < n; i++) {
        char c = s[i];
        if (!((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '_' || c == '.'))
            return false;
    }
    return true;
}

/* One '@' with something on both sides, no spaces or control characters, at most 254. */
static bool
email_valid(const char *s)
{
    size_t n = strlen(s);
    const char *at = strchr(s, '@');
    if (n < 3 || n > 254 || at == NULL || at == s || at[1] == '\0' || strchr(at + 1, '@'))
        return false;
    for (size_t i = 0; i < n; i++) {
        unsigned char c = (unsigned char)s[i];
        if (c <= 0x20 || c == 0x7f)
            return false;
    }
    return true;
}

/*
 * Reads one line from standard input into buf, without its line ending; with echo off when
 * standard input is a terminal. Returns its length, or -1 on end of input or a line too long.
 */
static long
read_password(char *buf, size_t cap)
{
    struct termios saved, quiet;
    bool tty = isatty(STDIN_FILENO) && tcgetattr(STDIN_FILENO, &saved) == 0;
    if (tty) {
        fputs("Password: ", stderr);
        fflush(stderr);
        quiet = saved;
        quiet.c_lflag &= ~(tcflag_t)ECHO;
        tcsetattr(STDIN_FILENO, TCSAFLUSH, &quiet);
    }
    long len = -1;
    if (fgets(buf, (int)cap, stdin) != NULL) {
        size_t n = strlen(buf);
        bool complete = n > 0 && buf[n - 1] == '\n';
        if (!complete && !feof(stdin)) {
            len = -1; /* longer than the buffer */
        } else {
            while (n > 0 && (buf[n - 1] == '\n' || buf[n - 1] == '\r'))
                buf[--n] = '\0';
            len = (long)n;
        }
    }
    if (tty) {
        tcsetattr(STDIN_FILENO, TCSAFLUSH, &saved);
        fputc('\n', stderr);
    }
    return len;
}

int
cmd_create_admin(const struct wallet_config *cfg, int argc, const char **argv)
{
    char password[PW_MAX_BYTES + 2];
    char hash[PW_HASH_MAX];
    int rc = 1;
    PGconn *pg = NULL;

    if (argc != 2) {
        walletd_fail("usage: walletd create-admin USERNAME EMAIL (the password is read from "
                     "standard input)");
        return 2;
    }
    const char *username = argv[0];
    const char *email = argv[1];
    if (!username_valid(username)) {
        walletd_fail("username must be 3-32 characters of a-z, 0-9, _ and ., starting with a "
                     "letter");
        return 1;
    }
    if (!email_valid(email)) {
        walletd_fail("\"%.60s\" is not an email address", email);
        return 1;
    }
    if (wallet_crypto_init() < 0) {
        walletd_fail("libsodium cannot be initialised");
        return 1;
    }
    long len = read_password(password, sizeof(password));
    if (len < 0) {
        walletd_fail("no password given: write it as one line on standard input");
        goto out_wipe;
    }
    const char *reason = NULL;
    if (pw_policy_check(username, password, (size_t)len, &reason) < 0) {
        walletd_fail("password too weak: %s", reason ? reason : "it does not meet the policy");
        goto out_wipe;
    }
    if (pw_hash(password, (size_t)len, hash) < 0) {
        walletd_fail("cannot hash the password (out of memory?)");
        goto out_wipe;
    }

    pg = walletd_connect(cfg);
    if (pg == NULL)
        goto out_wipe;
    struct db_error e;
    if (db_pg_begin(pg, &e) < 0) {
        walletd_fail("cannot start a transaction: %s", e.message);
        goto out_wipe;
    }
    const char *params[3] = {username, email, hash};
    PGresult *res = db_pg_query(pg,
                                "INSERT INTO users (username, email, display_name, password_hash, "
                                "role) VALUES ($1, $2, $1, $3, 'ADMIN') RETURNING id",
                                3,
                                params,
                                PGRES_TUPLES_OK,
                                &e);
    if (res == NULL) {
        db_pg_rollback(pg);
        if (e.fault == DB_FAULT_UNIQUE && strcmp(e.constraint, "users_email_key") == 0)
            walletd_fail("the email %.60s is already taken", email);
        else if (e.fault == DB_FAULT_UNIQUE)
            walletd_fail("the username %s is already taken", username);
        else if (strcmp(e.sqlstate, "42P01") == 0)
            walletd_fail("the database has no users table: run walletd migrate first");
        else
            walletd_fail("cannot create the user: %s", e.message);
        goto out_wipe;
    }
    /* Audited in the same transaction (contract §4 "Audit": role changes). */
    char details[96];
    snprintf(details, sizeof(details), "{\"username\":\"%s\",\"role\":\"ADMIN\"}", username);
    struct app_audit_entry entry = {
        .action = "ADMIN_CREATE",
        .target_type = "user",
        .target_id = PQgetvalue(res, 0, 0),
        .details = details,
    };
    if (app_audit_append_pg(pg, &entry, NULL) < 0 || db_pg_commit(pg, &e) < 0) {
        db_pg_rollback(pg);
        PQclear(res);
        walletd_fail("cannot record the new ADMIN user in the audit log");
        goto out_wipe;
    }
    printf("created ADMIN user %s (id %s)\n", username, PQgetvalue(res, 0, 0));
    PQclear(res);
    rc = 0;

out_wipe:
    explicit_bzero(password, sizeof(password));
    explicit_bzero(hash, sizeof(hash));
    PQfinish(pg);
    return rc;
}
