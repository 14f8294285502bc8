/*
 * Schema validation (GraphQL specification, October 2021, §3 "Type System": the "Type
 * Validation" sub-sections; graphql-js type/validate.ts validateSchema): root types are
 * object types; names do not start with "__"; objects and interfaces define fields of
 * output types with arguments of input types; types implement interfaces correctly
 * (covariant field types, equal argument types, no extra required arguments, transitive
 * interfaces declared, no self or duplicate implementation); union members are unique
 * object types; enums have values; input objects have input fields, no cycle of non-null
 * input fields, and @oneOf fields are nullable without defaults; required arguments and
 * input fields are not deprecated. Messages and locations are graphql-js's.
 */
#include "core/arena.h"
#include "core/strbuf.h"
#include "gql/schema.h"
#include "type_internal.h"

#include <stdlib.h>
#include <string.h>

struct vctx {
    const struct gql_schema *schema;
    struct gql_error_list *errors;
    uint32_t count;
    struct strbuf sb;         /* the message being built */
    struct strbuf coordinate; /* "T.f(a:)": what an input value check is about */
};

/* Starts an error with the message built in c->sb, located at node (may be NULL). */
static struct gql_error *
report(struct vctx *c, const struct gql_node *node)
{
    struct gql_error *e = gql_error_add_message(c->errors, NULL, strbuf_cstr(&c->sb));
    strbuf_reset(&c->sb);
    if (node != NULL)
        gql_error_add_location(c->errors, e, node->start);
    c->count++;
    return e;
}

static void
also(struct vctx *c, struct gql_error *e, const struct gql_node *node)
{
    if (node != NULL)
        gql_error_add_location(c->errors, e, node->start);
}

static void
put_type(struct vctx *c, const struct gql_type_def *t)
{
    gql_type_def_print(t, &c->sb);
}

static bool
reserved(const char *name)
{
    return name[0] == '_' && name[1] == '_';
}

static void
validate_name(struct vctx *c, const char *name, const struct gql_node *node)
{
    if (!reserved(name))
        return;
    strbuf_printf(&c->sb,
                  "Name \"%s\" must not begin with \"__\", which is reserved by GraphQL "
                  "introspection.",
                  name);
    report(c, node);
}

static const struct gql_node *
type_node_of(const struct gql_input_value_def *v)
{
    return v->ast != NULL ? &v->ast->type->node : NULL;
}

static const struct gql_node *
deprecated_node(const struct gql_directive_list *dirs)
{
    if (dirs == NULL)
        return NULL;
    for (uint32_t i = 0; i < dirs->count; i++)
        if (gql_name_is(&dirs->items[i]->name, "deprecated"))
            return &dirs->items[i]->node;
    return NULL;
}

static bool
is_required(const struct gql_input_value_def *v)
{
    return gql_type_def_is_non_null(v->type) && !v->has_default;
}

/*
 * The checks every argument and input field gets: its name, an input type, not deprecated
 * when required. coordinate names it in messages ("T.f(a:)", "@d(a:)", "I.f"); what is
 * "argument" or "input field"; a wrong type is reported at type_error_at.
 */
static void
validate_input_value(struct vctx *c,
                     const struct gql_input_value_def *v,
                     const char *coordinate,
                     const char *what,
                     const struct gql_node *type_error_at)
{
    validate_name(c, v->name, v->ast != NULL ? &v->ast->node : NULL);
    if (!gql_type_def_is_input(v->type)) {
        strbuf_printf(&c->sb, "The type of %s must be Input Type but got: ", coordinate);
        put_type(c, v->type);
        strbuf_putc(&c->sb, '.');
        report(c, type_error_at);
    }
    if (is_required(v) && v->deprecation_reason != NULL) {
        strbuf_printf(&c->sb, "Required %s %s cannot be deprecated.", what, coordinate);
        struct gql_error *e =
            report(c, v->ast != NULL ? deprecated_node(&v->ast->directives) : NULL);
        also(c, e, type_node_of(v));
    }
}

/* Adds a type's definition and extensions as locations of e. */
static void
also_at_type(struct vctx *c, struct gql_error *e, const struct gql_type_def *t)
{
    also(c, e, t->ast);
    for (uint32_t i = 0; i < t->extension_ast_count; i++)
        also(c, e, t->extension_asts[i]);
}

/* Reports the message in c->sb at a type's definition and extensions. */
static void
report_at_type(struct vctx *c, const struct gql_type_def *t)
{
    also_at_type(c, report(c, NULL), t);
}

/*-------------------------------------------------------------------------------------------
 * Root types.
 *-------------------------------------------------------------------------------------------*/

static const struct gql_node *
operation_type_node(const struct gql_schema *s, enum gql_operation_type op)
{
    size_t n = s->extension_ast_count + 1;
    for (size_t k = 0; k < n; k++) {
        const struct gql_schema_definition *sd = k == 0 ? s->ast : s->extension_asts[k - 1];
        if (sd == NULL)
            continue;
        for (uint32_t i = 0; i < sd->operation_types.count; i++)
            if (sd->operation_types.items[i]->operation == op)
                return &sd->operation_types.items[i]->type->node;
    }
    return NULL;
}

static void
validate_root_types(struct vctx *c)
{
    const struct gql_schema *s = c->schema;
    static const char *const words[3] = {"Query", "Mutation", "Subscription"};
    const struct gql_type_def *roots[3] = {s->query_type, s->mutation_type, s->subscription_type};
    if (roots[0] == NULL) {
        strbuf_puts(&c->sb, "Query root type must be provided.");
        report(c, s->ast != NULL ? &s->ast->node : NULL);
    }
    for (int op = 0; op < 3; op++) {
        const struct gql_type_def *t = roots[op];
        if (t == NULL || t->kind == GQL_TYPE_OBJECT)
            continue;
        strbuf_printf(&c->sb,
                      "%s root type must be Object type%s, it cannot be %s.",
                      words[op],
                      op == 0 ? "" : " if provided",
                      t->name);
        const struct gql_node *at = operation_type_node(s, (enum gql_operation_type)op);
        report(c, at != NULL ? at : t->ast);
    }
}

/*-------------------------------------------------------------------------------------------
 * Directives.
 *-------------------------------------------------------------------------------------------*/

static void
validate_directives(struct vctx *c)
{
    const struct gql_schema *s = c->schema;
    for (uint32_t i = 0; i < s->directive_count; i++) {
        const struct gql_directive_def *d = s->directives[i];
        validate_name(c, d->name, d->ast != NULL ? &d->ast->node : NULL);
        if (d->locations == 0 && (d->ast == NULL || d->ast->locations.count == 0)) {
            strbuf_printf(&c->sb, "Directive @%s must include 1 or more locations.", d->name);
            report(c, d->ast != NULL ? &d->ast->node : NULL);
        }
        for (uint32_t a = 0; a < d->arg_count; a++) {
            const struct gql_input_value_def *arg = &d->args[a];
            strbuf_reset(&c->coordinate);
            strbuf_printf(&c->coordinate, "@%s(%s:)", d->name, arg->name);
            /* graphql-js reports a directive argument's wrong type at the argument. */
            validate_input_value(c,
                                 arg,
                                 strbuf_cstr(&c->coordinate),
                                 "argument",
                                 arg->ast != NULL ? &arg->ast->node : NULL);
        }
    }
}

/*-------------------------------------------------------------------------------------------
 * Objects and interfaces.
 *-------------------------------------------------------------------------------------------*/

/* The named types a definition or extension lists: `implements` (objects, interfaces) or
 * members (unions). */
static const struct gql_type_list *
type_list_of(const struct gql_node *n)
{
    switch (n->kind) {
    case GQL_KIND_OBJECT_TYPE_DEFINITION:
    case GQL_KIND_OBJECT_TYPE_EXTENSION:
        return &((const struct gql_object_type_definition *)n)->interfaces;
    case GQL_KIND_INTERFACE_TYPE_DEFINITION:
    case GQL_KIND_INTERFACE_TYPE_EXTENSION:
        return &((const struct gql_interface_type_definition *)n)->interfaces;
    case GQL_KIND_UNION_TYPE_DEFINITION:
    case GQL_KIND_UNION_TYPE_EXTENSION:
        return &((const struct gql_union_type_definition *)n)->types;
    default:
        return NULL;
    }
}

/*
 * Locates *e at every reference to name in type's `implements` or member lists, over its
 * definition and extensions (graphql-js getAllImplementsInterfaceNodes,
 * getUnionMemberTypeNodes). When *e is NULL the message in c->sb is reported at the first
 * reference found.
 */
static void
add_references(struct vctx *c,
               struct gql_error **e,
               const struct gql_type_def *type,
               const char *name)
{
    uint32_t n = type->extension_ast_count + 1;
    for (uint32_t k = 0; k < n; k++) {
        const struct gql_node *node = k == 0 ? type->ast : type->extension_asts[k - 1];
        const struct gql_type_list *list = node != NULL ? type_list_of(node) : NULL;
        for (uint32_t i = 0; list != NULL && i < list->count; i++) {
            if (!gql_name_is(&list->items[i]->name, name))
                continue;
            if (*e == NULL)
                *e = report(c, &list->items[i]->node);
            else
                also(c, *e, &list->items[i]->node);
        }
    }
}

/* Reports the message in c->sb at the references to name in type (or nowhere, if none). */
static struct gql_error *
report_at_references(struct vctx *c, const struct gql_type_def *type, const char *name)
{
    struct gql_error *e = NULL;
    add_references(c, &e, type, name);
    return e != NULL ? e : report(c, NULL);
}

static void
validate_fields(struct vctx *c, const struct gql_type_def *t)
{
    if (t->field_count == 0) {
        strbuf_printf(&c->sb, "Type %s must define one or more fields.", t->name);
        report_at_type(c, t);
    }
    for (uint32_t i = 0; i < t->field_count; i++) {
        const struct gql_field_def *f = &t->fields[i];
        validate_name(c, f->name, f->ast != NULL ? &f->ast->node : NULL);
        if (!gql_type_def_is_output(f->type)) {
            strbuf_printf(
                &c->sb, "The type of %s.%s must be Output Type but got: ", t->name, f->name);
            put_type(c, f->type);
            strbuf_putc(&c->sb, '.');
            report(c, f->ast != NULL ? &f->ast->type->node : NULL);
        }
        for (uint32_t a = 0; a < f->arg_count; a++) {
            const struct gql_input_value_def *arg = &f->args[a];
            strbuf_reset(&c->coordinate);
            strbuf_printf(&c->coordinate, "%s.%s(%s:)", t->name, f->name, arg->name);
            validate_input_value(
                c, arg, strbuf_cstr(&c->coordinate), "argument", type_node_of(arg));
        }
    }
}

static void
validate_type_implements_interface(struct vctx *c,
                                   const struct gql_type_def *type,
                                   const struct gql_type_def *iface)
{
    for (uint32_t i = 0; i < iface->field_count; i++) {
        const struct gql_field_def *iface_field = &iface->fields[i];
        const struct gql_field_def *type_field =
            gql_type_def_field(type, iface_field->name, iface_field->name_len);
        if (type_field == NULL) {
            strbuf_printf(&c->sb,
                          "Interface field %s.%s expected but %s does not provide it.",
                          iface->name,
                          iface_field->name,
                          type->name);
            struct gql_error *e =
                report(c, iface_field->ast != NULL ? &iface_field->ast->node : NULL);
            also_at_type(c, e, type);
            continue;
        }
        if (!gql_type_def_is_subtype_of(c->schema, type_field->type, iface_field->type)) {
            strbuf_printf(
                &c->sb, "Interface field %s.%s expects type ", iface->name, iface_field->name);
            put_type(c, iface_field->type);
            strbuf_printf(&c->sb, " but %s.%s is type ", type->name, type_field->name);
            put_type(c, type_field->type);
            strbuf_putc(&c->sb, '.');
            struct gql_error *e =
                report(c, iface_field->ast != NULL ? &iface_field->ast->type->node : NULL);
            also(c, e, type_field->ast != NULL ? &type_field->ast->type->node : NULL);
        }
        for (uint32_t a = 0; a < iface_field->arg_count; a++) {
            const struct gql_input_value_def *iface_arg = &iface_field->args[a];
            const struct gql_input_value_def *type_arg =
                gql_field_def_arg(type_field, iface_arg->name, iface_arg->name_len);
            if (type_arg == NULL) {
                strbuf_printf(&c->sb,
                              "Interface field argument %s.%s(%s:) expected but %s.%s does not "
                              "provide it.",
                              iface->name,
                              iface_field->name,
                              iface_arg->name,
                              type->name,
                              type_field->name);
                struct gql_error *e =
                    report(c, iface_arg->ast != NULL ? &iface_arg->ast->node : NULL);
                also(c, e, type_field->ast != NULL ? &type_field->ast->node : NULL);
                continue;
            }
            if (!gql_type_def_equal(iface_arg->type, type_arg->type)) {
                strbuf_printf(&c->sb,
                              "Interface field argument %s.%s(%s:) expects type ",
                              iface->name,
                              iface_field->name,
                              iface_arg->name);
                put_type(c, iface_arg->type);
                strbuf_printf(&c->sb,
                              " but %s.%s(%s:) is type ",
                              type->name,
                              type_field->name,
                              type_arg->name);
                put_type(c, type_arg->type);
                strbuf_putc(&c->sb, '.');
                struct gql_error *e = report(c, type_node_of(iface_arg));
                also(c, e, type_node_of(type_arg));
            }
        }
        for (uint32_t a = 0; a < type_field->arg_count; a++) {
            const struct gql_input_value_def *type_arg = &type_field->args[a];
            if (gql_field_def_arg(iface_field, type_arg->name, type_arg->name_len) == NULL &&
                is_required(type_arg)) {
                strbuf_printf(&c->sb,
                              "Object field %s.%s includes required argument %s that is missing "
                              "from the Interface field %s.%s.",
                              type->name,
                              type_field->name,
                              type_arg->name,
                              iface->name,
                              iface_field->name);
                struct gql_error *e =
                    report(c, type_arg->ast != NULL ? &type_arg->ast->node : NULL);
                also(c, e, iface_field->ast != NULL ? &iface_field->ast->node : NULL);
            }
        }
    }
}

static bool
declares_interface(const struct gql_type_def *t, const struct gql_type_def *iface)
{
    for (uint32_t i = 0; i < t->interface_count; i++)
        if (t->interfaces[i] == iface)
            return true;
    return false;
}

static void
validate_interfaces(struct vctx *c, const struct gql_type_def *type)
{
    for (uint32_t i = 0; i < type->interface_count; i++) {
        const struct gql_type_def *iface = type->interfaces[i];
        if (iface->kind != GQL_TYPE_INTERFACE) {
            strbuf_printf(&c->sb,
                          "Type %s must only implement Interface types, it cannot implement %s.",
                          type->name,
                          iface->name);
            report_at_references(c, type, iface->name);
            continue;
        }
        if (iface == type) {
            strbuf_printf(&c->sb,
                          "Type %s cannot implement itself because it would create a circular "
                          "reference.",
                          type->name);
            report_at_references(c, type, iface->name);
            continue;
        }
        bool dup = false;
        for (uint32_t k = 0; k < i; k++)
            if (type->interfaces[k] == iface)
                dup = true;
        if (dup) {
            strbuf_printf(&c->sb, "Type %s can only implement %s once.", type->name, iface->name);
            report_at_references(c, type, iface->name);
            continue;
        }
        /* validateTypeImplementsAncestors */
        for (uint32_t k = 0; k < iface->interface_count; k++) {
            const struct gql_type_def *transitive = iface->interfaces[k];
            if (declares_interface(type, transitive))
                continue;
            if (transitive == type)
                strbuf_printf(&c->sb,
                              "Type %s cannot implement %s because it would create a circular "
                              "reference.",
                              type->name,
                              iface->name);
            else
                strbuf_printf(&c->sb,
                              "Type %s must implement %s because it is implemented by %s.",
                              type->name,
                              transitive->name,
                              iface->name);
            /* At iface's `implements transitive`, then type's `implements iface`. */
            struct gql_error *te = report_at_references(c, iface, transitive->name);
            add_references(c, &te, type, iface->name);
        }
        validate_type_implements_interface(c, type, iface);
    }
}

/*-------------------------------------------------------------------------------------------
 * Unions, enums, input objects.
 *-------------------------------------------------------------------------------------------*/

static void
validate_union(struct vctx *c, const struct gql_type_def *u)
{
    if (u->possible_type_count == 0) {
        strbuf_printf(&c->sb, "Union type %s must define one or more member types.", u->name);
        report_at_type(c, u);
    }
    for (uint32_t i = 0; i < u->possible_type_count; i++) {
        const struct gql_type_def *m = u->possible_types[i];
        bool dup = false;
        for (uint32_t k = 0; k < i; k++)
            if (u->possible_types[k] == m)
                dup = true;
        if (dup) {
            strbuf_printf(&c->sb, "Union type %s can only include type %s once.", u->name, m->name);
            report_at_references(c, u, m->name);
            continue;
        }
        if (m->kind != GQL_TYPE_OBJECT) {
            strbuf_printf(&c->sb,
                          "Union type %s can only include Object types, it cannot include %s.",
                          u->name,
                          m->name);
            report_at_references(c, u, m->name);
        }
    }
}

static void
validate_enum(struct vctx *c, const struct gql_type_def *t)
{
    if (t->enum_value_count == 0) {
        strbuf_printf(&c->sb, "Enum type %s must define one or more values.", t->name);
        report_at_type(c, t);
    }
    for (uint32_t i = 0; i < t->enum_value_count; i++) {
        const struct gql_enum_value_def *v = &t->enum_values[i];
        validate_name(c, v->name, v->ast != NULL ? &v->ast->node : NULL);
    }
}

static void
validate_input_fields(struct vctx *c, const struct gql_type_def *t)
{
    if (t->input_field_count == 0) {
        strbuf_printf(&c->sb, "Input Object type %s must define one or more fields.", t->name);
        report_at_type(c, t);
    }
    for (uint32_t i = 0; i < t->input_field_count; i++) {
        const struct gql_input_value_def *f = &t->input_fields[i];
        strbuf_reset(&c->coordinate);
        strbuf_printf(&c->coordinate, "%s.%s", t->name, f->name);
        validate_input_value(c, f, strbuf_cstr(&c->coordinate), "input field", type_node_of(f));
        if (t->is_one_of) {
            if (gql_type_def_is_non_null(f->type)) {
                strbuf_printf(
                    &c->sb, "OneOf input field %s.%s must be nullable.", t->name, f->name);
                report(c, type_node_of(f));
            }
            if (f->has_default) {
                strbuf_printf(&c->sb,
                              "OneOf input field %s.%s cannot have a default value.",
                              t->name,
                              f->name);
                report(c, f->ast != NULL ? &f->ast->node : NULL);
            }
        }
    }
}

/*
 * graphql-js createInputObjectCircularRefsValidator, with an explicit stack: a depth-first
 * walk along non-null input-object fields reporting each cycle once.
 */
struct cycle_frame {
    const struct gql_type_def *type;
    uint32_t next_field;
};

struct cycle_state {
    bool *visited;       /* by type index */
    int32_t *path_index; /* by type index: position in field_path, -1 when not on it */
    const struct gql_input_value_def **field_path;
    struct cycle_frame *stack;
    size_t path_len;
};

static const struct gql_type_def *
non_null_input_object(const struct gql_input_value_def *f)
{
    if (!gql_type_def_is_non_null(f->type))
        return NULL;
    const struct gql_type_def *inner = f->type->of_type;
    return inner->kind == GQL_TYPE_INPUT_OBJECT ? inner : NULL;
}

static void
detect_cycles(struct vctx *c, struct cycle_state *st, const struct gql_type_def *root)
{
    if (st->visited[root->index])
        return;
    size_t depth = 0;
    st->visited[root->index] = true;
    st->path_index[root->index] = (int32_t)st->path_len;
    st->stack[depth++] = (struct cycle_frame){root, 0};
    while (depth > 0) {
        struct cycle_frame *fr = &st->stack[depth - 1];
        if (fr->next_field == fr->type->input_field_count) {
            st->path_index[fr->type->index] = -1;
            depth--;
            if (depth > 0)
                st->path_len--; /* pop the field that led here */
            continue;
        }
        const struct gql_input_value_def *f = &fr->type->input_fields[fr->next_field++];
        const struct gql_type_def *ft = non_null_input_object(f);
        if (ft == NULL)
            continue;
        int32_t cycle_index = st->path_index[ft->index];
        st->field_path[st->path_len++] = f;
        if (cycle_index < 0) {
            if (st->visited[ft->index]) {
                st->path_len--;
                continue;
            }
            st->visited[ft->index] = true;
            st->path_index[ft->index] = (int32_t)st->path_len;
            st->stack[depth++] = (struct cycle_frame){ft, 0};
            continue;
        }
        strbuf_printf(&c->sb,
                      "Cannot reference Input Object \"%s\" within itself through a series of "
                      "non-null fields: \"",
                      ft->name);
        for (size_t k = (size_t)cycle_index; k < st->path_len; k++) {
            if (k > (size_t)cycle_index)
                strbuf_putc(&c->sb, '.');
            strbuf_puts(&c->sb, st->field_path[k]->name);
        }
        strbuf_puts(&c->sb, "\".");
        const struct gql_input_value_def *first = st->field_path[cycle_index];
        struct gql_error *e = report(c, first->ast != NULL ? &first->ast->node : NULL);
        for (size_t k = (size_t)cycle_index + 1; k < st->path_len; k++)
            also(c, e, st->field_path[k]->ast != NULL ? &st->field_path[k]->ast->node : NULL);
        st->path_len--;
    }
}

uint32_t
gql_tsys_validate_schema(const struct gql_schema *schema, struct gql_error_list *errors)
{
    struct vctx c = {schema, errors, 0, STRBUF_INIT, STRBUF_INIT};
    validate_root_types(&c);
    validate_directives(&c);
    size_t n = schema->type_count;
    struct cycle_state st;
    st.visited = calloc(n + 1, sizeof *st.visited);
    st.path_index = malloc((n + 1) * sizeof *st.path_index);
    st.field_path = malloc((n + 1) * sizeof *st.field_path);
    st.stack = malloc((n + 1) * sizeof *st.stack);
    if (st.visited == NULL || st.path_index == NULL || st.field_path == NULL || st.stack == NULL)
        abort();
    for (size_t i = 0; i < n; i++)
        st.path_index[i] = -1;
    st.path_len = 0;
    for (uint32_t i = 0; i < schema->type_count; i++) {
        const struct gql_type_def *t = schema->types[i];
        if (!t->introspection)
            validate_name(&c, t->name, t->ast);
        switch (t->kind) {
        case GQL_TYPE_OBJECT:
        case GQL_TYPE_INTERFACE:
            validate_fields(&c, t);
            validate_interfaces(&c, t);
            break;
        case GQL_TYPE_UNION:
            validate_union(&c, t);
            break;
        case GQL_TYPE_ENUM:
            validate_enum(&c, t);
            break;
        case GQL_TYPE_INPUT_OBJECT:
            validate_input_fields(&c, t);
            detect_cycles(&c, &st, t);
            break;
        default:
            break;
        }
    }
    free(st.visited);
    free(st.path_index);
    free(st.field_path);
    free(st.stack);
    strbuf_free(&c.sb);
    strbuf_free(&c.coordinate);
    return c.count;
}
