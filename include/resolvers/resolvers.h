/*
 * The resolver registry (issue 3 "resolvers are bound by name", issue 5): every "Type.field"
 * of the served schema bound to its C function, in one table per owner file, plus the types
 * whose fields the default property resolver serves (connections, edges, PageInfo, payloads).
 *
 * walletd serve passes res_bind_all to http_serve (http_serve_options.bind_resolvers), which
 * then refuses to start when a field has no resolver or a binding names no field
 * (gql_schema_check_bindings).
 */
#ifndef WALLET_RESOLVERS_RESOLVERS_H
#define WALLET_RESOLVERS_RESOLVERS_H

#include <stddef.h>

struct gql_schema;
struct gql_error_list;
struct gql_resolver_binding;

/*
 * Attaches the Money, DateTime and Date scalar hooks (gql/custom_scalars.h), binds every
 * resolver table and allows the default resolver where values are plain objects. Returns 0,
 * or -1 with one error per failure appended to errors. Start-up only.
 */
int res_register_all(struct gql_schema *schema, struct gql_error_list *errors);

/* res_register_all with the http_bind_fn signature (include/http/service.h). */
int res_bind_all(struct gql_schema *schema, struct gql_error_list *errors, void *userdata);

/*
 * Coordinates bound to a placeholder (answers INTERNAL_SERVER_ERROR) because their owner's
 * resolvers have not landed yet; NULL-terminated. Empty once everything is implemented.
 */
extern const char *const res_pending_coordinates[];

#endif
