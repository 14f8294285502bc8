/*
 * "Did you mean" suggestions for validation and SDL messages, worded and ordered as graphql-js v16
 * words and orders them (jsutils/suggestionList.ts, didYouMean.ts, naturalCompare.ts).
 *
 * A suggestion is an option within a lexical distance of floor(0.4 * len(input)) + 1 of the
 * input: Damerau-Levenshtein (insert, delete, substitute, swap adjacent) over the lower-cased
 * strings, where a pure change of case costs 1. Options are sorted by distance, then in
 * natural order (digit runs compared as numbers), and at most five are printed.
 */
#include "util/suggest.h"

#include "util/name_map.h"

#include <stdlib.h>
#include <string.h>

/* graphql-js didYouMean's MAX_SUGGESTIONS. */
#define MAX_SUGGESTIONS 5

static int
is_digit(int c)
{
    return c >= '0' && c <= '9';
}

int
gql_natural_compare(const char *a, const char *b)
{
    size_t ai = 0, bi = 0;
    size_t alen = strlen(a), blen = strlen(b);
    while (ai < alen && bi < blen) {
        int ac = (unsigned char)a[ai];
        int bc = (unsigned char)b[bi];
        if (is_digit(ac) && is_digit(bc)) {
            /* graphql-js reads a run of digits as long as the number so far is non-zero, so
             * "007" reads as 0 then "07"...; mirror it exactly. */
            double an = 0, bn = 0;
            do {
                ++ai;
                an = an * 10 + (ac - '0');
                ac = ai < alen ? (unsigned char)a[ai] : -1;
            } while (is_digit(ac) && an > 0);
            do {
                ++bi;
                bn = bn * 10 + (bc - '0');
                bc = bi < blen ? (unsigned char)b[bi] : -1;
            } while (is_digit(bc) && bn > 0);
            if (an < bn)
                return -1;
            if (an > bn)
                return 1;
        } else {
            if (ac < bc)
                return -1;
            if (ac > bc)
                return 1;
            ++ai;
            ++bi;
        }
    }
    /* As graphql-js: equal up to the shorter one, the shorter string sorts first. */
    return (alen > blen) - (alen < blen);
}

static int
lower(int c)
{
    return (c >= 'A' && c <= 'Z') ? c + ('a' - 'A') : c;
}

/*
 * The lexical distance between input and option, or -1 when above threshold. rows: scratch of
 * 3 * (min length + 1) ints. Works on bytes: GraphQL names are ASCII.
 */
static int
lexical_distance(const char *input,
                 size_t input_len,
                 const char *option,
                 size_t option_len,
                 int threshold,
                 int *rows)
{
    if (input_len == option_len && memcmp(input, option, input_len) == 0)
        return 0;
    int same_lower = input_len == option_len;
    for (size_t i = 0; same_lower && i < input_len; i++)
        if (lower((unsigned char)input[i]) != lower((unsigned char)option[i]))
            same_lower = 0;
    if (same_lower)
        return 1;

    const char *a = option, *b = input;
    size_t alen = option_len, blen = input_len;
    if (alen < blen) {
        a = input;
        alen = input_len;
        b = option;
        blen = option_len;
    }
    if ((long)(alen - blen) > threshold)
        return -1;

    int *r[3] = {rows, rows + (blen + 1), rows + 2 * (blen + 1)};
    for (size_t j = 0; j <= blen; j++)
        r[0][j] = (int)j;
    for (size_t i = 1; i <= alen; i++) {
        int *up = r[(i - 1) % 3];
        int *cur = r[i % 3];
        int smallest = cur[0] = (int)i;
        for (size_t j = 1; j <= blen; j++) {
            int cost = lower((unsigned char)a[i - 1]) == lower((unsigned char)b[j - 1]) ? 0 : 1;
            int cell = up[j] + 1;
            if (cur[j - 1] + 1 < cell)
                cell = cur[j - 1] + 1;
            if (up[j - 1] + cost < cell)
                cell = up[j - 1] + cost;
            if (i > 1 && j > 1 &&
                lower((unsigned char)a[i - 1]) == lower((unsigned char)b[j - 2]) &&
                lower((unsigned char)a[i - 2]) == lower((unsigned char)b[j - 1])) {
                int dd = r[(i - 2) % 3][j - 2] + 1;
                if (dd < cell)
                    cell = dd;
            }
            if (cell < smallest)
                smallest = cell;
            cur[j] = cell;
        }
        if (smallest > threshold)
            return -1;
    }
    int d = r[alen % 3][blen];
    return d <= threshold ? d : -1;
}

struct scored {
    const char *name;
    int distance;
};

static int
compare_scored(const void *pa, const void *pb)
{
    const struct scored *a = pa, *b = pb;
    if (a->distance != b->distance)
        return a->distance - b->distance;
    return gql_natural_compare(a->name, b->name);
}

size_t
gql_suggestion_list(
    struct arena *arena, const char *input, const char *const *options, size_t n, const char ***out)
{
    *out = NULL;
    if (n == 0)
        return 0;
    size_t input_len = strlen(input);
    int threshold = (int)((input_len * 4) / 10) + 1;
    size_t longest = input_len;
    for (size_t i = 0; i < n; i++) {
        size_t l = strlen(options[i]);
        if (l > longest)
            longest = l;
    }
    int *rows = arena_alloc(arena, 3 * (longest + 1) * sizeof(int));
    struct scored *found = arena_alloc(arena, n * sizeof(*found));
    size_t count = 0;
    struct gql_name_map
        seen; /* options are keys of an object in graphql-js: duplicates count once */
    gql_name_map_init(&seen, arena);
    for (size_t i = 0; i < n; i++) {
        size_t len = strlen(options[i]);
        bool existed;
        gql_name_map_put(&seen, options[i], (uint32_t)len, &existed);
        if (existed)
            continue;
        int d = lexical_distance(input, input_len, options[i], len, threshold, rows);
        if (d >= 0) {
            found[count].name = options[i];
            found[count].distance = d;
            count++;
        }
    }
    if (count == 0)
        return 0;
    qsort(found, count, sizeof(*found), compare_scored);
    const char **names = arena_alloc(arena, count * sizeof(*names));
    for (size_t i = 0; i < count; i++)
        names[i] = found[i].name;
    *out = names;
    return count;
}

void
gql_did_you_mean(struct strbuf *sb,
                 const char *sub_message,
                 const char *const *suggestions,
                 size_t n)
{
    if (n == 0)
        return;
    strbuf_puts(sb, " Did you mean ");
    if (sub_message != NULL) {
        strbuf_puts(sb, sub_message);
        strbuf_putc(sb, ' ');
    }
    if (n == 1) {
        strbuf_printf(sb, "\"%s\"?", suggestions[0]);
        return;
    }
    if (n == 2) {
        strbuf_printf(sb, "\"%s\" or \"%s\"?", suggestions[0], suggestions[1]);
        return;
    }
    size_t shown = n < MAX_SUGGESTIONS ? n : MAX_SUGGESTIONS;
    for (size_t i = 0; i + 1 < shown; i++)
        strbuf_printf(sb, "\"%s\", ", suggestions[i]);
    strbuf_printf(sb, "or \"%s\"?", suggestions[shown - 1]);
}
