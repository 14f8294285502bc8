/*
 * walletd's configuration: environment + flags -> struct wallet_config (see
 * include/core/config.h; CONTRACT.md §1).
 */
#include "core/config.h"

#include <arpa/inet.h>
#include <ctype.h>
#include <errno.h>
#include <fcntl.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/random.h>
#include <sys/stat.h>
#include <unistd.h>

extern char **environ;

/* Every setting, in the order they are validated (the contract's table first). */
#define CONFIG_SETTINGS(X)                                                                         \
    X(DATABASE_URL)                                                                                \
    X(LISTEN)                                                                                      \
    X(ENV)                                                                                         \
    X(JWT_SECRET)                                                                                  \
    X(SEAL_KEY)                                                                                    \
    X(SEAL_KEY_OLD)                                                                                \
    X(THREADS)                                                                                     \
    X(DB_POOL)                                                                                     \
    X(RATE_LIMIT_RPS)                                                                              \
    X(LOGIN_ATTEMPTS_PER_MIN)                                                                      \
    X(TRANSFER_VELOCITY)                                                                           \
    X(CORS_ORIGINS)                                                                                \
    X(INTROSPECTION)                                                                               \
    X(GRAPHIQL)                                                                                    \
    X(CHAOS)                                                                                       \
    X(LOG_LEVEL)                                                                                   \
    X(KEY_FILE)                                                                                    \
    X(WEB_DIR)                                                                                     \
    X(MIGRATIONS_DIR)

enum setting {
#define SETTING_ENUM_(n) S_##n,
    CONFIG_SETTINGS(SETTING_ENUM_)
#undef SETTING_ENUM_
        S_COUNT
};

static const char *const setting_names[S_COUNT] = {
#define SETTING_NAME_(n) "WALLET_" #n,
    CONFIG_SETTINGS(SETTING_NAME_)
#undef SETTING_NAME_
};

#define MAX_CORS_ORIGINS 32
#define KEY_FILE_MAX 4096

/*---------------------------------------------------------------------------------------------
 * Small helpers
 *-------------------------------------------------------------------------------------------*/

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

/* A value quoted for an error message: at most 60 characters, non-printables as '?'. */
static const char *
quoted(const char *v, char buf[80])
{
    size_t n = 0;
    buf[n++] = '"';
    for (const char *p = v; *p && n < 62; p++)
        buf[n++] = (*p >= 0x20 && *p < 0x7f) ? *p : '?';
    if (strlen(v) > 60) {
        memcpy(buf + n, "...", 3);
        n += 3;
    }
    buf[n++] = '"';
    buf[n] = '\0';
    return buf;
}

static char *
xstrdup(const char *s)
{
    char *p = strdup(s);
    if (p == NULL)
        abort();
    return p;
}

static void
free_secret(char *s)
{
    if (s != NULL) {
        explicit_bzero(s, strlen(s));
        free(s);
    }
}

/* Parses a decimal integer min..max (digits only, no sign, no spaces). */
static int
parse_uint(const char *s, unsigned min, unsigned max, unsigned *out)
{
    if (s == NULL || *s == '\0' || strlen(s) > 10)
        return -1;
    unsigned long long v = 0;
    for (const char *p = s; *p; p++) {
        if (*p < '0' || *p > '9')
            return -1;
        v = v * 10 + (unsigned)(*p - '0');
    }
    if (v < min || v > max)
        return -1;
    *out = (unsigned)v;
    return 0;
}

static int
parse_bool(const char *s, bool *out)
{
    if (strcmp(s, "1") == 0 || strcmp(s, "true") == 0) {
        *out = true;
        return 0;
    }
    if (strcmp(s, "0") == 0 || strcmp(s, "false") == 0) {
        *out = false;
        return 0;
    }
    return -1;
}

/*---------------------------------------------------------------------------------------------
 * Base64 (RFC 4648 §4, standard alphabet)
 *-------------------------------------------------------------------------------------------*/

static const char b64_alphabet[] =
    "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";

void
config_base64_encode(const unsigned char *in, size_t len, char *out)
{
    size_t o = 0;
    for (size_t i = 0; i < len; i += 3) {
        uint32_t v = (uint32_t)in[i] << 16;
        if (i + 1 < len)
            v |= (uint32_t)in[i + 1] << 8;
        if (i + 2 < len)
            v |= in[i + 2];
        out[o++] = b64_alphabet[(v >> 18) & 63];
        out[o++] = b64_alphabet[(v >> 12) & 63];
        out[o++] = i + 1 < len ? b64_alphabet[(v >> 6) & 63] : '=';
        out[o++] = i + 2 < len ? b64_alphabet[v & 63] : '=';
    }
    out[o] = '\0';
}

static int
b64_value(char c)
{
    const char *p = strchr(b64_alphabet, c);
    return (c != '\0' && p != NULL) ? (int)(p - b64_alphabet) : -1;
}

long
config_base64_decode(const char *s, unsigned char *out, size_t cap)
{
    const char *b = s;
    const char *e = s + strlen(s);
    while (b < e && isspace((unsigned char)*b))
        b++;
    while (e > b && isspace((unsigned char)e[-1]))
        e--;
    size_t pad = 0;
    while (e > b && e[-1] == '=' && pad < 2) {
        e--;
        pad++;
    }
    size_t n = (size_t)(e - b);
    if (n == 0 || n % 4 == 1 || (pad > 0 && (n + pad) % 4 != 0))
        return -1;
    size_t o = 0;
    uint32_t acc = 0;
    int bits = 0;
    for (const char *p = b; p < e; p++) {
        int v = b64_value(*p);
        if (v < 0)
            return -1;
        acc = (acc << 6) | (uint32_t)v;
        bits += 6;
        if (bits >= 8) {
            bits -= 8;
            if (o >= cap)
                return -1;
            out[o++] = (unsigned char)((acc >> bits) & 0xff);
        }
    }
    /* Leftover bits must be zero (canonical encoding). */
    if ((acc & ((1u << bits) - 1)) != 0)
        return -1;
    return (long)o;
}

/*---------------------------------------------------------------------------------------------
 * Individual settings
 *-------------------------------------------------------------------------------------------*/

/* A libpq keyword/value string ("host=... dbname=...") or a postgres(ql):// URI. */
static int
database_url_plausible(const char *s)
{
    if (strncmp(s, "postgresql://", 13) == 0 || strncmp(s, "postgres://", 11) == 0)
        return 1;
    const char *eq = strchr(s, '=');
    if (eq == NULL || eq == s)
        return 0;
    for (const char *p = s; p < eq; p++) {
        if (!isalnum((unsigned char)*p) && *p != '_' && !isspace((unsigned char)*p))
            return 0;
    }
    return 1;
}

static int
parse_listen(struct wallet_config *cfg, const char *v)
{
    char host[64];
    const char *port_s;
    if (v[0] == '[') {
        const char *close = strchr(v, ']');
        if (close == NULL || close[1] != ':' || (size_t)(close - v - 1) >= sizeof(host))
            return -1;
        memcpy(host, v + 1, (size_t)(close - v - 1));
        host[close - v - 1] = '\0';
        port_s = close + 2;
        struct in6_addr a6;
        if (inet_pton(AF_INET6, host, &a6) != 1)
            return -1;
    } else {
        const char *colon = strrchr(v, ':');
        if (colon == NULL || colon == v || (size_t)(colon - v) >= sizeof(host))
            return -1;
        memcpy(host, v, (size_t)(colon - v));
        host[colon - v] = '\0';
        port_s = colon + 1;
        if (strcmp(host, "localhost") == 0)
            strcpy(host, "127.0.0.1");
        struct in_addr a4;
        if (inet_pton(AF_INET, host, &a4) != 1)
            return -1;
    }
    unsigned port;
    if (parse_uint(port_s, 0, 65535, &port) < 0)
        return -1;
    char buf[100];
    if (strchr(host, ':') != NULL)
        snprintf(buf, sizeof(buf), "[%s]:%u", host, port);
    else
        snprintf(buf, sizeof(buf), "%s:%u", host, port);
    cfg->listen = xstrdup(buf);
    cfg->listen_host = xstrdup(host);
    cfg->listen_port = port;
    return 0;
}

/* scheme://host[:port] with scheme http or https, no path, no trailing slash. */
static int
origin_valid(const char *o, size_t n)
{
    size_t skip;
    if (n > 8 && strncmp(o, "https://", 8) == 0)
        skip = 8;
    else if (n > 7 && strncmp(o, "http://", 7) == 0)
        skip = 7;
    else
        return 0;
    if (n > 253 + skip)
        return 0;
    const char *h = o + skip;
    size_t hn = n - skip;
    size_t i = 0;
    if (h[0] == '[') {
        while (i < hn && h[i] != ']')
            i++;
        if (i == hn)
            return 0;
        i++;
    } else {
        while (i < hn && (isalnum((unsigned char)h[i]) || h[i] == '.' || h[i] == '-'))
            i++;
        if (i == 0)
            return 0;
    }
    if (i == hn)
        return 1;
    if (h[i] != ':' || i + 1 == hn)
        return 0;
    for (size_t j = i + 1; j < hn; j++) {
        if (!isdigit((unsigned char)h[j]))
            return 0;
    }
    return hn - i - 1 <= 5;
}

static int
parse_cors(struct wallet_config *cfg, const char *v)
{
    char **list = calloc(MAX_CORS_ORIGINS, sizeof(*list));
    size_t count = 0;
    size_t total = 0;
    char *joined = calloc(strlen(v) + 1, 1);
    if (list == NULL || joined == NULL)
        abort();
    const char *p = v;
    while (*p) {
        const char *end = strchr(p, ',');
        if (end == NULL)
            end = p + strlen(p);
        const char *b = p, *e = end;
        while (b < e && isspace((unsigned char)*b))
            b++;
        while (e > b && isspace((unsigned char)e[-1]))
            e--;
        if (b == e || count == MAX_CORS_ORIGINS || !origin_valid(b, (size_t)(e - b)))
            goto out_invalid;
        list[count] = strndup(b, (size_t)(e - b));
        if (list[count] == NULL)
            abort();
        if (count > 0)
            joined[total++] = ',';
        memcpy(joined + total, b, (size_t)(e - b));
        total += (size_t)(e - b);
        count++;
        p = *end ? end + 1 : end;
        if (*end == ',' && *p == '\0')
            goto out_invalid; /* trailing comma */
    }
    cfg->cors_origin_list = list;
    cfg->cors_origin_count = count;
    cfg->cors_origins = joined;
    return 0;
out_invalid:
    for (size_t i = 0; i < count; i++)
        free(list[i]);
    free(list);
    free(joined);
    return -1;
}

static int
parse_chaos(struct wallet_config *cfg, const char *v)
{
    const char *colon = strchr(v, ':');
    if (colon == NULL || colon == v || colon - v > 12)
        return -1;
    char rate_s[16];
    memcpy(rate_s, v, (size_t)(colon - v));
    rate_s[colon - v] = '\0';
    for (const char *p = rate_s; *p; p++) {
        if (!isdigit((unsigned char)*p) && *p != '.')
            return -1;
    }
    if (rate_s[0] == '.' || strchr(rate_s, '.') != strrchr(rate_s, '.'))
        return -1;
    char *end;
    double rate = strtod(rate_s, &end);
    if (*end != '\0' || !(rate >= 0.0 && rate <= 1.0))
        return -1;
    unsigned ms;
    if (parse_uint(colon + 1, 0, 60000, &ms) < 0)
        return -1;
    cfg->chaos = true;
    cfg->chaos_error_rate = rate;
    cfg->chaos_latency_ms = ms;
    return 0;
}

/* Decodes a sealing key: exactly 32 bytes of base64, not all zero. */
static int
parse_seal_key(const char *v, unsigned char out[CONFIG_SEAL_KEY_BYTES], long *got)
{
    unsigned char buf[CONFIG_SEAL_KEY_BYTES + 3];
    long n = config_base64_decode(v, buf, sizeof(buf));
    *got = n;
    if (n != CONFIG_SEAL_KEY_BYTES) {
        explicit_bzero(buf, sizeof(buf));
        return -1;
    }
    unsigned char any = 0;
    for (size_t i = 0; i < CONFIG_SEAL_KEY_BYTES; i++)
        any |= buf[i];
    memcpy(out, buf, CONFIG_SEAL_KEY_BYTES);
    explicit_bzero(buf, sizeof(buf));
    if (!any) {
        *got = -2;
        return -1;
    }
    return 0;
}

/*---------------------------------------------------------------------------------------------
 * Development key file
 *-------------------------------------------------------------------------------------------*/

/* Creates the missing folders of path's parent, each 0700. */
static int
make_parents(const char *path)
{
    char buf[4096];
    if (strlen(path) >= sizeof(buf))
        return -1;
    strcpy(buf, path);
    for (char *p = buf + 1; *p; p++) {
        if (*p != '/')
            continue;
        *p = '\0';
        if (mkdir(buf, 0700) < 0 && errno != EEXIST)
            return -1;
        *p = '/';
    }
    return 0;
}

static int
fill_random(unsigned char *buf, size_t n)
{
    size_t got = 0;
    while (got < n) {
        ssize_t r = getrandom(buf + got, n - got, 0);
        if (r < 0) {
            if (errno == EINTR)
                continue;
            return -1;
        }
        got += (size_t)r;
    }
    return 0;
}

/* Writes a new key file atomically: a temporary file, then link() (fails if one appeared). */
static int
create_key_file(const char *path, char *err, size_t errlen)
{
    unsigned char jwt_raw[48], seal_raw[CONFIG_SEAL_KEY_BYTES];
    char jwt_b64[80], seal_b64[64], tmp[4200], text[256];
    int rc = -1;

    if (make_parents(path) < 0) {
        set_err(err,
                errlen,
                "WALLET_KEY_FILE: cannot create the folder of %s: %s",
                path,
                strerror(errno));
        return -1;
    }
    if (fill_random(jwt_raw, sizeof(jwt_raw)) < 0 || fill_random(seal_raw, sizeof(seal_raw)) < 0) {
        set_err(err, errlen, "WALLET_KEY_FILE: no randomness available: %s", strerror(errno));
        goto out_wipe;
    }
    config_base64_encode(jwt_raw, sizeof(jwt_raw), jwt_b64);
    config_base64_encode(seal_raw, sizeof(seal_raw), seal_b64);
    int len = snprintf(text,
                       sizeof(text),
                       "# walletd development keys: generated once, reused, never for production.\n"
                       "WALLET_JWT_SECRET=%s\nWALLET_SEAL_KEY=%s\n",
                       jwt_b64,
                       seal_b64);
    snprintf(tmp, sizeof(tmp), "%s.tmp.%ld", path, (long)getpid());
    int fd = open(tmp, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0600);
    if (fd < 0) {
        set_err(err, errlen, "WALLET_KEY_FILE: cannot create %s: %s", tmp, strerror(errno));
        goto out_wipe;
    }
    ssize_t w = write(fd, text, (size_t)len);
    int sync_rc = fsync(fd);
    close(fd);
    if (w != len || sync_rc < 0) {
        set_err(err, errlen, "WALLET_KEY_FILE: cannot write %s", tmp);
        unlink(tmp);
        goto out_wipe;
    }
    if (link(tmp, path) < 0 && errno != EEXIST) {
        set_err(err, errlen, "WALLET_KEY_FILE: cannot create %s: %s", path, strerror(errno));
        unlink(tmp);
        goto out_wipe;
    }
    unlink(tmp); /* EEXIST: another process created it first; its keys are used */
    rc = 0;
out_wipe:
    explicit_bzero(jwt_raw, sizeof(jwt_raw));
    explicit_bzero(seal_raw, sizeof(seal_raw));
    explicit_bzero(jwt_b64, sizeof(jwt_b64));
    explicit_bzero(seal_b64, sizeof(seal_b64));
    explicit_bzero(text, sizeof(text));
    return rc;
}

/* Reads the key file into *jwt and *seal (malloc'd). Returns 1 if absent, 0, or -1. */
static int
read_key_file(const char *path, char **jwt, char **seal, char *err, size_t errlen)
{
    int fd = open(path, O_RDONLY | O_CLOEXEC | O_NOFOLLOW);
    if (fd < 0) {
        if (errno == ENOENT)
            return 1;
        set_err(err, errlen, "WALLET_KEY_FILE: cannot open %s: %s", path, strerror(errno));
        return -1;
    }
    struct stat st;
    if (fstat(fd, &st) < 0 || !S_ISREG(st.st_mode)) {
        close(fd);
        set_err(err, errlen, "WALLET_KEY_FILE: %s is not a regular file", path);
        return -1;
    }
    if ((st.st_mode & 077) != 0) {
        close(fd);
        set_err(err,
                errlen,
                "WALLET_KEY_FILE: %s must be private (mode %04o); chmod 600 it",
                path,
                (unsigned)(st.st_mode & 07777));
        return -1;
    }
    char text[KEY_FILE_MAX + 1];
    ssize_t n = read(fd, text, KEY_FILE_MAX);
    close(fd);
    if (n < 0 || n == KEY_FILE_MAX) {
        set_err(err, errlen, "WALLET_KEY_FILE: cannot read %s", path);
        return -1;
    }
    text[n] = '\0';
    char *save = NULL;
    for (char *line = strtok_r(text, "\n", &save); line; line = strtok_r(NULL, "\n", &save)) {
        size_t len = strlen(line);
        if (len > 0 && line[len - 1] == '\r')
            line[len - 1] = '\0';
        if (strncmp(line, "WALLET_JWT_SECRET=", 18) == 0 && *jwt == NULL)
            *jwt = xstrdup(line + 18);
        else if (strncmp(line, "WALLET_SEAL_KEY=", 16) == 0 && *seal == NULL)
            *seal = xstrdup(line + 16);
    }
    explicit_bzero(text, sizeof(text));
    if (*jwt == NULL || *seal == NULL) {
        set_err(err,
                errlen,
                "WALLET_KEY_FILE: %s lacks WALLET_JWT_SECRET or WALLET_SEAL_KEY; delete it to "
                "generate new development keys",
                path);
        return -1;
    }
    return 0;
}

static int
load_dev_keys(
    struct wallet_config *cfg, const char *path, char **jwt, char **seal, char *err, size_t errlen)
{
    int rc = read_key_file(path, jwt, seal, err, errlen);
    if (rc == 1) {
        if (create_key_file(path, err, errlen) < 0)
            return -1;
        cfg->key_file_created = true;
        rc = read_key_file(path, jwt, seal, err, errlen);
        if (rc == 1) {
            set_err(err, errlen, "WALLET_KEY_FILE: %s vanished after it was created", path);
            return -1;
        }
    }
    if (rc < 0)
        return -1;
    cfg->key_file = xstrdup(path);
    return 0;
}

/*---------------------------------------------------------------------------------------------
 * Sources: environment and flags
 *-------------------------------------------------------------------------------------------*/

static int
setting_by_name(const char *name, size_t len)
{
    for (int i = 0; i < S_COUNT; i++) {
        if (strlen(setting_names[i]) == len && strncmp(setting_names[i], name, len) == 0)
            return i;
    }
    return -1;
}

/* Maps a flag name ("WALLET_DB_POOL", "db-pool", "db_pool") to a setting, or -1. */
static int
setting_by_flag(const char *name, size_t len)
{
    if (len >= 7 && strncmp(name, "WALLET_", 7) == 0)
        return setting_by_name(name, len);
    char buf[64] = "WALLET_";
    if (len == 0 || len + 7 >= sizeof(buf))
        return -1;
    for (size_t i = 0; i < len; i++) {
        char c = name[i];
        if (c == '-')
            c = '_';
        else if (c >= 'a' && c <= 'z')
            c = (char)(c - 'a' + 'A');
        else if (!(c == '_' || (c >= '0' && c <= '9')))
            return -1;
        buf[7 + i] = c;
    }
    return setting_by_name(buf, len + 7);
}

static int
collect(const char *values[S_COUNT],
        char *const *env,
        int argc,
        char *const *argv,
        const char **positional,
        int *npositional,
        char *err,
        size_t errlen)
{
    if (env == NULL)
        env = environ;
    for (char *const *e = env; *e; e++) {
        const char *eq = strchr(*e, '=');
        if (eq == NULL)
            continue;
        int s = setting_by_name(*e, (size_t)(eq - *e));
        if (s >= 0)
            values[s] = eq + 1;
    }
    int np = 0;
    bool flags_done = false;
    for (int i = 0; i < argc; i++) {
        const char *a = argv[i];
        if (flags_done) {
            positional[np++] = a;
            continue;
        }
        if (strcmp(a, "--") == 0) {
            flags_done = true;
            continue;
        }
        if (a[0] == '-' && a[1] != '-' && a[1] != '\0') {
            set_err(err, errlen, "unknown option %.2s", a);
            return -1;
        }
        if (strncmp(a, "--", 2) != 0) {
            positional[np++] = a;
            continue;
        }
        const char *name = a + 2;
        const char *eq = strchr(name, '=');
        size_t nlen = eq ? (size_t)(eq - name) : strlen(name);
        int s = setting_by_flag(name, nlen);
        if (s < 0) {
            /* The name only: a mistyped flag's value may be a secret. */
            set_err(err,
                    errlen,
                    "unknown option --%.*s (settings are --WALLET_NAME=value or --name=value)",
                    (int)(nlen > 60 ? 60 : nlen),
                    name);
            return -1;
        }
        if (eq != NULL) {
            values[s] = eq + 1;
        } else if (i + 1 < argc) {
            values[s] = argv[++i];
        } else {
            set_err(err, errlen, "option --%.*s needs a value", (int)nlen, name);
            return -1;
        }
    }
    *npositional = np;
    /* An empty value counts as unset. */
    for (int s = 0; s < S_COUNT; s++) {
        if (values[s] != NULL && values[s][0] == '\0')
            values[s] = NULL;
    }
    return 0;
}

static unsigned
machine_cpus(void)
{
    long n = sysconf(_SC_NPROCESSORS_ONLN);
    return n > 0 ? (unsigned)n : 1;
}

/*---------------------------------------------------------------------------------------------
 * config_load
 *-------------------------------------------------------------------------------------------*/

#define FAIL(...)                                                                                  \
    do {                                                                                           \
        set_err(err, errlen, __VA_ARGS__);                                                         \
        goto out_fail;                                                                             \
    } while (0)

int
config_load(struct wallet_config *cfg,
            bool need_keys,
            char *const *env,
            int argc,
            char *const *argv,
            const char **positional,
            int *npositional,
            char *err,
            size_t errlen)
{
    const char *v[S_COUNT] = {0};
    char q[80];
    char *file_jwt = NULL, *file_seal = NULL;
    memset(cfg, 0, sizeof(*cfg));
    *npositional = 0;
    if (collect(v, env, argc, argv, positional, npositional, err, errlen) < 0)
        return -1;

    /* WALLET_DATABASE_URL */
    if (v[S_DATABASE_URL] == NULL)
        FAIL("WALLET_DATABASE_URL is required (a libpq connection string or "
             "postgresql://user:password@host:port/dbname)");
    if (!database_url_plausible(v[S_DATABASE_URL]))
        FAIL("WALLET_DATABASE_URL must be a libpq connection string or a postgresql:// URI");
    cfg->database_url = xstrdup(v[S_DATABASE_URL]);

    /* WALLET_LISTEN */
    const char *listen = v[S_LISTEN] ? v[S_LISTEN] : CONFIG_DEFAULT_LISTEN;
    if (parse_listen(cfg, listen) < 0)
        FAIL("WALLET_LISTEN must be host:port (an IPv4 address, [IPv6] or localhost, and a port "
             "0-65535), got %s",
             quoted(listen, q));

    /* WALLET_ENV */
    if (v[S_ENV] == NULL || strcmp(v[S_ENV], "development") == 0)
        cfg->env = WALLET_ENV_DEVELOPMENT;
    else if (strcmp(v[S_ENV], "production") == 0)
        cfg->env = WALLET_ENV_PRODUCTION;
    else
        FAIL("WALLET_ENV must be development or production, got %s", quoted(v[S_ENV], q));
    cfg->production = cfg->env == WALLET_ENV_PRODUCTION;

    /* WALLET_JWT_SECRET, WALLET_SEAL_KEY: given, or (development) from the key file. */
    const char *jwt = v[S_JWT_SECRET];
    const char *seal = v[S_SEAL_KEY];
    if (need_keys && cfg->production) {
        if (jwt == NULL)
            FAIL("WALLET_JWT_SECRET is required in production (at least %d bytes)",
                 CONFIG_JWT_SECRET_MIN);
        if (seal == NULL)
            FAIL("WALLET_SEAL_KEY is required in production (32 bytes in base64, e.g. from "
                 "`head -c 32 /dev/urandom | base64`)");
    } else if (need_keys && (jwt == NULL || seal == NULL)) {
        const char *path = v[S_KEY_FILE] ? v[S_KEY_FILE] : CONFIG_DEFAULT_KEY_FILE;
        if (load_dev_keys(cfg, path, &file_jwt, &file_seal, err, errlen) < 0)
            goto out_fail;
        if (jwt == NULL)
            jwt = file_jwt;
        if (seal == NULL)
            seal = file_seal;
    }
    if (jwt != NULL) {
        size_t jlen = strlen(jwt);
        if (jlen < CONFIG_JWT_SECRET_MIN)
            FAIL("WALLET_JWT_SECRET must be at least %d bytes, got %zu",
                 CONFIG_JWT_SECRET_MIN,
                 jlen);
        if (jlen > CONFIG_JWT_SECRET_MAX)
            FAIL(
                "WALLET_JWT_SECRET must be at most %d bytes, got %zu", CONFIG_JWT_SECRET_MAX, jlen);
        cfg->jwt_secret = (unsigned char *)xstrdup(jwt);
        cfg->jwt_secret_len = jlen;
    }

    long got;
    if (seal != NULL) {
        if (parse_seal_key(seal, cfg->seal_key, &got) < 0) {
            if (got == -2)
                FAIL("WALLET_SEAL_KEY must not be all zero bytes");
            if (got < 0)
                FAIL("WALLET_SEAL_KEY must be 32 bytes in base64, got text that is not base64");
            FAIL("WALLET_SEAL_KEY must be 32 bytes in base64, got %ld bytes", got);
        }
        cfg->seal_key_b64 = xstrdup(seal);
    }

    /* WALLET_SEAL_KEY_OLD */
    if (v[S_SEAL_KEY_OLD] != NULL) {
        if (parse_seal_key(v[S_SEAL_KEY_OLD], cfg->seal_key_old, &got) < 0) {
            if (got == -2)
                FAIL("WALLET_SEAL_KEY_OLD must not be all zero bytes");
            if (got < 0)
                FAIL("WALLET_SEAL_KEY_OLD must be 32 bytes in base64, got text that is not base64");
            FAIL("WALLET_SEAL_KEY_OLD must be 32 bytes in base64, got %ld bytes", got);
        }
        if (cfg->seal_key_b64 != NULL &&
            memcmp(cfg->seal_key_old, cfg->seal_key, CONFIG_SEAL_KEY_BYTES) == 0)
            FAIL("WALLET_SEAL_KEY_OLD must differ from WALLET_SEAL_KEY");
        cfg->has_seal_key_old = true;
        cfg->seal_key_old_b64 = xstrdup(v[S_SEAL_KEY_OLD]);
    }

    /* WALLET_THREADS, WALLET_DB_POOL: sized to the machine unless given. */
    unsigned cpus = machine_cpus();
    cfg->threads = cpus * 4 < 8 ? 8 : (cpus * 4 > 32 ? 32 : cpus * 4);
    if (v[S_THREADS] != NULL && parse_uint(v[S_THREADS], 1, 1024, &cfg->threads) < 0)
        FAIL("WALLET_THREADS must be an integer from 1 to 1024, got %s", quoted(v[S_THREADS], q));
    cfg->db_pool = cfg->threads > 16 ? 16 : cfg->threads;
    if (v[S_DB_POOL] != NULL && parse_uint(v[S_DB_POOL], 1, 1000, &cfg->db_pool) < 0)
        FAIL("WALLET_DB_POOL must be an integer from 1 to 1000, got %s", quoted(v[S_DB_POOL], q));

    /* Rate limits: 0 turns each off. */
    cfg->rate_limit_rps = 50;
    if (v[S_RATE_LIMIT_RPS] != NULL &&
        parse_uint(v[S_RATE_LIMIT_RPS], 0, 1000000, &cfg->rate_limit_rps) < 0)
        FAIL("WALLET_RATE_LIMIT_RPS must be an integer from 0 (off) to 1000000, got %s",
             quoted(v[S_RATE_LIMIT_RPS], q));
    cfg->login_attempts_per_min = 10;
    if (v[S_LOGIN_ATTEMPTS_PER_MIN] != NULL &&
        parse_uint(v[S_LOGIN_ATTEMPTS_PER_MIN], 0, 1000000, &cfg->login_attempts_per_min) < 0)
        FAIL("WALLET_LOGIN_ATTEMPTS_PER_MIN must be an integer from 0 (off) to 1000000, got %s",
             quoted(v[S_LOGIN_ATTEMPTS_PER_MIN], q));
    cfg->transfer_velocity = 20;
    if (v[S_TRANSFER_VELOCITY] != NULL &&
        parse_uint(v[S_TRANSFER_VELOCITY], 0, 1000000, &cfg->transfer_velocity) < 0)
        FAIL("WALLET_TRANSFER_VELOCITY must be an integer from 0 (off) to 1000000, got %s",
             quoted(v[S_TRANSFER_VELOCITY], q));

    /* WALLET_CORS_ORIGINS */
    if (v[S_CORS_ORIGINS] != NULL && parse_cors(cfg, v[S_CORS_ORIGINS]) < 0)
        FAIL("WALLET_CORS_ORIGINS must be comma-separated origins like https://wallet.example.com "
             "(at most %d), got %s",
             MAX_CORS_ORIGINS,
             quoted(v[S_CORS_ORIGINS], q));

    /* WALLET_INTROSPECTION, WALLET_GRAPHIQL: on in development, off in production. */
    cfg->introspection = !cfg->production;
    if (v[S_INTROSPECTION] != NULL && parse_bool(v[S_INTROSPECTION], &cfg->introspection) < 0)
        FAIL("WALLET_INTROSPECTION must be 0 or 1, got %s", quoted(v[S_INTROSPECTION], q));
    cfg->graphiql = !cfg->production;
    if (v[S_GRAPHIQL] != NULL && parse_bool(v[S_GRAPHIQL], &cfg->graphiql) < 0)
        FAIL("WALLET_GRAPHIQL must be 0 or 1, got %s", quoted(v[S_GRAPHIQL], q));

    /* WALLET_CHAOS */
    if (v[S_CHAOS] != NULL && parse_chaos(cfg, v[S_CHAOS]) < 0)
        FAIL("WALLET_CHAOS must be errorRate:latencyMs with errorRate from 0 to 1 and latencyMs "
             "from 0 to 60000, e.g. 0.2:300, got %s",
             quoted(v[S_CHAOS], q));

    /* The project's own settings. */
    cfg->log_level = LOG_INFO;
    if (v[S_LOG_LEVEL] != NULL && log_level_parse(v[S_LOG_LEVEL], &cfg->log_level) < 0)
        FAIL("WALLET_LOG_LEVEL must be debug, info, warn or error, got %s",
             quoted(v[S_LOG_LEVEL], q));
    cfg->web_dir = xstrdup(v[S_WEB_DIR] ? v[S_WEB_DIR] : CONFIG_DEFAULT_WEB_DIR);
    if (v[S_MIGRATIONS_DIR] != NULL)
        cfg->migrations_dir = xstrdup(v[S_MIGRATIONS_DIR]);

    free_secret(file_jwt);
    free_secret(file_seal);
    return 0;

out_fail:
    free_secret(file_jwt);
    free_secret(file_seal);
    config_free(cfg);
    return -1;
}

void
config_free(struct wallet_config *cfg)
{
    free(cfg->database_url);
    free(cfg->listen);
    free(cfg->listen_host);
    if (cfg->jwt_secret != NULL) {
        explicit_bzero(cfg->jwt_secret, cfg->jwt_secret_len);
        free(cfg->jwt_secret);
    }
    free_secret(cfg->seal_key_b64);
    free_secret(cfg->seal_key_old_b64);
    free(cfg->key_file);
    for (size_t i = 0; i < cfg->cors_origin_count; i++)
        free(cfg->cors_origin_list[i]);
    free(cfg->cors_origin_list);
    free(cfg->cors_origins);
    free(cfg->web_dir);
    free(cfg->migrations_dir);
    explicit_bzero(cfg, sizeof(*cfg));
}

const char *
config_env_name(enum wallet_env env)
{
    return env == WALLET_ENV_PRODUCTION ? "production" : "development";
}
