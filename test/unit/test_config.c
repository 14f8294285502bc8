/*
 * Unit tests for walletd's configuration (core/config.h, CONTRACT.md §1): defaults, every
 * malformed setting stopping the load with one line that names it (and never quotes a
 * secret), production requirements, flags overriding the environment, and the development
 * key file (created 0600, reused, refused when others may read it).
 */
/* clang-format off */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cmocka.h>
/* clang-format on */

#include "core/config.h"

#define DB "WALLET_DATABASE_URL=postgresql://wallet:pw@127.0.0.1:5433/wallet"
#define JWT "WALLET_JWT_SECRET=0123456789abcdef0123456789abcdef-jwt"
/* 32 bytes 0x01..0x20, and 32 bytes 0x21..0x40, in base64. */
#define SEAL "WALLET_SEAL_KEY=AQIDBAUGBwgJCgsMDQ4PEBESExQVFhcYGRobHB0eHyA="
#define SEAL_OLD "WALLET_SEAL_KEY_OLD=ISIjJCUmJygpKissLS4vMDEyMzQ1Njc4OTo7PD0+P0A="

static char tmpdir[256];
static char keyfile_env[400];
static char keyfile_path[300];

static int
setup(void **state)
{
    (void)state;
    const char *base = getenv("TMPDIR");
    snprintf(tmpdir, sizeof(tmpdir), "%s/test_config.XXXXXX", base && *base ? base : "/tmp");
    if (mkdtemp(tmpdir) == NULL)
        return -1;
    snprintf(keyfile_path, sizeof(keyfile_path), "%s/sub/dev-keys", tmpdir);
    snprintf(keyfile_env, sizeof(keyfile_env), "WALLET_KEY_FILE=%s", keyfile_path);
    return 0;
}

static int
teardown(void **state)
{
    (void)state;
    char path[400];
    unlink(keyfile_path);
    snprintf(path, sizeof(path), "%s/sub", tmpdir);
    rmdir(path);
    rmdir(tmpdir);
    return 0;
}

/* Loads with env (NULL-terminated) and argv; returns config_load's result. */
static int
load(struct wallet_config *cfg,
     bool need_keys,
     char *const *env,
     int argc,
     char *const *argv,
     char *err,
     size_t errlen)
{
    const char *pos[16];
    int npos = 0;
    err[0] = '\0';
    return config_load(cfg, need_keys, env, argc, argv, pos, &npos, err, errlen);
}

static void
defaults_in_development(void **state)
{
    (void)state;
    char *env[] = {DB, keyfile_env, "UNRELATED=1", NULL};
    struct wallet_config cfg;
    char err[512];
    assert_int_equal(load(&cfg, true, env, 0, NULL, err, sizeof(err)), 0);
    assert_string_equal(cfg.database_url, "postgresql://wallet:pw@127.0.0.1:5433/wallet");
    assert_string_equal(cfg.listen, "127.0.0.1:8080");
    assert_string_equal(cfg.listen_host, "127.0.0.1");
    assert_int_equal(cfg.listen_port, 8080);
    assert_int_equal(cfg.env, WALLET_ENV_DEVELOPMENT);
    assert_false(cfg.production);
    assert_int_equal(cfg.rate_limit_rps, 50);
    assert_int_equal(cfg.login_attempts_per_min, 10);
    assert_int_equal(cfg.transfer_velocity, 20);
    assert_null(cfg.cors_origins);
    assert_int_equal(cfg.cors_origin_count, 0);
    assert_true(cfg.introspection);
    assert_true(cfg.graphiql);
    assert_false(cfg.chaos);
    assert_false(cfg.has_seal_key_old);
    assert_true(cfg.threads >= 1);
    assert_true(cfg.db_pool >= 1 && cfg.db_pool <= cfg.threads);
    assert_int_equal(cfg.log_level, LOG_INFO);
    assert_string_equal(cfg.web_dir, "web/dist");
    assert_null(cfg.migrations_dir);
    /* Development keys came from a key file created just now, private to its owner. */
    assert_true(cfg.key_file_created);
    assert_string_equal(cfg.key_file, keyfile_path);
    assert_true(cfg.jwt_secret_len >= CONFIG_JWT_SECRET_MIN);
    assert_non_null(cfg.seal_key_b64);
    struct stat st;
    assert_int_equal(stat(keyfile_path, &st), 0);
    assert_int_equal(st.st_mode & 0777, 0600);
    char dir[400];
    snprintf(dir, sizeof(dir), "%s/sub", tmpdir);
    assert_int_equal(stat(dir, &st), 0);
    assert_int_equal(st.st_mode & 0777, 0700);

    /* A second load reuses the same keys. */
    struct wallet_config again;
    assert_int_equal(load(&again, true, env, 0, NULL, err, sizeof(err)), 0);
    assert_false(again.key_file_created);
    assert_int_equal(again.jwt_secret_len, cfg.jwt_secret_len);
    assert_memory_equal(again.jwt_secret, cfg.jwt_secret, cfg.jwt_secret_len);
    assert_memory_equal(again.seal_key, cfg.seal_key, CONFIG_SEAL_KEY_BYTES);
    config_free(&again);
    config_free(&cfg);

    /* Commands that need no keys touch no key file. */
    unlink(keyfile_path);
    assert_int_equal(load(&cfg, false, env, 0, NULL, err, sizeof(err)), 0);
    assert_null(cfg.jwt_secret);
    assert_null(cfg.seal_key_b64);
    assert_int_equal(access(keyfile_path, F_OK), -1);
    config_free(&cfg);
}

static void
key_file_readable_by_others_is_refused(void **state)
{
    (void)state;
    char *env[] = {DB, keyfile_env, NULL};
    struct wallet_config cfg;
    char err[512];
    assert_int_equal(load(&cfg, true, env, 0, NULL, err, sizeof(err)), 0);
    config_free(&cfg);
    assert_int_equal(chmod(keyfile_path, 0644), 0);
    assert_int_equal(load(&cfg, true, env, 0, NULL, err, sizeof(err)), -1);
    assert_non_null(strstr(err, "WALLET_KEY_FILE"));
    assert_non_null(strstr(err, "chmod 600"));
    unlink(keyfile_path);

    /* A key file without the keys is refused too, not silently regenerated. */
    FILE *f = fopen(keyfile_path, "w");
    assert_non_null(f);
    fputs("# empty\n", f);
    fclose(f);
    chmod(keyfile_path, 0600);
    assert_int_equal(load(&cfg, true, env, 0, NULL, err, sizeof(err)), -1);
    assert_true(strncmp(err, "WALLET_KEY_FILE", 15) == 0);
    unlink(keyfile_path);
}

struct bad_case {
    const char *setting; /* "WALLET_LISTEN=abc" */
    const char *named;   /* the name the message must start with */
};

static const struct bad_case bad_cases[] = {
    {"WALLET_LISTEN=abc", "WALLET_LISTEN"},
    {"WALLET_LISTEN=127.0.0.1", "WALLET_LISTEN"},
    {"WALLET_LISTEN=127.0.0.1:99999", "WALLET_LISTEN"},
    {"WALLET_LISTEN=127.0.0.1:80x", "WALLET_LISTEN"},
    {"WALLET_LISTEN=example.com:80", "WALLET_LISTEN"},
    {"WALLET_LISTEN=[::1:80", "WALLET_LISTEN"},
    {"WALLET_ENV=prod", "WALLET_ENV"},
    {"WALLET_THREADS=0", "WALLET_THREADS"},
    {"WALLET_THREADS=-1", "WALLET_THREADS"},
    {"WALLET_THREADS=eight", "WALLET_THREADS"},
    {"WALLET_THREADS=99999999999", "WALLET_THREADS"},
    {"WALLET_DB_POOL=abc", "WALLET_DB_POOL"},
    {"WALLET_DB_POOL=0", "WALLET_DB_POOL"},
    {"WALLET_RATE_LIMIT_RPS=-5", "WALLET_RATE_LIMIT_RPS"},
    {"WALLET_RATE_LIMIT_RPS=1.5", "WALLET_RATE_LIMIT_RPS"},
    {"WALLET_LOGIN_ATTEMPTS_PER_MIN=ten", "WALLET_LOGIN_ATTEMPTS_PER_MIN"},
    {"WALLET_TRANSFER_VELOCITY= 20", "WALLET_TRANSFER_VELOCITY"},
    {"WALLET_CORS_ORIGINS=example.com", "WALLET_CORS_ORIGINS"},
    {"WALLET_CORS_ORIGINS=https://a.example/", "WALLET_CORS_ORIGINS"},
    {"WALLET_CORS_ORIGINS=https://a.example,,https://b.example", "WALLET_CORS_ORIGINS"},
    {"WALLET_CORS_ORIGINS=https://a.example,", "WALLET_CORS_ORIGINS"},
    {"WALLET_CORS_ORIGINS=*", "WALLET_CORS_ORIGINS"},
    {"WALLET_INTROSPECTION=yes", "WALLET_INTROSPECTION"},
    {"WALLET_GRAPHIQL=2", "WALLET_GRAPHIQL"},
    {"WALLET_CHAOS=0.2", "WALLET_CHAOS"},
    {"WALLET_CHAOS=2:100", "WALLET_CHAOS"},
    {"WALLET_CHAOS=0.5:-1", "WALLET_CHAOS"},
    {"WALLET_CHAOS=0.5:70000", "WALLET_CHAOS"},
    {"WALLET_CHAOS=abc:def", "WALLET_CHAOS"},
    {"WALLET_CHAOS=-0.1:10", "WALLET_CHAOS"},
    {"WALLET_LOG_LEVEL=loud", "WALLET_LOG_LEVEL"},
    {"WALLET_DATABASE_URL=not a url", "WALLET_DATABASE_URL"},
    {"WALLET_JWT_SECRET=short-secret", "WALLET_JWT_SECRET"},
    {"WALLET_SEAL_KEY=not base64 at all!", "WALLET_SEAL_KEY"},
    {"WALLET_SEAL_KEY=AAECAwQFBgcICQoLDA0ODw==", "WALLET_SEAL_KEY"}, /* 16 bytes */
    {"WALLET_SEAL_KEY=AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA=", "WALLET_SEAL_KEY"},
    {"WALLET_SEAL_KEY_OLD=AQID", "WALLET_SEAL_KEY_OLD"},
    {"WALLET_SEAL_KEY_OLD=AQIDBAUGBwgJCgsMDQ4PEBESExQVFhcYGRobHB0eHyA=", "WALLET_SEAL_KEY_OLD"},
};

static void
each_malformed_setting_is_named(void **state)
{
    (void)state;
    for (size_t i = 0; i < sizeof(bad_cases) / sizeof(bad_cases[0]); i++) {
        const struct bad_case *c = &bad_cases[i];
        /* The bad setting last: it overrides the good default given before it. */
        char *env[] = {DB, JWT, SEAL, (char *)c->setting, NULL};
        struct wallet_config cfg;
        char err[512];
        if (load(&cfg, true, env, 0, NULL, err, sizeof(err)) != -1)
            fail_msg("%s was accepted", c->setting);
        size_t n = strlen(c->named);
        if (strncmp(err, c->named, n) != 0 || err[n] != ' ')
            fail_msg("%s: message does not start with the setting's name: %s", c->setting, err);
        assert_null(strchr(err, '\n'));
        /* Secrets are never quoted back. */
        if (strstr(c->named, "SECRET") || strstr(c->named, "SEAL") || strstr(c->named, "URL")) {
            const char *value = strchr(c->setting, '=') + 1;
            if (strstr(err, value) != NULL)
                fail_msg("%s: the message quotes the secret: %s", c->setting, err);
        }
    }
}

static void
malformed_listen_message_quotes_value(void **state)
{
    (void)state;
    char *env[] = {DB, JWT, SEAL, "WALLET_LISTEN=abc", NULL};
    struct wallet_config cfg;
    char err[512];
    assert_int_equal(load(&cfg, true, env, 0, NULL, err, sizeof(err)), -1);
    assert_true(strncmp(err, "WALLET_LISTEN must be host:port", 31) == 0);
    assert_non_null(strstr(err, "got \"abc\""));

    char *no_db[] = {JWT, SEAL, NULL};
    assert_int_equal(load(&cfg, true, no_db, 0, NULL, err, sizeof(err)), -1);
    assert_true(strncmp(err, "WALLET_DATABASE_URL is required", 31) == 0);
    /* An empty variable counts as unset. */
    char *empty_db[] = {"WALLET_DATABASE_URL=", JWT, SEAL, NULL};
    assert_int_equal(load(&cfg, true, empty_db, 0, NULL, err, sizeof(err)), -1);
    assert_true(strncmp(err, "WALLET_DATABASE_URL is required", 31) == 0);
}

static void
production_requires_keys(void **state)
{
    (void)state;
    struct wallet_config cfg;
    char err[512];
    char *no_jwt[] = {DB, "WALLET_ENV=production", SEAL, keyfile_env, NULL};
    assert_int_equal(load(&cfg, true, no_jwt, 0, NULL, err, sizeof(err)), -1);
    assert_true(strncmp(err, "WALLET_JWT_SECRET is required in production", 43) == 0);

    char *no_seal[] = {DB, "WALLET_ENV=production", JWT, keyfile_env, NULL};
    assert_int_equal(load(&cfg, true, no_seal, 0, NULL, err, sizeof(err)), -1);
    assert_true(strncmp(err, "WALLET_SEAL_KEY is required in production", 41) == 0);

    char *weak[] = {DB, "WALLET_ENV=production", "WALLET_JWT_SECRET=short", SEAL, NULL};
    assert_int_equal(load(&cfg, true, weak, 0, NULL, err, sizeof(err)), -1);
    assert_true(strncmp(err, "WALLET_JWT_SECRET must be at least 32 bytes", 43) == 0);

    char *full[] = {DB, "WALLET_ENV=production", JWT, SEAL, SEAL_OLD, keyfile_env, NULL};
    assert_int_equal(load(&cfg, true, full, 0, NULL, err, sizeof(err)), 0);
    assert_true(cfg.production);
    assert_false(cfg.introspection);
    assert_false(cfg.graphiql);
    assert_null(cfg.key_file);
    assert_int_equal(access(keyfile_path, F_OK), -1); /* no key file in production */
    assert_int_equal(cfg.jwt_secret_len, strlen(JWT) - strlen("WALLET_JWT_SECRET="));
    for (int i = 0; i < CONFIG_SEAL_KEY_BYTES; i++) {
        assert_int_equal(cfg.seal_key[i], i + 1);
        assert_int_equal(cfg.seal_key_old[i], i + 33);
    }
    assert_true(cfg.has_seal_key_old);
    config_free(&cfg);

    char *enabled[] = {DB,
                       "WALLET_ENV=production",
                       JWT,
                       SEAL,
                       "WALLET_INTROSPECTION=1",
                       "WALLET_GRAPHIQL=1",
                       NULL};
    assert_int_equal(load(&cfg, true, enabled, 0, NULL, err, sizeof(err)), 0);
    assert_true(cfg.introspection);
    assert_true(cfg.graphiql);
    config_free(&cfg);

    /* migrate and the other tools run in production without the keys. */
    char *tools[] = {DB, "WALLET_ENV=production", NULL};
    assert_int_equal(load(&cfg, false, tools, 0, NULL, err, sizeof(err)), 0);
    assert_null(cfg.jwt_secret);
    config_free(&cfg);
}

static void
values_are_parsed(void **state)
{
    (void)state;
    char *env[] = {DB,
                   JWT,
                   SEAL,
                   "WALLET_LISTEN=localhost:9000",
                   "WALLET_THREADS=12",
                   "WALLET_DB_POOL=3",
                   "WALLET_RATE_LIMIT_RPS=0",
                   "WALLET_CORS_ORIGINS=https://a.example, http://localhost:5173",
                   "WALLET_CHAOS=0.2:300",
                   "WALLET_INTROSPECTION=0",
                   "WALLET_LOG_LEVEL=debug",
                   "WALLET_MIGRATIONS_DIR=/tmp/m",
                   NULL};
    struct wallet_config cfg;
    char err[512];
    assert_int_equal(load(&cfg, true, env, 0, NULL, err, sizeof(err)), 0);
    assert_string_equal(cfg.listen, "127.0.0.1:9000");
    assert_int_equal(cfg.threads, 12);
    assert_int_equal(cfg.db_pool, 3);
    assert_int_equal(cfg.rate_limit_rps, 0);
    assert_int_equal(cfg.cors_origin_count, 2);
    assert_string_equal(cfg.cors_origin_list[0], "https://a.example");
    assert_string_equal(cfg.cors_origin_list[1], "http://localhost:5173");
    assert_string_equal(cfg.cors_origins, "https://a.example,http://localhost:5173");
    assert_true(cfg.chaos);
    assert_true(cfg.chaos_error_rate > 0.199 && cfg.chaos_error_rate < 0.201);
    assert_int_equal(cfg.chaos_latency_ms, 300);
    assert_false(cfg.introspection);
    assert_true(cfg.graphiql);
    assert_int_equal(cfg.log_level, LOG_DEBUG);
    assert_string_equal(cfg.migrations_dir, "/tmp/m");
    assert_null(cfg.key_file); /* both keys given: no key file */
    config_free(&cfg);

    char *v6[] = {DB, JWT, SEAL, "WALLET_LISTEN=[::1]:8443", NULL};
    assert_int_equal(load(&cfg, true, v6, 0, NULL, err, sizeof(err)), 0);
    assert_string_equal(cfg.listen, "[::1]:8443");
    assert_string_equal(cfg.listen_host, "::1");
    config_free(&cfg);

    char *keyword_db[] = {"WALLET_DATABASE_URL=host=/tmp dbname=wallet", JWT, SEAL, NULL};
    assert_int_equal(load(&cfg, true, keyword_db, 0, NULL, err, sizeof(err)), 0);
    config_free(&cfg);
}

static void
flags_override_environment(void **state)
{
    (void)state;
    char *env[] = {DB, JWT, SEAL, "WALLET_LISTEN=127.0.0.1:1111", "WALLET_THREADS=4", NULL};
    char *argv[] = {"--listen=127.0.0.1:2222",
                    "create-admin",
                    "--WALLET_THREADS",
                    "5",
                    "root",
                    "--db-pool=2",
                    "--",
                    "--not-a-flag"};
    const char *pos[8];
    int npos = 0;
    struct wallet_config cfg;
    char err[512];
    assert_int_equal(config_load(&cfg, true, env, 8, argv, pos, &npos, err, sizeof(err)), 0);
    assert_string_equal(cfg.listen, "127.0.0.1:2222");
    assert_int_equal(cfg.threads, 5);
    assert_int_equal(cfg.db_pool, 2);
    assert_int_equal(npos, 3);
    assert_string_equal(pos[0], "create-admin");
    assert_string_equal(pos[1], "root");
    assert_string_equal(pos[2], "--not-a-flag");
    config_free(&cfg);

    /* A bad flag value is named like a bad variable. */
    char *bad[] = {"--listen", "nowhere"};
    assert_int_equal(config_load(&cfg, true, env, 2, bad, pos, &npos, err, sizeof(err)), -1);
    assert_true(strncmp(err, "WALLET_LISTEN ", 14) == 0);

    char *unknown[] = {"--jwt-secrets=hunter2hunter2"};
    assert_int_equal(config_load(&cfg, true, env, 1, unknown, pos, &npos, err, sizeof(err)), -1);
    assert_non_null(strstr(err, "unknown option --jwt-secrets"));
    assert_null(strstr(err, "hunter2"));

    char *missing[] = {"--threads"};
    assert_int_equal(config_load(&cfg, true, env, 1, missing, pos, &npos, err, sizeof(err)), -1);
    assert_non_null(strstr(err, "needs a value"));

    char *dash[] = {"-x"};
    assert_int_equal(config_load(&cfg, true, env, 1, dash, pos, &npos, err, sizeof(err)), -1);
    assert_non_null(strstr(err, "unknown option"));
}

static void
base64_round_trip(void **state)
{
    (void)state;
    unsigned char in[40] = {0}, out[48] = {0};
    char text[64];
    for (size_t len = 0; len <= sizeof(in); len++) {
        for (size_t i = 0; i < len; i++)
            in[i] = (unsigned char)(i * 37 + len);
        config_base64_encode(in, len, text);
        assert_int_equal(strlen(text), 4 * ((len + 2) / 3));
        if (len == 0)
            continue;
        assert_int_equal(config_base64_decode(text, out, sizeof(out)), (long)len);
        assert_memory_equal(in, out, len);
    }
    assert_int_equal(config_base64_decode("  AQID\n", out, sizeof(out)), 3);
    assert_int_equal(config_base64_decode("AQID====", out, sizeof(out)), -1);
    assert_int_equal(config_base64_decode("AQ*D", out, sizeof(out)), -1);
    assert_int_equal(config_base64_decode("AQIDBA", out, 3), -1);         /* does not fit */
    assert_int_equal(config_base64_decode("AR==", out, sizeof(out)), -1); /* stray bits */
}

int
main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test_setup_teardown(defaults_in_development, setup, teardown),
        cmocka_unit_test_setup_teardown(key_file_readable_by_others_is_refused, setup, teardown),
        cmocka_unit_test(each_malformed_setting_is_named),
        cmocka_unit_test(malformed_listen_message_quotes_value),
        cmocka_unit_test_setup_teardown(production_requires_keys, setup, teardown),
        cmocka_unit_test(values_are_parsed),
        cmocka_unit_test(flags_override_environment),
        cmocka_unit_test(base64_round_trip),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
