// Idempotency keys for money-moving mutations (transfer, deposit).
//
// One key per submission: the first attempt of a submission gets a fresh key,
// and every retry of that same submission (same input, after a failure whose
// outcome may be unknown: a timeout, a 503, a dropped connection) sends the
// same key again, so the server can recognise it and never move money twice.
// Once a submission succeeded, or the user changed the input, the next attempt
// is a new submission with a new key.

/** A random RFC 4122 version-4 UUID. Uses getRandomValues, which, unlike
 *  crypto.randomUUID, also exists on pages that are not a secure context. */
export function newIdempotencyKey(): string {
  const b = new Uint8Array(16);
  globalThis.crypto.getRandomValues(b);
  b[6] = (b[6] & 0x0f) | 0x40;
  b[8] = (b[8] & 0x3f) | 0x80;
  const hex = Array.from(b, (x) => x.toString(16).padStart(2, '0')).join('');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
}

/** A stable text for an input object: keys sorted, undefined and '' dropped. */
export function fingerprint(input: Record<string, unknown>): string {
  const keys = Object.keys(input)
    .filter((k) => input[k] !== undefined && input[k] !== null && input[k] !== '')
    .sort();
  return JSON.stringify(keys.map((k) => [k, input[k]]));
}

export type AttemptState = 'idle' | 'in-flight' | 'failed';

/**
 * Tracks one form's submissions. Call begin(input) right before sending; it
 * returns the key to send. Then call succeeded() or failed(code).
 */
export class IdempotentSubmission {
  private key: string | null = null;
  private print: string | null = null;
  private state: AttemptState = 'idle';
  private readonly generate: () => string;

  constructor(generate: () => string = newIdempotencyKey) {
    this.generate = generate;
  }

  /** The key for this attempt: the previous one when this retries the same input. */
  begin(input: Record<string, unknown>): string {
    const p = fingerprint(input);
    if (this.key === null || this.state === 'idle' || p !== this.print) {
      this.key = this.generate();
      this.print = p;
    }
    this.state = 'in-flight';
    return this.key;
  }

  /** The submission is done; the next begin() starts a new one. */
  succeeded(): void {
    this.reset();
  }

  /**
   * The attempt failed. The key is kept so that a retry of the same input is
   * recognised, except when the server said the key belongs to other input
   * (IDEMPOTENCY_KEY_REUSED): then that key is useless and is dropped.
   */
  failed(code?: string): void {
    if (code === 'IDEMPOTENCY_KEY_REUSED') {
      this.reset();
      return;
    }
    this.state = 'failed';
  }

  /** Forget the current submission (the user started over). */
  reset(): void {
    this.key = null;
    this.print = null;
    this.state = 'idle';
  }

  get currentKey(): string | null {
    return this.key;
  }

  get status(): AttemptState {
    return this.state;
  }

  /** True when the next begin(input) would resend the previous key. */
  isRetryOf(input: Record<string, unknown>): boolean {
    return this.state === 'failed' && this.key !== null && fingerprint(input) === this.print;
  }
}
