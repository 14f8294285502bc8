/*
 * `walletd serve` (the default command): hands the configuration to the HTTP service
 * (http/service.h http_serve), which serves until SIGTERM or SIGINT, then stops accepting,
 * lets requests in flight finish (at most 10 s) and returns 0 (CONTRACT.md §1).
 */
#include "app/audit.h"
#include "commands.h"
#include "core/log.h"
#include "crypto/seal.h"
#include "http/service.h"
#include "resolvers/resolvers.h"

#ifndef WALLET_VERSION
#define WALLET_VERSION "0.0.0"
#endif

int
cmd_serve(const struct wallet_config *cfg, int argc, const char **argv)
{
    (void)argv;
    if (argc != 0) {
        walletd_fail("serve takes no arguments");
        return 2;
    }
    if (cfg->key_file_created)
        log_warn("generated development keys", LOG_STR("file", cfg->key_file));
    log_info("walletd starting",
             LOG_STR("version", WALLET_VERSION),
             LOG_STR("env", config_env_name(cfg->env)),
             LOG_STR("listen", cfg->listen),
             LOG_INT("threads", cfg->threads),
             LOG_INT("dbPool", cfg->db_pool),
             LOG_STR("keyFile", cfg->key_file));

    /* Sealing keys: refuse to start with a key that cannot open what is already sealed. */
    struct seal_keyring *seal = NULL;
    if (walletd_seal_keyring(cfg, &seal) != 0)
        return 1;
    if (walletd_seal_check(cfg, seal) != 0) {
        seal_keyring_free(seal);
        return 1;
    }

    struct http_serve_options o = {
        .http =
            {
                .listen = cfg->listen,
                .threads = cfg->threads,
                .web_root = cfg->web_dir,
                .cors_origins = cfg->cors_origins,
                .production = cfg->production,
                .introspection = cfg->introspection,
                .graphiql = cfg->graphiql,
            },
        .database_url = cfg->database_url,
        .db_pool = cfg->db_pool,
        .rate_limit_rps = cfg->rate_limit_rps,
        .login_attempts_per_min = cfg->login_attempts_per_min,
        .transfer_velocity = cfg->transfer_velocity,
        .chaos =
            {
                .enabled = cfg->chaos,
                .error_rate = cfg->chaos_error_rate,
                .latency_ms = cfg->chaos_latency_ms,
            },
        .jwt_key = cfg->jwt_secret,
        .jwt_key_len = cfg->jwt_secret_len,
        .version = WALLET_VERSION,
        .config = cfg,
        .bind_resolvers = res_bind_all,
        .seal = seal,
        .audit = app_audit_write,
    };
    int rc = http_serve(&o);
    seal_keyring_free(seal);
    return rc;
}
