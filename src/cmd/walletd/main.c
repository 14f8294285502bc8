/*
 * walletd: the wallet service's one binary (CONTRACT.md §1).
 *
 *   walletd [flags] migrate | create-admin USERNAME EMAIL | seed-demo | serve (the default)
 *
 * Reads the configuration (environment + flags, core/config.h), sets up logging and runs the
 * subcommand. A bad setting stops it before anything else with one line naming the setting.
 */
#include "commands.h"
#include "core/log.h"
#include "db/db.h"

#include <stdarg.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#ifndef WALLET_VERSION
#define WALLET_VERSION "0.0.0"
#endif

static const char usage_text[] =
    "usage: walletd [flags] [command]\n"
    "\n"
    "commands:\n"
    "  migrate                      apply the database migrations (safe to run twice, or at "
    "once)\n"
    "  create-admin USERNAME EMAIL  create an ADMIN user; the password is read from standard "
    "input\n"
    "  seed-demo                    add demo users, accounts and history (development only)\n"
    "  serve                        serve HTTP until SIGTERM/SIGINT (the default)\n"
    "  rotate-keys [BATCH_SIZE]     re-seal identity data under WALLET_SEAL_KEY, reading old\n"
    "                               values with WALLET_SEAL_KEY_OLD (while servers run)\n"
    "\n"
    "settings come from the environment; a flag of the same name overrides it:\n"
    "  --WALLET_LISTEN=127.0.0.1:9000, or --listen=127.0.0.1:9000, or --listen 127.0.0.1:9000\n"
    "\n"
    "  WALLET_DATABASE_URL (required), WALLET_LISTEN, WALLET_ENV, WALLET_JWT_SECRET,\n"
    "  WALLET_SEAL_KEY, WALLET_SEAL_KEY_OLD, WALLET_THREADS, WALLET_DB_POOL,\n"
    "  WALLET_RATE_LIMIT_RPS, WALLET_LOGIN_ATTEMPTS_PER_MIN, WALLET_TRANSFER_VELOCITY,\n"
    "  WALLET_CORS_ORIGINS, WALLET_INTROSPECTION, WALLET_GRAPHIQL, WALLET_CHAOS,\n"
    "  WALLET_LOG_LEVEL, WALLET_KEY_FILE, WALLET_WEB_DIR, WALLET_MIGRATIONS_DIR\n"
    "  (see README.md)\n";

void
walletd_fail(const char *fmt, ...)
{
    char line[1024];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(line, sizeof(line), fmt, ap);
    va_end(ap);
    fprintf(stderr, "walletd: %s\n", line);
}

PGconn *
walletd_connect(const struct wallet_config *cfg)
{
    PGconn *pg = NULL;
    struct db_error e;
    if (db_pg_connect(cfg->database_url, 10, "walletd", &pg, &e) < 0) {
        walletd_fail("cannot connect to the database (WALLET_DATABASE_URL): %s", e.message);
        return NULL;
    }
    return pg;
}

struct command {
    const char *name;
    int (*run)(const struct wallet_config *cfg, int argc, const char **argv);
    bool need_keys; /* the JWT secret and sealing key */
};

static const struct command commands[] = {
    {"migrate", cmd_migrate, false},
    {"create-admin", cmd_create_admin, false},
    {"seed-demo", cmd_seed_demo, false},
    {"serve", cmd_serve, true},
    {"rotate-keys", cmd_rotate_keys, true},
};

static const struct command *
find_command(const char *name)
{
    for (size_t i = 0; i < sizeof(commands) / sizeof(commands[0]); i++) {
        if (strcmp(commands[i].name, name) == 0)
            return &commands[i];
    }
    return NULL;
}

int
main(int argc, char **argv)
{
    for (int i = 1; i < argc && strcmp(argv[i], "--") != 0; i++) {
        if (strcmp(argv[i], "--help") == 0 || strcmp(argv[i], "-h") == 0 ||
            strcmp(argv[i], "help") == 0) {
            fputs(usage_text, stdout);
            return 0;
        }
        if (strcmp(argv[i], "--version") == 0 || strcmp(argv[i], "version") == 0) {
            printf("walletd %s\n", WALLET_VERSION);
            return 0;
        }
    }

    /* Find the subcommand first: it decides which settings are needed. */
    const struct command *cmd = &commands[3]; /* serve */
    for (int i = 1; i < argc; i++) {
        if (strcmp(argv[i], "--") == 0) {
            if (i + 1 < argc)
                cmd = find_command(argv[i + 1]);
            break;
        }
        if (argv[i][0] == '-') {
            /* "--name value": skip the value too. */
            if (strncmp(argv[i], "--", 2) == 0 && strchr(argv[i], '=') == NULL)
                i++;
            continue;
        }
        cmd = find_command(argv[i]);
        if (cmd == NULL) {
            walletd_fail("unknown command \"%.60s\" (try walletd --help)", argv[i]);
            return 2;
        }
        break;
    }
    if (cmd == NULL) {
        walletd_fail("unknown command (try walletd --help)");
        return 2;
    }

    struct wallet_config cfg;
    char err[512];
    const char **positional = calloc((size_t)argc + 1, sizeof(*positional));
    int npositional = 0;
    if (positional == NULL)
        abort();
    if (config_load(&cfg,
                    cmd->need_keys,
                    NULL,
                    argc - 1,
                    argv + 1,
                    positional,
                    &npositional,
                    err,
                    sizeof(err)) < 0) {
        walletd_fail("%s", err);
        free(positional);
        return 1;
    }
    log_set_level(cfg.log_level);

    /* positional[0] is the subcommand's name unless serve was implied. */
    int first = (npositional > 0 && strcmp(positional[0], cmd->name) == 0) ? 1 : 0;
    int rc = cmd->run(&cfg, npositional - first, positional + first);
    config_free(&cfg);
    free(positional);
    return rc;
}
