import { describe, expect, it } from 'vitest';
import { aadhaarProblem, passwordProblem, usernameProblem, verhoeffValid } from './validate';

function withCheckDigit(body: string): string {
  for (let d = 0; d <= 9; d++) if (verhoeffValid(body + d)) return body + d;
  throw new Error('no check digit');
}

describe('Verhoeff', () => {
  it('accepts the textbook example and rejects a single-digit typo', () => {
    expect(verhoeffValid('2363')).toBe(true);
    expect(verhoeffValid('2364')).toBe(false);
  });

  it('checks Aadhaar numbers', () => {
    const good = withCheckDigit('23412341234');
    expect(aadhaarProblem(good)).toBeNull();
    expect(aadhaarProblem(`${good.slice(0, 4)} ${good.slice(4, 8)} ${good.slice(8)}`)).toBeNull();
    expect(aadhaarProblem(good.slice(0, 11) + ((Number(good[11]) + 1) % 10))).toMatch(/not valid/);
    expect(aadhaarProblem(withCheckDigit('12341234123'))).toMatch(/0 or 1/);
    expect(aadhaarProblem('1234')).toMatch(/12 digits/);
  });
});

describe('account rules', () => {
  it('checks usernames and passwords like the server', () => {
    expect(usernameProblem('asha_k')).toBeNull();
    expect(usernameProblem('1asha')).not.toBeNull();
    expect(usernameProblem('Asha')).not.toBeNull();
    expect(passwordProblem('short', 'x')).not.toBeNull();
    expect(passwordProblem('asha-is-great-1', 'asha')).not.toBeNull();
    expect(passwordProblem('long enough secret', 'asha')).toBeNull();
  });
});
