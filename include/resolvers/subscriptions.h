/*
 * Subscription.ledger (schema: "Each ledger line of the signed-in user's accounts, as it is
 * committed"; contract §2 WebSocket, §4 "Several processes").
 *
 * The transport (src/http/graphql_ws.c) learns of a committed line from the database
 * (app/notify.h: ids only), loads it for the subscriber with res_ledger_event() and runs the
 * subscription's document with gql_execute() with that value as the root value (spec §6.2.3.2
 * MapSourceToResponseEvent). The root field's resolver returns the event, so the client's
 * whole selection set applies to it, nested `transfer { ... }` included, through the model
 * layer's resolvers and batch loaders.
 */
#ifndef WALLET_RESOLVERS_SUBSCRIPTIONS_H
#define WALLET_RESOLVERS_SUBSCRIPTIONS_H

#include "gql/value.h"

#include <stdint.h>

struct app_request;

/*
 * Loads ledger entry entry_id as the event of Subscription.ledger for r's signed-in user.
 * Returns 0 with *event set (an OPAQUE LedgerEntry value in r's arena) when the entry is a
 * line of one of that user's own accounts; 1 when it is not (or r is not signed in): nothing
 * may be delivered; or a negative contract error (-WALLET_ESERVICE_UNAVAILABLE,
 * -WALLET_EINTERNAL_SERVER_ERROR). An ADMIN, too, gets only lines of their own accounts.
 */
int res_ledger_event(struct app_request *r, int64_t entry_id, struct gql_val *event);

#endif
