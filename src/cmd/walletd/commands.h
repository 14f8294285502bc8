/*
 * walletd's subcommands (CONTRACT.md §1). Each gets the loaded configuration and its own
 * positional arguments (after the subcommand's name), and returns the process exit status:
 * 0 success, 1 failure (printed as one "walletd: ..." line), 2 usage error or not available.
 */
#ifndef WALLETD_COMMANDS_H
#define WALLETD_COMMANDS_H

#include "core/config.h"

#include <libpq-fe.h>

int cmd_migrate(const struct wallet_config *cfg, int argc, const char **argv);
int cmd_create_admin(const struct wallet_config *cfg, int argc, const char **argv);
int cmd_seed_demo(const struct wallet_config *cfg, int argc, const char **argv);
int cmd_serve(const struct wallet_config *cfg, int argc, const char **argv);
int cmd_rotate_keys(const struct wallet_config *cfg, int argc, const char **argv);

struct seal_keyring;
/*
 * rotate_keys.c: builds the sealing keyring from WALLET_SEAL_KEY (and WALLET_SEAL_KEY_OLD);
 * 0, or 1 after printing which key is wrong. The caller frees it (seal_keyring_free).
 */
int walletd_seal_keyring(const struct wallet_config *cfg, struct seal_keyring **out);
/*
 * rotate_keys.c: refuses (1, after printing one line) a keyring that cannot open the sealed
 * values already in the database; 0 when it can, or when the database cannot be read now.
 */
int walletd_seal_check(const struct wallet_config *cfg, const struct seal_keyring *kr);

/* Prints "walletd: <message>" on standard error. */
void walletd_fail(const char *fmt, ...) __attribute__((format(printf, 1, 2)));

/*
 * Connects to WALLET_DATABASE_URL for a command-line subcommand. Returns the connection, or
 * NULL after printing why.
 */
PGconn *walletd_connect(const struct wallet_config *cfg);

#endif
