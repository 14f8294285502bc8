/*
 * Test harness for the HTTP tests (see harness.h): a private PostgreSQL cluster, walletd as a
 * child process, and a raw-socket HTTP/1.1 client.
 */
#include "http/harness.h"

#include "crypto/jwt.h"

#include <arpa/inet.h>
#include <errno.h>
#include <fcntl.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <poll.h>
#include <pwd.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

static long
now_ms(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return ts.tv_sec * 1000L + ts.tv_nsec / 1000000L;
}

static void
sleep_ms(int ms)
{
    struct timespec ts = {ms / 1000, (long)(ms % 1000) * 1000000L};
    nanosleep(&ts, NULL);
}

/* A free loopback port (bound, read, released: good enough for tests). */
static int
free_port(void)
{
    int fd = socket(AF_INET, SOCK_STREAM, 0);
    struct sockaddr_in a = {.sin_family = AF_INET, .sin_addr.s_addr = htonl(INADDR_LOOPBACK)};
    if (bind(fd, (struct sockaddr *)&a, sizeof(a)) != 0) {
        close(fd);
        return -1;
    }
    socklen_t len = sizeof(a);
    getsockname(fd, (struct sockaddr *)&a, &len);
    close(fd);
    return ntohs(a.sin_port);
}

/*---------------------------------------------------------------------------------------------
 * PostgreSQL
 *-------------------------------------------------------------------------------------------*/

static char pg_bindir[512];

static const char *
pg_bin(void)
{
    if (pg_bindir[0])
        return pg_bindir;
    const char *env = getenv("WALLET_PG_BINDIR");
    if (env && *env) {
        snprintf(pg_bindir, sizeof(pg_bindir), "%s", env);
        return pg_bindir;
    }
    FILE *p = popen("pg_config --bindir 2>/dev/null", "r");
    if (p) {
        if (fgets(pg_bindir, sizeof(pg_bindir), p))
            pg_bindir[strcspn(pg_bindir, "\n")] = '\0';
        pclose(p);
    }
    char probe[600];
    snprintf(probe, sizeof(probe), "%s/initdb", pg_bindir);
    if (access(probe, X_OK) != 0)
        snprintf(pg_bindir, sizeof(pg_bindir), "/usr/lib/postgresql/15/bin");
    return pg_bindir;
}

/*
 * The unprivileged user that runs PostgreSQL when we are root (PostgreSQL refuses root):
 * $PG_LOCAL_USER, else Debian's postgres, else scripts/pg-local.sh's walletpg.
 */
static const char *
owner_name(void)
{
    const char *env = getenv("PG_LOCAL_USER");
    if (env != NULL && *env && getpwnam(env) != NULL)
        return env;
    if (getpwnam("postgres") != NULL)
        return "postgres";
    return "walletpg";
}

/* Runs a shell command as the cluster's owner (see owner_name) when we are root. */
static int
run_as_owner(const char *cmd)
{
    char full[4096];
    if (geteuid() == 0)
        snprintf(full, sizeof(full), "runuser -u %s -- sh -c '%s'", owner_name(), cmd);
    else
        snprintf(full, sizeof(full), "sh -c '%s'", cmd);
    int rc = system(full);
    return rc == 0 ? 0 : -1;
}

/* Runs sql on the maintenance connection admin; 0 on success. */
static int
admin_sql(const char *admin, const char *sql)
{
    char cmd[1536];
    snprintf(
        cmd, sizeof(cmd), "psql -q -X -v ON_ERROR_STOP=1 \"%s\" -c \"%s\" >/dev/null", admin, sql);
    return system(cmd) == 0 ? 0 : -1;
}

int
th_pg_create(struct th_pg *pg)
{
    const char *shared = getenv("WALLET_TEST_DATABASE_URL");
    if (shared == NULL || shared[0] == '\0' || strchr(shared, '"') != NULL)
        return th_pg_create_own(pg);
    memset(pg, 0, sizeof(*pg));
    pg->shared = true;
    static int seq;
    snprintf(pg->dbname, sizeof(pg->dbname), "wallet_http_%d_%d", (int)getpid(), ++seq);
    /* Explicit keywords override the service file's (or the URL's) dbname. */
    bool uri = strncmp(shared, "postgres://", 11) == 0 || strncmp(shared, "postgresql://", 13) == 0;
    if (uri) {
        snprintf(pg->admin, sizeof(pg->admin), "%s", shared);
        snprintf(pg->url, sizeof(pg->url), "%s", shared);
        char *slash = strchr(pg->url + (shared[8] == '/' ? 11 : 13), '/');
        if (slash == NULL)
            return th_pg_create_own(pg);
        snprintf(slash, sizeof(pg->url) - (size_t)(slash - pg->url), "/%s", pg->dbname);
    } else {
        snprintf(pg->admin, sizeof(pg->admin), "%s", shared);
        snprintf(pg->url, sizeof(pg->url), "%s dbname=%s", shared, pg->dbname);
    }
    const char *base = getenv("TMPDIR");
    snprintf(pg->dir, sizeof(pg->dir), "%s/wallet-http-db-XXXXXX", base && *base ? base : "/tmp");
    if (mkdtemp(pg->dir) == NULL)
        return -1;
    char sql[128];
    snprintf(sql, sizeof(sql), "CREATE DATABASE %s", pg->dbname);
    if (admin_sql(pg->admin, sql) != 0) {
        fprintf(stderr, "harness: cannot create a database in the shared test cluster\n");
        return -1;
    }
    return 0;
}

int
th_pg_create_own(struct th_pg *pg)
{
    memset(pg, 0, sizeof(*pg));
    const char *base = getenv("TMPDIR");
    snprintf(pg->dir, sizeof(pg->dir), "%s/wallet-http-pg-XXXXXX", base && *base ? base : "/tmp");
    if (mkdtemp(pg->dir) == NULL)
        return -1;
    if (geteuid() == 0) {
        struct passwd *pw = getpwnam(owner_name());
        if (pw == NULL || chown(pg->dir, pw->pw_uid, pw->pw_gid) != 0) {
            fprintf(stderr,
                    "harness: need an unprivileged system user (postgres, or walletpg from "
                    "scripts/pg-local.sh) to run PostgreSQL as root\n");
            return -1;
        }
    }
    pg->port = free_port();
    snprintf(pg->url,
             sizeof(pg->url),
             "postgresql://wallet@127.0.0.1:%d/wallet?connect_timeout=3",
             pg->port);
    char cmd[2048];
    snprintf(cmd,
             sizeof(cmd),
             "%s/initdb -D %s/data -A trust -U wallet -E UTF8 --no-sync >%s/initdb.log 2>&1",
             pg_bin(),
             pg->dir,
             pg->dir);
    if (run_as_owner(cmd) != 0) {
        fprintf(stderr, "harness: initdb failed (see %s/initdb.log)\n", pg->dir);
        return -1;
    }
    if (th_pg_start(pg) != 0)
        return -1;
    snprintf(
        cmd,
        sizeof(cmd),
        "psql -q -X \"postgresql://wallet@127.0.0.1:%d/postgres\" -c \"CREATE DATABASE wallet\" "
        ">/dev/null",
        pg->port);
    if (system(cmd) != 0) {
        fprintf(stderr, "harness: CREATE DATABASE failed\n");
        return -1;
    }
    return 0;
}

int
th_pg_start(struct th_pg *pg)
{
    if (pg->shared)
        return -1;
    char cmd[2048];
    snprintf(cmd,
             sizeof(cmd),
             "%s/pg_ctl -D %s/data -w -t 30 -l %s/server.log -o \"-p %d -k %s "
             "-c listen_addresses=127.0.0.1 -c fsync=off -c synchronous_commit=off "
             "-c full_page_writes=off\" start >/dev/null",
             pg_bin(),
             pg->dir,
             pg->dir,
             pg->port,
             pg->dir);
    return run_as_owner(cmd);
}

int
th_pg_stop(struct th_pg *pg)
{
    if (pg->shared)
        return -1;
    char cmd[1024];
    snprintf(cmd,
             sizeof(cmd),
             "%s/pg_ctl -D %s/data -w -t 30 -m fast stop >/dev/null",
             pg_bin(),
             pg->dir);
    return run_as_owner(cmd);
}

void
th_pg_destroy(struct th_pg *pg)
{
    if (pg->dir[0] == '\0')
        return;
    if (pg->shared) {
        char sql[160];
        snprintf(sql, sizeof(sql), "DROP DATABASE IF EXISTS %s WITH (FORCE)", pg->dbname);
        if (admin_sql(pg->admin, sql) != 0)
            fprintf(stderr, "harness: could not drop %s\n", pg->dbname);
    } else {
        th_pg_stop(pg);
    }
    char cmd[600];
    snprintf(cmd, sizeof(cmd), "rm -rf '%s'", pg->dir);
    if (system(cmd) != 0)
        fprintf(stderr, "harness: could not remove %s\n", pg->dir);
    pg->dir[0] = '\0';
}

int
th_pg_sql(const struct th_pg *pg, const char *sql)
{
    char path[300];
    snprintf(path, sizeof(path), "%s/stmt.sql", pg->dir);
    FILE *f = fopen(path, "w");
    if (f == NULL)
        return -1;
    fputs(sql, f);
    fclose(f);
    char cmd[1024];
    snprintf(
        cmd, sizeof(cmd), "psql -q -X -v ON_ERROR_STOP=1 \"%s\" -f %s >/dev/null", pg->url, path);
    return system(cmd) == 0 ? 0 : -1;
}

int
th_pg_value(const struct th_pg *pg, const char *sql, char *out, size_t cap)
{
    char path[300];
    snprintf(path, sizeof(path), "%s/query.sql", pg->dir);
    FILE *f = fopen(path, "w");
    if (f == NULL)
        return -1;
    fputs(sql, f);
    fclose(f);
    char cmd[1024];
    snprintf(cmd, sizeof(cmd), "psql -q -X -At -v ON_ERROR_STOP=1 \"%s\" -f %s", pg->url, path);
    FILE *p = popen(cmd, "r");
    if (p == NULL)
        return -1;
    out[0] = '\0';
    if (fgets(out, (int)cap, p) != NULL)
        out[strcspn(out, "\n")] = '\0';
    return pclose(p) == 0 ? 0 : -1;
}

int
th_pg_schema(const struct th_pg *pg)
{
    if (th_walletd_migrate(pg->url) == 0)
        return 0;
    return th_pg_sql(pg,
                     "CREATE TABLE users (id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY, "
                     "username text NOT NULL, email text NOT NULL, display_name text NOT NULL, "
                     "password_hash text NOT NULL, role text NOT NULL DEFAULT 'USER', "
                     "status text NOT NULL DEFAULT 'ACTIVE', tokens_valid_after timestamptz)");
}

long
th_pg_create_user(const struct th_pg *pg, const char *username, const char *role)
{
    char sql[512], id[64];
    snprintf(sql,
             sizeof(sql),
             "INSERT INTO users (username, email, display_name, password_hash, role) VALUES "
             "('%s', '%s@example.com', '%s', '$argon2id$v=19$m=65536,t=2,p=1$c2FsdHNhbHQ$aGFzaA', "
             "'%s') RETURNING id",
             username,
             username,
             username,
             role);
    if (th_pg_value(pg, sql, id, sizeof(id)) != 0 || id[0] == '\0')
        return -1;
    return atol(id);
}

void
th_token(const char *secret, long sub, const char *role, long ttl_s, char *out)
{
    struct jwt_claims c;
    memset(&c, 0, sizeof(c));
    snprintf(c.sub, sizeof(c.sub), "%ld", sub);
    snprintf(c.role, sizeof(c.role), "%s", role);
    snprintf(c.jti, sizeof(c.jti), "jti-%ld-%ld", sub, (long)now_ms());
    c.iat = (int64_t)time(NULL);
    c.exp = c.iat + ttl_s;
    out[0] = '\0';
    jwt_sign((const unsigned char *)secret, strlen(secret), &c, out, JWT_MAX_TOKEN, NULL);
}

/*---------------------------------------------------------------------------------------------
 * walletd
 *-------------------------------------------------------------------------------------------*/

const char *
th_walletd_path(void)
{
    static char path[1024];
    const char *own = getenv("WALLET_WALLETD"); /* an explicit binary wins */
    if (own != NULL && *own)
        return access(own, X_OK) == 0 ? own : NULL;
    const char *build = getenv("WALLET_BUILD_DIR");
    snprintf(path, sizeof(path), "%s/walletd", build && *build ? build : ".");
    return access(path, X_OK) == 0 ? path : NULL;
}

int
th_walletd_migrate(const char *db_url)
{
    const char *bin = th_walletd_path();
    if (bin == NULL)
        return -1;
    char cmd[2048];
    snprintf(
        cmd, sizeof(cmd), "WALLET_DATABASE_URL='%s' '%s' migrate >/dev/null 2>&1", db_url, bin);
    return system(cmd) == 0 ? 0 : -1;
}

int
th_walletd_start(struct th_walletd *w, const char *db_url, const char *const *env)
{
    memset(w, 0, sizeof(*w));
    const char *bin = th_walletd_path();
    if (bin == NULL) {
        fprintf(stderr, "harness: walletd not built (WALLET_BUILD_DIR)\n");
        return -1;
    }
    w->port = free_port();
    const char *base = getenv("TMPDIR");
    snprintf(w->log_path,
             sizeof(w->log_path),
             "%s/walletd-%d-%d.log",
             base && *base ? base : "/tmp",
             (int)getpid(),
             w->port);
    int logfd = open(w->log_path, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0600);
    if (logfd < 0)
        return -1;

    pid_t pid = fork();
    if (pid < 0)
        return -1;
    if (pid == 0) {
        char listen[64];
        snprintf(listen, sizeof(listen), "127.0.0.1:%d", w->port);
        setenv("WALLET_DATABASE_URL", db_url, 1);
        setenv("WALLET_LISTEN", listen, 1);
        if (getenv("WALLET_THREADS") == NULL)
            setenv("WALLET_THREADS", "8", 1);
        for (size_t i = 0; env && env[i]; i++)
            putenv((char *)env[i]);
        dup2(logfd, STDERR_FILENO);
        dup2(logfd, STDOUT_FILENO);
        execl(bin, bin, "serve", (char *)NULL);
        _exit(127);
    }
    close(logfd);
    w->pid = pid;

    long deadline = now_ms() + 15000;
    while (now_ms() < deadline) {
        int status;
        if (waitpid(pid, &status, WNOHANG) == pid) {
            fprintf(stderr, "harness: walletd exited at start (log %s)\n", w->log_path);
            w->pid = 0;
            return -1;
        }
        struct th_response r;
        if (th_request(w->port, "GET", "/health", NULL, NULL, 0, &r) == 0) {
            int ok = r.status == 200;
            th_response_free(&r);
            if (ok)
                return 0;
        }
        sleep_ms(50);
    }
    fprintf(stderr, "harness: walletd did not become healthy (log %s)\n", w->log_path);
    th_walletd_stop(w, 2000);
    return -1;
}

int
th_walletd_stop(struct th_walletd *w, int timeout_ms)
{
    if (w->pid <= 0)
        return -1;
    kill(w->pid, SIGTERM);
    long deadline = now_ms() + timeout_ms;
    int status = 0;
    for (;;) {
        pid_t r = waitpid(w->pid, &status, WNOHANG);
        if (r == w->pid)
            break;
        if (now_ms() > deadline) {
            kill(w->pid, SIGKILL);
            waitpid(w->pid, &status, 0);
            w->pid = 0;
            return -1;
        }
        sleep_ms(20);
    }
    w->pid = 0;
    return WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status);
}

void
th_walletd_remove_log(struct th_walletd *w)
{
    if (w->log_path[0] != '\0')
        unlink(w->log_path);
    w->log_path[0] = '\0';
}

char *
th_walletd_log(const struct th_walletd *w)
{
    FILE *f = fopen(w->log_path, "rb");
    if (f == NULL)
        return strdup("");
    fseek(f, 0, SEEK_END);
    long n = ftell(f);
    fseek(f, 0, SEEK_SET);
    char *s = malloc((size_t)n + 1);
    size_t got = fread(s, 1, (size_t)n, f);
    s[got] = '\0';
    fclose(f);
    return s;
}

/*---------------------------------------------------------------------------------------------
 * HTTP client
 *-------------------------------------------------------------------------------------------*/

int
th_connect(int port)
{
    int fd = socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
    if (fd < 0)
        return -1;
    struct sockaddr_in a = {.sin_family = AF_INET,
                            .sin_port = htons((uint16_t)port),
                            .sin_addr.s_addr = htonl(INADDR_LOOPBACK)};
    if (connect(fd, (struct sockaddr *)&a, sizeof(a)) != 0) {
        close(fd);
        return -1;
    }
    int one = 1;
    setsockopt(fd, IPPROTO_TCP, TCP_NODELAY, &one, sizeof(one));
    return fd;
}

int
th_send_all(int fd, const void *buf, size_t len)
{
    const char *p = buf;
    while (len > 0) {
        ssize_t n = send(fd, p, len, MSG_NOSIGNAL);
        if (n < 0 && errno == EINTR)
            continue;
        if (n <= 0)
            return -1;
        p += n;
        len -= (size_t)n;
    }
    return 0;
}

void
th_response_free(struct th_response *r)
{
    free(r->raw);
    free(r->body);
    memset(r, 0, sizeof(*r));
}

const char *
th_header(const struct th_response *r, const char *name)
{
    for (int i = 0; i < r->nheaders; i++)
        if (strcasecmp(r->names[i], name) == 0)
            return r->values[i];
    return NULL;
}

/* Appends what fd has, waiting until deadline; returns bytes read, 0 at EOF, -1 on timeout. */
static ssize_t
read_some(int fd, char **buf, size_t *len, size_t *cap, long deadline)
{
    long left = deadline - now_ms();
    if (left <= 0)
        return -1;
    struct pollfd p = {.fd = fd, .events = POLLIN};
    if (poll(&p, 1, (int)left) <= 0)
        return -1;
    if (*cap - *len < 65536) {
        *cap = *cap * 2 + 65536;
        *buf = realloc(*buf, *cap);
    }
    ssize_t n = recv(fd, *buf + *len, *cap - *len - 1, 0);
    if (n < 0)
        return errno == ECONNRESET ? 0 : -1;
    *len += (size_t)n;
    (*buf)[*len] = '\0';
    return n;
}

int
th_read_response(int fd, struct th_response *out, int timeout_ms)
{
    memset(out, 0, sizeof(*out));
    long deadline = now_ms() + timeout_ms;
    size_t len = 0, cap = 0;
    char *buf = NULL;
    char *hdr_end = NULL;
    bool eof = false;
    /* Skip interim 1xx responses (100 Continue). */
    for (;;) {
        while ((hdr_end = buf ? strstr(buf, "\r\n\r\n") : NULL) == NULL) {
            ssize_t n = read_some(fd, &buf, &len, &cap, deadline);
            if (n <= 0) {
                free(buf);
                return -1;
            }
        }
        if (strncmp(buf, "HTTP/1.1 1", 10) == 0 || strncmp(buf, "HTTP/1.0 1", 10) == 0) {
            size_t skip = (size_t)(hdr_end + 4 - buf);
            memmove(buf, buf + skip, len - skip + 1);
            len -= skip;
            continue;
        }
        break;
    }
    size_t head_len = (size_t)(hdr_end - buf) + 4;
    out->raw = malloc(head_len + 1);
    memcpy(out->raw, buf, head_len);
    out->raw[head_len] = '\0';
    if (sscanf(out->raw, "HTTP/1.%*d %d", &out->status) != 1) {
        free(buf);
        return -1;
    }
    char *line = strstr(out->raw, "\r\n") + 2;
    while (line < out->raw + head_len - 2 && out->nheaders < TH_MAX_HEADERS) {
        char *eol = strstr(line, "\r\n");
        *eol = '\0';
        char *colon = strchr(line, ':');
        if (colon) {
            *colon = '\0';
            char *v = colon + 1;
            while (*v == ' ')
                v++;
            out->names[out->nheaders] = line;
            out->values[out->nheaders] = v;
            out->nheaders++;
        }
        line = eol + 2;
    }

    /* Body: Content-Length, chunked, or until close. */
    size_t have = len - head_len;
    char *body = buf + head_len;
    const char *cl = th_header(out, "Content-Length");
    const char *te = th_header(out, "Transfer-Encoding");
    const char *conn = th_header(out, "Connection");
    if (cl != NULL) {
        size_t want = (size_t)strtoull(cl, NULL, 10);
        while (have < want) {
            size_t off = (size_t)(body - buf);
            ssize_t n = read_some(fd, &buf, &len, &cap, deadline);
            body = buf + off;
            if (n <= 0)
                break;
            have = len - head_len;
        }
        out->body_len = have < want ? have : want;
    } else if (te != NULL && strcasecmp(te, "chunked") == 0) {
        /* Decode in place once everything up to the last chunk is here. */
        while (strstr(body, "\r\n0\r\n\r\n") == NULL && strncmp(body, "0\r\n\r\n", 5) != 0) {
            size_t off = (size_t)(body - buf);
            ssize_t n = read_some(fd, &buf, &len, &cap, deadline);
            body = buf + off;
            if (n <= 0)
                break;
        }
        char *src = body, *dst = body;
        for (;;) {
            size_t n = (size_t)strtoul(src, &src, 16);
            src = strstr(src, "\r\n");
            if (src == NULL || n == 0)
                break;
            src += 2;
            memmove(dst, src, n);
            dst += n;
            src += n + 2;
        }
        out->body_len = (size_t)(dst - body);
    } else if (out->status == 204 || out->status == 304) {
        out->body_len = 0;
    } else {
        for (;;) {
            size_t off = (size_t)(body - buf);
            ssize_t n = read_some(fd, &buf, &len, &cap, deadline);
            body = buf + off;
            if (n == 0) {
                eof = true;
                break;
            }
            if (n < 0)
                break;
        }
        out->body_len = len - head_len;
    }
    out->body = malloc(out->body_len + 1);
    memcpy(out->body, body, out->body_len);
    out->body[out->body_len] = '\0';
    out->closed = eof || (conn != NULL && strcasecmp(conn, "close") == 0);
    free(buf);
    return 0;
}

int
th_request(int port,
           const char *method,
           const char *path,
           const char *headers,
           const char *body,
           size_t body_len,
           struct th_response *out)
{
    memset(out, 0, sizeof(*out));
    int fd = th_connect(port);
    if (fd < 0)
        return -1;
    size_t cap = strlen(path) + (headers ? strlen(headers) : 0) + 256;
    char *req = malloc(cap);
    int n = snprintf(req,
                     cap,
                     "%s %s HTTP/1.1\r\nHost: 127.0.0.1:%d\r\nConnection: close\r\n%s",
                     method,
                     path,
                     port,
                     headers ? headers : "");
    if (body != NULL)
        n += snprintf(req + n, cap - (size_t)n, "Content-Length: %zu\r\n", body_len);
    n += snprintf(req + n, cap - (size_t)n, "\r\n");
    int rc = th_send_all(fd, req, (size_t)n);
    free(req);
    if (rc == 0 && body != NULL && body_len > 0)
        rc = th_send_all(fd, body, body_len);
    if (rc == 0)
        rc = th_read_response(fd, out, 20000);
    close(fd);
    return rc;
}

int
th_graphql(int port,
           const char *accept,
           const char *extra_headers,
           const char *body,
           struct th_response *out)
{
    char headers[2048];
    snprintf(headers,
             sizeof(headers),
             "Content-Type: application/json\r\n%s%s%s%s",
             accept ? "Accept: " : "",
             accept ? accept : "",
             accept ? "\r\n" : "",
             extra_headers ? extra_headers : "");
    return th_request(port, "POST", "/graphql", headers, body, strlen(body), out);
}

char *
th_urlencode(const char *s)
{
    static const char hex[] = "0123456789ABCDEF";
    char *out = malloc(strlen(s) * 3 + 1);
    char *o = out;
    for (const unsigned char *p = (const unsigned char *)s; *p; p++) {
        if ((*p >= 'a' && *p <= 'z') || (*p >= 'A' && *p <= 'Z') || (*p >= '0' && *p <= '9') ||
            *p == '-' || *p == '_' || *p == '.' || *p == '~') {
            *o++ = (char)*p;
        } else {
            *o++ = '%';
            *o++ = hex[*p >> 4];
            *o++ = hex[*p & 15];
        }
    }
    *o = '\0';
    return out;
}
