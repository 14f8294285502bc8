/*
 * Contract error codes: names, HTTP statuses and default messages, generated from the
 * WALLET_ERRORS table in include/core/errors.h (CONTRACT.md §3).
 */
#include "core/errors.h"

#include <stddef.h>
#include <string.h>

struct err_info {
    const char *code;    /* extensions.code */
    int http_status;     /* status when the whole request is refused */
    const char *message; /* default client-visible message */
};

static const struct err_info err_table[WALLET_ERR_COUNT] = {[WALLET_OK] = {"OK", 200, "OK"},
#define WALLET_ERR_INFO_(code, status, message) [WALLET_E##code] = {#code, status, message},
                                                            WALLET_ERRORS(WALLET_ERR_INFO_)
#undef WALLET_ERR_INFO_
};

/* Maps e or -e to a table index; anything unknown to INTERNAL_SERVER_ERROR. */
static const struct err_info *
lookup(int e)
{
    if (e < 0) {
        if (e < -(int)WALLET_ERR_COUNT)
            return &err_table[WALLET_EINTERNAL_SERVER_ERROR];
        e = -e;
    }
    if (e >= (int)WALLET_ERR_COUNT)
        return &err_table[WALLET_EINTERNAL_SERVER_ERROR];
    return &err_table[e];
}

const char *
wallet_err_code(int e)
{
    return lookup(e)->code;
}

int
wallet_err_http_status(int e)
{
    return lookup(e)->http_status;
}

const char *
wallet_err_message(int e)
{
    return lookup(e)->message;
}

enum wallet_err
wallet_err_from_code(const char *code)
{
    if (code == NULL)
        return WALLET_OK;
    for (int i = 1; i < (int)WALLET_ERR_COUNT; i++) {
        if (strcmp(err_table[i].code, code) == 0)
            return (enum wallet_err)i;
    }
    return WALLET_OK;
}
