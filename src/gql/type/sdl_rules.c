/*
 * Validation of a type-system document before a schema is built from it (graphql-js
 * assertValidSDL with specifiedSDLRules): lone schema definition, unique operation types,
 * unique type / enum value / field / argument / directive names, known type names, known
 * directives in valid locations, directives unique per location, possible type extensions,
 * known and unique directive arguments, unique input field names, required directive
 * arguments. Messages and locations are graphql-js's.
 *
 * The document is walked once, in graphql-js's visiting order, so errors come out in the
 * same order. Value literals are walked recursively; the parser bounds their depth.
 */
#include "core/arena.h"
#include "core/strbuf.h"
#include "gql/ast.h"
#include "gql/error.h"
#include "gql/printer.h"
#include "gql/schema.h"
#include "type_internal.h"
#include "util/suggest.h"

#include <string.h>

/* The directives already seen on one location (schema, a type across its extensions). */
struct seen_set {
    ARENA_VEC(const struct gql_directive *) items;
};

struct sdl_check {
    struct arena *scratch;
    struct gql_error_list *errors;
    uint32_t error_count;
    const struct gql_document *doc;

    struct gql_schema_index *directives;      /* name -> gql_directive_definition (prelude, doc) */
    struct gql_schema_index *defined;         /* type name -> first definition node in doc */
    struct gql_schema_index *standard;        /* built-in type names -> non-NULL */
    ARENA_VEC(const char *) type_names;       /* standard names then defined names, for hints */
    size_t standard_count;                    /* how many of type_names are standard names */
    struct gql_schema_index *type_seen;       /* type name -> struct seen_set (directives) */
    struct gql_schema_index *type_names_seen; /* UniqueTypeNames: name -> gql_name */
    struct gql_schema_index *field_names;     /* "Type.field" -> gql_name */
    struct gql_schema_index *enum_names;      /* "Type.VALUE" -> gql_name */
    struct gql_schema_index *directive_names; /* UniqueDirectiveNames: name -> gql_name */
    struct seen_set schema_seen;
    const struct gql_operation_type_definition *op_types[3];
    uint32_t schema_definitions;
};

/*-------------------------------------------------------------------------------------------
 * Helpers.
 *-------------------------------------------------------------------------------------------*/

static struct gql_error *
report(struct sdl_check *c, const struct gql_node *at, const char *message)
{
    struct gql_error *e = gql_error_add_message(c->errors, NULL, message);
    if (at != NULL)
        gql_error_add_location(c->errors, e, at->start);
    c->error_count++;
    return e;
}

static void
also_at(struct sdl_check *c, struct gql_error *e, const struct gql_node *at)
{
    if (at != NULL)
        gql_error_add_location(c->errors, e, at->start);
}

static const char *
fmt(struct sdl_check *c, struct strbuf *sb)
{
    char *s = arena_strndup(c->scratch, strbuf_cstr(sb), sb->len);
    strbuf_reset(sb);
    return s;
}

/* Appends graphql-js didYouMean(suggestionList(input, options)). */
static void
did_you_mean(
    struct sdl_check *c, struct strbuf *sb, const char *input, const char *const *options, size_t n)
{
    const char **list;
    size_t count = gql_suggestion_list(c->scratch, input, options, n, &list);
    gql_did_you_mean(sb, NULL, list, count);
}

/*-------------------------------------------------------------------------------------------
 * Values and types.
 *-------------------------------------------------------------------------------------------*/

/* UniqueInputFieldNames inside a value literal. */
static void
check_value(struct sdl_check *c, const struct gql_value *v)
{
    if (v == NULL)
        return;
    if (v->node.kind == GQL_KIND_LIST_VALUE) {
        for (uint32_t i = 0; i < v->list.count; i++)
            check_value(c, v->list.items[i]);
        return;
    }
    if (v->node.kind != GQL_KIND_OBJECT_VALUE)
        return;
    for (uint32_t i = 0; i < v->object.count; i++) {
        const struct gql_object_field *f = v->object.items[i];
        for (uint32_t j = 0; j < i; j++) {
            const struct gql_object_field *g = v->object.items[j];
            if (gql_name_eq(&f->name, &g->name)) {
                struct strbuf sb = STRBUF_INIT;
                strbuf_printf(
                    &sb, "There can be only one input field named \"%s\".", f->name.value);
                struct gql_error *e = report(c, &g->name.node, fmt(c, &sb));
                also_at(c, e, &f->name.node);
                strbuf_free(&sb);
                break;
            }
        }
        check_value(c, f->value);
    }
}

/* KnownTypeNames for the named type inside t. */
static void
check_type_ref(struct sdl_check *c, const struct gql_type *t)
{
    const struct gql_type *named = gql_type_named(t);
    if (named == NULL || named->name.value == NULL)
        return;
    const char *name = named->name.value;
    if (gql_tsys_index_get(c->defined, name, named->name.len) != NULL ||
        gql_tsys_index_get(c->standard, name, named->name.len) != NULL)
        return;
    struct strbuf sb = STRBUF_INIT;
    strbuf_printf(&sb, "Unknown type \"%s\".", name);
    did_you_mean(c, &sb, name, c->type_names.items, c->type_names.len);
    report(c, &named->node, fmt(c, &sb));
    strbuf_free(&sb);
}

/*-------------------------------------------------------------------------------------------
 * Directives.
 *-------------------------------------------------------------------------------------------*/

static const struct gql_directive_definition *
directive_def(struct sdl_check *c, const struct gql_name *name)
{
    return gql_tsys_index_get(c->directives, name->value, name->len);
}

static bool
location_allowed(const struct gql_directive_definition *d, enum gql_directive_location loc)
{
    const char *want = gql_directive_location_name(loc);
    for (uint32_t i = 0; i < d->locations.count; i++)
        if (gql_name_is(&d->locations.items[i], want))
            return true;
    return false;
}

/*
 * The checks graphql-js runs on a node carrying directives (UniqueDirectivesPerLocation),
 * then on each directive (KnownDirectives, KnownArgumentNamesOnDirectives,
 * UniqueArgumentNames, UniqueInputFieldNames, ProvidedRequiredArgumentsOnDirectives).
 */
static void
check_directives(struct sdl_check *c,
                 const struct gql_directive_list *dirs,
                 enum gql_directive_location loc,
                 struct seen_set *seen)
{
    if (dirs == NULL || dirs->count == 0)
        return;
    struct seen_set local = {{NULL, 0, 0}};
    if (seen == NULL)
        seen = &local;
    struct strbuf sb = STRBUF_INIT;
    for (uint32_t i = 0; i < dirs->count; i++) {
        const struct gql_directive *d = dirs->items[i];
        const struct gql_directive_definition *def = directive_def(c, &d->name);
        if (def == NULL || def->repeatable)
            continue;
        const struct gql_directive *prev = NULL;
        for (size_t j = 0; j < seen->items.len; j++)
            if (gql_name_eq(&seen->items.items[j]->name, &d->name))
                prev = seen->items.items[j];
        if (prev != NULL) {
            strbuf_printf(&sb,
                          "The directive \"@%s\" can only be used once at this location.",
                          d->name.value);
            struct gql_error *e = report(c, &prev->node, fmt(c, &sb));
            also_at(c, e, &d->node);
        } else {
            ARENA_VEC_PUSH(c->scratch, &seen->items, d);
        }
    }
    for (uint32_t i = 0; i < dirs->count; i++) {
        const struct gql_directive *d = dirs->items[i];
        const struct gql_directive_definition *def = directive_def(c, &d->name);
        if (def == NULL) {
            strbuf_printf(&sb, "Unknown directive \"@%s\".", d->name.value);
            report(c, &d->node, fmt(c, &sb));
        } else if (!location_allowed(def, loc)) {
            strbuf_printf(&sb,
                          "Directive \"@%s\" may not be used on %s.",
                          d->name.value,
                          gql_directive_location_name(loc));
            report(c, &d->node, fmt(c, &sb));
        }
        if (def != NULL) {
            const char **names =
                arena_alloc(c->scratch, (def->arguments.count + 1) * sizeof(char *));
            for (uint32_t k = 0; k < def->arguments.count; k++)
                names[k] = def->arguments.items[k]->name.value;
            for (uint32_t a = 0; a < d->arguments.count; a++) {
                const struct gql_argument *arg = d->arguments.items[a];
                bool known = false;
                for (uint32_t k = 0; k < def->arguments.count; k++)
                    if (gql_name_eq(&def->arguments.items[k]->name, &arg->name))
                        known = true;
                if (!known) {
                    strbuf_printf(&sb,
                                  "Unknown argument \"%s\" on directive \"@%s\".",
                                  arg->name.value,
                                  d->name.value);
                    did_you_mean(c, &sb, arg->name.value, names, def->arguments.count);
                    report(c, &arg->node, fmt(c, &sb));
                }
            }
        }
        /* UniqueArgumentNames: one error per repeated name, at every occurrence. */
        for (uint32_t a = 0; a < d->arguments.count; a++) {
            const struct gql_argument *arg = d->arguments.items[a];
            bool first = true;
            uint32_t n = 0;
            for (uint32_t b = 0; b < d->arguments.count; b++) {
                if (gql_name_eq(&d->arguments.items[b]->name, &arg->name)) {
                    if (b < a)
                        first = false;
                    n++;
                }
            }
            if (!first || n < 2)
                continue;
            strbuf_printf(&sb, "There can be only one argument named \"%s\".", arg->name.value);
            struct gql_error *e = report(c, &arg->name.node, fmt(c, &sb));
            for (uint32_t b = a + 1; b < d->arguments.count; b++)
                if (gql_name_eq(&d->arguments.items[b]->name, &arg->name))
                    also_at(c, e, &d->arguments.items[b]->name.node);
        }
        for (uint32_t a = 0; a < d->arguments.count; a++)
            check_value(c, d->arguments.items[a]->value);
        if (def != NULL) {
            for (uint32_t k = 0; k < def->arguments.count; k++) {
                const struct gql_input_value_definition *ad = def->arguments.items[k];
                if (ad->type->node.kind != GQL_KIND_NON_NULL_TYPE || ad->default_value != NULL)
                    continue;
                bool given = false;
                for (uint32_t a = 0; a < d->arguments.count; a++)
                    if (gql_name_eq(&d->arguments.items[a]->name, &ad->name))
                        given = true;
                if (given)
                    continue;
                strbuf_printf(&sb,
                              "Directive \"@%s\" argument \"%s\" of type \"",
                              d->name.value,
                              ad->name.value);
                gql_print(&ad->type->node, NULL, &sb);
                strbuf_puts(&sb, "\" is required, but it was not provided.");
                report(c, &d->node, fmt(c, &sb));
            }
        }
    }
    strbuf_free(&sb);
}

static struct seen_set *
type_seen(struct sdl_check *c, const struct gql_name *name)
{
    struct seen_set *s =
        (struct seen_set *)gql_tsys_index_get(c->type_seen, name->value, name->len);
    if (s == NULL) {
        s = arena_calloc(c->scratch, 1, sizeof *s);
        gql_tsys_index_put(c->type_seen, name->value, name->len, s);
    }
    return s;
}

/*-------------------------------------------------------------------------------------------
 * Definitions.
 *-------------------------------------------------------------------------------------------*/

static void
check_input_values(struct sdl_check *c,
                   const struct gql_input_value_definition_list *args,
                   enum gql_directive_location loc)
{
    for (uint32_t i = 0; i < args->count; i++) {
        const struct gql_input_value_definition *a = args->items[i];
        check_type_ref(c, a->type);
        check_value(c, a->default_value);
        check_directives(c, &a->directives, loc, NULL);
    }
}

/* UniqueArgumentDefinitionNames for one argument list. */
static void
check_arg_uniqueness(struct sdl_check *c,
                     const char *parent,
                     const struct gql_input_value_definition_list *args)
{
    struct strbuf sb = STRBUF_INIT;
    for (uint32_t i = 0; i < args->count; i++) {
        const struct gql_name *name = &args->items[i]->name;
        bool first = true;
        uint32_t n = 0;
        for (uint32_t j = 0; j < args->count; j++) {
            if (gql_name_eq(&args->items[j]->name, name)) {
                if (j < i)
                    first = false;
                n++;
            }
        }
        if (!first || n < 2)
            continue;
        strbuf_printf(&sb, "Argument \"%s(%s:)\" can only be defined once.", parent, name->value);
        struct gql_error *e = report(c, &name->node, fmt(c, &sb));
        for (uint32_t j = i + 1; j < args->count; j++)
            if (gql_name_eq(&args->items[j]->name, name))
                also_at(c, e, &args->items[j]->name.node);
    }
    strbuf_free(&sb);
}

/* UniqueFieldDefinitionNames / UniqueEnumValueNames across a type and its extensions. */
static void
check_member_name(struct sdl_check *c,
                  struct gql_schema_index *seen,
                  const struct gql_name *type_name,
                  const struct gql_name *member,
                  const char *what)
{
    struct strbuf sb = STRBUF_INIT;
    strbuf_printf(&sb, "%s.%s", type_name->value, member->value);
    const char *key = fmt(c, &sb);
    const struct gql_name *prev = gql_tsys_index_put(seen, key, strlen(key), member);
    if (prev != NULL) {
        strbuf_printf(&sb, "%s \"%s\" can only be defined once.", what, key);
        struct gql_error *e = report(c, &prev->node, fmt(c, &sb));
        also_at(c, e, &member->node);
    }
    strbuf_free(&sb);
}

static void
check_fields(struct sdl_check *c,
             const struct gql_name *type_name,
             const struct gql_field_definition_list *fields,
             bool check_names)
{
    if (check_names)
        for (uint32_t i = 0; i < fields->count; i++)
            check_member_name(c, c->field_names, type_name, &fields->items[i]->name, "Field");
    struct strbuf sb = STRBUF_INIT;
    for (uint32_t i = 0; i < fields->count; i++) {
        const struct gql_field_definition *f = fields->items[i];
        strbuf_printf(&sb, "%s.%s", type_name->value, f->name.value);
        check_arg_uniqueness(c, fmt(c, &sb), &f->arguments);
    }
    strbuf_free(&sb);
}

static void
check_field_children(struct sdl_check *c, const struct gql_field_definition_list *fields)
{
    for (uint32_t i = 0; i < fields->count; i++) {
        const struct gql_field_definition *f = fields->items[i];
        check_directives(c, &f->directives, GQL_LOC_FIELD_DEFINITION, NULL);
        check_input_values(c, &f->arguments, GQL_LOC_ARGUMENT_DEFINITION);
        check_type_ref(c, f->type);
    }
}

static enum gql_kind
extension_kind_of(enum gql_kind def_kind)
{
    switch (def_kind) {
    case GQL_KIND_SCALAR_TYPE_DEFINITION:
        return GQL_KIND_SCALAR_TYPE_EXTENSION;
    case GQL_KIND_OBJECT_TYPE_DEFINITION:
        return GQL_KIND_OBJECT_TYPE_EXTENSION;
    case GQL_KIND_INTERFACE_TYPE_DEFINITION:
        return GQL_KIND_INTERFACE_TYPE_EXTENSION;
    case GQL_KIND_UNION_TYPE_DEFINITION:
        return GQL_KIND_UNION_TYPE_EXTENSION;
    case GQL_KIND_ENUM_TYPE_DEFINITION:
        return GQL_KIND_ENUM_TYPE_EXTENSION;
    case GQL_KIND_INPUT_OBJECT_TYPE_DEFINITION:
        return GQL_KIND_INPUT_OBJECT_TYPE_EXTENSION;
    default:
        return GQL_KIND_COUNT;
    }
}

static const char *
extension_kind_word(enum gql_kind kind)
{
    switch (kind) {
    case GQL_KIND_SCALAR_TYPE_EXTENSION:
        return "scalar";
    case GQL_KIND_OBJECT_TYPE_EXTENSION:
        return "object";
    case GQL_KIND_INTERFACE_TYPE_EXTENSION:
        return "interface";
    case GQL_KIND_UNION_TYPE_EXTENSION:
        return "union";
    case GQL_KIND_ENUM_TYPE_EXTENSION:
        return "enum";
    default:
        return "input object";
    }
}

/* PossibleTypeExtensions. */
static void
check_extension(struct sdl_check *c, const struct gql_node *ext, const struct gql_name *name)
{
    const struct gql_node *def = gql_tsys_index_get(c->defined, name->value, name->len);
    struct strbuf sb = STRBUF_INIT;
    if (def != NULL) {
        if (extension_kind_of(def->kind) != ext->kind) {
            strbuf_printf(&sb,
                          "Cannot extend non-%s type \"%s\".",
                          extension_kind_word(ext->kind),
                          name->value);
            struct gql_error *e = report(c, def, fmt(c, &sb));
            also_at(c, e, ext);
        }
    } else {
        strbuf_printf(&sb, "Cannot extend type \"%s\" because it is not defined.", name->value);
        /* Suggestions among the document's defined types only (no schema is being extended). */
        did_you_mean(c,
                     &sb,
                     name->value,
                     c->type_names.items + c->standard_count,
                     c->type_names.len - c->standard_count);
        report(c, &name->node, fmt(c, &sb));
    }
    strbuf_free(&sb);
}

static void
check_schema_node(struct sdl_check *c, const struct gql_schema_definition *s)
{
    struct strbuf sb = STRBUF_INIT;
    if (s->node.kind == GQL_KIND_SCHEMA_DEFINITION) {
        if (c->schema_definitions > 0)
            report(c, &s->node, "Must provide only one schema definition.");
        c->schema_definitions++;
    }
    for (uint32_t i = 0; i < s->operation_types.count; i++) {
        const struct gql_operation_type_definition *op = s->operation_types.items[i];
        const struct gql_operation_type_definition *prev = c->op_types[op->operation];
        if (prev != NULL) {
            strbuf_printf(&sb,
                          "There can be only one %s type in schema.",
                          gql_operation_type_name(op->operation));
            struct gql_error *e = report(c, &prev->node, fmt(c, &sb));
            also_at(c, e, &op->node);
        } else {
            c->op_types[op->operation] = op;
        }
    }
    check_directives(c, &s->directives, GQL_LOC_SCHEMA, &c->schema_seen);
    for (uint32_t i = 0; i < s->operation_types.count; i++)
        check_type_ref(c, s->operation_types.items[i]->type);
    strbuf_free(&sb);
}

static void
check_type_names(struct sdl_check *c, const struct gql_type_list *types)
{
    for (uint32_t i = 0; i < types->count; i++)
        check_type_ref(c, types->items[i]);
}

static void
check_definition(struct sdl_check *c, const struct gql_node *def)
{
    struct strbuf sb = STRBUF_INIT;
    enum gql_kind kind = def->kind;
    if (kind == GQL_KIND_SCHEMA_DEFINITION || kind == GQL_KIND_SCHEMA_EXTENSION) {
        check_schema_node(c, (const struct gql_schema_definition *)def);
        strbuf_free(&sb);
        return;
    }
    if (kind == GQL_KIND_DIRECTIVE_DEFINITION) {
        const struct gql_directive_definition *d = (const struct gql_directive_definition *)def;
        const struct gql_name *prev =
            gql_tsys_index_put(c->directive_names, d->name.value, d->name.len, &d->name);
        if (prev != NULL) {
            strbuf_printf(&sb, "There can be only one directive named \"@%s\".", d->name.value);
            struct gql_error *e = report(c, &prev->node, fmt(c, &sb));
            also_at(c, e, &d->name.node);
        }
        strbuf_printf(&sb, "@%s", d->name.value);
        check_arg_uniqueness(c, fmt(c, &sb), &d->arguments);
        check_input_values(c, &d->arguments, GQL_LOC_ARGUMENT_DEFINITION);
        strbuf_free(&sb);
        return;
    }
    const struct gql_name *name = gql_node_name(def);
    bool is_ext = gql_kind_is_type_extension(kind);
    if (!is_ext) {
        const struct gql_name *prev =
            gql_tsys_index_put(c->type_names_seen, name->value, name->len, name);
        if (prev != NULL) {
            strbuf_printf(&sb, "There can be only one type named \"%s\".", name->value);
            struct gql_error *e = report(c, &prev->node, fmt(c, &sb));
            also_at(c, e, &name->node);
        }
    }
    switch (kind) {
    case GQL_KIND_ENUM_TYPE_DEFINITION:
    case GQL_KIND_ENUM_TYPE_EXTENSION: {
        const struct gql_enum_type_definition *e = (const struct gql_enum_type_definition *)def;
        for (uint32_t i = 0; i < e->values.count; i++)
            check_member_name(c, c->enum_names, name, &e->values.items[i]->name, "Enum value");
        break;
    }
    case GQL_KIND_OBJECT_TYPE_DEFINITION:
    case GQL_KIND_OBJECT_TYPE_EXTENSION:
        check_fields(c, name, &((const struct gql_object_type_definition *)def)->fields, true);
        break;
    case GQL_KIND_INTERFACE_TYPE_DEFINITION:
    case GQL_KIND_INTERFACE_TYPE_EXTENSION:
        check_fields(c, name, &((const struct gql_interface_type_definition *)def)->fields, true);
        break;
    case GQL_KIND_INPUT_OBJECT_TYPE_DEFINITION:
    case GQL_KIND_INPUT_OBJECT_TYPE_EXTENSION: {
        const struct gql_input_object_type_definition *io =
            (const struct gql_input_object_type_definition *)def;
        for (uint32_t i = 0; i < io->fields.count; i++)
            check_member_name(c, c->field_names, name, &io->fields.items[i]->name, "Field");
        break;
    }
    default:
        break;
    }
    enum gql_directive_location loc =
        (enum gql_directive_location)gql_directive_location_of(def, NULL);
    const struct gql_directive_list *dirs = gql_node_directives(def);
    /* UniqueDirectivesPerLocation runs on entering the node, before its children. */
    struct seen_set *seen = type_seen(c, name);
    if (is_ext)
        check_extension(c, def, name);
    switch (kind) {
    case GQL_KIND_OBJECT_TYPE_DEFINITION:
    case GQL_KIND_OBJECT_TYPE_EXTENSION: {
        const struct gql_object_type_definition *o = (const struct gql_object_type_definition *)def;
        check_type_names(c, &o->interfaces);
        check_directives(c, dirs, loc, seen);
        check_field_children(c, &o->fields);
        break;
    }
    case GQL_KIND_INTERFACE_TYPE_DEFINITION:
    case GQL_KIND_INTERFACE_TYPE_EXTENSION: {
        const struct gql_interface_type_definition *o =
            (const struct gql_interface_type_definition *)def;
        check_type_names(c, &o->interfaces);
        check_directives(c, dirs, loc, seen);
        check_field_children(c, &o->fields);
        break;
    }
    case GQL_KIND_UNION_TYPE_DEFINITION:
    case GQL_KIND_UNION_TYPE_EXTENSION:
        check_directives(c, dirs, loc, seen);
        check_type_names(c, &((const struct gql_union_type_definition *)def)->types);
        break;
    case GQL_KIND_ENUM_TYPE_DEFINITION:
    case GQL_KIND_ENUM_TYPE_EXTENSION: {
        const struct gql_enum_type_definition *e = (const struct gql_enum_type_definition *)def;
        check_directives(c, dirs, loc, seen);
        for (uint32_t i = 0; i < e->values.count; i++)
            check_directives(c, &e->values.items[i]->directives, GQL_LOC_ENUM_VALUE, NULL);
        break;
    }
    case GQL_KIND_INPUT_OBJECT_TYPE_DEFINITION:
    case GQL_KIND_INPUT_OBJECT_TYPE_EXTENSION:
        check_directives(c, dirs, loc, seen);
        check_input_values(c,
                           &((const struct gql_input_object_type_definition *)def)->fields,
                           GQL_LOC_INPUT_FIELD_DEFINITION);
        break;
    default:
        check_directives(c, dirs, loc, seen);
        break;
    }
    strbuf_free(&sb);
}

static void
add_standard_names(struct sdl_check *c, const struct gql_document *prelude)
{
    /* graphql-js standardTypeNames: the specified scalars, then the introspection types. */
    static const char *const scalars[] = {"String", "Int", "Float", "Boolean", "ID"};
    for (size_t i = 0; i < 5; i++) {
        gql_tsys_index_put(c->standard, scalars[i], strlen(scalars[i]), scalars[i]);
        ARENA_VEC_PUSH(c->scratch, &c->type_names, scalars[i]);
    }
    for (uint32_t i = 0; i < prelude->definitions.count; i++) {
        const struct gql_node *d = prelude->definitions.items[i];
        if (d->kind == GQL_KIND_DIRECTIVE_DEFINITION) {
            const struct gql_directive_definition *dd = (const struct gql_directive_definition *)d;
            gql_tsys_index_put(c->directives, dd->name.value, dd->name.len, dd);
            continue;
        }
        const struct gql_name *n = gql_node_name(d);
        if (d->kind == GQL_KIND_SCALAR_TYPE_DEFINITION)
            continue;
        gql_tsys_index_put(c->standard, n->value, n->len, n->value);
        ARENA_VEC_PUSH(c->scratch, &c->type_names, n->value);
    }
    c->standard_count = c->type_names.len;
}

uint32_t
gql_tsys_sdl_validate(struct arena *scratch,
                      const struct gql_document *doc,
                      const struct gql_document *prelude,
                      struct gql_error_list *errors)
{
    struct sdl_check c;
    memset(&c, 0, sizeof c);
    c.scratch = scratch;
    c.errors = errors;
    c.doc = doc;
    size_t n = doc->definitions.count + 64;
    c.directives = gql_tsys_index_new(scratch, n);
    c.defined = gql_tsys_index_new(scratch, n);
    c.standard = gql_tsys_index_new(scratch, 32);
    c.type_seen = gql_tsys_index_new(scratch, n);
    c.type_names_seen = gql_tsys_index_new(scratch, n);
    c.directive_names = gql_tsys_index_new(scratch, n);
    size_t members = 0;
    for (uint32_t i = 0; i < doc->definitions.count; i++) {
        const struct gql_node *d = doc->definitions.items[i];
        switch (d->kind) {
        case GQL_KIND_OBJECT_TYPE_DEFINITION:
        case GQL_KIND_OBJECT_TYPE_EXTENSION:
            members += ((const struct gql_object_type_definition *)d)->fields.count;
            break;
        case GQL_KIND_INTERFACE_TYPE_DEFINITION:
        case GQL_KIND_INTERFACE_TYPE_EXTENSION:
            members += ((const struct gql_interface_type_definition *)d)->fields.count;
            break;
        case GQL_KIND_INPUT_OBJECT_TYPE_DEFINITION:
        case GQL_KIND_INPUT_OBJECT_TYPE_EXTENSION:
            members += ((const struct gql_input_object_type_definition *)d)->fields.count;
            break;
        case GQL_KIND_ENUM_TYPE_DEFINITION:
        case GQL_KIND_ENUM_TYPE_EXTENSION:
            members += ((const struct gql_enum_type_definition *)d)->values.count;
            break;
        default:
            break;
        }
    }
    c.field_names = gql_tsys_index_new(scratch, members + 1);
    c.enum_names = gql_tsys_index_new(scratch, members + 1);
    add_standard_names(&c, prelude);
    for (uint32_t i = 0; i < doc->definitions.count; i++) {
        const struct gql_node *d = doc->definitions.items[i];
        if (d->kind == GQL_KIND_DIRECTIVE_DEFINITION) {
            const struct gql_directive_definition *dd = (const struct gql_directive_definition *)d;
            /* A document's definition replaces a built-in one of the same name. */
            gql_tsys_index_set(c.directives, dd->name.value, dd->name.len, dd);
        } else if (gql_kind_is_type_definition(d->kind)) {
            const struct gql_name *nm = gql_node_name(d);
            if (gql_tsys_index_put(c.defined, nm->value, nm->len, d) == NULL)
                ARENA_VEC_PUSH(scratch, &c.type_names, nm->value);
        }
    }
    for (uint32_t i = 0; i < doc->definitions.count; i++)
        check_definition(&c, doc->definitions.items[i]);
    return c.error_count;
}
