/*
 * walletd's configuration (CONTRACT.md §1 "Running it"): read once at start from the
 * environment, overridden by command-line flags of the same name, validated, then read-only.
 *
 * Every setting of the contract's table, with its default:
 *
 *   WALLET_DATABASE_URL            required: a libpq connection string or postgres(ql):// URI
 *   WALLET_LISTEN                  host:port, 127.0.0.1:8080 (host: IPv4, [IPv6] or localhost)
 *   WALLET_ENV                     development | production, development
 *   WALLET_JWT_SECRET              the variable's bytes, at least 32 (production: required)
 *   WALLET_SEAL_KEY                32 bytes in base64 (production: required)
 *   WALLET_SEAL_KEY_OLD            32 bytes in base64, the previous sealing key; none
 *   WALLET_THREADS, WALLET_DB_POOL worker threads, database connections; sized to the machine
 *   WALLET_RATE_LIMIT_RPS          per-client-IP requests a second on /graphql, 50; 0 = off
 *   WALLET_LOGIN_ATTEMPTS_PER_MIN  per client IP, 10; 0 = off
 *   WALLET_TRANSFER_VELOCITY       transfers per user a minute, 20; 0 = off
 *   WALLET_CORS_ORIGINS            comma-separated origins (scheme://host[:port]); none
 *   WALLET_INTROSPECTION           0 | 1; on in development, off in production
 *   WALLET_GRAPHIQL                0 | 1; on in development, off in production
 *   WALLET_CHAOS                   errorRate:latencyMs, e.g. 0.2:300; off
 *
 * and a few of the project's own:
 *
 *   WALLET_LOG_LEVEL               debug | info | warn | error, info
 *   WALLET_KEY_FILE                development key file, var/dev-keys (relative to the
 *                                  working directory)
 *   WALLET_WEB_DIR                 the built dashboard to serve; web/dist if it exists
 *   WALLET_MIGRATIONS_DIR          read migrations from this folder instead of the ones
 *                                  embedded in the binary
 *
 * Flags: `--WALLET_LISTEN=127.0.0.1:9000`, or the short form `--listen=127.0.0.1:9000` /
 * `--listen 127.0.0.1:9000` (the name without WALLET_, lower case, '-' or '_'). A flag wins
 * over the environment. An empty variable counts as unset.
 *
 * Development keys: in development, a JWT secret or sealing key not given is read from the
 * key file, which is created on first use (mode 0600, its folder 0700) with fresh random keys
 * and reused afterwards; a key file readable by group or others is refused. In production
 * both keys must be given and no key file is read or written.
 *
 * Errors: config_load stops at the first bad setting with one line naming it, e.g.
 * `WALLET_LISTEN must be host:port, got "abc"`. Secret values (database URL, keys) are never
 * quoted back.
 */
#ifndef WALLET_CORE_CONFIG_H
#define WALLET_CORE_CONFIG_H

#include "core/log.h"

#include <stdbool.h>
#include <stddef.h>

#define CONFIG_JWT_SECRET_MIN 32
#define CONFIG_JWT_SECRET_MAX 1024
#define CONFIG_SEAL_KEY_BYTES 32
#define CONFIG_DEFAULT_LISTEN "127.0.0.1:8080"
#define CONFIG_DEFAULT_KEY_FILE "var/dev-keys"
#define CONFIG_DEFAULT_WEB_DIR "web/dist"

enum wallet_env {
    WALLET_ENV_DEVELOPMENT = 0,
    WALLET_ENV_PRODUCTION,
};

struct wallet_config {
    char *database_url; /* never logged: it may hold a password */
    char *listen;       /* "host:port" as civetweb takes it: "127.0.0.1:8080", "[::1]:8080" */
    char *listen_host;  /* "127.0.0.1", "::1" */
    unsigned listen_port;
    enum wallet_env env;
    bool production; /* env == WALLET_ENV_PRODUCTION */

    unsigned char *jwt_secret; /* jwt_secret_len bytes (+ NUL), wiped on free; NULL if none */
    size_t jwt_secret_len;
    char *seal_key_b64; /* base64 as given (for crypto/seal.h), wiped on free; or NULL */
    unsigned char seal_key[CONFIG_SEAL_KEY_BYTES];
    bool has_seal_key_old;
    char *seal_key_old_b64; /* NULL when none */
    unsigned char seal_key_old[CONFIG_SEAL_KEY_BYTES];
    char *key_file;        /* development key file that supplied a key, or NULL */
    bool key_file_created; /* it was created by this load */

    unsigned threads;
    unsigned db_pool;
    unsigned rate_limit_rps;         /* 0 = off */
    unsigned login_attempts_per_min; /* 0 = off */
    unsigned transfer_velocity;      /* 0 = off */
    char *cors_origins;              /* comma-separated, no spaces; NULL = none */
    char **cors_origin_list;         /* cors_origin_count entries */
    size_t cors_origin_count;
    bool introspection;
    bool graphiql;
    bool chaos;                /* WALLET_CHAOS given */
    double chaos_error_rate;   /* 0..1 */
    unsigned chaos_latency_ms; /* 0..60000 */

    enum log_level log_level;
    char *web_dir;        /* WALLET_WEB_DIR or the default (may not exist) */
    char *migrations_dir; /* NULL: the embedded migrations */
};

/*
 * Fills cfg from env (a NULL-terminated array of "NAME=value", like environ; NULL means the
 * process environment) and the command-line arguments argv[0..argc) (without the program
 * name). Arguments that are not flags are stored in order in positional[] (capacity argc) and
 * counted in *npositional; `--` ends the flags.
 *
 * need_keys: the JWT secret and sealing key are needed (`walletd serve`): required in
 * production, taken from the key file in development. Without it (migrate, create-admin,
 * seed-demo) they are only checked when given, and no key file is read or created; then
 * jwt_secret and seal_key_b64 may be NULL.
 *
 * Returns 0, or -1 with one line in err (no trailing newline, no "walletd: " prefix) naming
 * the setting at fault; cfg is then already freed. Creates the development key file when it
 * needs one (see above).
 */
int config_load(struct wallet_config *cfg,
                bool need_keys,
                char *const *env,
                int argc,
                char *const *argv,
                const char **positional,
                int *npositional,
                char *err,
                size_t errlen);

/* Frees what config_load allocated, wiping the secrets. Safe on a zeroed struct. */
void config_free(struct wallet_config *cfg);

/* "development" or "production". */
const char *config_env_name(enum wallet_env env);

/*
 * Decodes standard base64 (padding optional, surrounding whitespace ignored) into out.
 * Returns the number of bytes, or -1 when s is not base64 or needs more than cap bytes.
 */
long config_base64_decode(const char *s, unsigned char *out, size_t cap);

/* Encodes in[0..len) as padded standard base64 into out (capacity 4 * ceil(len / 3) + 1). */
void config_base64_encode(const unsigned char *in, size_t len, char *out);

#endif
