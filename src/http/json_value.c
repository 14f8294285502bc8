/*
 * jansson values to engine values (see include/http/json_value.h). The recursion is bounded
 * by HTTP_JSON_MAX_DEPTH, far below what the stack allows.
 */
#include "http/json_value.h"

#include "core/arena.h"

static int
convert(struct arena *arena, const json_t *j, struct gql_val *out, int depth)
{
    if (depth > HTTP_JSON_MAX_DEPTH)
        return -1;
    switch (json_typeof(j)) {
    case JSON_NULL:
        *out = gql_val_null();
        return 0;
    case JSON_TRUE:
        *out = gql_val_boolean(true);
        return 0;
    case JSON_FALSE:
        *out = gql_val_boolean(false);
        return 0;
    case JSON_INTEGER:
        *out = gql_val_int((int64_t)json_integer_value(j));
        return 0;
    case JSON_REAL:
        *out = gql_val_float(json_real_value(j));
        return 0;
    case JSON_STRING:
        *out = gql_val_string(arena, json_string_value(j), json_string_length(j));
        return 0;
    case JSON_ARRAY: {
        size_t n = json_array_size(j);
        struct gql_val list = gql_val_list(arena, n);
        for (size_t i = 0; i < n; i++)
            if (convert(arena, json_array_get(j, i), &list.u.list.items[i], depth + 1) < 0)
                return -1;
        *out = list;
        return 0;
    }
    case JSON_OBJECT: {
        struct gql_val obj = gql_val_object(arena, json_object_size(j));
        const char *key;
        json_t *member;
        json_object_foreach((json_t *)j, key, member)
        {
            struct gql_val v;
            if (convert(arena, member, &v, depth + 1) < 0)
                return -1;
            gql_val_object_set(arena, &obj, key, v);
        }
        *out = obj;
        return 0;
    }
    }
    return -1;
}

int
http_json_to_val(struct arena *arena, const json_t *j, struct gql_val *out)
{
    if (j == NULL) {
        *out = gql_val_null();
        return 0;
    }
    return convert(arena, j, out, 0);
}
