/*
 * A growable, always NUL-terminated byte buffer (malloc-backed, owned by its holder).
 *
 * Used for JSON responses, log lines and SQL text. A worker keeps one and resets it between
 * requests, so steady-state output costs no allocation. Running out of memory aborts.
 */
#ifndef WALLET_CORE_STRBUF_H
#define WALLET_CORE_STRBUF_H

#include <stddef.h>
#include <stdint.h>

struct strbuf {
    char *data; /* NUL-terminated; NULL until the first write */
    size_t len;
    size_t cap;
};

/* clang-format off */
#define STRBUF_INIT {NULL, 0, 0}
/* clang-format on */

void strbuf_init(struct strbuf *sb);
void strbuf_free(struct strbuf *sb);
/* Empties the buffer, keeping its storage. */
void strbuf_reset(struct strbuf *sb);
/* Makes room for at least extra more bytes. */
void strbuf_reserve(struct strbuf *sb, size_t extra);
/* Takes the contents (caller frees with free()); the buffer is left empty. */
char *strbuf_detach(struct strbuf *sb, size_t *len);
/* Returns the contents as a C string ("" when empty). */
const char *strbuf_cstr(const struct strbuf *sb);
/* Shortens to len bytes (len <= current length). */
void strbuf_truncate(struct strbuf *sb, size_t len);

void strbuf_append(struct strbuf *sb, const void *p, size_t n);
void strbuf_puts(struct strbuf *sb, const char *s);
void strbuf_putc(struct strbuf *sb, char c);
void strbuf_printf(struct strbuf *sb, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
void strbuf_append_int(struct strbuf *sb, int64_t v);

/*
 * Appends s[0..n) as a JSON string literal with its quotes (RFC 8259 §7): '"', '\\' and
 * control characters escaped, U+2028/U+2029 escaped for JavaScript embedding; bytes that are
 * not valid UTF-8 are replaced by U+FFFD so the output is always valid JSON.
 */
void strbuf_append_json_string(struct strbuf *sb, const char *s, size_t n);

#endif
