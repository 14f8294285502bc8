/*
 * The GraphQL lexer (GraphQL specification, October 2021, §2.1 Source Text).
 *
 * Splits a source text into tokens for the parser, one at a time. Dispatch is a switch on a
 * byte-class table (as SQLite's tokenizer does): a switch on the class compiles to a jump
 * table, and the table answers "may this byte continue a name?" in one load.
 *
 * Error messages are worded as graphql-js 16 (src/language/lexer.ts) words them, so users
 * of GraphiQL and other tools see familiar text. Unlike graphql-js, which sees a JavaScript
 * string, we read UTF-8 bytes: an invalid byte is treated as U+FFFD, the character a
 * JavaScript runtime decodes it to, and positions are byte offsets (error.c converts them
 * to graphql-js's UTF-16 columns).
 */
#include "gql/lexer.h"

#include "utf8.h"

#include <stdarg.h>
#include <stdio.h>
#include <string.h>

/* Byte classes. */
enum {
    CO, /* other: not valid here (control characters, ' ; < > ? ...); non-ASCII */
    CS, /* ignored white space: tab, space, comma (§2.1.3, §2.1.5, §2.1.8) */
    CL, /* line terminator: \n, \r (§2.1.4) */
    CH, /* # starts a comment (§2.1.6) */
    CP, /* one-byte punctuator (§2.1.8) */
    CD, /* . : the first byte of ... */
    CQ, /* " : a string or block string (§2.9.4) */
    C9, /* digit */
    CN, /* name start: A-Z a-z _ (§2.1.9); must follow C9 (see NAME_CONTINUE) */
    CM, /* - : a negative number */
    CB, /* 0xEF: maybe the first byte of a byte order mark U+FEFF (§2.1.1) */
};

static const unsigned char byte_class[256] = {
    CO, CO, CO, CO, CO, CO, CO, CO, CO, CS, CL, CO, CO, CL, CO, CO, /* 00 */
    CO, CO, CO, CO, CO, CO, CO, CO, CO, CO, CO, CO, CO, CO, CO, CO, /* 10 */
    CS, CP, CQ, CH, CP, CO, CP, CO, CP, CP, CO, CO, CS, CM, CD, CO, /* 20 */
    C9, C9, C9, C9, C9, C9, C9, C9, C9, C9, CP, CO, CO, CP, CO, CO, /* 30 */
    CP, CN, CN, CN, CN, CN, CN, CN, CN, CN, CN, CN, CN, CN, CN, CN, /* 40 */
    CN, CN, CN, CN, CN, CN, CN, CN, CN, CN, CN, CP, CO, CP, CO, CN, /* 50 */
    CO, CN, CN, CN, CN, CN, CN, CN, CN, CN, CN, CN, CN, CN, CN, CN, /* 60 */
    CN, CN, CN, CN, CN, CN, CN, CN, CN, CN, CN, CP, CP, CP, CO, CO, /* 70 */
    CO, CO, CO, CO, CO, CO, CO, CO, CO, CO, CO, CO, CO, CO, CO, CO, /* 80 */
    CO, CO, CO, CO, CO, CO, CO, CO, CO, CO, CO, CO, CO, CO, CO, CO, /* 90 */
    CO, CO, CO, CO, CO, CO, CO, CO, CO, CO, CO, CO, CO, CO, CO, CO, /* A0 */
    CO, CO, CO, CO, CO, CO, CO, CO, CO, CO, CO, CO, CO, CO, CO, CO, /* B0 */
    CO, CO, CO, CO, CO, CO, CO, CO, CO, CO, CO, CO, CO, CO, CO, CO, /* C0 */
    CO, CO, CO, CO, CO, CO, CO, CO, CO, CO, CO, CO, CO, CO, CO, CO, /* D0 */
    CO, CO, CO, CO, CO, CO, CO, CO, CO, CO, CO, CO, CO, CO, CO, CB, /* E0 */
    CO, CO, CO, CO, CO, CO, CO, CO, CO, CO, CO, CO, CO, CO, CO, CO, /* F0 */
};

/* NameContinue (letter, digit, _) in one comparison: C9 and CN are adjacent. */
#define NAME_CONTINUE(c) ((unsigned)(byte_class[(c)] - C9) <= 1u)

#define POOL_BLOCK 4096u /* string pool block size */
#define NO_CHAR (-1)     /* at(): past the end of the source */

static const char *const token_kind_names[GQL_TOK_KIND_COUNT] = {
    [GQL_TOK_EOF] = "<EOF>",     [GQL_TOK_BANG] = "!",
    [GQL_TOK_DOLLAR] = "$",      [GQL_TOK_AMP] = "&",
    [GQL_TOK_PAREN_L] = "(",     [GQL_TOK_PAREN_R] = ")",
    [GQL_TOK_SPREAD] = "...",    [GQL_TOK_COLON] = ":",
    [GQL_TOK_EQUALS] = "=",      [GQL_TOK_AT] = "@",
    [GQL_TOK_BRACKET_L] = "[",   [GQL_TOK_BRACKET_R] = "]",
    [GQL_TOK_BRACE_L] = "{",     [GQL_TOK_PIPE] = "|",
    [GQL_TOK_BRACE_R] = "}",     [GQL_TOK_NAME] = "Name",
    [GQL_TOK_INT] = "Int",       [GQL_TOK_FLOAT] = "Float",
    [GQL_TOK_STRING] = "String", [GQL_TOK_BLOCK_STRING] = "BlockString",
};

const char *
gql_token_kind_name(enum gql_token_kind kind)
{
    if ((unsigned)kind >= GQL_TOK_KIND_COUNT)
        return "Unknown";
    return token_kind_names[kind];
}

int
gql_token_kind_is_punctuator(enum gql_token_kind kind)
{
    return kind >= GQL_TOK_BANG && kind <= GQL_TOK_BRACE_R;
}

void
gql_lexer_init(struct gql_lexer *lx, struct arena *arena, const char *src, uint32_t len)
{
    lx->src = src;
    lx->len = len;
    lx->pos = 0;
    lx->arena = arena;
    lx->error = NULL;
    lx->error_offset = 0;
    lx->pool = NULL;
    lx->pool_left = 0;
}

/* Returns n bytes of pool memory (no alignment). */
static char *
pool_alloc(struct gql_lexer *lx, uint32_t n)
{
    if (n > lx->pool_left) {
        if (n > POOL_BLOCK / 4)
            return arena_alloc(lx->arena, n); /* big strings get their own block */
        lx->pool = arena_alloc(lx->arena, POOL_BLOCK);
        lx->pool_left = POOL_BLOCK;
    }
    char *p = lx->pool;
    lx->pool += n;
    lx->pool_left -= n;
    return p;
}

char *
gql_lexer_copy(struct gql_lexer *lx, const char *s, uint32_t n)
{
    char *p = pool_alloc(lx, n + 1);
    memcpy(p, s, n);
    p[n] = '\0';
    return p;
}

/* The byte at p, or NO_CHAR past the end. */
static inline int
at(const struct gql_lexer *lx, uint32_t p)
{
    return p < lx->len ? (unsigned char)lx->src[p] : NO_CHAR;
}

static int lex_error(struct gql_lexer *lx, uint32_t offset, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));

/* Records the first lexical error; returns -1. */
static int
lex_error(struct gql_lexer *lx, uint32_t offset, const char *fmt, ...)
{
    char buf[160];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(buf, sizeof(buf), fmt, ap);
    va_end(ap);
    lx->error = arena_strdup(lx->arena, buf);
    lx->error_offset = offset;
    return -1;
}

/*
 * graphql-js printCodePointAt(): printable ASCII quoted ("x", or '"' for a double quote),
 * <EOF> past the end, else U+XXXX. buf must hold 16 bytes.
 */
static const char *
describe_char(const struct gql_lexer *lx, uint32_t p, char *buf)
{
    if (p >= lx->len)
        return "<EOF>";
    uint32_t cp;
    int valid;
    gql_utf8_decode((const unsigned char *)lx->src + p, lx->len - p, &cp, &valid);
    if (cp == '"')
        return "'\"'";
    if (cp >= 0x20 && cp <= 0x7E)
        snprintf(buf, 16, "\"%c\"", (char)cp);
    else
        snprintf(buf, 16, "U+%04X", (unsigned)cp);
    return buf;
}

/* Byte length of the first n characters at p (clamped to the source), for messages. */
static uint32_t
chars_len(const struct gql_lexer *lx, uint32_t p, uint32_t n)
{
    uint32_t q = p;
    for (uint32_t i = 0; i < n && q < lx->len; i++) {
        uint32_t cp;
        int valid;
        q += gql_utf8_decode((const unsigned char *)lx->src + q, lx->len - q, &cp, &valid);
    }
    return q - p;
}

static inline int
is_digit(int c)
{
    return c >= '0' && c <= '9';
}

static inline int
is_name_start(int c)
{
    return c >= 0 && byte_class[c] == CN;
}

static inline int
is_scalar_value(uint32_t cp)
{
    return cp <= 0xD7FF || (cp >= 0xE000 && cp <= 0x10FFFF);
}

static int
hex_value(int c)
{
    if (c >= '0' && c <= '9')
        return c - '0';
    if (c >= 'A' && c <= 'F')
        return c - 'A' + 10;
    if (c >= 'a' && c <= 'f')
        return c - 'a' + 10;
    return -1;
}

/* Four hex digits at p as a 16-bit code, or -1 (graphql-js read16BitHexCode). */
static int32_t
read_hex4(const struct gql_lexer *lx, uint32_t p)
{
    int32_t v = 0;
    for (uint32_t i = 0; i < 4; i++) {
        int h = hex_value(at(lx, p + i));
        if (h < 0)
            return -1;
        v = (v << 4) | h;
    }
    return v;
}

/*
 * Reads the escape sequence starting with the backslash at p (§2.9.4 EscapedUnicode,
 * EscapedCharacter) into *cp, its length in bytes into *size. Returns 0 or -1 (error set).
 */
static int
read_escape(struct gql_lexer *lx, uint32_t p, uint32_t *cp, uint32_t *size)
{
    int next = at(lx, p + 1);
    if (next == 'u' && at(lx, p + 2) == '{') {
        /* \u{X...}: variable width, at most 12 bytes (\u{00000000}). */
        uint32_t point = 0;
        uint32_t n = 3;
        while (n < 12) {
            int c = at(lx, p + n++);
            if (c == '}') {
                if (n < 5 || !is_scalar_value(point))
                    break;
                *cp = point;
                *size = n;
                return 0;
            }
            int h = hex_value(c);
            if (h < 0)
                break;
            point = (point << 4) | (uint32_t)h;
            if (point & 0x80000000u) /* graphql-js: the 32-bit value went negative */
                break;
        }
        uint32_t shown = (n - 1) + chars_len(lx, p + n - 1, 1);
        if (p + shown > lx->len)
            shown = lx->len - p;
        return lex_error(
            lx, p, "Invalid Unicode escape sequence: \"%.*s\".", (int)shown, lx->src + p);
    }
    if (next == 'u') {
        int32_t code = read_hex4(lx, p + 2);
        if (code >= 0 && is_scalar_value((uint32_t)code)) {
            *cp = (uint32_t)code;
            *size = 6;
            return 0;
        }
        /* A JSON-style surrogate pair: \uD83D\uDE00. */
        if (code >= 0xD800 && code <= 0xDBFF && at(lx, p + 6) == '\\' && at(lx, p + 7) == 'u') {
            int32_t trail = read_hex4(lx, p + 8);
            if (trail >= 0xDC00 && trail <= 0xDFFF) {
                *cp = 0x10000u + (((uint32_t)code - 0xD800u) << 10) + ((uint32_t)trail - 0xDC00u);
                *size = 12;
                return 0;
            }
        }
        return lex_error(lx,
                         p,
                         "Invalid Unicode escape sequence: \"%.*s\".",
                         (int)chars_len(lx, p, 6),
                         lx->src + p);
    }
    switch (next) {
    case '"':
    case '\\':
    case '/':
        *cp = (uint32_t)next;
        break;
    case 'b':
        *cp = '\b';
        break;
    case 'f':
        *cp = '\f';
        break;
    case 'n':
        *cp = '\n';
        break;
    case 'r':
        *cp = '\r';
        break;
    case 't':
        *cp = '\t';
        break;
    default:
        return lex_error(lx,
                         p,
                         "Invalid character escape sequence: \"%.*s\".",
                         (int)chars_len(lx, p, 2),
                         lx->src + p);
    }
    *size = 2;
    return 0;
}

/*
 * StringValue :: `"` StringCharacter* `"` (§2.9.4). The first pass finds the end, checks
 * every escape and measures the decoded value; the second pass (only when the string has
 * escapes or invalid bytes) decodes. Both passes are linear.
 */
static int
read_string(struct gql_lexer *lx, uint32_t start, struct gql_token *tok)
{
    const unsigned char *s = (const unsigned char *)lx->src;
    uint32_t p = start + 1;
    uint32_t decoded = 0; /* decoded length */
    int plain = 1;        /* no escapes, no invalid bytes: the value is the raw text */
    for (;;) {
        if (p >= lx->len)
            return lex_error(lx, p, "Unterminated string.");
        unsigned char c = s[p];
        if (c == '"')
            break;
        if (c == '\n' || c == '\r')
            return lex_error(lx, p, "Unterminated string.");
        if (c == '\\') {
            uint32_t cp, size;
            if (read_escape(lx, p, &cp, &size) < 0)
                return -1;
            char tmp[4];
            decoded += gql_utf8_encode(cp, tmp);
            p += size;
            plain = 0;
        } else if (c < 0x80) {
            p++;
            decoded++;
        } else {
            uint32_t cp;
            int valid;
            uint32_t n = gql_utf8_decode(s + p, lx->len - p, &cp, &valid);
            if (!valid) {
                plain = 0;
                decoded += 3; /* U+FFFD */
            } else {
                decoded += n;
            }
            p += n;
        }
    }
    tok->kind = GQL_TOK_STRING;
    tok->start = start;
    tok->end = p + 1;
    tok->value_len = decoded;
    if (plain) {
        tok->value = gql_lexer_copy(lx, lx->src + start + 1, p - start - 1);
        return 0;
    }
    char *out = pool_alloc(lx, decoded + 1);
    uint32_t o = 0;
    for (uint32_t q = start + 1; q < p;) {
        unsigned char c = s[q];
        if (c == '\\') {
            uint32_t cp, size;
            read_escape(lx, q, &cp, &size); /* validated by the first pass */
            o += gql_utf8_encode(cp, out + o);
            q += size;
        } else if (c < 0x80) {
            out[o++] = (char)c;
            q++;
        } else {
            uint32_t cp;
            int valid;
            uint32_t n = gql_utf8_decode(s + q, lx->len - q, &cp, &valid);
            if (valid)
                memcpy(out + o, s + q, n);
            o += valid ? n : gql_utf8_encode(cp, out + o);
            q += n;
        }
    }
    out[o] = '\0';
    tok->value = out;
    return 0;
}

/*
 * StringValue :: `"""` BlockStringCharacter* `"""` (§2.9.4). Finds the closing triple quote
 * (\""" does not close) and decodes with gql_block_string_value().
 */
static int
read_block_string(struct gql_lexer *lx, uint32_t start, struct gql_token *tok)
{
    const unsigned char *s = (const unsigned char *)lx->src;
    uint32_t p = start + 3;
    for (;;) {
        if (p >= lx->len)
            return lex_error(lx, p, "Unterminated string.");
        unsigned char c = s[p];
        if (c == '"' && at(lx, p + 1) == '"' && at(lx, p + 2) == '"')
            break;
        if (c == '\\' && at(lx, p + 1) == '"' && at(lx, p + 2) == '"' && at(lx, p + 3) == '"')
            p += 4;
        else
            p++;
    }
    tok->kind = GQL_TOK_BLOCK_STRING;
    tok->start = start;
    tok->end = p + 3;
    tok->value =
        gql_block_string_value(lx->arena, lx->src + start + 3, p - start - 3, &tok->value_len);
    return 0;
}

/* Reads one or more digits at p (graphql-js readDigits). Returns the end, or 0 on error. */
static uint32_t
read_digits(struct gql_lexer *lx, uint32_t p)
{
    char buf[16];
    if (!is_digit(at(lx, p))) {
        lex_error(lx, p, "Invalid number, expected digit but got: %s.", describe_char(lx, p, buf));
        return 0;
    }
    p++;
    while (is_digit(at(lx, p)))
        p++;
    return p;
}

/*
 * IntValue and FloatValue (§2.9.1, §2.9.2) with their lookahead restrictions: a number may
 * not be followed by a digit, `.` or a name start (`0x`, `1.`, `1e`, `123abc`, `1.2.3`).
 */
static int
read_number(struct gql_lexer *lx, uint32_t start, struct gql_token *tok)
{
    char buf[16];
    uint32_t p = start;
    int is_float = 0;
    if (at(lx, p) == '-')
        p++;
    if (at(lx, p) == '0') {
        p++;
        if (is_digit(at(lx, p)))
            return lex_error(
                lx, p, "Invalid number, unexpected digit after 0: %s.", describe_char(lx, p, buf));
    } else if ((p = read_digits(lx, p)) == 0) {
        return -1;
    }
    if (at(lx, p) == '.') {
        is_float = 1;
        if ((p = read_digits(lx, p + 1)) == 0)
            return -1;
    }
    if (at(lx, p) == 'e' || at(lx, p) == 'E') {
        is_float = 1;
        p++;
        if (at(lx, p) == '+' || at(lx, p) == '-')
            p++;
        if ((p = read_digits(lx, p)) == 0)
            return -1;
    }
    int c = at(lx, p);
    if (c == '.' || is_name_start(c))
        return lex_error(
            lx, p, "Invalid number, expected digit but got: %s.", describe_char(lx, p, buf));
    tok->kind = is_float ? GQL_TOK_FLOAT : GQL_TOK_INT;
    tok->start = start;
    tok->end = p;
    return 0;
}

static int
unexpected_char(struct gql_lexer *lx, uint32_t p)
{
    char buf[16];
    if (lx->src[p] == '\'')
        return lex_error(lx,
                         p,
                         "Unexpected single quote character ('), did you mean to use a double "
                         "quote (\")?");
    return lex_error(lx, p, "Unexpected character: %s.", describe_char(lx, p, buf));
}

int
gql_lexer_next(struct gql_lexer *lx, struct gql_token *tok)
{
    const unsigned char *s = (const unsigned char *)lx->src;
    uint32_t n = lx->len;
    uint32_t p = lx->pos;
    tok->value = NULL;
    tok->value_len = 0;
    for (;;) {
        if (p >= n) {
            tok->kind = GQL_TOK_EOF;
            tok->start = tok->end = n;
            lx->pos = n;
            return 0;
        }
        unsigned char c = s[p];
        switch (byte_class[c]) {
        case CS:
        case CL:
            /* Runs of white space (indentation) are common: skip them without re-dispatching. */
            p++;
            while (p < n && (byte_class[s[p]] == CS || byte_class[s[p]] == CL))
                p++;
            continue;
        case CH:
            /* Comment :: # CommentChar*, up to a line terminator (§2.1.6). */
            while (p < n && s[p] != '\n' && s[p] != '\r')
                p++;
            continue;
        case CB:
            if (at(lx, p + 1) == 0xBB && at(lx, p + 2) == 0xBF) {
                p += 3; /* UnicodeBOM, ignored anywhere */
                continue;
            }
            return unexpected_char(lx, p);
        case CP:
            tok->start = p;
            tok->end = p + 1;
            switch (c) {
            case '!':
                tok->kind = GQL_TOK_BANG;
                break;
            case '$':
                tok->kind = GQL_TOK_DOLLAR;
                break;
            case '&':
                tok->kind = GQL_TOK_AMP;
                break;
            case '(':
                tok->kind = GQL_TOK_PAREN_L;
                break;
            case ')':
                tok->kind = GQL_TOK_PAREN_R;
                break;
            case ':':
                tok->kind = GQL_TOK_COLON;
                break;
            case '=':
                tok->kind = GQL_TOK_EQUALS;
                break;
            case '@':
                tok->kind = GQL_TOK_AT;
                break;
            case '[':
                tok->kind = GQL_TOK_BRACKET_L;
                break;
            case ']':
                tok->kind = GQL_TOK_BRACKET_R;
                break;
            case '{':
                tok->kind = GQL_TOK_BRACE_L;
                break;
            case '|':
                tok->kind = GQL_TOK_PIPE;
                break;
            default: /* '}' */
                tok->kind = GQL_TOK_BRACE_R;
                break;
            }
            lx->pos = p + 1;
            return 0;
        case CD:
            if (at(lx, p + 1) == '.' && at(lx, p + 2) == '.') {
                tok->kind = GQL_TOK_SPREAD;
                tok->start = p;
                tok->end = p + 3;
                lx->pos = p + 3;
                return 0;
            }
            return unexpected_char(lx, p);
        case CQ: {
            int rc = at(lx, p + 1) == '"' && at(lx, p + 2) == '"' ? read_block_string(lx, p, tok)
                                                                  : read_string(lx, p, tok);
            if (rc == 0)
                lx->pos = tok->end;
            return rc;
        }
        case C9:
        case CM:
            if (read_number(lx, p, tok) < 0)
                return -1;
            lx->pos = tok->end;
            return 0;
        case CN: {
            uint32_t q = p + 1;
            while (q < n && NAME_CONTINUE(s[q]))
                q++;
            tok->kind = GQL_TOK_NAME;
            tok->start = p;
            tok->end = q;
            lx->pos = q;
            return 0;
        }
        default:
            return unexpected_char(lx, p);
        }
    }
}

/* Leading white space (tab, space) of a line, in bytes. */
static uint32_t
leading_white(const char *line, uint32_t len)
{
    uint32_t i = 0;
    while (i < len && (line[i] == ' ' || line[i] == '\t'))
        i++;
    return i;
}

/* The length of the line starting at p and the offset of the next one (past its terminator). */
static uint32_t
line_end(const char *raw, uint32_t len, uint32_t p, uint32_t *next)
{
    uint32_t q = p;
    while (q < len && raw[q] != '\n' && raw[q] != '\r')
        q++;
    if (q >= len)
        *next = len + 1; /* no more lines */
    else if (raw[q] == '\r' && q + 1 < len && raw[q + 1] == '\n')
        *next = q + 2;
    else
        *next = q + 1;
    return q - p;
}

/*
 * BlockStringValue() (§2.9.4): split into lines at any line terminator; remove the common
 * indentation of all lines but the first (computed over lines that are not blank); drop
 * leading and trailing blank lines; join with \n. \""" becomes """; invalid UTF-8 bytes
 * become U+FFFD.
 */
char *
gql_block_string_value(struct arena *arena, const char *raw, uint32_t raw_len, uint32_t *out_len)
{
    uint32_t common = UINT32_MAX;
    uint32_t first = UINT32_MAX, last = 0; /* first and last non-blank line numbers */
    int any = 0;
    uint32_t invalid = 0;
    uint32_t line = 0;
    for (uint32_t p = 0, next; p <= raw_len; p = next, line++) {
        uint32_t n = line_end(raw, raw_len, p, &next);
        uint32_t indent = leading_white(raw + p, n);
        for (uint32_t i = p; i < p + n; i++) {
            if ((unsigned char)raw[i] >= 0x80) {
                uint32_t cp;
                int valid;
                uint32_t k =
                    gql_utf8_decode((const unsigned char *)raw + i, raw_len - i, &cp, &valid);
                invalid += !valid;
                i += k - 1;
            }
        }
        if (indent == n)
            continue; /* blank */
        if (!any)
            first = line;
        any = 1;
        last = line;
        if (line != 0 && indent < common)
            common = indent;
    }
    char *out = arena_alloc(arena, (size_t)raw_len + 2u * invalid + 1);
    uint32_t o = 0;
    line = 0;
    for (uint32_t p = 0, next; any && p <= raw_len && line <= last; p = next, line++) {
        uint32_t n = line_end(raw, raw_len, p, &next);
        if (line < first)
            continue;
        if (line > first)
            out[o++] = '\n';
        uint32_t skip = line == 0 ? 0 : (common < n ? common : n);
        for (uint32_t i = p + skip; i < p + n;) {
            unsigned char c = (unsigned char)raw[i];
            if (c == '\\' && i + 3 < p + n && raw[i + 1] == '"' && raw[i + 2] == '"' &&
                raw[i + 3] == '"') {
                memcpy(out + o, "\"\"\"", 3);
                o += 3;
                i += 4;
            } else if (c < 0x80) {
                out[o++] = (char)c;
                i++;
            } else {
                uint32_t cp;
                int valid;
                uint32_t k =
                    gql_utf8_decode((const unsigned char *)raw + i, raw_len - i, &cp, &valid);
                if (valid)
                    memcpy(out + o, raw + i, k);
                o += valid ? k : gql_utf8_encode(cp, out + o);
                i += k;
            }
        }
    }
    out[o] = '\0';
    *out_len = o;
    return out;
}
