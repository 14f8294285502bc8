/*
 * The invariant check of the libFuzzer targets (test/fuzz/fuzz_*.c): a failed invariant is
 * reported with the input and turned into a crash, which libFuzzer keeps as an artifact.
 */
#ifndef WALLET_TEST_FUZZ_CHECK_H
#define WALLET_TEST_FUZZ_CHECK_H

#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>

static inline void
fuzz_check(int cond, const char *what, const uint8_t *data, size_t size)
{
    if (cond)
        return;
    fprintf(stderr, "invariant failed: %s on %zu bytes: %.*s\n", what, size, (int)size, data);
    abort();
}

#endif
