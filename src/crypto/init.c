/*
 * wallet_crypto_init: libsodium start-up (include/crypto/init.h).
 */
#include "crypto/init.h"

#include <sodium.h>

int
wallet_crypto_init(void)
{
    /* sodium_init is idempotent and thread-safe: 0 the first time, 1 afterwards. */
    return sodium_init() < 0 ? -1 : 0;
}
