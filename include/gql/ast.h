/*
 * The GraphQL abstract syntax tree (GraphQL specification, October 2021, §2 and §3).
 *
 * Every node starts with `struct gql_node` (kind + byte offsets into the source), so a
 * `const struct gql_node *` can be switched on `kind` and cast to the concrete struct named
 * next to each kind below. All nodes, arrays and strings live in the arena given to the
 * parser and die with it; nodes have no parent pointers (the visitor hands ancestors to its
 * callbacks).
 *
 * Conventions:
 * - Names (`struct gql_name`) are embedded by value. `value` is a NUL-terminated arena copy
 *   of the name (names never contain NUL), `len` its length; `value == NULL` means the
 *   optional name is absent (anonymous operation, field without alias).
 * - Child lists are arena arrays of pointers with a count; an empty list is {NULL, 0}.
 * - Optional children are NULL pointers when absent.
 * - String values are decoded (escapes, surrogate pairs, block-string indentation) into
 *   NUL-terminated arena strings; `len` is authoritative because "\u0000" may occur.
 * - Int and Float values keep their source text (NUL-terminated copy): coercion to a
 *   number, with range checks, is the business of the phase that knows the expected type.
 * - Type-system extensions use the struct of the matching definition; their `description`
 *   is always NULL.
 */
#ifndef WALLET_GQL_AST_H
#define WALLET_GQL_AST_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/* Node kinds, named after the specification's productions (graphql-js `Kind`). */
enum gql_kind {
    GQL_KIND_NAME, /* struct gql_name (embedded in its parent) */
    /* Executable documents (§2). */
    GQL_KIND_DOCUMENT,             /* struct gql_document */
    GQL_KIND_OPERATION_DEFINITION, /* struct gql_operation_definition */
    GQL_KIND_VARIABLE_DEFINITION,  /* struct gql_variable_definition */
    GQL_KIND_SELECTION_SET,        /* struct gql_selection_set */
    GQL_KIND_FIELD,                /* struct gql_field */
    GQL_KIND_ARGUMENT,             /* struct gql_argument */
    GQL_KIND_FRAGMENT_SPREAD,      /* struct gql_fragment_spread */
    GQL_KIND_INLINE_FRAGMENT,      /* struct gql_inline_fragment */
    GQL_KIND_FRAGMENT_DEFINITION,  /* struct gql_fragment_definition */
    /* Values (§2.9); all are struct gql_value. */
    GQL_KIND_VARIABLE,
    GQL_KIND_INT_VALUE,
    GQL_KIND_FLOAT_VALUE,
    GQL_KIND_STRING_VALUE,
    GQL_KIND_BOOLEAN_VALUE,
    GQL_KIND_NULL_VALUE,
    GQL_KIND_ENUM_VALUE,
    GQL_KIND_LIST_VALUE,
    GQL_KIND_OBJECT_VALUE,
    GQL_KIND_OBJECT_FIELD, /* struct gql_object_field */
    GQL_KIND_DIRECTIVE,    /* struct gql_directive */
    /* Type references (§2.11); all are struct gql_type. */
    GQL_KIND_NAMED_TYPE,
    GQL_KIND_LIST_TYPE,
    GQL_KIND_NON_NULL_TYPE,
    /* Type system (§3). */
    GQL_KIND_SCHEMA_DEFINITION,            /* struct gql_schema_definition */
    GQL_KIND_OPERATION_TYPE_DEFINITION,    /* struct gql_operation_type_definition */
    GQL_KIND_SCALAR_TYPE_DEFINITION,       /* struct gql_scalar_type_definition */
    GQL_KIND_OBJECT_TYPE_DEFINITION,       /* struct gql_object_type_definition */
    GQL_KIND_FIELD_DEFINITION,             /* struct gql_field_definition */
    GQL_KIND_INPUT_VALUE_DEFINITION,       /* struct gql_input_value_definition */
    GQL_KIND_INTERFACE_TYPE_DEFINITION,    /* struct gql_interface_type_definition */
    GQL_KIND_UNION_TYPE_DEFINITION,        /* struct gql_union_type_definition */
    GQL_KIND_ENUM_TYPE_DEFINITION,         /* struct gql_enum_type_definition */
    GQL_KIND_ENUM_VALUE_DEFINITION,        /* struct gql_enum_value_definition */
    GQL_KIND_INPUT_OBJECT_TYPE_DEFINITION, /* struct gql_input_object_type_definition */
    GQL_KIND_DIRECTIVE_DEFINITION,         /* struct gql_directive_definition */
    /* Type-system extensions (§3.2.2, §3.4.3 ...). */
    GQL_KIND_SCHEMA_EXTENSION,            /* struct gql_schema_definition */
    GQL_KIND_SCALAR_TYPE_EXTENSION,       /* struct gql_scalar_type_definition */
    GQL_KIND_OBJECT_TYPE_EXTENSION,       /* struct gql_object_type_definition */
    GQL_KIND_INTERFACE_TYPE_EXTENSION,    /* struct gql_interface_type_definition */
    GQL_KIND_UNION_TYPE_EXTENSION,        /* struct gql_union_type_definition */
    GQL_KIND_ENUM_TYPE_EXTENSION,         /* struct gql_enum_type_definition */
    GQL_KIND_INPUT_OBJECT_TYPE_EXTENSION, /* struct gql_input_object_type_definition */
    GQL_KIND_COUNT                        /* number of kinds; not a kind */
};

/* The header of every node. start/end are byte offsets into the source: [start, end). */
struct gql_node {
    enum gql_kind kind;
    uint32_t start;
    uint32_t end;
};

/* Name (§2.1.9). value: NUL-terminated arena copy, NULL when the optional name is absent. */
struct gql_name {
    struct gql_node node; /* kind GQL_KIND_NAME */
    const char *value;
    uint32_t len;
};

/* Operation types (§2.3). */
enum gql_operation_type {
    GQL_OP_QUERY,
    GQL_OP_MUTATION,
    GQL_OP_SUBSCRIPTION,
};

/* Directive locations (§3.13 DirectiveLocation), in the order of graphql-js
 * DirectiveLocation and of __DirectiveLocation. */
enum gql_directive_location {
    /* ExecutableDirectiveLocation */
    GQL_LOC_QUERY,
    GQL_LOC_MUTATION,
    GQL_LOC_SUBSCRIPTION,
    GQL_LOC_FIELD,
    GQL_LOC_FRAGMENT_DEFINITION,
    GQL_LOC_FRAGMENT_SPREAD,
    GQL_LOC_INLINE_FRAGMENT,
    GQL_LOC_VARIABLE_DEFINITION,
    /* TypeSystemDirectiveLocation */
    GQL_LOC_SCHEMA,
    GQL_LOC_SCALAR,
    GQL_LOC_OBJECT,
    GQL_LOC_FIELD_DEFINITION,
    GQL_LOC_ARGUMENT_DEFINITION,
    GQL_LOC_INTERFACE,
    GQL_LOC_UNION,
    GQL_LOC_ENUM,
    GQL_LOC_ENUM_VALUE,
    GQL_LOC_INPUT_OBJECT,
    GQL_LOC_INPUT_FIELD_DEFINITION,
    GQL_LOC_COUNT /* number of locations; not a location */
};

/*------------------------------------------------------------------------------------------
 * Child lists
 *----------------------------------------------------------------------------------------*/

struct gql_value;
struct gql_type;

/* Definitions of a document, selections of a selection set: mixed kinds. */
struct gql_node_list {
    struct gql_node **items;
    uint32_t count;
};

struct gql_argument_list {
    struct gql_argument **items;
    uint32_t count;
};

struct gql_directive_list {
    struct gql_directive **items;
    uint32_t count;
};

struct gql_variable_definition_list {
    struct gql_variable_definition **items;
    uint32_t count;
};

struct gql_value_list {
    struct gql_value **items;
    uint32_t count;
};

struct gql_object_field_list {
    struct gql_object_field **items;
    uint32_t count;
};

/* Named types: implemented interfaces, union members. Every item has kind NAMED_TYPE. */
struct gql_type_list {
    struct gql_type **items;
    uint32_t count;
};

struct gql_field_definition_list {
    struct gql_field_definition **items;
    uint32_t count;
};

struct gql_input_value_definition_list {
    struct gql_input_value_definition **items;
    uint32_t count;
};

struct gql_enum_value_definition_list {
    struct gql_enum_value_definition **items;
    uint32_t count;
};

struct gql_operation_type_definition_list {
    struct gql_operation_type_definition **items;
    uint32_t count;
};

/* Directive locations: names stored by value. */
struct gql_name_list {
    struct gql_name *items;
    uint32_t count;
};

/*------------------------------------------------------------------------------------------
 * Executable definitions (§2.2 - §2.8)
 *----------------------------------------------------------------------------------------*/

/* Document (§2.2). source/source_len: the parsed text (not copied; must outlive the AST). */
struct gql_document {
    struct gql_node node;             /* GQL_KIND_DOCUMENT */
    struct gql_node_list definitions; /* any definition or extension kind */
    const char *source;
    uint32_t source_len;
};

/* OperationDefinition (§2.3); the shorthand `{ ... }` is a QUERY with no name. */
struct gql_operation_definition {
    struct gql_node node; /* GQL_KIND_OPERATION_DEFINITION */
    enum gql_operation_type operation;
    struct gql_name name; /* value NULL when anonymous */
    struct gql_variable_definition_list variable_definitions;
    struct gql_directive_list directives;
    struct gql_selection_set *selection_set; /* never NULL */
};

/* VariableDefinition (§2.10): `$name: Type = default @directives`. */
struct gql_variable_definition {
    struct gql_node node;            /* GQL_KIND_VARIABLE_DEFINITION */
    struct gql_value *variable;      /* kind GQL_KIND_VARIABLE */
    struct gql_type *type;           /* never NULL */
    struct gql_value *default_value; /* const value, NULL when absent */
    struct gql_directive_list directives;
};

/* SelectionSet (§2.4): items are FIELD, FRAGMENT_SPREAD or INLINE_FRAGMENT; at least one. */
struct gql_selection_set {
    struct gql_node node; /* GQL_KIND_SELECTION_SET */
    struct gql_node_list selections;
};

/* Field (§2.5). The response key is alias.value if present, else name.value. */
struct gql_field {
    struct gql_node node;  /* GQL_KIND_FIELD */
    struct gql_name alias; /* value NULL when there is no alias */
    struct gql_name name;
    struct gql_argument_list arguments;
    struct gql_directive_list directives;
    struct gql_selection_set *selection_set; /* NULL for a leaf selection */
};

/* Argument (§2.6), also used by directives. */
struct gql_argument {
    struct gql_node node; /* GQL_KIND_ARGUMENT */
    struct gql_name name;
    struct gql_value *value; /* never NULL */
};

/* FragmentSpread (§2.8): `...Name @directives`. */
struct gql_fragment_spread {
    struct gql_node node; /* GQL_KIND_FRAGMENT_SPREAD */
    struct gql_name name;
    struct gql_directive_list directives;
};

/* InlineFragment (§2.8.2): `... on Type @directives { ... }`. */
struct gql_inline_fragment {
    struct gql_node node;            /* GQL_KIND_INLINE_FRAGMENT */
    struct gql_type *type_condition; /* NAMED_TYPE, NULL when absent */
    struct gql_directive_list directives;
    struct gql_selection_set *selection_set; /* never NULL */
};

/* FragmentDefinition (§2.8): `fragment Name on Type @directives { ... }`. */
struct gql_fragment_definition {
    struct gql_node node;            /* GQL_KIND_FRAGMENT_DEFINITION */
    struct gql_name name;            /* never "on" */
    struct gql_type *type_condition; /* NAMED_TYPE, never NULL */
    struct gql_directive_list directives;
    struct gql_selection_set *selection_set; /* never NULL */
};

/*------------------------------------------------------------------------------------------
 * Values (§2.9), directives (§2.12), type references (§2.11)
 *----------------------------------------------------------------------------------------*/

/*
 * Every value kind, tagged by node.kind:
 *   VARIABLE       name (without the '$')
 *   INT_VALUE      number.text: source text, e.g. "-12" (NUL-terminated copy)
 *   FLOAT_VALUE    number.text: source text, e.g. "1.5e3"
 *   STRING_VALUE   string.value/len: decoded; string.block true for """block strings"""
 *   BOOLEAN_VALUE  boolean
 *   NULL_VALUE     (no payload)
 *   ENUM_VALUE     name (never true, false or null)
 *   LIST_VALUE     list
 *   OBJECT_VALUE   object
 */
struct gql_value {
    struct gql_node node;
    union {
        struct gql_name name;
        struct {
            const char *text;
            uint32_t len;
        } number;
        struct {
            const char *value;
            uint32_t len;
            bool block;
        } string;
        bool boolean;
        struct gql_value_list list;
        struct gql_object_field_list object;
    };
};

/* ObjectField (§2.9.8): `name: value` inside an object value. */
struct gql_object_field {
    struct gql_node node; /* GQL_KIND_OBJECT_FIELD */
    struct gql_name name;
    struct gql_value *value; /* never NULL */
};

/* Directive (§2.12): `@name(arguments)`. */
struct gql_directive {
    struct gql_node node; /* GQL_KIND_DIRECTIVE */
    struct gql_name name;
    struct gql_argument_list arguments;
};

/*
 * A type reference, tagged by node.kind:
 *   NAMED_TYPE     name
 *   LIST_TYPE      of_type: the item type
 *   NON_NULL_TYPE  of_type: a NAMED_TYPE or LIST_TYPE (never NON_NULL_TYPE)
 */
struct gql_type {
    struct gql_node node;
    struct gql_name name;     /* NAMED_TYPE only */
    struct gql_type *of_type; /* LIST_TYPE and NON_NULL_TYPE only */
};

/*------------------------------------------------------------------------------------------
 * Type system (§3). Every type definition starts with node, description, name, directives
 * in that order (schema definitions have no name); extensions reuse the same struct.
 *----------------------------------------------------------------------------------------*/

/* SchemaDefinition (§3.3) and SchemaExtension (§3.3.2). */
struct gql_schema_definition {
    struct gql_node node;          /* SCHEMA_DEFINITION or SCHEMA_EXTENSION */
    struct gql_value *description; /* STRING_VALUE or NULL */
    struct gql_directive_list directives;
    struct gql_operation_type_definition_list operation_types; /* may be empty in extensions */
};

/* RootOperationTypeDefinition (§3.3.1): `query: Query`. */
struct gql_operation_type_definition {
    struct gql_node node; /* GQL_KIND_OPERATION_TYPE_DEFINITION */
    enum gql_operation_type operation;
    struct gql_type *type; /* NAMED_TYPE */
};

/* ScalarTypeDefinition (§3.5) and ScalarTypeExtension. */
struct gql_scalar_type_definition {
    struct gql_node node;
    struct gql_value *description;
    struct gql_name name;
    struct gql_directive_list directives;
};

/* ObjectTypeDefinition (§3.6) and ObjectTypeExtension. */
struct gql_object_type_definition {
    struct gql_node node;
    struct gql_value *description;
    struct gql_name name;
    struct gql_directive_list directives;
    struct gql_type_list interfaces; /* `implements A & B`, NAMED_TYPE items */
    struct gql_field_definition_list fields;
};

/* FieldDefinition (§3.6): `"desc" name(args): Type @directives`. */
struct gql_field_definition {
    struct gql_node node; /* GQL_KIND_FIELD_DEFINITION */
    struct gql_value *description;
    struct gql_name name;
    struct gql_directive_list directives;
    struct gql_input_value_definition_list arguments;
    struct gql_type *type; /* never NULL */
};

/* InputValueDefinition (§3.6.1): arguments and input object fields. */
struct gql_input_value_definition {
    struct gql_node node; /* GQL_KIND_INPUT_VALUE_DEFINITION */
    struct gql_value *description;
    struct gql_name name;
    struct gql_directive_list directives;
    struct gql_type *type;           /* never NULL */
    struct gql_value *default_value; /* const value, NULL when absent */
};

/* InterfaceTypeDefinition (§3.7) and InterfaceTypeExtension; interfaces may implement others. */
struct gql_interface_type_definition {
    struct gql_node node;
    struct gql_value *description;
    struct gql_name name;
    struct gql_directive_list directives;
    struct gql_type_list interfaces;
    struct gql_field_definition_list fields;
};

/* UnionTypeDefinition (§3.8) and UnionTypeExtension: `union U = | A | B`. */
struct gql_union_type_definition {
    struct gql_node node;
    struct gql_value *description;
    struct gql_name name;
    struct gql_directive_list directives;
    struct gql_type_list types; /* member types, NAMED_TYPE items */
};

/* EnumTypeDefinition (§3.9) and EnumTypeExtension. */
struct gql_enum_type_definition {
    struct gql_node node;
    struct gql_value *description;
    struct gql_name name;
    struct gql_directive_list directives;
    struct gql_enum_value_definition_list values;
};

/* EnumValueDefinition (§3.9). The name is never true, false or null. */
struct gql_enum_value_definition {
    struct gql_node node; /* GQL_KIND_ENUM_VALUE_DEFINITION */
    struct gql_value *description;
    struct gql_name name;
    struct gql_directive_list directives;
};

/* InputObjectTypeDefinition (§3.10) and InputObjectTypeExtension. */
struct gql_input_object_type_definition {
    struct gql_node node;
    struct gql_value *description;
    struct gql_name name;
    struct gql_directive_list directives;
    struct gql_input_value_definition_list fields;
};

/* DirectiveDefinition (§3.13): `directive @name(args) repeatable on A | B`. */
struct gql_directive_definition {
    struct gql_node node; /* GQL_KIND_DIRECTIVE_DEFINITION */
    struct gql_value *description;
    struct gql_name name; /* without the '@' */
    struct gql_input_value_definition_list arguments;
    bool repeatable;
    struct gql_name_list locations; /* e.g. "FIELD", "OBJECT"; validated against §3.13 */
};

/*------------------------------------------------------------------------------------------
 * Helpers
 *----------------------------------------------------------------------------------------*/

/* The spec name of a kind ("OperationDefinition"), or "Unknown". */
const char *gql_kind_name(enum gql_kind kind);

/* "query", "mutation" or "subscription". */
const char *gql_operation_type_name(enum gql_operation_type op);

/* True for OperationDefinition and FragmentDefinition (§2.2 ExecutableDefinition). */
bool gql_kind_is_executable_definition(enum gql_kind kind);

/* True for every type-system definition and extension kind (§3 TypeSystemDefinitionOrExtension). */
bool gql_kind_is_type_system_definition(enum gql_kind kind);

/* True for the six *_TYPE_DEFINITION kinds (§3.4 TypeDefinition). */
bool gql_kind_is_type_definition(enum gql_kind kind);

/* True for the six *_TYPE_EXTENSION kinds (§3.4.3 TypeExtension). */
bool gql_kind_is_type_extension(enum gql_kind kind);

/* True for the value kinds VARIABLE .. OBJECT_VALUE. */
bool gql_kind_is_value(enum gql_kind kind);

/*
 * The name of a named definition or extension (operation, fragment, type, field, argument,
 * enum value, directive definition, directive, field, argument, object field, variable
 * definition's variable, named type), or NULL for kinds without one. The returned name's
 * value is NULL for an anonymous operation.
 */
const struct gql_name *gql_node_name(const struct gql_node *node);

/* "QUERY", "FIELD", ... (__DirectiveLocation names), or NULL when out of range. */
const char *gql_directive_location_name(enum gql_directive_location loc);

/* The location called name[0..len), or -1 when there is none. */
int gql_directive_location_from_name(const char *name, size_t len);

/*
 * The location (§3.13, enum gql_directive_location) of directives applied to node, as
 * graphql-js getDirectiveLocationForASTPath finds it; parent is node's parent (it tells an
 * input field from an argument definition; may be NULL otherwise). -1 for other kinds.
 */
int gql_directive_location_of(const struct gql_node *node, const struct gql_node *parent);

/* The directives applied to node (any kind that takes directives), or NULL for other kinds. */
const struct gql_directive_list *gql_node_directives(const struct gql_node *node);

/* The innermost NAMED_TYPE of a type reference: `[Int!]!` -> `Int`. */
const struct gql_type *gql_type_named(const struct gql_type *type);

/* Compares a name with a NUL-terminated string. */
static inline bool
gql_name_is(const struct gql_name *name, const char *s)
{
    if (name->value == NULL)
        return false;
    for (uint32_t i = 0; i < name->len; i++)
        if (name->value[i] != s[i])
            return false;
    return s[name->len] == '\0';
}

/* Compares two names (absent names are equal to each other only). */
static inline bool
gql_name_eq(const struct gql_name *a, const struct gql_name *b)
{
    if (a->value == NULL || b->value == NULL)
        return a->value == b->value;
    if (a->len != b->len)
        return false;
    for (uint32_t i = 0; i < a->len; i++)
        if (a->value[i] != b->value[i])
            return false;
    return true;
}

#endif
