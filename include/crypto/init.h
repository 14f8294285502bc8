/*
 * One-time initialisation of the crypto library (libsodium) for the whole process.
 *
 * Call wallet_crypto_init() once at start-up, before any other function declared under
 * include/crypto/ and before worker threads start; every other crypto module assumes it has
 * run. (Named wallet_ because libsodium owns the crypto_ prefix: STYLE.md §4.)
 */
#ifndef WALLET_CRYPTO_INIT_H
#define WALLET_CRYPTO_INIT_H

/*
 * Initialises libsodium (sodium_init) and its random number generator. Safe to call again
 * and from several threads. Returns 0, or -1 if libsodium cannot be used (no entropy source):
 * the process must not continue.
 */
int wallet_crypto_init(void);

#endif
