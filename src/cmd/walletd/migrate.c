/*
 * `walletd migrate`: applies the migrations (embedded, or WALLET_MIGRATIONS_DIR) in order,
 * each once (CONTRACT.md §1; db/migrate.h).
 */
#include "db/migrate.h"

#include "commands.h"

#include <stdio.h>

int
cmd_migrate(const struct wallet_config *cfg, int argc, const char **argv)
{
    (void)argv;
    if (argc != 0) {
        walletd_fail("migrate takes no arguments");
        return 2;
    }
    struct db_migration_set set;
    char err[1024];
    int rc = cfg->migrations_dir
                 ? db_migrations_load_dir(cfg->migrations_dir, &set, err, sizeof(err))
                 : db_migrations_embedded(&set, err, sizeof(err));
    if (rc < 0) {
        walletd_fail("%s", err);
        return 1;
    }
    PGconn *pg = walletd_connect(cfg);
    if (pg == NULL) {
        db_migrations_free(&set);
        return 1;
    }
    struct db_migrate_result result;
    rc = db_migrate(pg, &set, &result, err, sizeof(err));
    PQfinish(pg);
    db_migrations_free(&set);
    if (rc < 0) {
        walletd_fail("%s", err);
        return 1;
    }
    printf("migrations: %zu applied, %zu already applied, schema version %ld\n",
           result.applied,
           result.already,
           result.latest_version);
    return 0;
}
