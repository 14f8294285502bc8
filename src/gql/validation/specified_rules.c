/*
 * The rules of the specification's Validation section (§5), in graphql-js v16's
 * specifiedRules order (validation/specifiedRules.ts), which was chosen there to give the
 * clearest output when a document has several errors; then graphql-js's recommended
 * MaxIntrospectionDepthRule, which graphql-js 16.9+ includes in specifiedRules.
 */
#include "gql/validate.h"

const struct gql_rule *const gql_specified_rules[] = {
    &gql_rule_executable_definitions,       /* §5.1.1 Executable Definitions */
    &gql_rule_unique_operation_names,       /* §5.2.1.1 Operation Name Uniqueness */
    &gql_rule_lone_anonymous_operation,     /* §5.2.2.1 Lone Anonymous Operation */
    &gql_rule_single_field_subscriptions,   /* §5.2.3.1 Single root field */
    &gql_rule_known_type_names,             /* §5.5.1.2 Fragment Spread Type Existence */
    &gql_rule_fragments_on_composite_types, /* §5.5.1.3 Fragments On Composite Types */
    &gql_rule_variables_are_input_types,    /* §5.8.2 Variables Are Input Types */
    &gql_rule_scalar_leafs,                 /* §5.3.3 Leaf Field Selections */
    &gql_rule_fields_on_correct_type,       /* §5.3.1 Field Selections */
    &gql_rule_unique_fragment_names,        /* §5.5.1.1 Fragment Name Uniqueness */
    &gql_rule_known_fragment_names,         /* §5.5.2.1 Fragment spread target defined */
    &gql_rule_no_unused_fragments,          /* §5.5.1.4 Fragments Must Be Used */
    &gql_rule_possible_fragment_spreads,    /* §5.5.2.3 Fragment spread is possible */
    &gql_rule_no_fragment_cycles,           /* §5.5.2.2 Fragment spreads must not form cycles */
    &gql_rule_unique_variable_names,        /* §5.8.1 Variable Uniqueness */
    &gql_rule_no_undefined_variables,       /* §5.8.3 All Variable Uses Defined */
    &gql_rule_no_unused_variables,          /* §5.8.4 All Variables Used */
    &gql_rule_known_directives, /* §5.7.1 Directives Are Defined, §5.7.2 In Valid Locations */
    &gql_rule_unique_directives_per_location, /* §5.7.3 Directives Are Unique Per Location */
    &gql_rule_known_argument_names,           /* §5.4.1 Argument Names */
    &gql_rule_unique_argument_names,          /* §5.4.2 Argument Uniqueness */
    &gql_rule_values_of_correct_type, /* §5.6.1 Values of Correct Type, §5.6.2-4 input objects */
    &gql_rule_provided_required_arguments,      /* §5.4.2.1 Required Arguments */
    &gql_rule_variables_in_allowed_position,    /* §5.8.5 All Variable Usages Are Allowed */
    &gql_rule_overlapping_fields_can_be_merged, /* §5.3.2 Field Selection Merging */
    &gql_rule_unique_input_field_names,         /* §5.6.3 Input Object Field Uniqueness */
    &gql_rule_max_introspection_depth,          /* graphql-js recommended rule */
};

const size_t gql_specified_rules_count =
    sizeof(gql_specified_rules) / sizeof(gql_specified_rules[0]);
