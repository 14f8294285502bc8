/*
 * "Did you mean" suggestions for validation and SDL messages, worded and ordered as
 * graphql-js v16 does (jsutils/suggestionList.ts, didYouMean.ts, naturalCompare.ts); see
 * src/gql/util/suggest.c.
 */
#ifndef WALLET_GQL_UTIL_SUGGEST_H
#define WALLET_GQL_UTIL_SUGGEST_H

#include "core/arena.h"
#include "core/strbuf.h"

#include <stddef.h>

/* graphql-js naturalCompare: <0, 0, >0; digit runs compare as numbers. */
int gql_natural_compare(const char *a, const char *b);

/*
 * graphql-js suggestionList: the options close to input, best first. *out is an arena array
 * of pointers into options' strings; returns its length.
 */
size_t gql_suggestion_list(struct arena *arena,
                           const char *input,
                           const char *const *options,
                           size_t n,
                           const char ***out);

/* graphql-js didYouMean: appends ` Did you mean [sub_message ]"A", "B", or "C"?` (nothing if n is
 * 0). */
void gql_did_you_mean(struct strbuf *sb,
                      const char *sub_message,
                      const char *const *suggestions,
                      size_t n);

#endif
