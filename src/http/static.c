/*
 * The dashboard and GraphiQL, served from the built web/dist (contract §2: `GET /` is the
 * dashboard, `GET /graphiql` is GraphiQL).
 *
 * - `/graphiql`, `/graphiql/` and files under it come from web/dist/graphiql/, and only when
 *   GraphiQL is enabled (development, or WALLET_GRAPHIQL=1 in production); else 404.
 * - Any other path names a file under web/dist; a path whose last segment has no extension
 *   and names no file is a client-side route of the dashboard and gets index.html (SPA
 *   fallback). Directories are never listed; dot-files are never served.
 * - HTML pages get the page CSP (response.c); hashed bundles under /assets/ are cacheable
 *   for a year, everything else must be revalidated.
 */
#include "internal.h"

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

/* Largest file served (the bundles are a few MiB). */
#define MAX_FILE (64L * 1024 * 1024)

static const struct {
    const char *ext;
    const char *type;
} mime_types[] = {
    {"html", "text/html; charset=utf-8"},
    {"js", "text/javascript; charset=utf-8"},
    {"mjs", "text/javascript; charset=utf-8"},
    {"css", "text/css; charset=utf-8"},
    {"json", "application/json; charset=utf-8"},
    {"map", "application/json; charset=utf-8"},
    {"webmanifest", "application/manifest+json; charset=utf-8"},
    {"svg", "image/svg+xml"},
    {"png", "image/png"},
    {"jpg", "image/jpeg"},
    {"jpeg", "image/jpeg"},
    {"gif", "image/gif"},
    {"webp", "image/webp"},
    {"ico", "image/x-icon"},
    {"woff", "font/woff"},
    {"woff2", "font/woff2"},
    {"ttf", "font/ttf"},
    {"otf", "font/otf"},
    {"txt", "text/plain; charset=utf-8"},
    {"wasm", "application/wasm"},
};

static const char *
mime_type(const char *path)
{
    const char *slash = strrchr(path, '/');
    const char *dot = strrchr(slash ? slash : path, '.');
    if (dot != NULL)
        for (size_t i = 0; i < sizeof(mime_types) / sizeof(mime_types[0]); i++)
            if (strcasecmp(dot + 1, mime_types[i].ext) == 0)
                return mime_types[i].type;
    return "application/octet-stream";
}

/* Whether the URL path is safe to map onto the file system. */
static bool
path_is_safe(const char *path)
{
    if (path[0] != '/' || strchr(path, '\\') != NULL)
        return false;
    for (const char *p = path; *p; p++) {
        if ((unsigned char)*p < 0x20)
            return false;
        /* No segment may start with a dot: no "..", no ".git", no ".env". */
        if (*p == '/' && p[1] == '.')
            return false;
    }
    return strlen(path) < 1024;
}

static bool
last_segment_has_extension(const char *path)
{
    const char *slash = strrchr(path, '/');
    return strchr(slash ? slash + 1 : path, '.') != NULL;
}

static int
not_found(struct http_exchange *ex)
{
    static const char body[] = "Not found\n";
    return http_send(ex, 404, HTTP_PAGE_API, "text/plain; charset=utf-8", body, sizeof(body) - 1);
}

/*
 * Opens web_root + rel as a regular file (no symlink at the last component). Returns the
 * descriptor with *st filled, -1 when there is no such file, -2 when it is a directory.
 */
static int
open_file(const struct http_exchange *ex, const char *rel, struct stat *st)
{
    char full[2048];
    int n = snprintf(full, sizeof(full), "%s%s", ex->srv->web_root, rel);
    if (n < 0 || (size_t)n >= sizeof(full))
        return -1;
    int fd = open(full, O_RDONLY | O_NOFOLLOW | O_CLOEXEC);
    if (fd < 0)
        return -1;
    if (fstat(fd, st) != 0) {
        close(fd);
        return -1;
    }
    if (S_ISDIR(st->st_mode)) {
        close(fd);
        return -2;
    }
    if (!S_ISREG(st->st_mode) || st->st_size > MAX_FILE) {
        close(fd);
        return -1;
    }
    return fd;
}

/* Streams an open file as the response. */
static int
send_file(struct http_exchange *ex, int fd, const struct stat *st, const char *rel)
{
    const char *type = mime_type(rel);
    bool html = strncmp(type, "text/html", 9) == 0;
    http_add_header(ex,
                    "Cache-Control",
                    strncmp(rel, "/assets/", 8) == 0 ? "public, max-age=31536000, immutable"
                                                     : "no-cache");
    http_send_head(ex, 200, html ? HTTP_PAGE_HTML : HTTP_PAGE_API, type, (size_t)st->st_size);
    if (strcmp(ex->method, "HEAD") != 0) {
        struct strbuf *chunk = &ex->worker->out; /* heap, not stack */
        strbuf_reset(chunk);
        strbuf_reserve(chunk, 65536);
        char *buf = chunk->data;
        off_t left = st->st_size;
        while (left > 0) {
            ssize_t n = read(fd, buf, 65536);
            if (n < 0 && errno == EINTR)
                continue;
            if (n <= 0)
                break;
            if (mg_write(ex->conn, buf, (size_t)n) <= 0)
                break;
            left -= n;
        }
    }
    close(fd);
    return 200;
}

/* Serves rel (relative to web_root), falling back to fallback (an index.html) if given. */
static int
serve(struct http_exchange *ex, const char *rel, const char *fallback)
{
    struct stat st;
    int fd = open_file(ex, rel, &st);
    if (fd >= 0)
        return send_file(ex, fd, &st, rel);
    if (fallback != NULL) {
        fd = open_file(ex, fallback, &st);
        if (fd >= 0)
            return send_file(ex, fd, &st, fallback);
    }
    return not_found(ex);
}

int
http_handle_static(struct http_exchange *ex)
{
    const char *path = ex->path;
    bool graphiql = strcmp(path, "/graphiql") == 0 || strncmp(path, "/graphiql/", 10) == 0;
    ex->route = graphiql ? "graphiql" : "static";

    if (strcmp(ex->method, "OPTIONS") == 0)
        return http_handle_options(ex, "GET, HEAD, OPTIONS");
    if (strcmp(ex->method, "GET") != 0 && strcmp(ex->method, "HEAD") != 0) {
        http_add_header(ex, "Allow", "GET, HEAD, OPTIONS");
        static const char body[] = "Method not allowed\n";
        return http_send(
            ex, 405, HTTP_PAGE_API, "text/plain; charset=utf-8", body, sizeof(body) - 1);
    }
    if (ex->srv->web_root == NULL || !path_is_safe(path))
        return not_found(ex);

    if (graphiql) {
        if (!ex->srv->settings.graphiql)
            return not_found(ex);
        if (strcmp(path, "/graphiql") == 0 || strcmp(path, "/graphiql/") == 0)
            return serve(ex, "/graphiql/index.html", NULL);
        return serve(ex, path, NULL);
    }
    if (strcmp(path, "/") == 0 || strcmp(path, "/index.html") == 0)
        return serve(ex, "/index.html", NULL);
    /* A client-side route ("/accounts/42") falls back to the dashboard. */
    return serve(ex, path, last_segment_has_extension(path) ? NULL : "/index.html");
}
