/*
 * §5.5.2.2 Fragment spreads must not form cycles (graphql-js NoFragmentCyclesRule): a depth-
 * first search from each fragment over its spreads reports every cycle once, with the path of
 * spreads that forms it. The search uses an explicit stack, so a chain of thousands of
 * fragments cannot exhaust the C stack; each fragment is expanded once (O(N)).
 */
#include "validation/context.h"

struct frame {
    const struct gql_fragment_definition *frag;
    struct gql_spread_list spreads;
    uint32_t next;
};

struct state {
    struct gql_validation_context *ctx;
    struct gql_name_map visited;
    struct gql_name_map path_index; /* name -> index in path + 1; 0 when not on the path */
    ARENA_VEC(const struct gql_fragment_spread *) path;
    ARENA_VEC(struct frame) frames;
};

static int
skip(const struct gql_node *node, const struct gql_ancestors *ancestors, void *user)
{
    (void)node, (void)ancestors, (void)user;
    return 0;
}

/* Starts the search of frag; returns whether a frame was pushed. */
static bool
start(struct state *st, const struct gql_fragment_definition *frag)
{
    bool existed;
    gql_name_map_put(&st->visited, frag->name.value, frag->name.len, &existed);
    if (existed)
        return false;
    struct gql_spread_list spreads = gql_ctx_fragment_spreads(st->ctx, &frag->node);
    if (spreads.count == 0)
        return false;
    *gql_name_map_put(&st->path_index, frag->name.value, frag->name.len, NULL) =
        (void *)(uintptr_t)(st->path.len + 1);
    struct frame f = {frag, spreads, 0};
    ARENA_VEC_PUSH(st->ctx->arena, &st->frames, f);
    return true;
}

static void
report_cycle(struct state *st, const struct gql_fragment_spread *spread, size_t cycle_index)
{
    struct strbuf *msg = gql_ctx_message(st->ctx);
    strbuf_printf(msg, "Cannot spread fragment \"%s\" within itself", spread->name.value);
    size_t n = st->path.len - cycle_index;
    if (n > 1) {
        strbuf_puts(msg, " via ");
        for (size_t i = cycle_index; i + 1 < st->path.len; i++)
            strbuf_printf(
                msg, "%s\"%s\"", i > cycle_index ? ", " : "", st->path.items[i]->name.value);
        strbuf_putc(msg, '.');
    } else {
        strbuf_putc(msg, '.');
    }
    const struct gql_node **nodes = arena_alloc(st->ctx->arena, n * sizeof(*nodes));
    for (size_t i = 0; i < n; i++)
        nodes[i] = &st->path.items[cycle_index + i]->node;
    gql_ctx_report(st->ctx, msg->data, nodes, n);
}

static int
enter_fragment(const struct gql_node *node, const struct gql_ancestors *ancestors, void *user)
{
    (void)ancestors;
    struct state *st = user;
    if (!start(st, (const struct gql_fragment_definition *)node))
        return 0;
    while (st->frames.len > 0) {
        struct frame *top = &st->frames.items[st->frames.len - 1];
        if (top->next == top->spreads.count) {
            *gql_name_map_put(&st->path_index, top->frag->name.value, top->frag->name.len, NULL) =
                NULL;
            st->frames.len--;
            if (st->path.len > 0 && st->frames.len > 0)
                st->path.len--; /* the spread that led into the finished fragment */
            continue;
        }
        const struct gql_fragment_spread *spread = top->spreads.items[top->next++];
        uintptr_t cycle =
            (uintptr_t)gql_name_map_get(&st->path_index, spread->name.value, spread->name.len);
        ARENA_VEC_PUSH(st->ctx->arena, &st->path, spread);
        if (cycle == 0) {
            const struct gql_fragment_definition *target =
                gql_ctx_fragment(st->ctx, spread->name.value, spread->name.len);
            if (target != NULL && start(st, target))
                continue; /* the spread stays on the path until target's frame ends */
        } else {
            report_cycle(st, spread, cycle - 1);
        }
        st->path.len--;
    }
    return 0;
}

static void
create(struct gql_validation_context *ctx, struct gql_visitor *v)
{
    struct state *st = GQL_RULE_STATE(ctx, struct state);
    st->ctx = ctx;
    gql_name_map_init(&st->visited, ctx->arena);
    gql_name_map_init(&st->path_index, ctx->arena);
    v->enter[GQL_KIND_OPERATION_DEFINITION] = skip;
    v->enter[GQL_KIND_FRAGMENT_DEFINITION] = enter_fragment;
    v->user = st;
}

const struct gql_rule gql_rule_no_fragment_cycles = {"NoFragmentCyclesRule", create};
