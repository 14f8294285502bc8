import { describe, expect, it } from 'vitest';
import { counterparty, directionOf, signedAmount, type TransferSides } from './transfers';

const asha = { id: 'U1', username: 'asha', displayName: 'Asha Verma' };
const ravi = { id: 'U2', username: 'ravi', displayName: 'Ravi Kumar' };
const t = (from: typeof asha | null, to: typeof asha, kind: 'TRANSFER' | 'DEPOSIT' = 'TRANSFER'): TransferSides => ({ kind, amount: '250.00', from, to });

describe('transfer direction', () => {
  it('is seen from the viewing user', () => {
    expect(directionOf(t(asha, ravi), 'U1')).toBe('out');
    expect(directionOf(t(asha, ravi), 'U2')).toBe('in');
    expect(directionOf(t(asha, asha), 'U1')).toBe('self');
    expect(directionOf(t(asha, ravi), 'ADMIN')).toBe('other');
    expect(directionOf(t(null, asha, 'DEPOSIT'), 'U1')).toBe('in');
  });

  it('labels the other side and signs the amount', () => {
    expect(counterparty(t(asha, ravi), 'out')).toBe('Ravi Kumar');
    expect(counterparty(t(asha, ravi), 'in')).toBe('Asha Verma');
    expect(counterparty(t(asha, asha), 'self')).toBe('Between your accounts');
    expect(counterparty(t(null, asha, 'DEPOSIT'), 'in')).toBe('Deposit');
    expect(counterparty(t(asha, ravi), 'other')).toBe('asha → ravi');
    expect(signedAmount(t(asha, ravi), 'out')).toBe('-250.00');
    expect(signedAmount(t(asha, ravi), 'in')).toBe('250.00');
  });
});
