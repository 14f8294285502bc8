// Errors from the GraphQL API and what to tell the user about them.

export interface GraphQLErrorItem {
  message: string;
  path?: (string | number)[];
  locations?: { line: number; column: number }[];
  extensions?: { code?: string; requestId?: string; [k: string]: unknown };
}

/** A failed API call: the first error's code, all errors, the HTTP status. */
export class ApiError extends Error {
  readonly code: string;
  readonly errors: GraphQLErrorItem[];
  readonly status: number;
  readonly retryAfterSeconds: number | null;
  readonly requestId: string | null;

  constructor(
    code: string,
    message: string,
    opts: { errors?: GraphQLErrorItem[]; status?: number; retryAfterSeconds?: number | null; requestId?: string | null } = {},
  ) {
    super(message);
    this.name = 'ApiError';
    this.code = code;
    this.errors = opts.errors ?? [];
    this.status = opts.status ?? 0;
    this.retryAfterSeconds = opts.retryAfterSeconds ?? null;
    this.requestId = opts.requestId ?? null;
  }
}

export interface ErrorView {
  title: string;
  detail: string;
  /** Trying the same thing again later may work. */
  retryable: boolean;
}

const VIEWS: Record<string, Omit<ErrorView, 'detail'> & { detail?: string }> = {
  INSUFFICIENT_FUNDS: { title: 'Insufficient funds', detail: 'The source account does not have enough available balance for this amount.', retryable: false },
  KYC_REQUIRED: {
    title: 'Verification required',
    detail: 'Without verified KYC you can send at most ₹10,000.00 per transfer and ₹25,000.00 per day. Complete KYC to raise your limits.',
    retryable: false,
  },
  LIMIT_EXCEEDED: { title: 'Limit exceeded', detail: 'This transfer would exceed your daily sending limit.', retryable: false },
  ACCOUNT_FROZEN: { title: 'Account frozen', detail: 'One of the accounts is frozen or closed, so money cannot move.', retryable: false },
  RATE_LIMITED: { title: 'Too many requests', detail: 'You are going a little fast. Wait a moment and try again.', retryable: true },
  IDEMPOTENCY_IN_PROGRESS: { title: 'Still processing', detail: 'The same submission is still being processed. Try again in a moment; it will not be sent twice.', retryable: true },
  IDEMPOTENCY_KEY_REUSED: { title: 'Submission conflict', detail: 'This submission key was already used for different details. Submit again to start a new transfer.', retryable: false },
  SERVICE_UNAVAILABLE: { title: 'Service unavailable', detail: 'The service is temporarily unavailable. Your request was not processed; try again.', retryable: true },
  NETWORK_ERROR: { title: 'Connection problem', detail: 'We could not reach the server. Check your connection and try again; a retry will not send money twice.', retryable: true },
  UNAUTHENTICATED: { title: 'Not signed in', retryable: false },
  FORBIDDEN: { title: 'Not allowed', detail: 'Your role may not do this.', retryable: false },
  NOT_FOUND: { title: 'Not found', detail: 'No such item, or you cannot see it.', retryable: false },
  ACCOUNT_LOCKED: { title: 'Account locked', detail: 'Too many failed sign-ins. Try again in 15 minutes or contact support.', retryable: false },
  BAD_USER_INPUT: { title: 'Check your input', retryable: false },
  QUERY_TOO_COMPLEX: { title: 'Request too complex', retryable: false },
  INTERNAL_SERVER_ERROR: { title: 'Something went wrong', detail: 'An unexpected error occurred on our side.', retryable: true },
};

/** A user-facing title and text for an error, chosen by extensions.code. */
export function describeError(err: unknown): ErrorView {
  if (err instanceof ApiError) {
    const v = VIEWS[err.code];
    let detail = v?.detail ?? err.message;
    // For input and auth errors the server's own message is the useful part.
    if (err.code === 'BAD_USER_INPUT' || err.code === 'UNAUTHENTICATED' || err.code === 'GRAPHQL_VALIDATION_FAILED') {
      detail = err.message || detail;
    }
    if (err.code === 'RATE_LIMITED' && err.retryAfterSeconds) {
      detail = `Too many requests. Try again in ${err.retryAfterSeconds} second${err.retryAfterSeconds === 1 ? '' : 's'}.`;
    }
    if (err.code === 'INTERNAL_SERVER_ERROR' && err.requestId) {
      detail = `${detail} Reference: ${err.requestId}.`;
    }
    return { title: v?.title ?? 'Request failed', detail, retryable: v?.retryable ?? false };
  }
  return { title: 'Something went wrong', detail: err instanceof Error ? err.message : String(err), retryable: true };
}
