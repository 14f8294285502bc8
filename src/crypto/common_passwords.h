/*
 * The embedded list of common passwords (private to src/crypto; see common_passwords.c).
 */
#ifndef WALLET_CRYPTO_COMMON_PASSWORDS_H
#define WALLET_CRYPTO_COMMON_PASSWORDS_H

#include <stddef.h>

/* Lower-case ASCII entries in strcmp order. */
extern const char *const pw_common_passwords[];
extern const size_t pw_common_passwords_count;

#endif
