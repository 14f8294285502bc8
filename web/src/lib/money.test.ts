import { describe, expect, it } from 'vitest';
import {
  compareMoney,
  formatCompactInr,
  formatMoney,
  fromMinor,
  groupDigits,
  parseAmountInput,
  sumMoney,
  toChartNumber,
  toMinor,
} from './money';

describe('minor units', () => {
  it('converts exactly in both directions', () => {
    expect(toMinor('1250.00')).toBe(125000n);
    expect(toMinor('-0.05')).toBe(-5n);
    expect(toMinor('12.3')).toBe(1230n);
    expect(toMinor('7')).toBe(700n);
    expect(fromMinor(125000n)).toBe('1250.00');
    expect(fromMinor(-5n)).toBe('-0.05');
    expect(fromMinor(0n)).toBe('0.00');
  });

  it('keeps amounts beyond 2^53 exact', () => {
    expect(fromMinor(toMinor('90071992547409.93') + 1n)).toBe('90071992547409.94');
    expect(sumMoney(['10000000000.00', '0.01', '-0.02'])).toBe('9999999999.99');
  });

  it('sums 0.10 + 0.20 to exactly 0.30 (no float error)', () => {
    expect(sumMoney(['0.10', '0.20'])).toBe('0.30');
  });

  it('rejects text that is not money', () => {
    expect(() => toMinor('1e3')).toThrow(RangeError);
    expect(() => toMinor('12.345')).toThrow(RangeError);
    expect(() => toMinor('')).toThrow(RangeError);
  });

  it('compares', () => {
    expect(compareMoney('10.00', '9.99')).toBe(1);
    expect(compareMoney('-1.00', '0.00')).toBe(-1);
    expect(compareMoney('5.50', '5.5')).toBe(0);
  });
});

describe('formatMoney', () => {
  it('uses Indian grouping for INR', () => {
    expect(formatMoney('125000.00')).toBe('₹1,25,000.00');
    expect(formatMoney('10000000000.00')).toBe('₹10,00,00,00,000.00');
    expect(formatMoney('999.99')).toBe('₹999.99');
    expect(formatMoney('1000.00')).toBe('₹1,000.00');
  });

  it('uses Western grouping for other currencies', () => {
    expect(formatMoney('1234567.89', 'USD')).toBe('$1,234,567.89');
    expect(formatMoney('12.00', 'CHF')).toBe('CHF 12.00');
  });

  it('shows signs', () => {
    expect(formatMoney('-500.00')).toBe('−₹500.00');
    expect(formatMoney('500.00', 'INR', { signed: true })).toBe('+₹500.00');
    expect(formatMoney('0.00', 'INR', { signed: true })).toBe('₹0.00');
    expect(formatMoney('-0.00')).toBe('₹0.00');
    expect(formatMoney('1500.00', 'INR', { bare: true })).toBe('1,500.00');
  });

  it('groups digit strings', () => {
    expect(groupDigits('1234567', true)).toBe('12,34,567');
    expect(groupDigits('1234567', false)).toBe('1,234,567');
    expect(groupDigits('123', true)).toBe('123');
  });
});

describe('parseAmountInput', () => {
  it('normalises what people type', () => {
    expect(parseAmountInput('1,25,000.5')).toEqual({ ok: true, value: '125000.50' });
    expect(parseAmountInput(' 42 ')).toEqual({ ok: true, value: '42.00' });
    expect(parseAmountInput('0042.1')).toEqual({ ok: true, value: '42.10' });
    expect(parseAmountInput('.75')).toEqual({ ok: true, value: '0.75' });
    expect(parseAmountInput('₹10')).toEqual({ ok: true, value: '10.00' });
  });

  it('refuses what the API refuses', () => {
    for (const bad of ['', '0', '0.00', '-5', '1.234', '1e5', 'abc', '1.2.3', '10000000000.01']) {
      expect(parseAmountInput(bad).ok, bad).toBe(false);
    }
    expect(parseAmountInput('10000000000.00')).toEqual({ ok: true, value: '10000000000.00' });
  });

  it('returns a string, never a number', () => {
    const r = parseAmountInput('19.99');
    expect(r.ok && typeof r.value).toBe('string');
  });
});

describe('chart helpers', () => {
  it('converts for geometry and compacts axis labels', () => {
    expect(toChartNumber('1250.50')).toBe(1250.5);
    expect(formatCompactInr(950)).toBe('₹950');
    expect(formatCompactInr(12500)).toBe('₹12.5K');
    expect(formatCompactInr(320000)).toBe('₹3.2L');
    expect(formatCompactInr(11000000)).toBe('₹1.1Cr');
    expect(formatCompactInr(-2000)).toBe('−₹2K');
  });
});
