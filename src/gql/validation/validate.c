/*
 * gql_validate (graphql-js validation/validate.ts): runs the validation rules of §5 over a
 * document in one traversal, type information first, with graphql-js's error cap.
 */
#include "context.h"

#include <string.h>

/*
 * The rules run in one traversal with graphql-js's visitInParallel semantics, dispatched here
 * rather than by gql_visit_parallel so that the order of errors is graphql-js's too: on enter
 * the type information is updated first and the rules are called in order; on leave the rules
 * are called in order and the type information is updated last (visitWithTypeInfo). A rule
 * whose enter returns 0 sees nothing of that node's subtree, not even the node's leave.
 */
struct parallel {
    struct gql_validation_context *ctx;
    const struct gql_visitor *rules;      /* one visitor per rule */
    const struct gql_node **skipping;     /* per rule: the node whose subtree it skips */
    uint16_t *enter_list[GQL_KIND_COUNT]; /* rules with an enter callback per kind */
    uint16_t enter_count[GQL_KIND_COUNT];
    uint16_t *leave_list[GQL_KIND_COUNT]; /* rules with an enter or leave callback per kind */
    uint16_t leave_count[GQL_KIND_COUNT];
};

static int
parallel_enter(const struct gql_node *node, const struct gql_ancestors *ancestors, void *user)
{
    struct parallel *p = user;
    struct gql_validation_context *ctx = p->ctx;
    if (ctx->aborted)
        return -1;
    gql_type_info_enter(&ctx->ti, node);
    enum gql_kind k = node->kind;
    for (uint16_t j = 0; j < p->enter_count[k]; j++) {
        uint16_t i = p->enter_list[k][j];
        if (p->skipping[i] != NULL)
            continue;
        int r = p->rules[i].enter[k](node, ancestors, p->rules[i].user);
        if (r == 0)
            p->skipping[i] = node;
        else if (r < 0)
            return r;
    }
    return ctx->aborted ? -1 : 1;
}

static int
parallel_leave(const struct gql_node *node, const struct gql_ancestors *ancestors, void *user)
{
    struct parallel *p = user;
    struct gql_validation_context *ctx = p->ctx;
    enum gql_kind k = node->kind;
    for (uint16_t j = 0; j < p->leave_count[k]; j++) {
        uint16_t i = p->leave_list[k][j];
        if (p->skipping[i] == node) {
            p->skipping[i] = NULL;
        } else if (p->skipping[i] == NULL && p->rules[i].leave[k] != NULL) {
            int r = p->rules[i].leave[k](node, ancestors, p->rules[i].user);
            if (r < 0)
                return r;
        }
    }
    gql_type_info_leave(&ctx->ti, node);
    return ctx->aborted ? -1 : 1;
}

/* Runs rules[0..n) over the document in one traversal. */
static void
run_rules(struct gql_validation_context *ctx, const struct gql_rule *const *rules, size_t n)
{
    struct arena *a = ctx->arena;
    struct gql_visitor *visitors = arena_calloc(a, n ? n : 1, sizeof(*visitors));
    for (size_t i = 0; i < n; i++)
        rules[i]->create(ctx, &visitors[i]);
    struct parallel p;
    memset(&p, 0, sizeof(p));
    p.ctx = ctx;
    p.rules = visitors;
    p.skipping = arena_calloc(a, n ? n : 1, sizeof(*p.skipping));
    for (int k = 0; k < GQL_KIND_COUNT; k++) {
        p.enter_list[k] = arena_alloc(a, (n ? n : 1) * sizeof(uint16_t));
        p.leave_list[k] = arena_alloc(a, (n ? n : 1) * sizeof(uint16_t));
        for (size_t i = 0; i < n; i++) {
            if (visitors[i].enter[k] != NULL)
                p.enter_list[k][p.enter_count[k]++] = (uint16_t)i;
            if (visitors[i].enter[k] != NULL || visitors[i].leave[k] != NULL)
                p.leave_list[k][p.leave_count[k]++] = (uint16_t)i;
        }
    }
    struct gql_visitor walker;
    memset(&walker, 0, sizeof(walker));
    for (int k = 0; k < GQL_KIND_COUNT; k++) {
        if (k == GQL_KIND_NAME)
            continue; /* no rule looks at bare names */
        walker.enter[k] = parallel_enter;
        walker.leave[k] = parallel_leave;
    }
    walker.user = &p;
    gql_visit(&ctx->doc->node, &walker);
}

int
gql_validate(const struct gql_schema *schema,
             const struct gql_document *doc,
             const struct gql_validate_options *opts,
             struct arena *arena,
             struct gql_error_list *errors)
{
    if (errors->source == NULL) {
        errors->source = doc->source;
        errors->source_len = doc->source_len;
    }
    uint32_t before = errors->count;

    if (opts != NULL && opts->limits != NULL) {
        int n = gql_check_limits(doc, opts->operation_name, opts->limits, arena, errors);
        if (n > 0)
            return n;
    }

    const struct gql_rule *const *rules = gql_specified_rules;
    size_t rule_count = gql_specified_rules_count;
    if (opts != NULL && opts->rules != NULL) {
        rules = opts->rules;
        rule_count = opts->rule_count;
    }
    uint32_t max_errors = GQL_VALIDATE_DEFAULT_MAX_ERRORS;
    if (opts != NULL && opts->max_errors > 0)
        max_errors = opts->max_errors;

    struct gql_validation_context *ctx = arena_alloc(arena, sizeof(*ctx));
    gql_ctx_init(
        ctx, schema, doc, arena, errors, max_errors, opts != NULL && opts->hide_suggestions);

    if (rule_count > UINT16_MAX)
        rule_count = UINT16_MAX;
    run_rules(ctx, rules, rule_count);
    gql_ctx_finish(ctx);
    return (int)(errors->count - before);
}
