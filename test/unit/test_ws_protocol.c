/*
 * The pure parts of GraphQL over WebSocket: client message validation as graphql-ws's
 * validateMessage does it (include/http/graphql_ws.h), close frame payloads, and the ledger
 * notification payloads (include/app/notify.h). No network, no database.
 */
/* cmocka.h needs these system headers before it. */
/* clang-format off */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
/* clang-format on */

#include "app/notify.h"
#include "http/graphql_ws.h"

#include <string.h>

/* Parses text; returns the result code and leaves *m filled (root freed by the caller). */
static int
parse(const char *text, json_t **root, struct http_ws_message *m, const char **why)
{
    *why = NULL;
    return http_ws_parse_message(text, strlen(text), root, m, why);
}

static void
valid_messages(void **state)
{
    (void)state;
    json_t *root;
    struct http_ws_message m;
    const char *why;

    assert_int_equal(parse("{\"type\":\"connection_init\"}", &root, &m, &why), 0);
    assert_int_equal(m.type, HTTP_WS_MSG_CONNECTION_INIT);
    assert_null(m.authorization);
    assert_null(m.payload);
    json_decref(root);

    assert_int_equal(parse("{\"type\":\"connection_init\",\"payload\":{\"authorization\":"
                           "\"Bearer abc\",\"other\":1}}",
                           &root,
                           &m,
                           &why),
                     0);
    assert_string_equal(m.authorization, "Bearer abc");
    json_decref(root);

    /* A non-string authorization is no authorization (the server closes 4403). */
    assert_int_equal(
        parse("{\"type\":\"connection_init\",\"payload\":{\"authorization\":5}}", &root, &m, &why),
        0);
    assert_null(m.authorization);
    json_decref(root);

    assert_int_equal(parse("{\"type\":\"connection_init\",\"payload\":null}", &root, &m, &why), 0);
    json_decref(root);
    assert_int_equal(parse("{\"type\":\"ping\",\"payload\":{\"a\":1}}", &root, &m, &why), 0);
    assert_int_equal(m.type, HTTP_WS_MSG_PING);
    assert_non_null(m.payload);
    json_decref(root);
    assert_int_equal(parse("{\"type\":\"pong\"}", &root, &m, &why), 0);
    assert_int_equal(m.type, HTTP_WS_MSG_PONG);
    json_decref(root);

    assert_int_equal(parse("{\"id\":\"7\",\"type\":\"subscribe\",\"payload\":{\"query\":"
                           "\"subscription { ledger { id } }\",\"operationName\":null,"
                           "\"variables\":{\"x\":1},\"extensions\":{}}}",
                           &root,
                           &m,
                           &why),
                     0);
    assert_int_equal(m.type, HTTP_WS_MSG_SUBSCRIBE);
    assert_string_equal(m.id, "7");
    assert_string_equal(m.query, "subscription { ledger { id } }");
    assert_int_equal(m.query_len, strlen("subscription { ledger { id } }"));
    assert_null(m.operation_name);
    assert_non_null(m.variables);
    json_decref(root);

    assert_int_equal(parse("{\"id\":\"x\",\"type\":\"subscribe\",\"payload\":{\"query\":\"{a}\","
                           "\"operationName\":\"Op\",\"variables\":null}}",
                           &root,
                           &m,
                           &why),
                     0);
    assert_string_equal(m.operation_name, "Op");
    assert_null(m.variables);
    json_decref(root);

    assert_int_equal(parse("{\"type\":\"complete\",\"id\":\"abc\"}", &root, &m, &why), 0);
    assert_int_equal(m.type, HTTP_WS_MSG_COMPLETE);
    assert_string_equal(m.id, "abc");
    json_decref(root);
}

/* Messages only a server sends are well-formed but not from a client. */
static void
server_only_messages(void **state)
{
    (void)state;
    const char *texts[] = {
        "{\"type\":\"connection_ack\"}",
        "{\"type\":\"next\",\"id\":\"1\",\"payload\":{\"data\":null}}",
        "{\"type\":\"error\",\"id\":\"1\",\"payload\":[{\"message\":\"x\"}]}",
    };
    for (size_t i = 0; i < sizeof(texts) / sizeof(texts[0]); i++) {
        json_t *root;
        struct http_ws_message m;
        const char *why;
        assert_int_equal(parse(texts[i], &root, &m, &why), 0);
        assert_int_equal(m.type, HTTP_WS_MSG_SERVER_ONLY);
        json_decref(root);
    }
}

static void
invalid_messages(void **state)
{
    (void)state;
    char long_id[300];
    snprintf(long_id, sizeof(long_id), "{\"type\":\"complete\",\"id\":\"%0*d\"}", 129, 0);
    const char *texts[] = {
        "",
        "nope",
        "[]",
        "\"connection_init\"",
        "{}",
        "{\"type\":1}",
        "{\"type\":\"\"}",
        "{\"type\":\"hello\"}",
        "{\"type\":\"connection_init\",\"payload\":[]}",
        "{\"type\":\"connection_init\",\"payload\":\"x\"}",
        "{\"type\":\"ping\",\"payload\":3}",
        "{\"type\":\"subscribe\",\"payload\":{\"query\":\"{a}\"}}",
        "{\"type\":\"subscribe\",\"id\":\"\",\"payload\":{\"query\":\"{a}\"}}",
        "{\"type\":\"subscribe\",\"id\":5,\"payload\":{\"query\":\"{a}\"}}",
        "{\"type\":\"subscribe\",\"id\":\"1\"}",
        "{\"type\":\"subscribe\",\"id\":\"1\",\"payload\":null}",
        "{\"type\":\"subscribe\",\"id\":\"1\",\"payload\":{}}",
        "{\"type\":\"subscribe\",\"id\":\"1\",\"payload\":{\"query\":null}}",
        "{\"type\":\"subscribe\",\"id\":\"1\",\"payload\":{\"query\":\"{a}\",\"variables\":3}}",
        "{\"type\":\"subscribe\",\"id\":\"1\",\"payload\":{\"query\":\"{a}\",\"operationName\":1}}",
        "{\"type\":\"subscribe\",\"id\":\"1\",\"payload\":{\"query\":\"{a}\",\"extensions\":[]}}",
        "{\"type\":\"complete\"}",
        "{\"type\":\"complete\",\"id\":null}",
        "{\"type\":\"next\",\"id\":\"1\"}",
        "{\"type\":\"error\",\"id\":\"1\",\"payload\":[]}",
        "{\"type\":\"ping\",\"type\":\"pong\"}", /* duplicate keys are refused */
        "{\"type\":\"ping\"} trailing",
        long_id,
    };
    for (size_t i = 0; i < sizeof(texts) / sizeof(texts[0]); i++) {
        json_t *root = (json_t *)1;
        struct http_ws_message m;
        const char *why = NULL;
        if (parse(texts[i], &root, &m, &why) != -1)
            fail_msg("accepted: %s", texts[i]);
        assert_null(root);
        assert_non_null(why);
        assert_true(strlen(why) <= 123); /* fits a close frame */
    }
}

static void
close_payloads(void **state)
{
    (void)state;
    char out[125];
    size_t n = http_ws_close_payload(4409, "Subscriber for x already exists", out);
    assert_int_equal(n, 2 + strlen("Subscriber for x already exists"));
    assert_int_equal((unsigned char)out[0], 4409 >> 8);
    assert_int_equal((unsigned char)out[1], 4409 & 0xff);
    assert_memory_equal(out + 2, "Subscriber for x already exists", n - 2);

    assert_int_equal(http_ws_close_payload(1001, NULL, out), 2);

    /* Cut to 123 bytes, never inside a UTF-8 sequence. */
    char reason[200];
    memset(reason, 'a', 122);
    strcpy(reason + 122, "\xc3\xa9\xc3\xa9"); /* "éé" from byte 122 */
    n = http_ws_close_payload(4400, reason, out);
    assert_int_equal(n, 2 + 122);
    memset(reason, 'b', 150);
    reason[150] = '\0';
    assert_int_equal(http_ws_close_payload(4400, reason, out), 125);
}

static void
notification_payloads(void **state)
{
    (void)state;
    struct app_notify_event ev;
    /* As PostgreSQL's json_build_object writes it. */
    assert_int_equal(
        app_notify_parse("{\"entry\" : 81, \"account\" : 12, \"user\" : 7, \"transfer\" : 40}",
                         &ev),
        0);
    assert_int_equal(ev.entry_id, 81);
    assert_int_equal(ev.account_id, 12);
    assert_int_equal(ev.user_id, 7);
    assert_int_equal(ev.transfer_id, 40);
    assert_int_equal(app_notify_parse("{\"entry\":1,\"account\":2,\"user\":3,\"transfer\":4,"
                                      "\"extra\":\"ignored\"}",
                                      &ev),
                     0);

    const char *bad[] = {
        NULL,
        "",
        "81",
        "[]",
        "{\"entry\":1,\"account\":2,\"user\":3}",
        "{\"entry\":1,\"account\":2,\"user\":null,\"transfer\":4}",
        "{\"entry\":0,\"account\":2,\"user\":3,\"transfer\":4}",
        "{\"entry\":-1,\"account\":2,\"user\":3,\"transfer\":4}",
        "{\"entry\":\"1\",\"account\":2,\"user\":3,\"transfer\":4}",
        "{\"entry\":1.5,\"account\":2,\"user\":3,\"transfer\":4}",
        "{\"entry\":1,\"entry\":2,\"account\":2,\"user\":3,\"transfer\":4}",
    };
    for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++)
        if (app_notify_parse(bad[i], &ev) != -1)
            fail_msg("accepted: %s", bad[i] ? bad[i] : "NULL");
}

int
main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(valid_messages),
        cmocka_unit_test(server_only_messages),
        cmocka_unit_test(invalid_messages),
        cmocka_unit_test(close_payloads),
        cmocka_unit_test(notification_payloads),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
