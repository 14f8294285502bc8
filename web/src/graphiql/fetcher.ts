// GraphiQL's fetcher for the wallet API on our own origin: queries and
// mutations go to POST /graphql with the headers from GraphiQL's header editor;
// subscriptions go over a graphql-transport-ws WebSocket on /graphql with the
// Authorization header moved into connection_init's payload, as the contract
// asks.

import { createGraphiQLFetcher, type Fetcher, type FetcherOpts, type FetcherParams } from '@graphiql/toolkit';
import { type DocumentNode, Kind } from 'graphql';
import { createClient } from 'graphql-ws';

export function isSubscription(doc: DocumentNode | undefined, operationName: string | null | undefined): boolean {
  if (!doc) return false;
  const ops = doc.definitions.filter((d) => d.kind === Kind.OPERATION_DEFINITION);
  const op = operationName ? ops.find((d) => d.name?.value === operationName) : ops.length === 1 ? ops[0] : undefined;
  return op?.operation === 'subscription';
}

function authorizationOf(headers: FetcherOpts['headers']): string | undefined {
  if (!headers) return undefined;
  for (const [k, v] of Object.entries(headers)) if (k.toLowerCase() === 'authorization' && typeof v === 'string') return v;
  return undefined;
}

export function createWalletFetcher(origin: string = window.location.origin): Fetcher {
  const http = createGraphiQLFetcher({ url: `${origin}/graphql` });
  const wsUrl = `${origin.replace(/^http/, 'ws')}/graphql`;

  async function* subscribe(params: FetcherParams, opts: FetcherOpts | undefined) {
    const authorization = authorizationOf(opts?.headers);
    const client = createClient({
      url: wsUrl,
      lazy: true,
      retryAttempts: 0,
      connectionParams: authorization ? { authorization } : {},
    });
    try {
      yield* client.iterate({ query: params.query, operationName: params.operationName ?? undefined, variables: params.variables ?? undefined });
    } finally {
      await client.dispose();
    }
  }

  return (params, opts) => {
    // graphql-ws yields formatted results (plain JSON errors), which is what
    // GraphiQL renders; the toolkit's type names graphql-js error objects.
    if (isSubscription(opts?.documentAST, params.operationName)) return subscribe(params, opts) as unknown as ReturnType<Fetcher>;
    return http(params, opts);
  };
}
