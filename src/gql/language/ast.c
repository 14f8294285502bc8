/*
 * Small helpers over the AST of include/gql/ast.h: kind names (graphql-js Kind values),
 * kind predicates (graphql-js language/predicates.ts) and directive location names
 * (graphql-js language/directiveLocation.ts, §3.13).
 */
#include "gql/ast.h"

#include <stddef.h>
#include <string.h>

static const char *const kind_names[GQL_KIND_COUNT] = {
    [GQL_KIND_NAME] = "Name",
    [GQL_KIND_DOCUMENT] = "Document",
    [GQL_KIND_OPERATION_DEFINITION] = "OperationDefinition",
    [GQL_KIND_VARIABLE_DEFINITION] = "VariableDefinition",
    [GQL_KIND_SELECTION_SET] = "SelectionSet",
    [GQL_KIND_FIELD] = "Field",
    [GQL_KIND_ARGUMENT] = "Argument",
    [GQL_KIND_FRAGMENT_SPREAD] = "FragmentSpread",
    [GQL_KIND_INLINE_FRAGMENT] = "InlineFragment",
    [GQL_KIND_FRAGMENT_DEFINITION] = "FragmentDefinition",
    [GQL_KIND_VARIABLE] = "Variable",
    [GQL_KIND_INT_VALUE] = "IntValue",
    [GQL_KIND_FLOAT_VALUE] = "FloatValue",
    [GQL_KIND_STRING_VALUE] = "StringValue",
    [GQL_KIND_BOOLEAN_VALUE] = "BooleanValue",
    [GQL_KIND_NULL_VALUE] = "NullValue",
    [GQL_KIND_ENUM_VALUE] = "EnumValue",
    [GQL_KIND_LIST_VALUE] = "ListValue",
    [GQL_KIND_OBJECT_VALUE] = "ObjectValue",
    [GQL_KIND_OBJECT_FIELD] = "ObjectField",
    [GQL_KIND_DIRECTIVE] = "Directive",
    [GQL_KIND_NAMED_TYPE] = "NamedType",
    [GQL_KIND_LIST_TYPE] = "ListType",
    [GQL_KIND_NON_NULL_TYPE] = "NonNullType",
    [GQL_KIND_SCHEMA_DEFINITION] = "SchemaDefinition",
    [GQL_KIND_OPERATION_TYPE_DEFINITION] = "OperationTypeDefinition",
    [GQL_KIND_SCALAR_TYPE_DEFINITION] = "ScalarTypeDefinition",
    [GQL_KIND_OBJECT_TYPE_DEFINITION] = "ObjectTypeDefinition",
    [GQL_KIND_FIELD_DEFINITION] = "FieldDefinition",
    [GQL_KIND_INPUT_VALUE_DEFINITION] = "InputValueDefinition",
    [GQL_KIND_INTERFACE_TYPE_DEFINITION] = "InterfaceTypeDefinition",
    [GQL_KIND_UNION_TYPE_DEFINITION] = "UnionTypeDefinition",
    [GQL_KIND_ENUM_TYPE_DEFINITION] = "EnumTypeDefinition",
    [GQL_KIND_ENUM_VALUE_DEFINITION] = "EnumValueDefinition",
    [GQL_KIND_INPUT_OBJECT_TYPE_DEFINITION] = "InputObjectTypeDefinition",
    [GQL_KIND_DIRECTIVE_DEFINITION] = "DirectiveDefinition",
    [GQL_KIND_SCHEMA_EXTENSION] = "SchemaExtension",
    [GQL_KIND_SCALAR_TYPE_EXTENSION] = "ScalarTypeExtension",
    [GQL_KIND_OBJECT_TYPE_EXTENSION] = "ObjectTypeExtension",
    [GQL_KIND_INTERFACE_TYPE_EXTENSION] = "InterfaceTypeExtension",
    [GQL_KIND_UNION_TYPE_EXTENSION] = "UnionTypeExtension",
    [GQL_KIND_ENUM_TYPE_EXTENSION] = "EnumTypeExtension",
    [GQL_KIND_INPUT_OBJECT_TYPE_EXTENSION] = "InputObjectTypeExtension",
};

const char *
gql_kind_name(enum gql_kind kind)
{
    if ((unsigned)kind >= GQL_KIND_COUNT || kind_names[kind] == NULL)
        return "Unknown";
    return kind_names[kind];
}

const char *
gql_operation_type_name(enum gql_operation_type op)
{
    switch (op) {
    case GQL_OP_QUERY:
        return "query";
    case GQL_OP_MUTATION:
        return "mutation";
    case GQL_OP_SUBSCRIPTION:
        return "subscription";
    }
    return "query";
}

bool
gql_kind_is_executable_definition(enum gql_kind kind)
{
    return kind == GQL_KIND_OPERATION_DEFINITION || kind == GQL_KIND_FRAGMENT_DEFINITION;
}

bool
gql_kind_is_type_definition(enum gql_kind kind)
{
    switch (kind) {
    case GQL_KIND_SCALAR_TYPE_DEFINITION:
    case GQL_KIND_OBJECT_TYPE_DEFINITION:
    case GQL_KIND_INTERFACE_TYPE_DEFINITION:
    case GQL_KIND_UNION_TYPE_DEFINITION:
    case GQL_KIND_ENUM_TYPE_DEFINITION:
    case GQL_KIND_INPUT_OBJECT_TYPE_DEFINITION:
        return true;
    default:
        return false;
    }
}

bool
gql_kind_is_type_extension(enum gql_kind kind)
{
    switch (kind) {
    case GQL_KIND_SCALAR_TYPE_EXTENSION:
    case GQL_KIND_OBJECT_TYPE_EXTENSION:
    case GQL_KIND_INTERFACE_TYPE_EXTENSION:
    case GQL_KIND_UNION_TYPE_EXTENSION:
    case GQL_KIND_ENUM_TYPE_EXTENSION:
    case GQL_KIND_INPUT_OBJECT_TYPE_EXTENSION:
        return true;
    default:
        return false;
    }
}

bool
gql_kind_is_type_system_definition(enum gql_kind kind)
{
    return kind == GQL_KIND_SCHEMA_DEFINITION || kind == GQL_KIND_SCHEMA_EXTENSION ||
           kind == GQL_KIND_DIRECTIVE_DEFINITION || gql_kind_is_type_definition(kind) ||
           gql_kind_is_type_extension(kind);
}

bool
gql_kind_is_value(enum gql_kind kind)
{
    return kind >= GQL_KIND_VARIABLE && kind <= GQL_KIND_OBJECT_VALUE;
}

const struct gql_name *
gql_node_name(const struct gql_node *node)
{
    switch (node->kind) {
    case GQL_KIND_NAME:
        return (const struct gql_name *)node;
    case GQL_KIND_OPERATION_DEFINITION:
        return &((const struct gql_operation_definition *)node)->name;
    case GQL_KIND_VARIABLE_DEFINITION:
        return &((const struct gql_variable_definition *)node)->variable->name;
    case GQL_KIND_FIELD:
        return &((const struct gql_field *)node)->name;
    case GQL_KIND_ARGUMENT:
        return &((const struct gql_argument *)node)->name;
    case GQL_KIND_FRAGMENT_SPREAD:
        return &((const struct gql_fragment_spread *)node)->name;
    case GQL_KIND_FRAGMENT_DEFINITION:
        return &((const struct gql_fragment_definition *)node)->name;
    case GQL_KIND_VARIABLE:
    case GQL_KIND_ENUM_VALUE:
        return &((const struct gql_value *)node)->name;
    case GQL_KIND_OBJECT_FIELD:
        return &((const struct gql_object_field *)node)->name;
    case GQL_KIND_DIRECTIVE:
        return &((const struct gql_directive *)node)->name;
    case GQL_KIND_NAMED_TYPE:
        return &((const struct gql_type *)node)->name;
    case GQL_KIND_SCALAR_TYPE_DEFINITION:
    case GQL_KIND_SCALAR_TYPE_EXTENSION:
        return &((const struct gql_scalar_type_definition *)node)->name;
    case GQL_KIND_OBJECT_TYPE_DEFINITION:
    case GQL_KIND_OBJECT_TYPE_EXTENSION:
        return &((const struct gql_object_type_definition *)node)->name;
    case GQL_KIND_FIELD_DEFINITION:
        return &((const struct gql_field_definition *)node)->name;
    case GQL_KIND_INPUT_VALUE_DEFINITION:
        return &((const struct gql_input_value_definition *)node)->name;
    case GQL_KIND_INTERFACE_TYPE_DEFINITION:
    case GQL_KIND_INTERFACE_TYPE_EXTENSION:
        return &((const struct gql_interface_type_definition *)node)->name;
    case GQL_KIND_UNION_TYPE_DEFINITION:
    case GQL_KIND_UNION_TYPE_EXTENSION:
        return &((const struct gql_union_type_definition *)node)->name;
    case GQL_KIND_ENUM_TYPE_DEFINITION:
    case GQL_KIND_ENUM_TYPE_EXTENSION:
        return &((const struct gql_enum_type_definition *)node)->name;
    case GQL_KIND_ENUM_VALUE_DEFINITION:
        return &((const struct gql_enum_value_definition *)node)->name;
    case GQL_KIND_INPUT_OBJECT_TYPE_DEFINITION:
    case GQL_KIND_INPUT_OBJECT_TYPE_EXTENSION:
        return &((const struct gql_input_object_type_definition *)node)->name;
    case GQL_KIND_DIRECTIVE_DEFINITION:
        return &((const struct gql_directive_definition *)node)->name;
    default:
        return NULL;
    }
}

const struct gql_directive_list *
gql_node_directives(const struct gql_node *node)
{
    switch (node->kind) {
    case GQL_KIND_OPERATION_DEFINITION:
        return &((const struct gql_operation_definition *)node)->directives;
    case GQL_KIND_VARIABLE_DEFINITION:
        return &((const struct gql_variable_definition *)node)->directives;
    case GQL_KIND_FIELD:
        return &((const struct gql_field *)node)->directives;
    case GQL_KIND_FRAGMENT_SPREAD:
        return &((const struct gql_fragment_spread *)node)->directives;
    case GQL_KIND_INLINE_FRAGMENT:
        return &((const struct gql_inline_fragment *)node)->directives;
    case GQL_KIND_FRAGMENT_DEFINITION:
        return &((const struct gql_fragment_definition *)node)->directives;
    case GQL_KIND_SCHEMA_DEFINITION:
    case GQL_KIND_SCHEMA_EXTENSION:
        return &((const struct gql_schema_definition *)node)->directives;
    case GQL_KIND_SCALAR_TYPE_DEFINITION:
    case GQL_KIND_SCALAR_TYPE_EXTENSION:
        return &((const struct gql_scalar_type_definition *)node)->directives;
    case GQL_KIND_OBJECT_TYPE_DEFINITION:
    case GQL_KIND_OBJECT_TYPE_EXTENSION:
        return &((const struct gql_object_type_definition *)node)->directives;
    case GQL_KIND_FIELD_DEFINITION:
        return &((const struct gql_field_definition *)node)->directives;
    case GQL_KIND_INPUT_VALUE_DEFINITION:
        return &((const struct gql_input_value_definition *)node)->directives;
    case GQL_KIND_INTERFACE_TYPE_DEFINITION:
    case GQL_KIND_INTERFACE_TYPE_EXTENSION:
        return &((const struct gql_interface_type_definition *)node)->directives;
    case GQL_KIND_UNION_TYPE_DEFINITION:
    case GQL_KIND_UNION_TYPE_EXTENSION:
        return &((const struct gql_union_type_definition *)node)->directives;
    case GQL_KIND_ENUM_TYPE_DEFINITION:
    case GQL_KIND_ENUM_TYPE_EXTENSION:
        return &((const struct gql_enum_type_definition *)node)->directives;
    case GQL_KIND_ENUM_VALUE_DEFINITION:
        return &((const struct gql_enum_value_definition *)node)->directives;
    case GQL_KIND_INPUT_OBJECT_TYPE_DEFINITION:
    case GQL_KIND_INPUT_OBJECT_TYPE_EXTENSION:
        return &((const struct gql_input_object_type_definition *)node)->directives;
    default:
        return NULL;
    }
}

const struct gql_type *
gql_type_named(const struct gql_type *type)
{
    while (type != NULL && type->node.kind != GQL_KIND_NAMED_TYPE)
        type = type->of_type;
    return type;
}

static const char *const location_names[GQL_LOC_COUNT] = {
    "QUERY",
    "MUTATION",
    "SUBSCRIPTION",
    "FIELD",
    "FRAGMENT_DEFINITION",
    "FRAGMENT_SPREAD",
    "INLINE_FRAGMENT",
    "VARIABLE_DEFINITION",
    "SCHEMA",
    "SCALAR",
    "OBJECT",
    "FIELD_DEFINITION",
    "ARGUMENT_DEFINITION",
    "INTERFACE",
    "UNION",
    "ENUM",
    "ENUM_VALUE",
    "INPUT_OBJECT",
    "INPUT_FIELD_DEFINITION",
};

const char *
gql_directive_location_name(enum gql_directive_location loc)
{
    if ((unsigned)loc >= GQL_LOC_COUNT)
        return NULL;
    return location_names[loc];
}

int
gql_directive_location_from_name(const char *name, size_t len)
{
    for (int i = 0; i < GQL_LOC_COUNT; i++)
        if (strlen(location_names[i]) == len && memcmp(name, location_names[i], len) == 0)
            return i;
    return -1;
}

int
gql_directive_location_of(const struct gql_node *applied_to, const struct gql_node *parent)
{
    switch (applied_to->kind) {
    case GQL_KIND_OPERATION_DEFINITION:
        switch (((const struct gql_operation_definition *)applied_to)->operation) {
        case GQL_OP_QUERY:
            return GQL_LOC_QUERY;
        case GQL_OP_MUTATION:
            return GQL_LOC_MUTATION;
        case GQL_OP_SUBSCRIPTION:
            return GQL_LOC_SUBSCRIPTION;
        }
        return -1;
    case GQL_KIND_FIELD:
        return GQL_LOC_FIELD;
    case GQL_KIND_FRAGMENT_SPREAD:
        return GQL_LOC_FRAGMENT_SPREAD;
    case GQL_KIND_INLINE_FRAGMENT:
        return GQL_LOC_INLINE_FRAGMENT;
    case GQL_KIND_FRAGMENT_DEFINITION:
        return GQL_LOC_FRAGMENT_DEFINITION;
    case GQL_KIND_VARIABLE_DEFINITION:
        return GQL_LOC_VARIABLE_DEFINITION;
    case GQL_KIND_SCHEMA_DEFINITION:
    case GQL_KIND_SCHEMA_EXTENSION:
        return GQL_LOC_SCHEMA;
    case GQL_KIND_SCALAR_TYPE_DEFINITION:
    case GQL_KIND_SCALAR_TYPE_EXTENSION:
        return GQL_LOC_SCALAR;
    case GQL_KIND_OBJECT_TYPE_DEFINITION:
    case GQL_KIND_OBJECT_TYPE_EXTENSION:
        return GQL_LOC_OBJECT;
    case GQL_KIND_FIELD_DEFINITION:
        return GQL_LOC_FIELD_DEFINITION;
    case GQL_KIND_INTERFACE_TYPE_DEFINITION:
    case GQL_KIND_INTERFACE_TYPE_EXTENSION:
        return GQL_LOC_INTERFACE;
    case GQL_KIND_UNION_TYPE_DEFINITION:
    case GQL_KIND_UNION_TYPE_EXTENSION:
        return GQL_LOC_UNION;
    case GQL_KIND_ENUM_TYPE_DEFINITION:
    case GQL_KIND_ENUM_TYPE_EXTENSION:
        return GQL_LOC_ENUM;
    case GQL_KIND_ENUM_VALUE_DEFINITION:
        return GQL_LOC_ENUM_VALUE;
    case GQL_KIND_INPUT_OBJECT_TYPE_DEFINITION:
    case GQL_KIND_INPUT_OBJECT_TYPE_EXTENSION:
        return GQL_LOC_INPUT_OBJECT;
    case GQL_KIND_INPUT_VALUE_DEFINITION:
        if (parent != NULL && (parent->kind == GQL_KIND_INPUT_OBJECT_TYPE_DEFINITION ||
                               parent->kind == GQL_KIND_INPUT_OBJECT_TYPE_EXTENSION))
            return GQL_LOC_INPUT_FIELD_DEFINITION;
        return GQL_LOC_ARGUMENT_DEFINITION;
    default:
        return -1;
    }
}
