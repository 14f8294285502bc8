/*
 * The audit log over HTTP (contract §4 "Audit"): sign-in events and admin changes are
 * recorded with request id and IP on per-actor chains, auditLog lists them newest first with
 * filters and keyset pages (ADMIN only), details hold no secret or token, verifyAuditLog
 * recomputes every chain, and an entry edited, removed or cut from a chain's end behind the
 * database's back (trigger disabled as superuser) is reported as firstBrokenId.
 */
/* cmocka.h needs these system headers before it. */
/* clang-format off */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>
/* clang-format on */

#include "http/wallet_api.h"
#include "resolvers/ids.h"

static struct wa_env env;
static struct wa_user admin, u1;
static char secrets[8][2048];
static int nsecrets;

static int
setup(void **state)
{
    (void)state;
    if (wa_start(&env, NULL) != 0)
        return -1;
    return wa_create_admin(&env, "auditor", "keeper of the books 5", &admin) == 0 ? 0 : -1;
}

static int
teardown(void **state)
{
    (void)state;
    return wa_stop(&env);
}

static void
keep_secret(const char *s)
{
    if (nsecrets < 8)
        snprintf(secrets[nsecrets++], sizeof(secrets[0]), "%s", s);
}

/* A sign-in scenario touching every sign-in event. */
static void
scenario_is_recorded(void **state)
{
    (void)state;
    /* register with our own request id */
    struct th_response resp;
    char body[512];
    snprintf(body,
             sizeof(body),
             "{\"query\":\"mutation{register(input:{username:\\\"ravi\\\",email:\\\"ravi@example."
             "com\\\",password:\\\"%s\\\"}){accessToken refreshToken user{id}}}\"}",
             WA_PASSWORD);
    assert_int_equal(
        th_graphql(env.port, "application/json", "X-Request-ID: req-audit-1\r\n", body, &resp), 0);
    assert_int_equal(resp.status, 200);
    json_t *r = json_loads(resp.body, 0, NULL);
    th_response_free(&resp);
    WA_ASSERT_OK(r);
    snprintf(u1.id, sizeof(u1.id), "%s", wa_str(r, "register.user.id"));
    keep_secret(wa_str(r, "register.accessToken"));
    keep_secret(wa_str(r, "register.refreshToken"));
    json_decref(r);
    keep_secret(WA_PASSWORD);

    json_decref(wa_login(env.port, "ravi", "a wrong password here"));
    json_decref(wa_login(env.port, "nobody", "a wrong password too"));
    json_t *l = wa_login(env.port, "ravi", WA_PASSWORD);
    WA_ASSERT_OK(l);
    keep_secret(wa_str(l, "login.refreshToken"));
    json_t *rt = wa_gql(env.port,
                        NULL,
                        "mutation($t:String!){refreshToken(refreshToken:$t){accessToken "
                        "refreshToken}}",
                        json_pack("{s:s}", "t", wa_str(l, "login.refreshToken")),
                        NULL);
    WA_ASSERT_OK(rt);
    keep_secret(wa_str(rt, "refreshToken.refreshToken"));
    json_t *lo = wa_gql(env.port,
                        wa_str(rt, "refreshToken.accessToken"),
                        "mutation($t:String!){logout(refreshToken:$t)}",
                        json_pack("{s:s}", "t", wa_str(rt, "refreshToken.refreshToken")),
                        NULL);
    WA_ASSERT_OK(lo);
    json_decref(lo);
    json_decref(rt);
    json_decref(l);
    /* An admin toggling chaos mode (through the audit hook the HTTP layer calls). */
    r = wa_gql(env.port,
               admin.access,
               "mutation{setChaos(input:{enabled:false,errorRate:0,latencyMs:0}){enabled}}",
               NULL,
               NULL);
    WA_ASSERT_OK(r);
    json_decref(r);

    const char *actions[] = {
        "REGISTER", "LOGIN_FAILED", "LOGIN_SUCCESS", "TOKEN_REFRESH", "LOGOUT", "CHAOS_TOGGLE"};
    for (size_t i = 0; i < sizeof(actions) / sizeof(actions[0]); i++)
        if (atoi(wa_sql_value(
                &env, "SELECT count(*) FROM audit_log WHERE action='%s'", actions[i])) < 1)
            fail_msg("no %s entry", actions[i]);
    long ravi = atol(wa_sql_value(&env, "SELECT id FROM users WHERE username='ravi'"));
    /* Chains per actor; anonymous failures on the system chain. */
    assert_string_equal(wa_sql_value(&env, "SELECT chain FROM audit_log WHERE action='REGISTER'"),
                        wa_sql_value(&env, "SELECT 'user:' || %ld", ravi));
    assert_string_equal(
        wa_sql_value(&env,
                     "SELECT count(*) FROM audit_log WHERE action='LOGIN_FAILED' AND "
                     "chain='system' AND actor_id IS NULL"),
        "1");
    assert_string_equal(wa_sql_value(&env,
                                     "SELECT request_id || ' ' || ip FROM audit_log WHERE "
                                     "action='REGISTER'"),
                        "req-audit-1 127.0.0.1");
    /* Nothing secret anywhere in the log. */
    for (int i = 0; i < nsecrets; i++)
        assert_string_equal(wa_sql_value(&env,
                                         "SELECT count(*) FROM audit_log a WHERE strpos(a::text, "
                                         "'%s') > 0",
                                         secrets[i]),
                            "0");
}

static void
audit_log_query(void **state)
{
    (void)state;
    int total = atoi(wa_sql_value(&env, "SELECT count(*) FROM audit_log"));
    json_t *r = wa_gql(env.port,
                       admin.access,
                       "{auditLog(first:100){edges{cursor node{id at actor{id username} action "
                       "targetId requestId ip details hash}} pageInfo{hasNextPage}}}",
                       NULL,
                       NULL);
    WA_ASSERT_OK(r);
    json_t *edges = wa_data(r, "auditLog.edges");
    assert_int_equal((int)json_array_size(edges), total);
    /* Newest first: ids (AuditEntry:<n>) decrease; hashes are 64 hex characters. */
    int64_t prev = -1;
    for (size_t i = 0; i < json_array_size(edges); i++) {
        json_t *node = json_object_get(json_array_get(edges, i), "node");
        const char *gid = json_string_value(json_object_get(node, "id"));
        enum res_id_type type;
        int64_t id;
        assert_int_equal(res_id_decode(gid, strlen(gid), &type, &id), 0);
        assert_int_equal(type, RES_ID_AUDIT_ENTRY);
        if (prev >= 0)
            assert_true(id < prev);
        prev = id;
        assert_int_equal(strlen(json_string_value(json_object_get(node, "hash"))), 64);
        assert_true(json_is_string(json_object_get(node, "details")));
    }
    json_decref(r);

    /* Filters. */
    r = wa_gql(env.port,
               admin.access,
               "{auditLog(action:\"LOGIN_FAILED\"){edges{node{action actor{id} targetId}}}}",
               NULL,
               NULL);
    WA_ASSERT_OK(r);
    edges = wa_data(r, "auditLog.edges");
    assert_int_equal(json_array_size(edges), 2);
    for (size_t i = 0; i < json_array_size(edges); i++)
        assert_string_equal(json_string_value(json_object_get(
                                json_object_get(json_array_get(edges, i), "node"), "action")),
                            "LOGIN_FAILED");
    json_decref(r);
    r = wa_gql(env.port,
               admin.access,
               "query($a:ID){auditLog(actorId:$a){edges{node{action actor{id username} "
               "targetId}}}}",
               json_pack("{s:s}", "a", u1.id),
               NULL);
    WA_ASSERT_OK(r);
    edges = wa_data(r, "auditLog.edges");
    assert_true(json_array_size(edges) >= 4);
    for (size_t i = 0; i < json_array_size(edges); i++) {
        json_t *node = json_object_get(json_array_get(edges, i), "node");
        assert_string_equal(
            json_string_value(json_object_get(json_object_get(node, "actor"), "id")), u1.id);
        /* Sign-in events target the user: the same global id. */
        assert_string_equal(json_string_value(json_object_get(node, "targetId")), u1.id);
    }
    json_decref(r);
    r = wa_gql(
        env.port, admin.access, "{auditLog(actorId:\"QWNjb3VudDox\"){edges{cursor}}}", NULL, NULL);
    WA_ASSERT_CODE(r, "BAD_USER_INPUT");
    json_decref(r);

    /* Keyset pages of 3 cover everything once. */
    int seen = 0;
    char after[512] = "";
    for (int page = 0; page < 100; page++) {
        json_t *vars = json_object();
        if (after[0])
            json_object_set_new(vars, "a", json_string(after));
        r = wa_gql(env.port,
                   admin.access,
                   "query($a:String){auditLog(first:3,after:$a){edges{node{id}} "
                   "pageInfo{hasNextPage endCursor}}}",
                   vars,
                   NULL);
        WA_ASSERT_OK(r);
        seen += (int)json_array_size(wa_data(r, "auditLog.edges"));
        bool next = json_is_true(wa_data(r, "auditLog.pageInfo.hasNextPage"));
        const char *end = wa_str(r, "auditLog.pageInfo.endCursor");
        snprintf(after, sizeof(after), "%s", end ? end : "");
        json_decref(r);
        if (!next)
            break;
    }
    assert_int_equal(seen, total);
}

/* verifyAuditLog's answer as (ok, checked, firstBrokenId or ""). */
static void
verify(bool *ok, int *checked, char *broken, size_t cap)
{
    json_t *r =
        wa_gql(env.port, admin.access, "{verifyAuditLog{ok checked firstBrokenId}}", NULL, NULL);
    WA_ASSERT_OK(r);
    *ok = json_is_true(wa_data(r, "verifyAuditLog.ok"));
    *checked = (int)json_integer_value(wa_data(r, "verifyAuditLog.checked"));
    const char *b = wa_str(r, "verifyAuditLog.firstBrokenId");
    snprintf(broken, cap, "%s", b ? b : "");
    json_decref(r);
}

/* The global id of audit entry n ("AuditEntry:n" in base64url). */
static const char *
entry_gid(long n)
{
    static char out[64];
    snprintf(out,
             sizeof(out),
             "%s",
             wa_sql_value(&env,
                          "SELECT rtrim(translate(encode(convert_to('AuditEntry:%ld', 'UTF8'), "
                          "'base64'), '+/', '-_'), '=')",
                          n));
    return out;
}

/* Runs one statement (printf-style) on audit_log with its append-only trigger off. */
static void __attribute__((format(printf, 1, 2))) tamper(const char *fmt, ...)
{
    char stmt[2048], sql[2304];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(stmt, sizeof(stmt), fmt, ap);
    va_end(ap);
    snprintf(sql,
             sizeof(sql),
             "ALTER TABLE audit_log DISABLE TRIGGER audit_log_append_only; %s; "
             "ALTER TABLE audit_log ENABLE TRIGGER audit_log_append_only",
             stmt);
    wa_sql(&env, sql);
}

/* Puts entry id back from the table saved (a copy of audit_log taken before). */
static void
restore(long id)
{
    char sql[256];
    snprintf(sql,
             sizeof(sql),
             "INSERT INTO audit_log OVERRIDING SYSTEM VALUE SELECT * FROM saved WHERE id = %ld",
             id);
    wa_sql(&env, sql);
}

static void
verify_and_tamper(void **state)
{
    (void)state;
    bool ok;
    int checked;
    char broken[64];
    verify(&ok, &checked, broken, sizeof(broken));
    assert_true(ok);
    assert_int_equal(checked, atoi(wa_sql_value(&env, "SELECT count(*) FROM audit_log")));
    assert_string_equal(broken, "");

    /* The database refuses changes on its own. */
    PGresult *res = PQexec(env.db, "UPDATE audit_log SET details = '{}' WHERE id = 1");
    assert_int_not_equal(PQresultStatus(res), PGRES_COMMAND_OK);
    PQclear(res);
    res = PQexec(env.db, "DELETE FROM audit_log WHERE id = 1");
    assert_int_not_equal(PQresultStatus(res), PGRES_COMMAND_OK);
    PQclear(res);

    /* ravi's chain: at least 4 entries. Pick the second one. */
    long ravi = atol(wa_sql_value(&env, "SELECT id FROM users WHERE username='ravi'"));
    long target =
        atol(wa_sql_value(&env, "SELECT id FROM audit_log WHERE chain='user:%ld' AND seq=2", ravi));
    char details[1024];
    snprintf(details,
             sizeof(details),
             "%s",
             wa_sql_value(&env, "SELECT details FROM audit_log WHERE id=%ld", target));

    /* 1. An edited entry. */
    tamper("UPDATE audit_log SET details = '{\"edited\":true}' WHERE id = %ld", target);
    verify(&ok, &checked, broken, sizeof(broken));
    assert_false(ok);
    assert_string_equal(broken, entry_gid(target));
    char *esc = PQescapeLiteral(env.db, details, strlen(details));
    tamper("UPDATE audit_log SET details = %s WHERE id = %ld", esc, target);
    PQfreemem(esc);
    verify(&ok, &checked, broken, sizeof(broken));
    assert_true(ok);

    /* 2. An entry removed from the middle: the chain breaks at the next one. */
    long next =
        atol(wa_sql_value(&env, "SELECT id FROM audit_log WHERE chain='user:%ld' AND seq=3", ravi));
    wa_sql(&env, "CREATE TABLE saved AS SELECT * FROM audit_log");
    tamper("DELETE FROM audit_log WHERE id = %ld", target);
    verify(&ok, &checked, broken, sizeof(broken));
    assert_false(ok);
    assert_string_equal(broken, entry_gid(next));
    restore(target);
    verify(&ok, &checked, broken, sizeof(broken));
    assert_true(ok);

    /* 3. The last entry of a chain cut off: its head no longer matches. */
    long last =
        atol(wa_sql_value(&env, "SELECT max(id) FROM audit_log WHERE chain='user:%ld'", ravi));
    long before_last = atol(wa_sql_value(
        &env, "SELECT max(id) FROM audit_log WHERE chain='user:%ld' AND id < %ld", ravi, last));
    tamper("DELETE FROM audit_log WHERE id = %ld", last);
    verify(&ok, &checked, broken, sizeof(broken));
    assert_false(ok);
    assert_string_equal(broken, entry_gid(before_last));
    restore(last);
    verify(&ok, &checked, broken, sizeof(broken));
    assert_true(ok);

    /* 4. A recomputed hash still breaks the link from the next entry. */
    tamper("UPDATE audit_log SET hash = repeat('a', 64) WHERE id = %ld", target);
    verify(&ok, &checked, broken, sizeof(broken));
    assert_false(ok);
    assert_string_equal(broken, entry_gid(target));
}

int
main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(scenario_is_recorded),
        cmocka_unit_test(audit_log_query),
        cmocka_unit_test(verify_and_tamper),
    };
    return cmocka_run_group_tests(tests, setup, teardown);
}
