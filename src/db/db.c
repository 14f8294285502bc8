/*
 * Checked libpq helpers and SQLSTATE mapping (see include/db/db.h).
 */
#include "db/db.h"

#include "core/log.h"

#include <stdio.h>
#include <string.h>

enum db_fault
db_sqlstate_fault(const char *s)
{
    if (s == NULL || s[0] == '\0')
        return DB_FAULT_NONE;
    if (strncmp(s, "08", 2) == 0 || strcmp(s, "57P01") == 0 || strcmp(s, "57P02") == 0 ||
        strcmp(s, "57P03") == 0)
        return DB_FAULT_CONNECTION;
    if (strcmp(s, "40001") == 0 || strcmp(s, "40P01") == 0 || strcmp(s, "55P03") == 0)
        return DB_FAULT_RETRY;
    if (strcmp(s, "23505") == 0)
        return DB_FAULT_UNIQUE;
    if (strcmp(s, "23503") == 0)
        return DB_FAULT_FOREIGN_KEY;
    if (strcmp(s, "23514") == 0)
        return DB_FAULT_CHECK;
    if (strcmp(s, "23502") == 0)
        return DB_FAULT_NOT_NULL;
    if (strcmp(s, "P0001") == 0 || strcmp(s, "42501") == 0)
        return DB_FAULT_REFUSED;
    if (strncmp(s, "22", 2) == 0)
        return DB_FAULT_DATA;
    if (strcmp(s, "57014") == 0)
        return DB_FAULT_CANCELED;
    return DB_FAULT_OTHER;
}

const char *
db_fault_name(enum db_fault fault)
{
    switch (fault) {
    case DB_FAULT_NONE:
        return "none";
    case DB_FAULT_CONNECTION:
        return "connection";
    case DB_FAULT_RETRY:
        return "retry";
    case DB_FAULT_UNIQUE:
        return "unique";
    case DB_FAULT_FOREIGN_KEY:
        return "foreign_key";
    case DB_FAULT_CHECK:
        return "check";
    case DB_FAULT_NOT_NULL:
        return "not_null";
    case DB_FAULT_REFUSED:
        return "refused";
    case DB_FAULT_DATA:
        return "data";
    case DB_FAULT_CANCELED:
        return "canceled";
    case DB_FAULT_OTHER:
        break;
    }
    return "other";
}

bool
db_conninfo_valid(const char *conninfo)
{
    if (conninfo == NULL || conninfo[0] == '\0')
        return false;
    char *errmsg = NULL;
    PQconninfoOption *opts = PQconninfoParse(conninfo, &errmsg);
    if (errmsg != NULL)
        PQfreemem(errmsg);
    if (opts == NULL)
        return false;
    PQconninfoFree(opts);
    return true;
}

/* Copies text without its trailing newline. */
static void
copy_message(char *dst, size_t cap, const char *src)
{
    snprintf(dst, cap, "%s", src ? src : "");
    size_t n = strlen(dst);
    while (n > 0 && (dst[n - 1] == '\n' || dst[n - 1] == ' '))
        dst[--n] = '\0';
}

static void
notice_to_log(void *arg, const char *message)
{
    (void)arg;
    char text[256];
    copy_message(text, sizeof(text), message);
    log_debug("postgresql notice", LOG_STR("notice", text));
}

int
db_pg_connect(const char *conninfo,
              int connect_timeout_s,
              const char *application_name,
              PGconn **out,
              struct db_error *err)
{
    char timeout[16];
    snprintf(timeout, sizeof(timeout), "%d", connect_timeout_s > 0 ? connect_timeout_s : 5);
    /* Entries before dbname are defaults: the connection string's own values win. */
    const char *const keys[] = {"connect_timeout", "fallback_application_name", "dbname", NULL};
    const char *const vals[] = {
        timeout, application_name ? application_name : "walletd", conninfo, NULL};
    *out = NULL;
    if (err != NULL)
        memset(err, 0, sizeof(*err));
    if (!db_conninfo_valid(conninfo)) {
        if (err != NULL) {
            err->fault = DB_FAULT_OTHER;
            copy_message(err->message, sizeof(err->message), "invalid connection string");
        }
        return -1;
    }
    PGconn *pg = PQconnectdbParams(keys, vals, 1);
    if (pg == NULL || PQstatus(pg) != CONNECTION_OK) {
        if (err != NULL) {
            err->fault = DB_FAULT_CONNECTION;
            copy_message(
                err->message, sizeof(err->message), pg ? PQerrorMessage(pg) : "out of memory");
        }
        PQfinish(pg);
        return -1;
    }
    PQsetNoticeProcessor(pg, notice_to_log, NULL);
    *out = pg;
    return 0;
}

int
db_pg_check(PGconn *pg, const PGresult *res, ExecStatusType expect, struct db_error *err)
{
    if (res != NULL && PQresultStatus(res) == expect)
        return 0;
    if (err == NULL)
        return -1;
    memset(err, 0, sizeof(*err));
    if (res == NULL) {
        err->fault = DB_FAULT_CONNECTION;
        copy_message(err->message, sizeof(err->message), pg ? PQerrorMessage(pg) : "no connection");
        return -1;
    }
    const char *state = PQresultErrorField(res, PG_DIAG_SQLSTATE);
    const char *constraint = PQresultErrorField(res, PG_DIAG_CONSTRAINT_NAME);
    const char *primary = PQresultErrorField(res, PG_DIAG_MESSAGE_PRIMARY);
    snprintf(err->sqlstate, sizeof(err->sqlstate), "%s", state ? state : "");
    snprintf(err->constraint, sizeof(err->constraint), "%s", constraint ? constraint : "");
    if (primary != NULL) {
        copy_message(err->message, sizeof(err->message), primary);
    } else if (PQresultStatus(res) == PGRES_FATAL_ERROR) {
        copy_message(err->message, sizeof(err->message), PQresultErrorMessage(res));
    } else {
        snprintf(err->message,
                 sizeof(err->message),
                 "unexpected result %s (expected %s)",
                 PQresStatus(PQresultStatus(res)),
                 PQresStatus(expect));
    }
    err->fault = db_sqlstate_fault(err->sqlstate);
    if (err->fault == DB_FAULT_NONE)
        err->fault =
            (pg != NULL && PQstatus(pg) == CONNECTION_BAD) ? DB_FAULT_CONNECTION : DB_FAULT_OTHER;
    return -1;
}

int
db_pg_run(PGconn *pg, const char *sql, struct db_error *err)
{
    PGresult *res = PQexec(pg, sql);
    int rc;
    if (res != NULL && PQresultStatus(res) == PGRES_TUPLES_OK && PQntuples(res) == 0)
        rc = 0;
    else
        rc = db_pg_check(pg, res, PGRES_COMMAND_OK, err);
    PQclear(res);
    return rc;
}

PGresult *
db_pg_query(PGconn *pg,
            const char *sql,
            int nparams,
            const char *const *params,
            ExecStatusType expect,
            struct db_error *err)
{
    PGresult *res = PQexecParams(pg, sql, nparams, NULL, params, NULL, NULL, 0);
    if (db_pg_check(pg, res, expect, err) < 0) {
        PQclear(res);
        return NULL;
    }
    return res;
}

int
db_pg_begin(PGconn *pg, struct db_error *err)
{
    return db_pg_run(pg, "BEGIN", err);
}

int
db_pg_commit(PGconn *pg, struct db_error *err)
{
    return db_pg_run(pg, "COMMIT", err);
}

void
db_pg_rollback(PGconn *pg)
{
    PQclear(PQexec(pg, "ROLLBACK"));
}
