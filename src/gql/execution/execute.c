/*
 * Execution (GraphQL specification §6 "Execution"; graphql-js execution/execute.ts), writing
 * the response JSON directly into the caller's buffer.
 *
 * Shape: gql_execute -> get_operation (§6.1 GetOperation) -> gql_exec_coerce_variable_values
 * (§6.1.2) -> execute_operation (§6.2) -> execute_fields / execute_fields_serially (§6.3)
 * -> execute_field (§6.4) -> complete_value (§6.4.3) -> back into execute_fields for object
 * sub-selections.
 *
 * Null propagation (§6.4.4): every function that writes a value returns WROTE_VALUE,
 * WROTE_NULL or FAILED. FAILED means "this position must become null"; the error was already
 * recorded where it arose. A nullable position (a field of nullable type, an item of a list
 * of nullable items) that sees FAILED from below truncates the output back to where its
 * value began and writes `null` instead; a non-null position passes FAILED up, and siblings
 * not yet executed are skipped, as graphql-js does when an error propagates synchronously.
 * The "data" member itself is the last nullable position.
 *
 * Errors are collected in the request arena and written before "data" once execution ends
 * (the buffer is shifted to make room, which happens only when there are errors).
 */
#include "exec.h"

#include <stdarg.h>
#include <string.h>

#define WROTE_VALUE 0
#define WROTE_NULL 1
#define FAILED (-1)

#define CODE_INTERNAL "INTERNAL_SERVER_ERROR"

/*
 * Per list completion: the batch slots shared by the invocations of one field group for all
 * items of the list (gql_resolve_info.batch).
 */
struct batch_slot {
    const struct field_group *group;
    void *value;
    struct batch_slot *next;
};

struct batch_scope {
    struct batch_slot *slots;
};

/* What the field whose value is being completed looks like (for messages and infos). */
struct field_frame {
    struct field_group *group;
    const struct gql_type_def *parent_type;
    const struct gql_resolve_info *info; /* the field's resolve info */
    const struct gql_val *result;        /* what its resolver returned */
};

static int execute_fields(struct gql_exec *ex,
                          const struct gql_type_def *type,
                          const struct gql_val *source,
                          const struct grouped_fields *fields,
                          const struct gql_path *path,
                          const struct field_frame *parent,
                          struct batch_scope *scope);

/*-------------------------------------------------------------------------------------------
 * Errors
 *-------------------------------------------------------------------------------------------*/

/* Adds an error located at every node of group, with path. */
static struct gql_error *__attribute__((format(printf, 5, 0)))
field_error_v(struct gql_exec *ex,
              const struct field_group *group,
              const struct gql_path *path,
              const char *code,
              const char *fmt,
              va_list ap)
{
    struct gql_error *e =
        gql_error_add_message(&ex->errors, code, gql_format_v(ex->arena, fmt, ap));
    if (group)
        for (uint32_t i = 0; i < group->count; i++)
            gql_error_add_location(&ex->errors, e, group->nodes[i]->node.start);
    gql_error_set_path(&ex->errors, e, path);
    return e;
}

static void __attribute__((format(printf, 5, 6))) field_error(struct gql_exec *ex,
                                                              const struct field_group *group,
                                                              const struct gql_path *path,
                                                              const char *code,
                                                              const char *fmt,
                                                              ...)
{
    va_list ap;
    va_start(ap, fmt);
    field_error_v(ex, group, path, code, fmt, ap);
    va_end(ap);
}

int
gql_resolve_error(const struct gql_resolve_info *info, const char *code, const char *fmt, ...)
{
    struct gql_exec *ex = info->exec;
    if (ex == NULL)
        return GQL_RESOLVE_ERROR;
    va_list ap;
    va_start(ap, fmt);
    struct gql_error *e =
        field_error_v(ex, (const struct field_group *)info->internal, info->path, NULL, fmt, ap);
    va_end(ap);
    if (code)
        e->code = arena_strdup(ex->arena, code);
    return GQL_RESOLVE_ERROR;
}

/*-------------------------------------------------------------------------------------------
 * Resolver helpers
 *-------------------------------------------------------------------------------------------*/

const struct gql_val *
gql_resolve_arg(const struct gql_resolve_info *info, const char *name)
{
    return gql_val_object_get(info->args, name);
}

int
gql_default_resolve(const struct gql_resolve_info *info, struct gql_val *out)
{
    const struct gql_val *v = gql_val_object_get(info->source, info->field_name);
    *out = v ? *v : gql_val_null();
    return 0;
}

/*
 * Appends s as a JSON string. Printable ASCII without '"' or '\\' (most of what responses
 * hold) is copied in one go; anything else goes through strbuf_append_json_string.
 */
static void
write_string(struct strbuf *out, const char *s, size_t len)
{
    size_t i = 0;
    while (i < len) {
        unsigned char c = (unsigned char)s[i];
        if (c < 0x20 || c >= 0x7f || c == '"' || c == '\\')
            break;
        i++;
    }
    if (i < len) {
        strbuf_append_json_string(out, s, len);
        return;
    }
    strbuf_reserve(out, len + 2);
    char *p = out->data + out->len;
    *p++ = '"';
    memcpy(p, s, len);
    p += len;
    *p++ = '"';
    *p = '\0';
    out->len = (size_t)(p - out->data);
}

static void
write_key(struct strbuf *out, const char *key, size_t len)
{
    /* Response keys are GraphQL names ([_A-Za-z][_0-9A-Za-z]*): nothing to escape. */
    strbuf_reserve(out, len + 3);
    out->data[out->len++] = '"';
    memcpy(out->data + out->len, key, len);
    out->len += len;
    out->data[out->len++] = '"';
    out->data[out->len++] = ':';
    out->data[out->len] = '\0';
}

/*-------------------------------------------------------------------------------------------
 * Value completion (§6.4.3 CompleteValue)
 *-------------------------------------------------------------------------------------------*/

static const char *
default_resolve_type(const struct gql_val *value)
{
    if (value->kind == GQL_VAL_OPAQUE)
        return value->u.opaque.type_name;
    if (value->kind == GQL_VAL_OBJECT) {
        const struct gql_val *t = gql_val_object_get(value, "__typename");
        if (t && t->kind == GQL_VAL_STRING)
            return t->u.string.ptr;
    }
    return NULL;
}

static int complete_value(struct gql_exec *ex,
                          const struct gql_type_def *type,
                          const struct field_frame *frame,
                          const struct gql_path *path,
                          const struct gql_val *value,
                          struct batch_scope *scope);

static int
complete_object(struct gql_exec *ex,
                const struct gql_type_def *object_type,
                const struct field_frame *frame,
                const struct gql_path *path,
                const struct gql_val *value,
                struct batch_scope *scope)
{
    const struct grouped_fields *sub = gql_exec_collect_subfields(ex, object_type, frame->group);
    return execute_fields(ex, object_type, value, sub, path, frame, scope);
}

static int
complete_abstract(struct gql_exec *ex,
                  const struct gql_type_def *abstract,
                  const struct field_frame *frame,
                  const struct gql_path *path,
                  const struct gql_val *value,
                  struct batch_scope *scope)
{
    const char *name;
    uint32_t errors_before = ex->errors.count;
    if (abstract->resolve_type)
        name = abstract->resolve_type(value, frame->info, abstract, abstract->resolve_type_data);
    else
        name = default_resolve_type(value);
    const struct gql_type_def *parent_type = frame->parent_type;
    const char *field_name = frame->group->def->name;
    if (name == NULL) {
        if (ex->errors.count == errors_before)
            field_error(ex,
                        frame->group,
                        path,
                        CODE_INTERNAL,
                        "Abstract type \"%s\" must resolve to an Object type at runtime for field "
                        "\"%s.%s\". Either the \"%s\" type should provide a \"resolveType\" "
                        "function or each possible type should provide an \"isTypeOf\" function.",
                        abstract->name,
                        parent_type->name,
                        field_name,
                        abstract->name);
        return FAILED;
    }
    const struct gql_type_def *runtime = gql_schema_type(ex->schema, name, strlen(name));
    if (runtime == NULL) {
        field_error(ex,
                    frame->group,
                    path,
                    CODE_INTERNAL,
                    "Abstract type \"%s\" was resolved to a type \"%s\" that does not exist "
                    "inside the schema.",
                    abstract->name,
                    name);
        return FAILED;
    }
    if (runtime->kind != GQL_TYPE_OBJECT) {
        field_error(ex,
                    frame->group,
                    path,
                    CODE_INTERNAL,
                    "Abstract type \"%s\" was resolved to a non-object type \"%s\".",
                    abstract->name,
                    name);
        return FAILED;
    }
    if (!gql_schema_is_possible_type(ex->schema, abstract, runtime)) {
        field_error(ex,
                    frame->group,
                    path,
                    CODE_INTERNAL,
                    "Runtime Object type \"%s\" is not a possible type for \"%s\".",
                    runtime->name,
                    abstract->name);
        return FAILED;
    }
    return complete_object(ex, runtime, frame, path, value, scope);
}

static int
complete_list(struct gql_exec *ex,
              const struct gql_type_def *type,
              const struct field_frame *frame,
              const struct gql_path *path,
              const struct gql_val *value)
{
    if (value->kind != GQL_VAL_LIST) {
        field_error(ex,
                    frame->group,
                    path,
                    CODE_INTERNAL,
                    "Expected Iterable, but did not find one for field \"%s.%s\".",
                    frame->parent_type->name,
                    frame->group->def->name);
        return FAILED;
    }
    const struct gql_type_def *item_type = type->of_type;
    bool item_non_null = item_type->kind == GQL_TYPE_NON_NULL;
    struct batch_scope scope = {NULL};
    struct strbuf *out = ex->out;
    strbuf_putc(out, '[');
    for (size_t i = 0; i < value->u.list.count; i++) {
        if (i)
            strbuf_putc(out, ',');
        size_t mark = out->len;
        struct gql_path item_path = {path, NULL, (int64_t)i};
        int rc = complete_value(ex, item_type, frame, &item_path, &value->u.list.items[i], &scope);
        if (rc == FAILED) {
            if (item_non_null)
                return FAILED;
            strbuf_truncate(out, mark);
            strbuf_puts(out, "null");
        }
    }
    strbuf_putc(out, ']');
    return WROTE_VALUE;
}

static int
complete_leaf(struct gql_exec *ex,
              const struct gql_type_def *type,
              const struct field_frame *frame,
              const struct gql_path *path,
              const struct gql_val *value)
{
    struct gql_val result;
    const char *message = NULL;
    /* Fast paths for the built-in scalars' commonest, already correct values (the same
     * output gql_leaf_serialize would give). */
    if (type == ex->string_type || type == ex->id_type) {
        if (value->kind == GQL_VAL_STRING) {
            write_string(ex->out, value->u.string.ptr, value->u.string.len);
            return WROTE_VALUE;
        }
    } else if (type == ex->int_type) {
        if (value->kind == GQL_VAL_INT && value->u.int_ >= INT32_MIN &&
            value->u.int_ <= INT32_MAX) {
            gql_val_write_json(value, ex->out);
            return WROTE_VALUE;
        }
    } else if (type == ex->boolean_type) {
        if (value->kind == GQL_VAL_BOOLEAN) {
            strbuf_puts(ex->out, value->u.boolean ? "true" : "false");
            return WROTE_VALUE;
        }
    }
    if (gql_leaf_serialize(type, ex->arena, value, &result, &message) < 0) {
        field_error(ex,
                    frame->group,
                    path,
                    CODE_INTERNAL,
                    "%s",
                    message ? message : "Expected a value of a leaf type.");
        return FAILED;
    }
    if (result.kind == GQL_VAL_NULL) {
        strbuf_puts(ex->out, "null");
        return WROTE_NULL;
    }
    if (result.kind == GQL_VAL_STRING || result.kind == GQL_VAL_ENUM)
        write_string(ex->out, result.u.string.ptr, result.u.string.len);
    else
        gql_val_write_json(&result, ex->out);
    return WROTE_VALUE;
}

static int
complete_value(struct gql_exec *ex,
               const struct gql_type_def *type,
               const struct field_frame *frame,
               const struct gql_path *path,
               const struct gql_val *value,
               struct batch_scope *scope)
{
    if (type->kind == GQL_TYPE_NON_NULL) {
        int rc = complete_value(ex, type->of_type, frame, path, value, scope);
        if (rc == WROTE_NULL) {
            field_error(ex,
                        frame->group,
                        path,
                        CODE_INTERNAL,
                        "Cannot return null for non-nullable field %s.%s.",
                        frame->parent_type->name,
                        frame->group->def->name);
            return FAILED;
        }
        return rc;
    }
    if (value->kind == GQL_VAL_NULL) {
        strbuf_puts(ex->out, "null");
        return WROTE_NULL;
    }
    switch (type->kind) {
    case GQL_TYPE_LIST:
        return complete_list(ex, type, frame, path, value);
    case GQL_TYPE_SCALAR:
    case GQL_TYPE_ENUM:
        return complete_leaf(ex, type, frame, path, value);
    case GQL_TYPE_INTERFACE:
    case GQL_TYPE_UNION:
        return complete_abstract(ex, type, frame, path, value, scope);
    case GQL_TYPE_OBJECT:
        return complete_object(ex, type, frame, path, value, scope);
    default:
        field_error(ex,
                    frame->group,
                    path,
                    CODE_INTERNAL,
                    "Cannot complete value of unexpected output type: \"%s\".",
                    gql_type_def_to_string(ex->arena, type));
        return FAILED;
    }
}

/*-------------------------------------------------------------------------------------------
 * Fields (§6.4 ExecuteField)
 *-------------------------------------------------------------------------------------------*/

/*
 * The default property resolver on the hot path: objects built from one JSON document tend to
 * repeat their key order, so the index where the key was found last time is tried first.
 */
static void
default_property(const struct gql_val *source, struct field_group *group, struct gql_val *out)
{
    *out = gql_val_null();
    if (source->kind != GQL_VAL_OBJECT)
        return;
    const struct gql_field_def *def = group->def;
    size_t n = source->u.object.count;
    const struct gql_val_field *f = source->u.object.fields;
    uint32_t hint = group->prop_hint;
    if (hint < n && f[hint].key_len == def->name_len &&
        memcmp(f[hint].key, def->name, def->name_len) == 0) {
        *out = f[hint].value;
        return;
    }
    for (size_t i = 0; i < n; i++) {
        if (f[i].key_len == def->name_len && memcmp(f[i].key, def->name, def->name_len) == 0) {
            group->prop_hint = (uint32_t)i;
            *out = f[i].value;
            return;
        }
    }
}

static void **
batch_slot(struct gql_exec *ex, struct batch_scope *scope, const struct field_group *group)
{
    for (struct batch_slot *s = scope->slots; s; s = s->next)
        if (s->group == group)
            return &s->value;
    struct batch_slot *s = arena_calloc(ex->arena, 1, sizeof *s);
    s->group = group;
    s->next = scope->slots;
    scope->slots = s;
    return &s->value;
}

/*
 * Resolves and completes one field, writing its value (the key is already written).
 * Returns WROTE_VALUE/WROTE_NULL, or FAILED when the field is non-null and could not be
 * completed (the caller's object becomes null).
 */
static int
execute_field(struct gql_exec *ex,
              const struct gql_type_def *parent_type,
              const struct gql_val *source,
              struct field_group *group,
              const struct gql_path *path,
              const struct field_frame *parent,
              struct batch_scope *scope)
{
    const struct gql_field_def *def = group->def;
    const struct gql_type_def *return_type = def->type;
    struct strbuf *out = ex->out;
    size_t mark = out->len;
    int rc;

    if (!group->args_done) {
        const struct gql_field *first = group->nodes[0];
        group->args_rc = gql_exec_coerce_argument_values(ex,
                                                         def->args,
                                                         def->arg_count,
                                                         &first->arguments,
                                                         first->node.start,
                                                         &group->args,
                                                         &group->args_error,
                                                         &group->args_error_offset);
        group->args_done = true;
    }

    void *local_batch = NULL;
    struct gql_resolve_info info = {
        .source = source,
        .args = &group->args,
        .field_name = def->name,
        .response_key = group->key,
        .field = def,
        .parent_type = parent_type,
        .return_type = return_type,
        .path = path,
        .parent = parent ? parent->info : NULL,
        .parent_result = parent ? parent->result : NULL,
        .batch = scope ? batch_slot(ex, scope, group) : &local_batch,
        .arena = ex->arena,
        .context = ex->params->context,
        .userdata = def->resolve_data,
        .root_value = ex->params->root_value,
        .variables = &ex->variables,
        .operation = ex->op,
        .document = ex->doc,
        .schema = ex->schema,
        .exec = ex,
        .internal = group,
    };
    struct gql_val value = gql_val_null();
    if (group->args_rc < 0) {
        struct gql_error *e =
            gql_error_add_message(&ex->errors, GQL_CODE_BAD_USER_INPUT, group->args_error);
        gql_error_add_location(&ex->errors, e, group->args_error_offset);
        gql_error_set_path(&ex->errors, e, path);
        rc = FAILED;
    } else {
        uint32_t errors_before = ex->errors.count;
        if (def->resolve) {
            ex->resolver_calls++;
            rc = def->resolve(&info, &value);
        } else {
            default_property(source, group, &value);
            rc = 0;
        }
        if (rc < 0) {
            if (ex->errors.count == errors_before)
                field_error(ex, group, path, CODE_INTERNAL, "Internal server error");
            rc = FAILED;
        } else {
            struct field_frame frame = {group, parent_type, &info, &value};
            rc = complete_value(ex, return_type, &frame, path, &value, NULL);
        }
    }
    if (rc == FAILED) {
        /* §6.4.4 HandleFieldError: a nullable field absorbs the error as null. */
        if (return_type->kind == GQL_TYPE_NON_NULL)
            return FAILED;
        strbuf_truncate(out, mark);
        strbuf_puts(out, "null");
        return WROTE_NULL;
    }
    return rc;
}

/*
 * §6.3 ExecuteSelectionSet: writes {"key":value,...} for the grouped fields of type with
 * source as the parent value. Returns WROTE_VALUE, or FAILED when a non-null field failed
 * (the object itself must become null). Mutations use the same function: resolvers are
 * synchronous, so root fields already run one after the other in document order
 * (ExecuteFieldsSerially).
 */
static int
execute_fields(struct gql_exec *ex,
               const struct gql_type_def *type,
               const struct gql_val *source,
               const struct grouped_fields *fields,
               const struct gql_path *path,
               const struct field_frame *parent,
               struct batch_scope *scope)
{
    struct strbuf *out = ex->out;
    if (ex->depth >= GQL_EXEC_MAX_DEPTH) {
        field_error(ex,
                    parent ? parent->group : NULL,
                    path,
                    "QUERY_TOO_COMPLEX",
                    "Selections are nested too deeply to execute.");
        return FAILED;
    }
    ex->depth++;
    strbuf_putc(out, '{');
    bool first = true;
    int rc = WROTE_VALUE;
    for (uint32_t i = 0; i < fields->count; i++) {
        struct field_group *g = fields->items[i];
        if (g->def == NULL)
            continue; /* not a field of this type: left out (graphql-js executeField) */
        if (!first)
            strbuf_putc(out, ',');
        first = false;
        write_key(out, g->key, g->key_len);
        if (g->is_typename) {
            strbuf_putc(out, '"');
            strbuf_append(out, type->name, type->name_len);
            strbuf_putc(out, '"');
            continue;
        }
        struct gql_path field_path = {path, g->key, 0};
        if (execute_field(ex, type, source, g, &field_path, parent, scope) == FAILED) {
            rc = FAILED;
            break;
        }
    }
    ex->depth--;
    if (rc == FAILED)
        return FAILED;
    strbuf_putc(out, '}');
    return WROTE_VALUE;
}

/*-------------------------------------------------------------------------------------------
 * Operations
 *-------------------------------------------------------------------------------------------*/

int
gql_get_operation(const struct gql_document *document,
                  const char *operation_name,
                  struct arena *arena,
                  const struct gql_operation_definition **op,
                  const char **message)
{
    const struct gql_operation_definition *found = NULL;
    bool named = operation_name != NULL && operation_name[0] != '\0';
    *op = NULL;
    for (uint32_t i = 0; i < document->definitions.count; i++) {
        const struct gql_node *n = document->definitions.items[i];
        if (n->kind != GQL_KIND_OPERATION_DEFINITION)
            continue;
        const struct gql_operation_definition *o = (const struct gql_operation_definition *)n;
        if (named) {
            if (gql_name_is(&o->name, operation_name)) {
                found = o;
                break;
            }
        } else {
            if (found) {
                *message = "Must provide operation name if query contains multiple operations.";
                return -1;
            }
            found = o;
        }
    }
    if (found == NULL) {
        *message = named ? arena_sprintf(arena, "Unknown operation named \"%s\".", operation_name)
                         : "Must provide an operation.";
        return -1;
    }
    *op = found;
    return 0;
}

void
gql_write_request_error(struct strbuf *out, const char *message)
{
    strbuf_puts(out, "{\"errors\":[{\"message\":");
    strbuf_append_json_string(out, message, strlen(message));
    strbuf_puts(out, "}]}");
}

/*
 * Appends the errors array (§7.1.2), as gql_errors_to_json does, adding
 * extensions.requestId to internal errors when the caller gave a request id.
 */
static void
write_errors(struct gql_exec *ex, struct strbuf *out)
{
    const char *rid = ex->params->request_id;
    if (rid == NULL) {
        gql_errors_to_json(&ex->errors, out);
        return;
    }
    strbuf_putc(out, '[');
    for (uint32_t i = 0; i < ex->errors.count; i++) {
        const struct gql_error *e = &ex->errors.items[i];
        if (i)
            strbuf_putc(out, ',');
        size_t mark = out->len;
        gql_error_to_json(e, out);
        if (e->code && strcmp(e->code, CODE_INTERNAL) == 0 && out->len >= mark + 2) {
            /* The object ends with "...}}": insert before the extensions' closing brace. */
            strbuf_truncate(out, out->len - 2);
            strbuf_puts(out, ",\"requestId\":");
            strbuf_append_json_string(out, rid, strlen(rid));
            strbuf_puts(out, "}}");
        }
    }
    strbuf_putc(out, ']');
}

/* Writes {"errors":[...]} for a request error (no "data"). */
static void
write_errors_only(struct gql_exec *ex)
{
    strbuf_puts(ex->out, "{\"errors\":");
    write_errors(ex, ex->out);
    strbuf_putc(ex->out, '}');
}

/* Refuses __schema and __type among the root fields when introspection is off. */
static int
check_introspection(struct gql_exec *ex, const struct grouped_fields *root)
{
    bool disabled =
        (ex->params->flags & GQL_EXECUTE_NO_INTROSPECTION) || !ex->schema->introspection_enabled;
    if (!disabled)
        return 0;
    for (uint32_t i = 0; i < root->count; i++) {
        const struct field_group *g = root->items[i];
        if (g->def && g->def->introspection) {
            struct gql_error *e = gql_error_add(&ex->errors,
                                                GQL_CODE_INTROSPECTION_DISABLED,
                                                "GraphQL introspection has been disabled, but the "
                                                "requested query contained the field \"%s\".",
                                                g->def->name);
            gql_error_add_location(&ex->errors, e, g->nodes[0]->node.start);
            return -1;
        }
    }
    return 0;
}

/* Prepares the execution context; false when the parameters are unusable. */
static bool
exec_init(struct gql_exec *ex, const struct gql_execute_params *p, struct strbuf *out)
{
    if (p == NULL || p->schema == NULL || p->document == NULL || p->arena == NULL || out == NULL)
        return false;
    memset(ex, 0, sizeof *ex);
    ex->params = p;
    ex->schema = p->schema;
    ex->doc = p->document;
    ex->arena = p->arena;
    ex->out = out;
    gql_error_list_init(&ex->errors, p->arena, p->document->source, p->document->source_len);
    return true;
}

int
gql_subscription_source(const struct gql_execute_params *p,
                        struct gql_subscription_source *out,
                        struct strbuf *errors_out)
{
    struct gql_exec ex;
    if (out == NULL || !exec_init(&ex, p, errors_out))
        return GQL_EXECUTE_INVALID_PARAMS;
    memset(out, 0, sizeof *out);
    const char *message = NULL;
    if (gql_get_operation(p->document, p->operation_name, p->arena, &ex.op, &message) < 0) {
        gql_error_add_message(&ex.errors, GQL_CODE_BAD_USER_INPUT, message);
        goto out_request_error;
    }
    const struct gql_type_def *root_type = gql_schema_root_type(ex.schema, ex.op->operation);
    if (ex.op->operation != GQL_OP_SUBSCRIPTION || root_type == NULL) {
        struct gql_error *e = gql_error_add(&ex.errors,
                                            GQL_CODE_BAD_USER_INPUT,
                                            ex.op->operation != GQL_OP_SUBSCRIPTION
                                                ? "Expected a subscription operation, found a %s."
                                                : "Schema is not configured to execute %s "
                                                  "operation.",
                                            gql_operation_type_name(ex.op->operation));
        gql_error_add_location(&ex.errors, e, ex.op->node.start);
        goto out_request_error;
    }
    if (gql_exec_coerce_variable_values(&ex, p->variables, &ex.variables) < 0)
        goto out_request_error;
    gql_exec_index_fragments(&ex);
    struct grouped_fields root = {NULL, 0, 0, NULL};
    gql_exec_collect_fields(&ex, root_type, ex.op->selection_set, &root);
    if (root.count == 0) {
        gql_error_add(&ex.errors, GQL_CODE_BAD_USER_INPUT, "Subscription has no root field.");
        goto out_request_error;
    }
    struct field_group *g = root.items[0];
    if (g->def == NULL || g->is_typename) {
        struct gql_error *e = gql_error_add(&ex.errors,
                                            GQL_CODE_BAD_USER_INPUT,
                                            "The subscription field \"%s\" is not defined.",
                                            g->nodes[0]->name.value);
        gql_error_add_location(&ex.errors, e, g->nodes[0]->node.start);
        goto out_request_error;
    }
    const struct gql_field *first = g->nodes[0];
    uint32_t offset;
    if (gql_exec_coerce_argument_values(&ex,
                                        g->def->args,
                                        g->def->arg_count,
                                        &first->arguments,
                                        first->node.start,
                                        &out->args,
                                        &message,
                                        &offset) < 0) {
        struct gql_error *e = gql_error_add_message(&ex.errors, GQL_CODE_BAD_USER_INPUT, message);
        gql_error_add_location(&ex.errors, e, offset);
        struct gql_path path = {NULL, g->key, 0};
        gql_error_set_path(&ex.errors, e, &path);
        goto out_request_error;
    }
    out->field_name = g->def->name;
    out->response_key = g->key;
    out->field = g->def;
    out->variables = ex.variables;
    return GQL_EXECUTE_OK;

out_request_error:
    write_errors_only(&ex);
    return GQL_EXECUTE_REQUEST_ERROR;
}

int
gql_execute(const struct gql_execute_params *p,
            struct strbuf *out,
            struct gql_execute_result *result)
{
    struct gql_exec ex;
    if (!exec_init(&ex, p, out))
        return GQL_EXECUTE_INVALID_PARAMS;
    if (result) {
        memset(result, 0, sizeof *result);
        result->operation_type = -1;
    }

    /* §6.1 GetOperation */
    const char *message = NULL;
    if (gql_get_operation(p->document, p->operation_name, p->arena, &ex.op, &message) < 0) {
        gql_error_add_message(&ex.errors, GQL_CODE_BAD_USER_INPUT, message);
        goto out_request_error;
    }
    if (result) {
        result->operation_type = (int)ex.op->operation;
        result->operation_name = ex.op->name.value;
    }
    if ((ex.op->operation == GQL_OP_MUTATION && (p->flags & GQL_EXECUTE_NO_MUTATION)) ||
        (ex.op->operation == GQL_OP_QUERY && (p->flags & GQL_EXECUTE_NO_QUERY))) {
        struct gql_error *e = gql_error_add(&ex.errors,
                                            GQL_CODE_BAD_USER_INPUT,
                                            "Can only perform a %s operation from a POST request.",
                                            gql_operation_type_name(ex.op->operation));
        gql_error_add_location(&ex.errors, e, ex.op->node.start);
        goto out_request_error;
    }

    /* §6.1.2 CoerceVariableValues */
    if (gql_exec_coerce_variable_values(&ex, p->variables, &ex.variables) < 0)
        goto out_request_error;

    gql_exec_index_fragments(&ex);
    ex.string_type = gql_schema_type(ex.schema, "String", 6);
    ex.id_type = gql_schema_type(ex.schema, "ID", 2);
    ex.int_type = gql_schema_type(ex.schema, "Int", 3);
    ex.boolean_type = gql_schema_type(ex.schema, "Boolean", 7);
    const struct gql_type_def *root_type = gql_schema_root_type(ex.schema, ex.op->operation);

    size_t start = out->len;
    strbuf_puts(out, "{\"data\":");
    size_t data_mark = out->len;
    int rc;
    if (root_type == NULL) {
        struct gql_error *e = gql_error_add(&ex.errors,
                                            NULL,
                                            "Schema is not configured to execute %s operation.",
                                            gql_operation_type_name(ex.op->operation));
        gql_error_add_location(&ex.errors, e, ex.op->node.start);
        rc = FAILED;
    } else {
        struct grouped_fields root = {NULL, 0, 0, NULL};
        gql_exec_collect_fields(&ex, root_type, ex.op->selection_set, &root);
        if (check_introspection(&ex, &root) < 0) {
            strbuf_truncate(out, start);
            goto out_request_error;
        }
        struct gql_val null_root = gql_val_null();
        const struct gql_val *source = p->root_value ? p->root_value : &null_root;
        /* §6.2.1-6.2.3: queries and subscription events via ExecuteSelectionSet, mutations
         * via ExecuteFieldsSerially (identical here: resolvers run one at a time). */
        rc = execute_fields(&ex, root_type, source, &root, NULL, NULL, NULL);
    }
    if (rc == FAILED) {
        strbuf_truncate(out, data_mark);
        strbuf_puts(out, "null");
    }
    strbuf_putc(out, '}');

    if (ex.errors.count > 0) {
        /* Insert "errors":[...], right after the opening brace. */
        struct strbuf errs = STRBUF_INIT;
        strbuf_puts(&errs, "\"errors\":");
        write_errors(&ex, &errs);
        strbuf_putc(&errs, ',');
        strbuf_reserve(out, errs.len);
        memmove(out->data + start + 1 + errs.len, out->data + start + 1, out->len - start - 1);
        memcpy(out->data + start + 1, errs.data, errs.len);
        out->len += errs.len;
        out->data[out->len] = '\0';
        strbuf_free(&errs);
    }
    if (result) {
        result->error_count = ex.errors.count;
        result->resolver_calls = ex.resolver_calls;
        result->data_null = rc == FAILED;
    }
    return GQL_EXECUTE_OK;

out_request_error:
    write_errors_only(&ex);
    if (result) {
        result->error_count = ex.errors.count;
        result->data_null = true;
    }
    return GQL_EXECUTE_REQUEST_ERROR;
}
