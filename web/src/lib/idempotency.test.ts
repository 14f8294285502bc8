import { describe, expect, it } from 'vitest';
import { IdempotentSubmission, fingerprint, newIdempotencyKey } from './idempotency';

function counter() {
  let n = 0;
  return () => `key-${++n}`;
}

const input = { fromAccountId: 'A1', toUsername: 'bob', amount: '100.00', memo: 'rent' };

describe('newIdempotencyKey', () => {
  it('makes distinct version-4 UUIDs of printable ASCII', () => {
    const a = newIdempotencyKey();
    const b = newIdempotencyKey();
    expect(a).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
    expect(a).not.toBe(b);
  });
});

describe('IdempotentSubmission', () => {
  it('reuses the key when the same submission is retried after a failure', () => {
    const s = new IdempotentSubmission(counter());
    expect(s.begin(input)).toBe('key-1');
    s.failed('SERVICE_UNAVAILABLE');
    expect(s.isRetryOf({ ...input })).toBe(true);
    expect(s.begin({ ...input })).toBe('key-1');
    s.failed('NETWORK_ERROR');
    expect(s.begin(input)).toBe('key-1');
  });

  it('uses a new key after success, even for identical input', () => {
    const s = new IdempotentSubmission(counter());
    expect(s.begin(input)).toBe('key-1');
    s.succeeded();
    expect(s.currentKey).toBeNull();
    expect(s.begin(input)).toBe('key-2');
  });

  it('uses a new key when the input changed', () => {
    const s = new IdempotentSubmission(counter());
    s.begin(input);
    s.failed('INSUFFICIENT_FUNDS');
    expect(s.isRetryOf({ ...input, amount: '50.00' })).toBe(false);
    expect(s.begin({ ...input, amount: '50.00' })).toBe('key-2');
  });

  it('drops a key the server says belongs to other input', () => {
    const s = new IdempotentSubmission(counter());
    s.begin(input);
    s.failed('IDEMPOTENCY_KEY_REUSED');
    expect(s.begin(input)).toBe('key-2');
  });

  it('a double click while in flight sends the same key', () => {
    const s = new IdempotentSubmission(counter());
    expect(s.begin(input)).toBe('key-1');
    expect(s.begin(input)).toBe('key-1');
  });

  it('reset starts over', () => {
    const s = new IdempotentSubmission(counter());
    s.begin(input);
    s.failed();
    s.reset();
    expect(s.begin(input)).toBe('key-2');
  });

  it('fingerprints ignore key order and empty fields', () => {
    expect(fingerprint({ a: '1', b: '' })).toBe(fingerprint({ b: undefined, a: '1' }));
    expect(fingerprint({ a: '1' })).not.toBe(fingerprint({ a: '2' }));
  });
});
