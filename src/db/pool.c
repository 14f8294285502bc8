/*
 * The bounded PostgreSQL connection pool with per-connection prepared statements and
 * broken-connection replacement (see include/db/pool.h).
 *
 * Slots: the pool owns `size` slots. A slot is empty (no connection), idle (an open
 * connection on the free list) or in use. Acquire takes an idle connection, or opens one in
 * an empty slot, or waits on a condition variable until one is released or the timeout
 * passes. Connecting happens outside the lock, with the slot reserved.
 */
#include "db/pool.h"

#include "core/errors.h"
#include "core/log.h"

#include <errno.h>
#include <poll.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

struct db_conn {
    PGconn *pg;
    struct db_conn *next_free;
    const struct db_stmt **prepared; /* statements prepared on this connection */
    size_t nprepared, capprepared;
    bool broken;
};

struct db_pool {
    pthread_mutex_t lock;
    pthread_cond_t cond;
    char *conninfo;
    char connect_timeout[16];
    char application_name[64];
    unsigned statement_timeout_ms;
    unsigned size;
    unsigned acquire_timeout_ms;
    unsigned open;   /* connections existing or being opened */
    unsigned in_use; /* checked out */
    unsigned waiting;
    bool closing;
    struct db_conn *free_list;
    uint64_t acquired, timeouts, reconnects, connect_failures;

    bool down; /* the last connection attempt failed: logged once until one succeeds */

    pthread_mutex_t ping_lock; /* guards ping_conn */
    struct db_conn *ping_conn;
};

struct db_pool *
db_pool_new(const struct db_pool_config *cfg)
{
    if (cfg == NULL || cfg->conninfo == NULL || cfg->conninfo[0] == '\0')
        return NULL;
    struct db_pool *p = calloc(1, sizeof(*p));
    if (p == NULL)
        return NULL;
    p->conninfo = strdup(cfg->conninfo);
    if (p->conninfo == NULL) {
        free(p);
        return NULL;
    }
    p->size = cfg->size ? cfg->size : 4;
    p->acquire_timeout_ms = cfg->acquire_timeout_ms ? cfg->acquire_timeout_ms : 2000;
    p->statement_timeout_ms = cfg->statement_timeout_ms;
    snprintf(p->connect_timeout,
             sizeof(p->connect_timeout),
             "%u",
             cfg->connect_timeout_s ? cfg->connect_timeout_s : 3);
    snprintf(p->application_name,
             sizeof(p->application_name),
             "%s",
             cfg->application_name ? cfg->application_name : "walletd");

    pthread_condattr_t ca;
    pthread_condattr_init(&ca);
    pthread_condattr_setclock(&ca, CLOCK_MONOTONIC);
    pthread_cond_init(&p->cond, &ca);
    pthread_condattr_destroy(&ca);
    pthread_mutex_init(&p->lock, NULL);
    pthread_mutex_init(&p->ping_lock, NULL);
    return p;
}

static void
conn_destroy(struct db_conn *c)
{
    if (c == NULL)
        return;
    if (c->pg != NULL)
        PQfinish(c->pg);
    free(c->prepared);
    free(c);
}

/* Server notices (and libpq's own) must not reach stderr: logs are JSON lines. */
static void
ignore_notice(void *arg, const char *message)
{
    (void)arg;
    (void)message;
}

/* Opens a connection (no lock held). NULL when the server refuses or memory runs out. */
static struct db_conn *
conn_open(struct db_pool *p)
{
    struct db_conn *c = calloc(1, sizeof(*c));
    if (c == NULL)
        return NULL;
    /* Our defaults first: keywords inside the URL (expanded from dbname) override them. */
    const char *const keys[] = {"connect_timeout", "application_name", "dbname", NULL};
    const char *const vals[] = {p->connect_timeout, p->application_name, p->conninfo, NULL};
    c->pg = PQconnectdbParams(keys, vals, 1);
    if (c->pg == NULL || PQstatus(c->pg) != CONNECTION_OK) {
        conn_destroy(c);
        return NULL;
    }
    PQsetNoticeProcessor(c->pg, ignore_notice, NULL);
    if (p->statement_timeout_ms > 0) {
        char sql[64];
        snprintf(sql, sizeof(sql), "SET statement_timeout = %u", p->statement_timeout_ms);
        PGresult *r = PQexec(c->pg, sql);
        bool ok = PQresultStatus(r) == PGRES_COMMAND_OK;
        PQclear(r);
        if (!ok) {
            conn_destroy(c);
            return NULL;
        }
    }
    return c;
}

/*
 * Whether an idle connection still looks usable: the server sends nothing to an idle
 * session, so a readable socket means it closed the connection (shutdown, restart,
 * termination) or sent an error; reading it tells which.
 */
static bool
conn_idle_ok(struct db_conn *c)
{
    if (c->broken || PQstatus(c->pg) != CONNECTION_OK)
        return false;
    int fd = PQsocket(c->pg);
    if (fd < 0)
        return false;
    bool notified = false;
    for (int round = 0; round < 4; round++) {
        struct pollfd pfd = {.fd = fd, .events = POLLIN};
        int n = poll(&pfd, 1, 0);
        if (n == 0)
            break;
        if (n < 0)
            return false;
        if (pfd.revents & (POLLERR | POLLHUP | POLLNVAL))
            return false;
        if (!PQconsumeInput(c->pg) || PQstatus(c->pg) != CONNECTION_OK)
            return false;
        PGnotify *note;
        while ((note = PQnotifies(c->pg)) != NULL) {
            notified = true;
            PQfreemem(note);
        }
        if (!notified)
            return false; /* an error such as 57P01 before the server closes */
    }
    return PQstatus(c->pg) == CONNECTION_OK;
}

static void
deadline_after(struct timespec *ts, unsigned ms)
{
    clock_gettime(CLOCK_MONOTONIC, ts);
    ts->tv_sec += ms / 1000;
    ts->tv_nsec += (long)(ms % 1000) * 1000000L;
    if (ts->tv_nsec >= 1000000000L) {
        ts->tv_sec++;
        ts->tv_nsec -= 1000000000L;
    }
}

int
db_pool_acquire(struct db_pool *p, unsigned timeout_ms, struct db_conn **out)
{
    *out = NULL;
    if (timeout_ms == 0)
        timeout_ms = p->acquire_timeout_ms;
    struct timespec deadline;
    deadline_after(&deadline, timeout_ms);

    pthread_mutex_lock(&p->lock);
    for (;;) {
        if (p->closing) {
            pthread_mutex_unlock(&p->lock);
            return -WALLET_ESERVICE_UNAVAILABLE;
        }
        /* An idle connection, checked for a server that went away meanwhile. */
        while (p->free_list != NULL) {
            struct db_conn *c = p->free_list;
            p->free_list = c->next_free;
            c->next_free = NULL;
            if (conn_idle_ok(c)) {
                p->in_use++;
                p->acquired++;
                pthread_mutex_unlock(&p->lock);
                *out = c;
                return 0;
            }
            p->open--;
            p->reconnects++;
            conn_destroy(c); /* PQfinish on a dead socket does not block */
            log_warn("database connection lost while idle; replacing it");
        }
        /* An empty slot: open a new connection outside the lock. */
        if (p->open < p->size) {
            p->open++;
            p->in_use++;
            pthread_mutex_unlock(&p->lock);
            struct db_conn *c = conn_open(p);
            pthread_mutex_lock(&p->lock);
            if (c == NULL) {
                p->open--;
                p->in_use--;
                p->connect_failures++;
                bool first = !p->down;
                p->down = true;
                pthread_cond_signal(&p->cond); /* the slot is free again */
                pthread_mutex_unlock(&p->lock);
                if (first)
                    log_warn("database refuses connections; requests answer 503 meanwhile");
                return -WALLET_ESERVICE_UNAVAILABLE;
            }
            p->acquired++;
            bool recovered = p->down;
            p->down = false;
            pthread_mutex_unlock(&p->lock);
            if (recovered)
                log_info("database connections work again");
            *out = c;
            return 0;
        }
        p->waiting++;
        int rc = pthread_cond_timedwait(&p->cond, &p->lock, &deadline);
        p->waiting--;
        if (rc == ETIMEDOUT && p->free_list == NULL && p->open >= p->size) {
            p->timeouts++;
            pthread_mutex_unlock(&p->lock);
            return -WALLET_ESERVICE_UNAVAILABLE;
        }
    }
}

void
db_pool_release(struct db_pool *p, struct db_conn *c)
{
    if (c == NULL)
        return;
    /* Leave the connection as a new request expects it: idle, outside any transaction. */
    if (!c->broken && PQstatus(c->pg) == CONNECTION_OK) {
        if (PQpipelineStatus(c->pg) != PQ_PIPELINE_OFF) {
            c->broken = true;
        } else {
            switch (PQtransactionStatus(c->pg)) {
            case PQTRANS_IDLE:
                break;
            case PQTRANS_INTRANS:
            case PQTRANS_INERROR: {
                PGresult *r = PQexec(c->pg, "ROLLBACK");
                if (PQresultStatus(r) != PGRES_COMMAND_OK)
                    c->broken = true;
                PQclear(r);
                break;
            }
            default: /* a command still running, or unknown */
                c->broken = true;
                break;
            }
        }
    } else {
        c->broken = true;
    }

    pthread_mutex_lock(&p->lock);
    p->in_use--;
    if (c->broken) {
        p->open--;
        p->reconnects++;
        pthread_mutex_unlock(&p->lock);
        conn_destroy(c);
        log_warn("database connection broken; closed for replacement");
        pthread_mutex_lock(&p->lock);
    } else {
        c->next_free = p->free_list;
        p->free_list = c;
    }
    pthread_cond_signal(&p->cond);
    pthread_mutex_unlock(&p->lock);
}

void
db_pool_get_stats(struct db_pool *p, struct db_pool_stats *out)
{
    pthread_mutex_lock(&p->lock);
    out->size = p->size;
    out->open = p->open;
    out->in_use = p->in_use;
    out->waiting = p->waiting;
    out->acquired = p->acquired;
    out->timeouts = p->timeouts;
    out->reconnects = p->reconnects;
    out->connect_failures = p->connect_failures;
    pthread_mutex_unlock(&p->lock);
}

int
db_pool_ping(struct db_pool *p)
{
    int rc = -1;
    pthread_mutex_lock(&p->ping_lock);
    if (p->ping_conn != NULL && !conn_idle_ok(p->ping_conn)) {
        conn_destroy(p->ping_conn);
        p->ping_conn = NULL;
    }
    if (p->ping_conn == NULL)
        p->ping_conn = conn_open(p);
    if (p->ping_conn != NULL) {
        PGresult *r = PQexec(p->ping_conn->pg, "SELECT 1");
        if (PQresultStatus(r) == PGRES_TUPLES_OK) {
            rc = 0;
        } else {
            conn_destroy(p->ping_conn);
            p->ping_conn = NULL;
        }
        PQclear(r);
    }
    pthread_mutex_unlock(&p->ping_lock);
    return rc;
}

void
db_pool_close(struct db_pool *p)
{
    pthread_mutex_lock(&p->lock);
    p->closing = true;
    pthread_cond_broadcast(&p->cond);
    pthread_mutex_unlock(&p->lock);
}

void
db_pool_free(struct db_pool *p)
{
    if (p == NULL)
        return;
    struct db_conn *c = p->free_list;
    while (c != NULL) {
        struct db_conn *next = c->next_free;
        conn_destroy(c);
        c = next;
    }
    conn_destroy(p->ping_conn);
    pthread_mutex_destroy(&p->lock);
    pthread_mutex_destroy(&p->ping_lock);
    pthread_cond_destroy(&p->cond);
    free(p->conninfo);
    free(p);
}

PGconn *
db_conn_pg(struct db_conn *c)
{
    return c->pg;
}

void
db_conn_mark_broken(struct db_conn *c)
{
    c->broken = true;
}

bool
db_conn_is_broken(struct db_conn *c)
{
    if (!c->broken && PQstatus(c->pg) != CONNECTION_OK)
        c->broken = true;
    return c->broken;
}

bool
db_sqlstate_is_connection_error(const char *s)
{
    if (s == NULL)
        return false;
    if (s[0] == '0' && s[1] == '8')
        return true;
    return strcmp(s, "57P01") == 0 || strcmp(s, "57P02") == 0 || strcmp(s, "57P03") == 0;
}

int
db_result_check(struct db_conn *c,
                const PGresult *res,
                ExecStatusType expect,
                const char **sqlstate)
{
    const char *state = "";
    if (res != NULL && PQresultStatus(res) == expect) {
        if (sqlstate)
            *sqlstate = state;
        return 0;
    }
    if (res != NULL) {
        const char *s = PQresultErrorField(res, PG_DIAG_SQLSTATE);
        if (s != NULL)
            state = s;
    }
    if (sqlstate)
        *sqlstate = state;
    if (res == NULL || db_sqlstate_is_connection_error(state) || db_conn_is_broken(c)) {
        c->broken = true;
        return -WALLET_ESERVICE_UNAVAILABLE;
    }
    return -WALLET_EINTERNAL_SERVER_ERROR;
}

static bool
conn_has_prepared(const struct db_conn *c, const struct db_stmt *st)
{
    for (size_t i = 0; i < c->nprepared; i++)
        if (c->prepared[i] == st)
            return true;
    return false;
}

int
db_conn_prepare(struct db_conn *c, const struct db_stmt *st)
{
    if (conn_has_prepared(c, st))
        return 0;
    if (c->nprepared == c->capprepared) {
        size_t cap = c->capprepared ? c->capprepared * 2 : 16;
        const struct db_stmt **n = realloc(c->prepared, cap * sizeof(*n));
        if (n == NULL)
            return -1;
        c->prepared = n;
        c->capprepared = cap;
    }
    PGresult *r = PQprepare(c->pg, st->name, st->sql, st->nparams, st->param_types);
    int rc = db_result_check(c, r, PGRES_COMMAND_OK, NULL);
    PQclear(r);
    if (rc < 0)
        return -1;
    c->prepared[c->nprepared++] = st;
    return 0;
}

PGresult *
db_exec(struct db_conn *c, const struct db_stmt *st, const char *const *params)
{
    if (c->broken)
        return NULL;
    if (db_conn_prepare(c, st) < 0) {
        /* Run it unprepared so the caller sees the server's own error result. */
        if (c->broken)
            return NULL;
        return PQexecParams(c->pg, st->sql, st->nparams, st->param_types, params, NULL, NULL, 0);
    }
    PGresult *r = PQexecPrepared(c->pg, st->name, st->nparams, params, NULL, NULL, 0);
    if (r == NULL || PQstatus(c->pg) != CONNECTION_OK)
        c->broken = true;
    return r;
}

PGresult *
db_exec_sql(struct db_conn *c, const char *sql)
{
    if (c->broken)
        return NULL;
    PGresult *r = PQexec(c->pg, sql);
    if (r == NULL || PQstatus(c->pg) != CONNECTION_OK)
        c->broken = true;
    return r;
}
