/*
 * Schema migrations (`walletd migrate`, CONTRACT.md §1): versioned SQL files applied in order,
 * each once, each inside its own transaction, recorded in the table schema_migrations
 * (version, name, checksum, applied_at).
 *
 * - Files are named NNNN_description.sql; the leading number is the version. They are
 *   embedded into the binary at build time from db/migrations/ (cmake/EmbedMigrations.cmake),
 *   or read from a folder (WALLET_MIGRATIONS_DIR). A file must not contain BEGIN/COMMIT.
 * - The whole run holds a PostgreSQL advisory lock (DB_MIGRATE_LOCK_KEY), so migrators
 *   started at the same time run one after the other; the second finds nothing to do.
 * - The checksum is the SHA-256 of the file's bytes (hex). If an applied migration's file has
 *   changed since, or the database holds a version this binary does not know, nothing is
 *   applied and the run fails: forward-only, and never silently divergent.
 */
#ifndef WALLET_DB_MIGRATE_H
#define WALLET_DB_MIGRATE_H

#include <libpq-fe.h>
#include <stddef.h>

/* The advisory lock key held while migrating ("walletmg" in ASCII). */
#define DB_MIGRATE_LOCK_KEY 0x77616c6c65746d67LL

struct db_migration {
    long version;     /* the file name's leading number */
    const char *name; /* file name, e.g. "0001_init.sql" */
    const char *sql;  /* NUL-terminated text */
    size_t len;
};

/* An ordered list of migrations (ascending, unique versions). */
struct db_migration_set {
    struct db_migration *items;
    size_t count;
    char **owned; /* storage read from a folder, freed by db_migrations_free */
    size_t nowned;
    int owns_items; /* items was allocated by the loader (not db_migrations_from) */
};

/* Summary of a run. */
struct db_migrate_result {
    size_t applied;      /* migrations applied by this run */
    size_t already;      /* migrations found applied before */
    long latest_version; /* highest version recorded afterwards (0: none) */
};

/* The migrations embedded in the binary. Returns 0, or -1 with err (a bad file name). */
int db_migrations_embedded(struct db_migration_set *out, char *err, size_t errlen);

/* The *.sql files of dir. Returns 0, or -1 with err. */
int db_migrations_load_dir(const char *dir, struct db_migration_set *out, char *err, size_t errlen);

/*
 * A set from caller-owned entries (tests). Sorts them by version and checks names and
 * versions. The entries must outlive the set. Returns 0, or -1 with err.
 */
int db_migrations_from(struct db_migration *items,
                       size_t count,
                       struct db_migration_set *out,
                       char *err,
                       size_t errlen);

/* Frees what the loaders allocated (a db_migrations_from set owns nothing). */
void db_migrations_free(struct db_migration_set *set);

/*
 * Parses a migration file name: returns its version (> 0), or -1 when the name is not
 * NNNN_description.sql (digits, '_', then [A-Za-z0-9_.-], ".sql").
 */
long db_migration_version(const char *name);

/*
 * Applies the pending migrations of set on pg (a connection no one else uses), logging each.
 * Returns 0 with *result filled (result may be NULL), or -1 with one line in err saying
 * which migration failed and why (nothing of that migration is left behind).
 */
int db_migrate(PGconn *pg,
               const struct db_migration_set *set,
               struct db_migrate_result *result,
               char *err,
               size_t errlen);

#endif
