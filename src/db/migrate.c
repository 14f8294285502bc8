/*
 * Schema migrations: embedded or folder-based SQL files applied in order under an advisory
 * lock, each in its own transaction, recorded with a checksum (see include/db/migrate.h).
 */
#include "db/migrate.h"

#include "core/log.h"
#include "db/db.h"

#include <dirent.h>
#include <errno.h>
#include <inttypes.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

/* Generated at build time from the .sql files of db/migrations (cmake/EmbedMigrations.cmake). */
extern const char *const wallet_migration_names[];
extern const char *const wallet_migration_sql[];
extern const unsigned long wallet_migration_len[];
extern const unsigned long wallet_migration_count;

#define MIGRATION_FILE_MAX (16L * 1024 * 1024)
#define MIGRATIONS_MAX 10000

static const char *const create_table_sql =
    "CREATE TABLE IF NOT EXISTS schema_migrations ("
    " version bigint PRIMARY KEY CHECK (version > 0),"
    " name text NOT NULL,"
    " checksum text NOT NULL CHECK (checksum ~ '^[0-9a-f]{64}$'),"
    " applied_at timestamptz NOT NULL DEFAULT now())";

static void __attribute__((format(printf, 3, 4)))
set_err(char *err, size_t errlen, const char *fmt, ...)
{
    if (err == NULL || errlen == 0)
        return;
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(err, errlen, fmt, ap);
    va_end(ap);
}

long
db_migration_version(const char *name)
{
    const char *p = name;
    long v = 0;
    while (*p >= '0' && *p <= '9') {
        if (v > 100000000L)
            return -1;
        v = v * 10 + (*p - '0');
        p++;
    }
    if (p == name || *p != '_' || v <= 0)
        return -1;
    size_t rest = strlen(p + 1);
    if (rest <= 4 || strcmp(p + 1 + rest - 4, ".sql") != 0)
        return -1;
    for (const char *q = p + 1; *q; q++) {
        bool ok = (*q >= 'a' && *q <= 'z') || (*q >= 'A' && *q <= 'Z') ||
                  (*q >= '0' && *q <= '9') || *q == '_' || *q == '.' || *q == '-';
        if (!ok)
            return -1;
    }
    return v;
}

static int
by_version(const void *a, const void *b)
{
    const struct db_migration *x = a, *y = b;
    return (x->version > y->version) - (x->version < y->version);
}

int
db_migrations_from(struct db_migration *items,
                   size_t count,
                   struct db_migration_set *out,
                   char *err,
                   size_t errlen)
{
    memset(out, 0, sizeof(*out));
    for (size_t i = 0; i < count; i++) {
        long v = db_migration_version(items[i].name);
        if (v < 0) {
            set_err(
                err, errlen, "migration file name %s is not NNNN_description.sql", items[i].name);
            return -1;
        }
        items[i].version = v;
        if (items[i].len == 0 && items[i].sql != NULL)
            items[i].len = strlen(items[i].sql);
    }
    if (count > 1)
        qsort(items, count, sizeof(*items), by_version);
    for (size_t i = 1; i < count; i++) {
        if (items[i].version == items[i - 1].version) {
            set_err(err,
                    errlen,
                    "migrations %s and %s have the same version %ld",
                    items[i - 1].name,
                    items[i].name,
                    items[i].version);
            return -1;
        }
    }
    out->items = items;
    out->count = count;
    return 0;
}

void
db_migrations_free(struct db_migration_set *set)
{
    for (size_t i = 0; i < set->nowned; i++)
        free(set->owned[i]);
    free(set->owned);
    if (set->owns_items)
        free(set->items);
    memset(set, 0, sizeof(*set));
}

int
db_migrations_embedded(struct db_migration_set *out, char *err, size_t errlen)
{
    memset(out, 0, sizeof(*out));
    size_t n = (size_t)wallet_migration_count;
    struct db_migration *items = calloc(n ? n : 1, sizeof(*items));
    if (items == NULL)
        abort();
    for (size_t i = 0; i < n; i++) {
        items[i].name = wallet_migration_names[i];
        items[i].sql = wallet_migration_sql[i];
        items[i].len = (size_t)wallet_migration_len[i];
    }
    if (db_migrations_from(items, n, out, err, errlen) < 0) {
        free(items);
        return -1;
    }
    out->owns_items = 1;
    return 0;
}

/* Reads a whole file into a malloc'd NUL-terminated buffer. */
static char *
read_file(const char *path, size_t *len)
{
    FILE *f = fopen(path, "rb");
    if (f == NULL)
        return NULL;
    struct stat st;
    if (fstat(fileno(f), &st) < 0 || !S_ISREG(st.st_mode) || st.st_size > MIGRATION_FILE_MAX) {
        fclose(f);
        errno = EFBIG;
        return NULL;
    }
    char *buf = malloc((size_t)st.st_size + 1);
    if (buf == NULL)
        abort();
    size_t n = fread(buf, 1, (size_t)st.st_size, f);
    fclose(f);
    if (n != (size_t)st.st_size) {
        free(buf);
        errno = EIO;
        return NULL;
    }
    buf[n] = '\0';
    *len = n;
    return buf;
}

int
db_migrations_load_dir(const char *dir, struct db_migration_set *out, char *err, size_t errlen)
{
    memset(out, 0, sizeof(*out));
    DIR *d = opendir(dir);
    if (d == NULL) {
        set_err(err, errlen, "cannot open migrations folder %s: %s", dir, strerror(errno));
        return -1;
    }
    size_t cap = 16;
    struct db_migration *items = calloc(cap, sizeof(*items));
    char **owned = calloc(2 * cap, sizeof(*owned));
    size_t n = 0, nowned = 0;
    if (items == NULL || owned == NULL)
        abort();
    struct dirent *de;
    while ((de = readdir(d)) != NULL) {
        size_t nl = strlen(de->d_name);
        if (nl < 5 || strcmp(de->d_name + nl - 4, ".sql") != 0)
            continue;
        if (n == MIGRATIONS_MAX) {
            set_err(err, errlen, "too many migrations in %s", dir);
            goto out_fail;
        }
        if (n == cap) {
            cap *= 2;
            items = realloc(items, cap * sizeof(*items));
            owned = realloc(owned, 2 * cap * sizeof(*owned));
            if (items == NULL || owned == NULL)
                abort();
        }
        char path[4096];
        snprintf(path, sizeof(path), "%s/%s", dir, de->d_name);
        size_t len = 0;
        char *sql = read_file(path, &len);
        if (sql == NULL) {
            set_err(err, errlen, "cannot read %s: %s", path, strerror(errno));
            goto out_fail;
        }
        char *name = strdup(de->d_name);
        if (name == NULL)
            abort();
        owned[nowned++] = sql;
        owned[nowned++] = name;
        items[n].name = name;
        items[n].sql = sql;
        items[n].len = len;
        n++;
    }
    closedir(d);
    d = NULL;
    if (db_migrations_from(items, n, out, err, errlen) < 0)
        goto out_fail;
    out->owned = owned;
    out->nowned = nowned;
    out->owns_items = 1;
    return 0;

out_fail:
    if (d != NULL)
        closedir(d);
    for (size_t i = 0; i < nowned; i++)
        free(owned[i]);
    free(owned);
    free(items);
    memset(out, 0, sizeof(*out));
    return -1;
}

/* The hex SHA-256 of a migration's bytes, computed by the server (sha256(bytea)). */
static int
checksum(PGconn *pg, const struct db_migration *m, char out[65], struct db_error *e)
{
    const Oid types[1] = {17}; /* bytea */
    const char *values[1] = {m->sql};
    const int lengths[1] = {(int)m->len};
    const int formats[1] = {1};
    PGresult *res = PQexecParams(
        pg, "SELECT encode(sha256($1::bytea), 'hex')", 1, types, values, lengths, formats, 0);
    if (db_pg_check(pg, res, PGRES_TUPLES_OK, e) < 0 || PQntuples(res) != 1) {
        PQclear(res);
        return -1;
    }
    snprintf(out, 65, "%s", PQgetvalue(res, 0, 0));
    PQclear(res);
    return 0;
}

static const struct db_migration *
find_version(const struct db_migration_set *set, long version)
{
    for (size_t i = 0; i < set->count; i++) {
        if (set->items[i].version == version)
            return &set->items[i];
    }
    return NULL;
}

/* Applies one migration and records it, in one transaction. */
static int
apply_one(PGconn *pg, const struct db_migration *m, const char *sum, char *err, size_t errlen)
{
    struct db_error e;
    char version[24];
    snprintf(version, sizeof(version), "%ld", m->version);
    const char *params[3] = {version, m->name, sum};

    if (db_pg_begin(pg, &e) < 0)
        goto out_fail;
    if (db_pg_run(pg, m->sql, &e) < 0)
        goto out_rollback;
    PGresult *res = db_pg_query(pg,
                                "INSERT INTO schema_migrations (version, name, checksum) "
                                "VALUES ($1::bigint, $2, $3)",
                                3,
                                params,
                                PGRES_COMMAND_OK,
                                &e);
    if (res == NULL)
        goto out_rollback;
    PQclear(res);
    if (db_pg_commit(pg, &e) < 0)
        goto out_rollback;
    return 0;

out_rollback:
    db_pg_rollback(pg);
out_fail:
    set_err(err,
            errlen,
            "migration %s failed: %s%s%s%s",
            m->name,
            e.message,
            e.sqlstate[0] ? " (SQLSTATE " : "",
            e.sqlstate,
            e.sqlstate[0] ? ")" : "");
    return -1;
}

int
db_migrate(PGconn *pg,
           const struct db_migration_set *set,
           struct db_migrate_result *result,
           char *err,
           size_t errlen)
{
    struct db_error e;
    struct db_migrate_result r = {0};
    char key[32];
    const char *key_param[1] = {key};
    PGresult *res = NULL;
    PGresult *applied = NULL;
    bool *done = calloc(set->count ? set->count : 1, sizeof(*done));
    int rc = -1;
    if (done == NULL)
        abort();
    snprintf(key, sizeof(key), "%lld", (long long)DB_MIGRATE_LOCK_KEY);

    /* Migrations may take long: no timeouts inherited from the role or database. */
    if (db_pg_run(pg, "SET statement_timeout = 0; SET lock_timeout = 0", &e) < 0) {
        set_err(err, errlen, "cannot prepare the migration session: %s", e.message);
        goto out_free;
    }

    res = db_pg_query(
        pg, "SELECT pg_try_advisory_lock($1::bigint)", 1, key_param, PGRES_TUPLES_OK, &e);
    if (res == NULL)
        goto out_lock_failed;
    bool got = PQgetvalue(res, 0, 0)[0] == 't';
    PQclear(res);
    if (!got) {
        log_info("waiting for another migrator to finish (advisory lock held)");
        res = db_pg_query(
            pg, "SELECT pg_advisory_lock($1::bigint)", 1, key_param, PGRES_TUPLES_OK, &e);
        if (res == NULL)
            goto out_lock_failed;
        PQclear(res);
    }

    if (db_pg_run(pg, create_table_sql, &e) < 0) {
        set_err(err, errlen, "cannot create schema_migrations: %s", e.message);
        goto out_unlock;
    }
    applied = db_pg_query(pg,
                          "SELECT version, name, checksum FROM schema_migrations ORDER BY version",
                          0,
                          NULL,
                          PGRES_TUPLES_OK,
                          &e);
    if (applied == NULL) {
        set_err(err, errlen, "cannot read schema_migrations: %s", e.message);
        goto out_unlock;
    }

    /* Everything applied must still be here, unchanged. */
    for (int i = 0; i < PQntuples(applied); i++) {
        long version = strtol(PQgetvalue(applied, i, 0), NULL, 10);
        const char *name = PQgetvalue(applied, i, 1);
        const char *stored = PQgetvalue(applied, i, 2);
        const struct db_migration *m = find_version(set, version);
        if (m == NULL) {
            set_err(err,
                    errlen,
                    "the database has migration %s (version %ld), which this walletd does not "
                    "know: the database is newer than this binary",
                    name,
                    version);
            goto out_unlock;
        }
        char sum[65];
        if (checksum(pg, m, sum, &e) < 0) {
            set_err(err, errlen, "cannot compute the checksum of %s: %s", m->name, e.message);
            goto out_unlock;
        }
        if (strcmp(sum, stored) != 0 || strcmp(name, m->name) != 0) {
            set_err(err,
                    errlen,
                    "migration %s was changed after it was applied (applied as %s with checksum "
                    "%.12s, now %.12s); add a new migration instead",
                    m->name,
                    name,
                    stored,
                    sum);
            goto out_unlock;
        }
        done[m - set->items] = true;
        r.already++;
        r.latest_version = version;
    }

    for (size_t i = 0; i < set->count; i++) {
        const struct db_migration *m = &set->items[i];
        if (done[i])
            continue;
        if (m->version < r.latest_version) {
            set_err(err,
                    errlen,
                    "migration %s is older than the latest applied version %ld; migrations "
                    "must be added with a higher number",
                    m->name,
                    r.latest_version);
            goto out_unlock;
        }
        char sum[65];
        if (checksum(pg, m, sum, &e) < 0) {
            set_err(err, errlen, "cannot compute the checksum of %s: %s", m->name, e.message);
            goto out_unlock;
        }
        if (apply_one(pg, m, sum, err, errlen) < 0)
            goto out_unlock;
        log_info(
            "migration applied", LOG_STR("migration", m->name), LOG_INT("version", m->version));
        r.applied++;
        r.latest_version = m->version;
    }
    rc = 0;

out_unlock:
    PQclear(applied);
    PQclear(PQexecParams(
        pg, "SELECT pg_advisory_unlock($1::bigint)", 1, NULL, key_param, NULL, NULL, 0));
    goto out_free;
out_lock_failed:
    set_err(err, errlen, "cannot take the migration lock: %s", e.message);
out_free:
    free(done);
    if (rc == 0 && result != NULL)
        *result = r;
    return rc;
}
