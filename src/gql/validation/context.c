/*
 * The validation context (graphql-js validation/ValidationContext.ts) and type information
 * (graphql-js utilities/TypeInfo.ts): the state every rule reads while the document is
 * walked once, error reporting with the error cap, and the memoised facts rules ask for
 * about fragments and variables.
 *
 * Memoisation keeps the work linear in the document for what graphql-js memoises: each
 * definition's fragment spreads and variable usages are computed once per run, and each
 * operation's recursively referenced fragments once.
 */
#include "context.h"

#include <stdlib.h>
#include <string.h>

/*--------------------------------------------------------------------------------------------
 * TypeInfo
 *------------------------------------------------------------------------------------------*/

#define PUSH(ti, stack, v) ARENA_VEC_PUSH((ti)->arena, &(ti)->stack, (v))
#define POP(ti, stack)                                                                             \
    do {                                                                                           \
        if ((ti)->stack.len > 0)                                                                   \
            (ti)->stack.len--;                                                                     \
    } while (0)
#define TOP(ti, stack) ((ti)->stack.len ? (ti)->stack.items[(ti)->stack.len - 1] : NULL)

void
gql_type_info_init(struct gql_type_info *ti, const struct gql_schema *schema, struct arena *a)
{
    memset(ti, 0, sizeof(*ti));
    ti->schema = schema;
    ti->arena = a;
}

static bool
is_output(const struct gql_type_def *t)
{
    return t != NULL && gql_type_def_is_output(t);
}

static bool
is_input(const struct gql_type_def *t)
{
    return t != NULL && gql_type_def_is_input(t);
}

static const struct gql_type_def *
named(const struct gql_type_def *t)
{
    return t != NULL ? gql_type_def_named(t) : NULL;
}

void
gql_type_info_enter(struct gql_type_info *ti, const struct gql_node *node)
{
    const struct gql_schema *schema = ti->schema;
    switch (node->kind) {
    case GQL_KIND_SELECTION_SET: {
        const struct gql_type_def *nt = named(TOP(ti, type_stack));
        PUSH(ti, parent_type_stack, nt != NULL && gql_type_def_is_composite(nt) ? nt : NULL);
        break;
    }
    case GQL_KIND_FIELD: {
        const struct gql_field *f = (const struct gql_field *)node;
        const struct gql_type_def *parent = TOP(ti, parent_type_stack);
        const struct gql_field_def *def = NULL;
        if (parent != NULL)
            def = gql_schema_field_def(schema, parent, f->name.value, f->name.len);
        PUSH(ti, field_def_stack, def);
        PUSH(ti, type_stack, def != NULL && is_output(def->type) ? def->type : NULL);
        break;
    }
    case GQL_KIND_DIRECTIVE: {
        const struct gql_directive *d = (const struct gql_directive *)node;
        ti->directive = gql_schema_directive(schema, d->name.value, d->name.len);
        break;
    }
    case GQL_KIND_OPERATION_DEFINITION: {
        const struct gql_operation_definition *op = (const struct gql_operation_definition *)node;
        const struct gql_type_def *root = gql_schema_root_type(schema, op->operation);
        PUSH(ti, type_stack, root != NULL && root->kind == GQL_TYPE_OBJECT ? root : NULL);
        break;
    }
    case GQL_KIND_INLINE_FRAGMENT:
    case GQL_KIND_FRAGMENT_DEFINITION: {
        const struct gql_type *cond =
            node->kind == GQL_KIND_INLINE_FRAGMENT
                ? ((const struct gql_inline_fragment *)node)->type_condition
                : ((const struct gql_fragment_definition *)node)->type_condition;
        const struct gql_type_def *t = cond != NULL
                                           ? gql_schema_type_from_ast(schema, ti->arena, cond)
                                           : named(TOP(ti, type_stack));
        PUSH(ti, type_stack, is_output(t) ? t : NULL);
        break;
    }
    case GQL_KIND_VARIABLE_DEFINITION: {
        const struct gql_variable_definition *vd = (const struct gql_variable_definition *)node;
        const struct gql_type_def *t = gql_schema_type_from_ast(schema, ti->arena, vd->type);
        PUSH(ti, input_type_stack, is_input(t) ? t : NULL);
        break;
    }
    case GQL_KIND_ARGUMENT: {
        const struct gql_argument *a = (const struct gql_argument *)node;
        const struct gql_input_value_def *arg = NULL;
        if (ti->directive != NULL) {
            arg = gql_directive_def_arg(ti->directive, a->name.value, a->name.len);
        } else {
            const struct gql_field_def *fd = TOP(ti, field_def_stack);
            if (fd != NULL)
                arg = gql_field_def_arg(fd, a->name.value, a->name.len);
        }
        ti->argument = arg;
        PUSH(ti, default_value_stack, arg);
        PUSH(ti, input_type_stack, arg != NULL && is_input(arg->type) ? arg->type : NULL);
        break;
    }
    case GQL_KIND_LIST_VALUE: {
        const struct gql_type_def *lt = TOP(ti, input_type_stack);
        if (lt != NULL)
            lt = gql_type_def_nullable(lt);
        const struct gql_type_def *item =
            lt != NULL && lt->kind == GQL_TYPE_LIST ? lt->of_type : lt;
        PUSH(ti, default_value_stack, NULL); /* list positions never have a default */
        PUSH(ti, input_type_stack, is_input(item) ? item : NULL);
        break;
    }
    case GQL_KIND_OBJECT_FIELD: {
        const struct gql_object_field *of = (const struct gql_object_field *)node;
        const struct gql_type_def *ot = named(TOP(ti, input_type_stack));
        const struct gql_input_value_def *field = NULL;
        if (ot != NULL && ot->kind == GQL_TYPE_INPUT_OBJECT)
            field = gql_type_def_input_field(ot, of->name.value, of->name.len);
        PUSH(ti, default_value_stack, field);
        PUSH(ti, input_type_stack, field != NULL && is_input(field->type) ? field->type : NULL);
        break;
    }
    case GQL_KIND_ENUM_VALUE: {
        const struct gql_value *v = (const struct gql_value *)node;
        const struct gql_type_def *et = named(TOP(ti, input_type_stack));
        ti->enum_value = et != NULL && et->kind == GQL_TYPE_ENUM
                             ? gql_type_def_enum_value(et, v->name.value, v->name.len)
                             : NULL;
        break;
    }
    default:
        break;
    }
}

void
gql_type_info_leave(struct gql_type_info *ti, const struct gql_node *node)
{
    switch (node->kind) {
    case GQL_KIND_SELECTION_SET:
        POP(ti, parent_type_stack);
        break;
    case GQL_KIND_FIELD:
        POP(ti, field_def_stack);
        POP(ti, type_stack);
        break;
    case GQL_KIND_DIRECTIVE:
        ti->directive = NULL;
        break;
    case GQL_KIND_OPERATION_DEFINITION:
    case GQL_KIND_INLINE_FRAGMENT:
    case GQL_KIND_FRAGMENT_DEFINITION:
        POP(ti, type_stack);
        break;
    case GQL_KIND_VARIABLE_DEFINITION:
        POP(ti, input_type_stack);
        break;
    case GQL_KIND_ARGUMENT:
        ti->argument = NULL;
        POP(ti, default_value_stack);
        POP(ti, input_type_stack);
        break;
    case GQL_KIND_LIST_VALUE:
    case GQL_KIND_OBJECT_FIELD:
        POP(ti, default_value_stack);
        POP(ti, input_type_stack);
        break;
    case GQL_KIND_ENUM_VALUE:
        ti->enum_value = NULL;
        break;
    default:
        break;
    }
}

/*--------------------------------------------------------------------------------------------
 * Context and error reporting
 *------------------------------------------------------------------------------------------*/

/* The gql_doc_directive of a directive definition. */
static struct gql_doc_directive *
doc_directive_new(struct arena *arena, const struct gql_directive_definition *def)
{
    struct gql_doc_directive *dd = arena_calloc(arena, 1, sizeof(*dd));
    dd->def = def;
    for (uint32_t j = 0; j < def->locations.count; j++) {
        int loc = gql_directive_location_from_name(def->locations.items[j].value,
                                                   def->locations.items[j].len);
        if (loc >= 0)
            dd->locations |= GQL_LOC_BIT(loc);
    }
    dd->arg_names = arena_alloc(arena, (def->arguments.count + 1) * sizeof(*dd->arg_names));
    gql_name_map_init(&dd->args, arena);
    for (uint32_t j = 0; j < def->arguments.count; j++) {
        const struct gql_name *an = &def->arguments.items[j]->name;
        dd->arg_names[j] = an->value;
        gql_name_map_put(&dd->args, an->value, an->len, NULL);
    }
    return dd;
}

void
gql_ctx_init(struct gql_validation_context *ctx,
             const struct gql_schema *schema,
             const struct gql_document *doc,
             struct arena *arena,
             struct gql_error_list *errors,
             uint32_t max_errors,
             bool hide_suggestions)
{
    memset(ctx, 0, sizeof(*ctx));
    ctx->schema = schema;
    ctx->doc = doc;
    ctx->arena = arena;
    ctx->errors = errors;
    ctx->max_errors = max_errors;
    ctx->hide_suggestions = hide_suggestions;
    strbuf_init(&ctx->msg);
    gql_type_info_init(&ctx->ti, schema, arena);

    uint32_t n = doc->definitions.count;
    ctx->defs = arena_calloc(arena, n ? n : 1, sizeof(*ctx->defs));
    gql_name_map_init(&ctx->fragments, arena);
    gql_name_map_init(&ctx->fragment_sets, arena);
    gql_name_map_init(&ctx->directives, arena);
    ctx->fragment_work = GQL_VALIDATION_FRAGMENT_WORK;
    for (uint32_t i = 0; i < n; i++) {
        const struct gql_node *d = doc->definitions.items[i];
        ctx->defs[i].def = d;
        if (d->kind == GQL_KIND_FRAGMENT_DEFINITION) {
            const struct gql_fragment_definition *f = (const struct gql_fragment_definition *)d;
            *gql_name_map_put(&ctx->fragments, f->name.value, f->name.len, NULL) = &ctx->defs[i];
        } else if (d->kind == GQL_KIND_DIRECTIVE_DEFINITION) {
            const struct gql_directive_definition *dd = (const struct gql_directive_definition *)d;
            *gql_name_map_put(&ctx->directives, dd->name.value, dd->name.len, NULL) =
                doc_directive_new(arena, dd);
        }
    }
}

void
gql_ctx_finish(struct gql_validation_context *ctx)
{
    strbuf_free(&ctx->msg);
}

struct strbuf *
gql_ctx_message(struct gql_validation_context *ctx)
{
    strbuf_reset(&ctx->msg);
    return &ctx->msg;
}

void
gql_ctx_report(struct gql_validation_context *ctx,
               const char *message,
               const struct gql_node *const *nodes,
               size_t n)
{
    if (ctx->aborted)
        return;
    if (ctx->reported >= ctx->max_errors) {
        gql_error_add_message(
            ctx->errors,
            GQL_CODE_VALIDATION_FAILED,
            "Too many validation errors, error limit reached. Validation aborted.");
        ctx->reported++;
        ctx->aborted = true;
        return;
    }
    struct gql_error *e = gql_error_add_message(ctx->errors, GQL_CODE_VALIDATION_FAILED, message);
    for (size_t i = 0; i < n; i++)
        if (nodes[i] != NULL)
            gql_error_add_location(ctx->errors, e, nodes[i]->start);
    ctx->reported++;
}

void
gql_ctx_report1(struct gql_validation_context *ctx,
                const char *message,
                const struct gql_node *node)
{
    gql_ctx_report(ctx, message, &node, node != NULL ? 1 : 0);
}

bool
gql_ctx_check_unique(struct gql_validation_context *ctx,
                     struct gql_name_map *seen,
                     const struct gql_name *name,
                     const struct gql_node *node,
                     const char *before,
                     const char *after)
{
    bool existed;
    void **slot = gql_name_map_put(seen, name->value, name->len, &existed);
    if (!existed) {
        *slot = (void *)node;
        return true;
    }
    struct strbuf *msg = gql_ctx_message(ctx);
    strbuf_printf(msg, "%s%s%s", before, name->value, after);
    const struct gql_node *nodes[2] = {*slot, node};
    gql_ctx_report(ctx, msg->data, nodes, 2);
    return false;
}

void
gql_ctx_report_duplicate_names(struct gql_validation_context *ctx,
                               const struct gql_name *const *names,
                               size_t n,
                               const char *before,
                               const char *after)
{
    if (n < 2)
        return;
    struct group {
        const struct gql_name *name;
        ARENA_VEC(const struct gql_node *) nodes;
    };
    ARENA_VEC(struct group) groups = {0};
    struct gql_name_map index; /* name -> group index + 1 */
    gql_name_map_init(&index, ctx->arena);
    for (size_t i = 0; i < n; i++) {
        bool existed;
        void **slot = gql_name_map_put(&index, names[i]->value, names[i]->len, &existed);
        if (!existed) {
            struct group g = {names[i], {0}};
            ARENA_VEC_PUSH(ctx->arena, &groups, g);
            *slot = (void *)(uintptr_t)groups.len;
        }
        struct group *g = &groups.items[(uintptr_t)*slot - 1];
        ARENA_VEC_PUSH(ctx->arena, &g->nodes, &names[i]->node);
    }
    for (size_t i = 0; i < groups.len; i++) {
        if (groups.items[i].nodes.len < 2)
            continue;
        struct strbuf *msg = gql_ctx_message(ctx);
        strbuf_printf(msg, "%s%s%s", before, groups.items[i].name->value, after);
        gql_ctx_report(ctx, msg->data, groups.items[i].nodes.items, groups.items[i].nodes.len);
    }
}

void
gql_ctx_abort(struct gql_validation_context *ctx)
{
    if (ctx->aborted)
        return;
    gql_error_add_message(ctx->errors, GQL_CODE_VALIDATION_FAILED, "Validation aborted.");
    ctx->reported++;
    ctx->aborted = true;
}

void
gql_ctx_suggest(struct gql_validation_context *ctx,
                struct strbuf *sb,
                const char *sub_message,
                const char *input,
                const char *const *options,
                size_t n)
{
    if (ctx->hide_suggestions)
        return;
    const char **list;
    size_t count = gql_suggestion_list(ctx->arena, input, options, n, &list);
    gql_did_you_mean(sb, sub_message, list, count);
}

/*--------------------------------------------------------------------------------------------
 * Fragments
 *------------------------------------------------------------------------------------------*/

const struct gql_fragment_definition *
gql_ctx_fragment(struct gql_validation_context *ctx, const char *name, uint32_t len)
{
    struct gql_def_info *info = gql_name_map_get(&ctx->fragments, name, len);
    return info != NULL ? (const struct gql_fragment_definition *)info->def : NULL;
}

const struct gql_doc_directive *
gql_ctx_doc_directive(const struct gql_validation_context *ctx, const char *name, uint32_t len)
{
    return gql_name_map_get(&ctx->directives, name, len);
}

struct gql_def_info *
gql_ctx_def_info(struct gql_validation_context *ctx, const struct gql_node *def)
{
    /* Top-level definitions are in document order, so their start offsets increase. */
    uint32_t lo = 0, hi = ctx->doc->definitions.count;
    while (lo < hi) {
        uint32_t mid = lo + (hi - lo) / 2;
        const struct gql_node *d = ctx->defs[mid].def;
        if (d == def)
            return &ctx->defs[mid];
        if (d->start < def->start)
            lo = mid + 1;
        else
            hi = mid;
    }
    return NULL;
}

const struct gql_variable_definition *
gql_ctx_variable_definition(struct gql_validation_context *ctx,
                            const struct gql_operation_definition *op,
                            const char *name,
                            uint32_t len)
{
    struct gql_def_info *info = gql_ctx_def_info(ctx, &op->node);
    if (info == NULL)
        return NULL;
    if (!info->variables_done) {
        info->variables_done = true;
        gql_name_map_init(&info->variables, ctx->arena);
        for (uint32_t i = 0; i < op->variable_definitions.count; i++) {
            const struct gql_variable_definition *vd = op->variable_definitions.items[i];
            const struct gql_name *n = &vd->variable->name;
            *gql_name_map_put(&info->variables, n->value, n->len, NULL) = (void *)vd;
        }
    }
    return gql_name_map_get(&info->variables, name, len);
}

static const struct gql_selection_set *
def_selection_set(const struct gql_node *def)
{
    if (def->kind == GQL_KIND_OPERATION_DEFINITION)
        return ((const struct gql_operation_definition *)def)->selection_set;
    if (def->kind == GQL_KIND_FRAGMENT_DEFINITION)
        return ((const struct gql_fragment_definition *)def)->selection_set;
    return NULL;
}

/* The selection set of a selection, or NULL (fields without one, spreads). */
static const struct gql_selection_set *
selection_set_of(const struct gql_node *sel)
{
    if (sel->kind == GQL_KIND_FIELD)
        return ((const struct gql_field *)sel)->selection_set;
    if (sel->kind == GQL_KIND_INLINE_FRAGMENT)
        return ((const struct gql_inline_fragment *)sel)->selection_set;
    return NULL;
}

struct gql_spread_list
gql_ctx_fragment_spreads(struct gql_validation_context *ctx, const struct gql_node *def)
{
    struct gql_spread_list none = {NULL, 0};
    struct gql_def_info *info = gql_ctx_def_info(ctx, def);
    if (info == NULL)
        return none;
    if (info->spreads_done)
        return info->spreads;
    ARENA_VEC(const struct gql_fragment_spread *) spreads = {0};
    ARENA_VEC(const struct gql_selection_set *) to_visit = {0};
    const struct gql_selection_set *root = def_selection_set(def);
    if (root != NULL)
        ARENA_VEC_PUSH(ctx->arena, &to_visit, root);
    while (to_visit.len > 0) {
        const struct gql_selection_set *set = to_visit.items[--to_visit.len];
        for (uint32_t i = 0; i < set->selections.count; i++) {
            const struct gql_node *sel = set->selections.items[i];
            if (sel->kind == GQL_KIND_FRAGMENT_SPREAD) {
                ARENA_VEC_PUSH(ctx->arena, &spreads, (const struct gql_fragment_spread *)sel);
            } else {
                const struct gql_selection_set *sub = selection_set_of(sel);
                if (sub != NULL)
                    ARENA_VEC_PUSH(ctx->arena, &to_visit, sub);
            }
        }
    }
    info->spreads.items = spreads.items;
    info->spreads.count = (uint32_t)spreads.len;
    info->spreads_done = true;
    return info->spreads;
}

bool
gql_ctx_spend_fragment_work(struct gql_validation_context *ctx, int64_t cost)
{
    if (ctx->aborted)
        return false;
    ctx->fragment_work -= cost;
    if (ctx->fragment_work < 0) {
        gql_ctx_abort(ctx);
        return false;
    }
    return true;
}

/* What a set of spread names leads to: shared by the operations that spread that set. */
struct gql_fragment_set {
    struct gql_fragment_list fragments;
    bool usages_done;
    struct gql_usage_list usages; /* the fragments' own usages, concatenated */
};

static int
compare_names(const void *pa, const void *pb)
{
    const struct gql_name *a = *(const struct gql_name *const *)pa;
    const struct gql_name *b = *(const struct gql_name *const *)pb;
    uint32_t n = a->len < b->len ? a->len : b->len;
    int c = memcmp(a->value, b->value, n);
    return c != 0 ? c : (a->len > b->len) - (a->len < b->len);
}

/* The memo entry of the fragments reachable from ops' spreads (graphql-js SetMap key). */
static struct gql_fragment_set *
fragment_set(struct gql_validation_context *ctx, const struct gql_node *const *ops, size_t n)
{
    /* The set of names spread directly by the operations, in first-seen order. */
    struct gql_name_map seen;
    gql_name_map_init(&seen, ctx->arena);
    ARENA_VEC(const struct gql_name *) names = {0};
    for (size_t i = 0; i < n; i++) {
        struct gql_spread_list sp = gql_ctx_fragment_spreads(ctx, ops[i]);
        for (uint32_t j = 0; j < sp.count; j++) {
            const struct gql_name *nm = &sp.items[j]->name;
            bool existed;
            gql_name_map_put(&seen, nm->value, nm->len, &existed);
            if (!existed)
                ARENA_VEC_PUSH(ctx->arena, &names, nm);
        }
    }
    size_t direct = names.len;

    /* The memo key: the names sorted, comma separated (names never contain commas). */
    const struct gql_name **sorted =
        arena_alloc(ctx->arena, (direct ? direct : 1) * sizeof(*sorted));
    if (direct)
        memcpy(sorted, names.items, direct * sizeof(*sorted));
    qsort(sorted, direct, sizeof(*sorted), compare_names);
    struct strbuf key = STRBUF_INIT;
    for (size_t i = 0; i < direct; i++) {
        strbuf_append(&key, sorted[i]->value, sorted[i]->len);
        strbuf_putc(&key, ',');
    }
    const char *k = arena_strndup(ctx->arena, strbuf_cstr(&key), key.len);
    uint32_t klen = (uint32_t)key.len;
    strbuf_free(&key);
    bool existed;
    void **slot = gql_name_map_put(&ctx->fragment_sets, k, klen, &existed);
    if (existed)
        return *slot;

    struct gql_fragment_set *set = arena_calloc(ctx->arena, 1, sizeof(*set));
    *slot = set;
    if (!gql_ctx_spend_fragment_work(ctx, (int64_t)direct))
        return set;
    ARENA_VEC(const struct gql_fragment_definition *) frags = {0};
    for (size_t i = 0; i < names.len; i++) {
        const struct gql_fragment_definition *f =
            gql_ctx_fragment(ctx, names.items[i]->value, names.items[i]->len);
        if (f == NULL)
            continue;
        ARENA_VEC_PUSH(ctx->arena, &frags, f);
        struct gql_spread_list sp = gql_ctx_fragment_spreads(ctx, &f->node);
        if (!gql_ctx_spend_fragment_work(ctx, sp.count))
            break;
        for (uint32_t j = 0; j < sp.count; j++) {
            const struct gql_name *nm = &sp.items[j]->name;
            gql_name_map_put(&seen, nm->value, nm->len, &existed);
            if (!existed)
                ARENA_VEC_PUSH(ctx->arena, &names, nm);
        }
    }
    set->fragments.items = frags.items;
    set->fragments.count = (uint32_t)frags.len;
    return set;
}

struct gql_fragment_list
gql_ctx_recursive_fragments(struct gql_validation_context *ctx,
                            const struct gql_node *const *ops,
                            size_t n)
{
    struct gql_def_info *memo = NULL;
    if (n == 1) {
        memo = gql_ctx_def_info(ctx, ops[0]);
        if (memo != NULL && memo->recursive_done)
            return memo->recursive;
    }
    struct gql_fragment_list out = fragment_set(ctx, ops, n)->fragments;
    if (memo != NULL) {
        memo->recursive = out;
        memo->recursive_done = true;
    }
    return out;
}

/*--------------------------------------------------------------------------------------------
 * Variable usages
 *------------------------------------------------------------------------------------------*/

struct usage_walk {
    struct gql_type_info ti;
    struct arena *arena;
    ARENA_VEC(struct gql_variable_usage) usages;
};

static int
usage_enter(const struct gql_node *node, const struct gql_ancestors *ancestors, void *user)
{
    (void)ancestors;
    struct usage_walk *w = user;
    gql_type_info_enter(&w->ti, node);
    if (node->kind == GQL_KIND_VARIABLE_DEFINITION)
        return 0; /* a variable's own definition is not a usage */
    if (node->kind == GQL_KIND_VARIABLE) {
        struct gql_variable_usage u;
        u.node = (const struct gql_value *)node;
        u.type = TOP(&w->ti, input_type_stack);
        u.default_owner = TOP(&w->ti, default_value_stack);
        size_t n = w->ti.input_type_stack.len;
        u.parent_type = n > 1 ? w->ti.input_type_stack.items[n - 2] : NULL;
        ARENA_VEC_PUSH(w->arena, &w->usages, u);
    }
    return 1;
}

static int
usage_leave(const struct gql_node *node, const struct gql_ancestors *ancestors, void *user)
{
    (void)ancestors;
    struct usage_walk *w = user;
    gql_type_info_leave(&w->ti, node);
    return 1;
}

struct gql_usage_list
gql_ctx_variable_usages(struct gql_validation_context *ctx, const struct gql_node *def)
{
    struct gql_usage_list none = {NULL, 0};
    struct gql_def_info *info = gql_ctx_def_info(ctx, def);
    if (info == NULL)
        return none;
    if (info->usages_done)
        return info->usages;
    struct usage_walk w;
    memset(&w, 0, sizeof(w));
    gql_type_info_init(&w.ti, ctx->schema, ctx->arena);
    w.arena = ctx->arena;
    struct gql_visitor v;
    memset(&v, 0, sizeof(v));
    for (int k = 0; k < GQL_KIND_COUNT; k++) {
        v.enter[k] = usage_enter;
        v.leave[k] = usage_leave;
    }
    v.user = &w;
    gql_visit(def, &v);
    info->usages.items = w.usages.items;
    info->usages.count = (uint32_t)w.usages.len;
    info->usages_done = true;
    return info->usages;
}

struct gql_usage_list
gql_ctx_recursive_variable_usages(struct gql_validation_context *ctx,
                                  const struct gql_operation_definition *op)
{
    struct gql_usage_list none = {NULL, 0};
    struct gql_def_info *info = gql_ctx_def_info(ctx, &op->node);
    if (info == NULL)
        return none;
    if (info->recursive_usages_done)
        return info->recursive_usages;
    const struct gql_node *root = &op->node;
    struct gql_fragment_set *set = fragment_set(ctx, &root, 1);
    if (!set->usages_done) {
        /* The fragments' usages, computed once per set of fragments. */
        set->usages_done = true;
        if (!gql_ctx_spend_fragment_work(ctx, set->fragments.count))
            return none;
        size_t total = 0;
        for (uint32_t i = 0; i < set->fragments.count; i++) {
            struct gql_usage_list u = gql_ctx_variable_usages(ctx, &set->fragments.items[i]->node);
            if (!gql_ctx_spend_fragment_work(ctx, u.count))
                return none;
            total += u.count;
        }
        struct gql_variable_usage *all =
            arena_alloc(ctx->arena, (total ? total : 1) * sizeof(*all));
        size_t k = 0;
        for (uint32_t i = 0; i < set->fragments.count; i++) {
            struct gql_usage_list u = gql_ctx_variable_usages(ctx, &set->fragments.items[i]->node);
            if (u.count)
                memcpy(all + k, u.items, u.count * sizeof(*all));
            k += u.count;
        }
        set->usages.items = all;
        set->usages.count = (uint32_t)total;
    }
    if (!gql_ctx_spend_fragment_work(ctx, set->usages.count))
        return none;
    struct gql_usage_list own = gql_ctx_variable_usages(ctx, root);
    size_t total = (size_t)own.count + set->usages.count;
    struct gql_variable_usage *all = arena_alloc(ctx->arena, (total ? total : 1) * sizeof(*all));
    if (own.count)
        memcpy(all, own.items, own.count * sizeof(*all));
    if (set->usages.count)
        memcpy(all + own.count, set->usages.items, set->usages.count * sizeof(*all));
    info->recursive_usages.items = all;
    info->recursive_usages.count = (uint32_t)total;
    info->recursive_usages_done = true;
    return info->recursive_usages;
}
