/*
 * Check-digit schemes over ASCII decimal digit strings.
 *
 * Verhoeff (dihedral group D5; detects every single-digit error and every adjacent
 * transposition) is the check digit of Aadhaar numbers. Luhn (mod 10) is the check digit of
 * payment card numbers (ISO/IEC 7812). In both, the check digit is the last (rightmost) digit.
 *
 * Inputs are (pointer, length) and not NUL-terminated; any byte that is not '0'..'9' makes a
 * string invalid. No function here allocates or keeps state.
 */
#ifndef WALLET_CORE_CHECKSUM_H
#define WALLET_CORE_CHECKSUM_H

#include <stdbool.h>
#include <stddef.h>

/*
 * Returns true when digits[0..len) is at least two decimal digits (a payload and its check
 * digit) whose Verhoeff checksum is valid, e.g. "2363".
 */
bool checksum_verhoeff_valid(const char *digits, size_t len);

/*
 * Returns the Verhoeff check digit (0..9) to append to the payload digits[0..len), e.g. 3 for
 * "236"; or -1 when len is 0 or a byte is not a decimal digit.
 */
int checksum_verhoeff_digit(const char *digits, size_t len);

/*
 * Returns true when digits[0..len) is at least two decimal digits whose Luhn checksum is
 * valid, e.g. "79927398713", "4111111111111111".
 */
bool checksum_luhn_valid(const char *digits, size_t len);

/*
 * Returns the Luhn check digit (0..9) to append to the payload digits[0..len), e.g. 3 for
 * "7992739871"; or -1 when len is 0 or a byte is not a decimal digit.
 */
int checksum_luhn_digit(const char *digits, size_t len);

#endif
