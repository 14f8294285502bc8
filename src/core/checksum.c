/*
 * Verhoeff and Luhn check digits (include/core/checksum.h). Verhoeff is the Aadhaar check
 * digit (CONTRACT.md §4 "Identity data"); Luhn the payment card check digit.
 */
#include "core/checksum.h"

#include <stdint.h>

/* Verhoeff: d is the multiplication table of the dihedral group D5, p the position
 * permutation (p[i] = p[1] applied i times), inv the inverse of each element under d. */
static const uint8_t verhoeff_d[10][10] = {
    {0, 1, 2, 3, 4, 5, 6, 7, 8, 9},
    {1, 2, 3, 4, 0, 6, 7, 8, 9, 5},
    {2, 3, 4, 0, 1, 7, 8, 9, 5, 6},
    {3, 4, 0, 1, 2, 8, 9, 5, 6, 7},
    {4, 0, 1, 2, 3, 9, 5, 6, 7, 8},
    {5, 9, 8, 7, 6, 0, 4, 3, 2, 1},
    {6, 5, 9, 8, 7, 1, 0, 4, 3, 2},
    {7, 6, 5, 9, 8, 2, 1, 0, 4, 3},
    {8, 7, 6, 5, 9, 3, 2, 1, 0, 4},
    {9, 8, 7, 6, 5, 4, 3, 2, 1, 0},
};

static const uint8_t verhoeff_p[8][10] = {
    {0, 1, 2, 3, 4, 5, 6, 7, 8, 9},
    {1, 5, 7, 6, 2, 8, 3, 0, 9, 4},
    {5, 8, 0, 3, 7, 9, 6, 1, 4, 2},
    {8, 9, 1, 6, 0, 4, 3, 5, 2, 7},
    {9, 4, 5, 3, 1, 2, 6, 8, 7, 0},
    {4, 2, 8, 6, 5, 7, 3, 9, 0, 1},
    {2, 7, 9, 3, 8, 0, 6, 4, 1, 5},
    {7, 0, 4, 6, 9, 1, 3, 2, 5, 8},
};

static const uint8_t verhoeff_inv[10] = {0, 4, 3, 2, 1, 5, 6, 7, 8, 9};

static int
all_digits(const char *s, size_t len)
{
    for (size_t i = 0; i < len; i++) {
        if (s[i] < '0' || s[i] > '9')
            return 0;
    }
    return 1;
}

/* Runs Verhoeff over s right to left; `offset` is the position of s's last digit (0 when it
 * is a check digit, 1 when the check digit is still to be appended). */
static unsigned
verhoeff_fold(const char *s, size_t len, size_t offset)
{
    unsigned c = 0;
    for (size_t i = 0; i < len; i++) {
        unsigned digit = (unsigned)(s[len - 1 - i] - '0');
        c = verhoeff_d[c][verhoeff_p[(i + offset) % 8][digit]];
    }
    return c;
}

bool
checksum_verhoeff_valid(const char *digits, size_t len)
{
    if (digits == NULL || len < 2 || !all_digits(digits, len))
        return false;
    return verhoeff_fold(digits, len, 0) == 0;
}

int
checksum_verhoeff_digit(const char *digits, size_t len)
{
    if (digits == NULL || len == 0 || !all_digits(digits, len))
        return -1;
    return verhoeff_inv[verhoeff_fold(digits, len, 1)];
}

/* Luhn sum (mod 10) over s right to left; digits at odd positions from the right (counting from 0,
 * after `offset`) are doubled and their digit sum taken. */
static unsigned
luhn_sum(const char *s, size_t len, size_t offset)
{
    unsigned sum = 0;
    for (size_t i = 0; i < len; i++) {
        unsigned digit = (unsigned)(s[len - 1 - i] - '0');
        if ((i + offset) % 2 == 1) {
            digit *= 2;
            if (digit > 9)
                digit -= 9;
        }
        sum = (sum + digit) % 10; /* kept small: any length is fine */
    }
    return sum;
}

bool
checksum_luhn_valid(const char *digits, size_t len)
{
    if (digits == NULL || len < 2 || !all_digits(digits, len))
        return false;
    return luhn_sum(digits, len, 0) == 0;
}

int
checksum_luhn_digit(const char *digits, size_t len)
{
    if (digits == NULL || len == 0 || !all_digits(digits, len))
        return -1;
    return (int)((10 - luhn_sum(digits, len, 1)) % 10);
}
