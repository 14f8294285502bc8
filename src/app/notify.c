/*
 * The ledger event listener (see include/app/notify.h): one PostgreSQL connection doing
 * LISTEN, one thread waiting on its socket and on a self-pipe (so stop wakes it at once),
 * reconnecting with exponential backoff when the database goes away; and the table of users
 * this process serves, mirrored into ledger_subscribers for the trigger's gate.
 */
#include "app/notify.h"

#include "core/errors.h"
#include "core/log.h"
#include "db/pool.h"

#include <errno.h>
#include <fcntl.h>
#include <jansson.h>
#include <libpq-fe.h>
#include <poll.h>
#include <pthread.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

/* How long a probe (SELECT 1) may take before the connection counts as dead. */
#define PROBE_TIMEOUT_MS 10000

struct app_notify {
    char *conninfo;
    char channel[64];
    unsigned backoff_min_ms;
    unsigned backoff_max_ms;
    unsigned probe_ms;
    struct app_notify_callbacks cb;
    pthread_t thread;
    int wake[2]; /* self-pipe: readable once stop is requested */
    atomic_bool stop;
    pthread_mutex_t lock; /* guards stats, generation and pid */
    struct app_notify_stats stats;
    uint64_t generation; /* grows by one at each loss */
    int pid;             /* the listening connection's backend pid; 0 when none */

    /* Registrations (app_notify_subscribe): one entry per user, under reg_lock, which is
     * held across the insert or delete so that a user's row and count never disagree. */
    pthread_mutex_t reg_lock;
    struct reg {
        int64_t user_id;
        unsigned count; /* subscribers in this process */
        int pid;        /* listener pid the row was inserted with */
    } * regs;
    size_t nregs, capregs;
};

/* Removes listener rows whose connection is gone (other processes' included). */
static const char sql_cleanup[] =
    "DELETE FROM ledger_subscribers s "
    "WHERE NOT EXISTS (SELECT 1 FROM pg_stat_activity a WHERE a.pid = s.listener_pid)";

static const struct db_stmt stmt_subscribe = {
    "app_notify_subscribe",
    "INSERT INTO ledger_subscribers (user_id, listener_pid) VALUES ($1::bigint, $2::integer) "
    "ON CONFLICT DO NOTHING",
    2,
    NULL,
};

static const struct db_stmt stmt_unsubscribe = {
    "app_notify_unsubscribe",
    "DELETE FROM ledger_subscribers WHERE user_id = $1::bigint AND listener_pid = $2::integer",
    2,
    NULL,
};

/* Why the listening loop ended. */
enum listen_end { LISTEN_LOST, LISTEN_STOP };

static int64_t
now_ms(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (int64_t)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

/* Waits up to ms (or until stop is requested). Returns true when stop was requested. */
static bool
wait_or_stop(struct app_notify *n, int64_t ms)
{
    int64_t deadline = now_ms() + ms;
    while (!atomic_load(&n->stop)) {
        int64_t left = deadline - now_ms();
        if (left <= 0)
            return false;
        struct pollfd p = {.fd = n->wake[0], .events = POLLIN};
        int rc = poll(&p, 1, (int)left);
        if (rc < 0 && errno != EINTR)
            return atomic_load(&n->stop);
    }
    return true;
}

static void
count(struct app_notify *n, uint64_t *field)
{
    pthread_mutex_lock(&n->lock);
    (*field)++;
    pthread_mutex_unlock(&n->lock);
}

/* Records the listening state; returns the generation from now on. */
static uint64_t
set_listening(struct app_notify *n, bool listening, int pid)
{
    pthread_mutex_lock(&n->lock);
    n->stats.listening = listening;
    n->pid = listening ? pid : 0;
    if (listening)
        n->stats.connects++;
    else
        n->generation++;
    uint64_t gen = n->generation;
    pthread_mutex_unlock(&n->lock);
    return gen;
}

/* libpq notices (none expected here) stay off standard error. */
static void
quiet_notice(void *arg, const char *message)
{
    (void)arg;
    (void)message;
}

/* A short, single-line copy of a libpq message for the log (no secrets: libpq never
 * includes the password). */
static void
one_line(char *out, size_t cap, const char *msg)
{
    snprintf(out, cap, "%s", msg ? msg : "");
    for (char *p = out; *p; p++)
        if (*p == '\n' || *p == '\r')
            *p = ' ';
}

/*
 * Connects and LISTENs. Returns the connection, or NULL (logged once per outage through
 * *outage_logged).
 */
static PGconn *
connect_and_listen(struct app_notify *n, bool *outage_logged)
{
    /* Keywords before dbname are defaults the connection string may override. */
    const char *const keys[] = {"connect_timeout",
                                "fallback_application_name",
                                "keepalives",
                                "keepalives_idle",
                                "keepalives_interval",
                                "keepalives_count",
                                "tcp_user_timeout",
                                "dbname",
                                NULL};
    const char *const vals[] = {
        "3", "walletd-listener", "1", "10", "5", "3", "15000", n->conninfo, NULL};
    char detail[256];
    PGconn *pg = PQconnectdbParams(keys, vals, 1);
    if (pg == NULL || PQstatus(pg) != CONNECTION_OK) {
        if (!*outage_logged) {
            one_line(detail, sizeof(detail), pg ? PQerrorMessage(pg) : "out of memory");
            log_warn("ledger event listener cannot connect; retrying", LOG_STR("detail", detail));
            *outage_logged = true;
        }
        PQfinish(pg);
        return NULL;
    }
    PQsetNoticeProcessor(pg, quiet_notice, NULL);

    char sql[96];
    snprintf(sql, sizeof(sql), "LISTEN %s", n->channel); /* channel is [a-z_]+ (checked) */
    PGresult *res = PQexec(pg, sql);
    bool ok = res != NULL && PQresultStatus(res) == PGRES_COMMAND_OK;
    if (!ok && !*outage_logged) {
        one_line(detail, sizeof(detail), PQerrorMessage(pg));
        log_warn("ledger event listener cannot LISTEN; retrying", LOG_STR("detail", detail));
        *outage_logged = true;
    }
    PQclear(res);
    if (!ok) {
        PQfinish(pg);
        return NULL;
    }
    /* Rows of listeners that are gone only cost notifications for nobody: best effort. */
    res = PQexec(pg, sql_cleanup);
    if (res == NULL || PQresultStatus(res) != PGRES_COMMAND_OK) {
        one_line(detail, sizeof(detail), PQerrorMessage(pg));
        log_warn("ledger event listener could not clean ledger_subscribers",
                 LOG_STR("detail", detail));
    }
    PQclear(res);
    return pg;
}

/* At stop: this listener's rows go with it (best effort; the next cleanup catches them). */
static void
delete_own_rows(PGconn *pg)
{
    PGresult *res =
        PQexec(pg, "DELETE FROM ledger_subscribers WHERE listener_pid = pg_backend_pid()");
    if (res == NULL || PQresultStatus(res) != PGRES_COMMAND_OK) {
        char detail[256];
        one_line(detail, sizeof(detail), PQerrorMessage(pg));
        log_warn("ledger event listener could not remove its ledger_subscribers rows",
                 LOG_STR("detail", detail));
    }
    PQclear(res);
}

/* Hands every notification libpq has read to the callback. */
static void
drain_notifications(struct app_notify *n, PGconn *pg)
{
    PGnotify *nt;
    while ((nt = PQnotifies(pg)) != NULL) {
        struct app_notify_event ev;
        if (strcmp(nt->relname, n->channel) == 0 && app_notify_parse(nt->extra, &ev) == 0) {
            count(n, &n->stats.events);
            if (n->cb.event != NULL)
                n->cb.event(&ev, n->cb.userdata);
        } else {
            count(n, &n->stats.malformed);
            log_warn("ignored a malformed ledger notification", LOG_STR("channel", nt->relname));
        }
        PQfreemem(nt);
    }
}

/*
 * Reads the answer of a probe when it is complete. Returns 0 while waiting or when it is
 * done (*probing cleared), -1 when the probe failed.
 */
static int
read_probe(PGconn *pg, bool *probing)
{
    while (*probing && !PQisBusy(pg)) {
        PGresult *r = PQgetResult(pg);
        if (r == NULL) {
            *probing = false;
            break;
        }
        ExecStatusType st = PQresultStatus(r);
        PQclear(r);
        if (st != PGRES_TUPLES_OK)
            return -1;
    }
    return 0;
}

/* Waits for notifications until the connection is lost or stop is requested. */
static enum listen_end
listen_loop(struct app_notify *n, PGconn *pg)
{
    int fd = PQsocket(pg);
    if (fd < 0)
        return LISTEN_LOST;
    int64_t last_activity = now_ms();
    int64_t probe_deadline = 0;
    bool probing = false;
    for (;;) {
        if (atomic_load(&n->stop))
            return LISTEN_STOP;
        int64_t now = now_ms();
        int64_t wait = probing ? probe_deadline - now : last_activity + n->probe_ms - now;
        if (wait < 0)
            wait = 0;
        struct pollfd p[2] = {{.fd = fd, .events = POLLIN}, {.fd = n->wake[0], .events = POLLIN}};
        int rc = poll(p, 2, (int)wait);
        if (rc < 0) {
            if (errno == EINTR)
                continue;
            return LISTEN_LOST;
        }
        if (p[1].revents != 0)
            return LISTEN_STOP;
        if (rc == 0) {
            if (probing)
                return LISTEN_LOST; /* no answer in time: a dead peer */
            if (!PQsendQuery(pg, "SELECT 1"))
                return LISTEN_LOST;
            probing = true;
            probe_deadline = now_ms() + PROBE_TIMEOUT_MS;
            continue;
        }
        if (!PQconsumeInput(pg))
            return LISTEN_LOST;
        last_activity = now_ms();
        if (probing && read_probe(pg, &probing) < 0)
            return LISTEN_LOST;
        drain_notifications(n, pg);
        if (PQstatus(pg) == CONNECTION_BAD)
            return LISTEN_LOST;
    }
}

static void *
listener_main(void *arg)
{
    struct app_notify *n = arg;
    unsigned backoff = n->backoff_min_ms;
    bool outage_logged = false;
    while (!atomic_load(&n->stop)) {
        PGconn *pg = connect_and_listen(n, &outage_logged);
        if (pg == NULL) {
            if (wait_or_stop(n, backoff))
                break;
            backoff = backoff * 2 > n->backoff_max_ms ? n->backoff_max_ms : backoff * 2;
            continue;
        }
        backoff = n->backoff_min_ms;
        outage_logged = false;
        uint64_t gen = set_listening(n, true, PQbackendPID(pg));
        log_info("ledger event listener is listening", LOG_STR("channel", n->channel));
        if (n->cb.listening != NULL)
            n->cb.listening(true, gen, n->cb.userdata);

        enum listen_end end = listen_loop(n, pg);
        if (end == LISTEN_STOP)
            delete_own_rows(pg);
        PQfinish(pg);
        gen = set_listening(n, false, 0);
        if (end == LISTEN_STOP)
            break;
        count(n, &n->stats.losses);
        log_warn("ledger event listener lost its connection; reconnecting",
                 LOG_STR("channel", n->channel));
        if (n->cb.listening != NULL)
            n->cb.listening(false, gen, n->cb.userdata);
        if (wait_or_stop(n, backoff))
            break;
    }
    return NULL;
}

static bool
channel_valid(const char *s)
{
    size_t len = strlen(s);
    if (len == 0 || len > 63)
        return false;
    for (size_t i = 0; i < len; i++)
        if (!((s[i] >= 'a' && s[i] <= 'z') || s[i] == '_'))
            return false;
    return true;
}

int
app_notify_start(const struct app_notify_config *cfg, struct app_notify **out)
{
    *out = NULL;
    const char *channel = cfg->channel ? cfg->channel : APP_NOTIFY_CHANNEL;
    if (cfg->conninfo == NULL || !channel_valid(channel))
        return -1;
    struct app_notify *n = calloc(1, sizeof(*n));
    if (n == NULL)
        return -1;
    n->conninfo = strdup(cfg->conninfo);
    snprintf(n->channel, sizeof(n->channel), "%s", channel);
    n->backoff_min_ms = cfg->backoff_min_ms ? cfg->backoff_min_ms : 100;
    n->backoff_max_ms = cfg->backoff_max_ms ? cfg->backoff_max_ms : 2000;
    if (n->backoff_max_ms < n->backoff_min_ms)
        n->backoff_max_ms = n->backoff_min_ms;
    n->probe_ms = cfg->probe_ms ? cfg->probe_ms : APP_NOTIFY_PROBE_MS;
    n->cb = cfg->cb;
    atomic_init(&n->stop, false);
    n->wake[0] = n->wake[1] = -1;
    if (n->conninfo == NULL || pipe(n->wake) != 0) {
        free(n->conninfo);
        free(n);
        return -1;
    }
    fcntl(n->wake[0], F_SETFD, FD_CLOEXEC);
    fcntl(n->wake[1], F_SETFD, FD_CLOEXEC);
    pthread_mutex_init(&n->lock, NULL);
    pthread_mutex_init(&n->reg_lock, NULL);
    if (pthread_create(&n->thread, NULL, listener_main, n) != 0) {
        pthread_mutex_destroy(&n->lock);
        pthread_mutex_destroy(&n->reg_lock);
        close(n->wake[0]);
        close(n->wake[1]);
        free(n->conninfo);
        free(n);
        return -1;
    }
    *out = n;
    return 0;
}

void
app_notify_stop(struct app_notify *n)
{
    if (n == NULL)
        return;
    atomic_store(&n->stop, true);
    char b = 1;
    while (write(n->wake[1], &b, 1) < 0 && errno == EINTR)
        ;
    pthread_join(n->thread, NULL);
    close(n->wake[0]);
    close(n->wake[1]);
    pthread_mutex_destroy(&n->lock);
    pthread_mutex_destroy(&n->reg_lock);
    free(n->regs);
    free(n->conninfo);
    free(n);
}

void
app_notify_get_stats(struct app_notify *n, struct app_notify_stats *out)
{
    pthread_mutex_lock(&n->reg_lock);
    unsigned users = (unsigned)n->nregs;
    pthread_mutex_unlock(&n->reg_lock);
    pthread_mutex_lock(&n->lock);
    *out = n->stats;
    pthread_mutex_unlock(&n->lock);
    out->users = users;
}

uint64_t
app_notify_generation(struct app_notify *n)
{
    pthread_mutex_lock(&n->lock);
    uint64_t gen = n->generation;
    pthread_mutex_unlock(&n->lock);
    return gen;
}

/* Runs the insert or delete of (user_id, pid). Returns 0 or a negative contract error. */
static int
run_reg(struct db_conn *db, const struct db_stmt *st, int64_t user_id, int pid)
{
    char uid[24], spid[16];
    snprintf(uid, sizeof(uid), "%lld", (long long)user_id);
    snprintf(spid, sizeof(spid), "%d", pid);
    const char *params[] = {uid, spid};
    PGresult *res = db_exec(db, st, params);
    int rc = db_result_check(db, res, PGRES_COMMAND_OK, NULL);
    PQclear(res);
    return rc;
}

static struct reg *
find_reg(struct app_notify *n, int64_t user_id)
{
    for (size_t i = 0; i < n->nregs; i++)
        if (n->regs[i].user_id == user_id)
            return &n->regs[i];
    return NULL;
}

int
app_notify_subscribe(struct app_notify *n,
                     struct db_conn *db,
                     int64_t user_id,
                     uint64_t *generation)
{
    pthread_mutex_lock(&n->reg_lock);
    pthread_mutex_lock(&n->lock);
    bool listening = n->stats.listening;
    int pid = n->pid;
    uint64_t gen = n->generation;
    pthread_mutex_unlock(&n->lock);
    int rc = 0;
    if (!listening || pid == 0 || db == NULL) {
        rc = -WALLET_ESERVICE_UNAVAILABLE;
        goto out;
    }
    struct reg *r = find_reg(n, user_id);
    if (r != NULL && r->pid == pid) {
        r->count++;
        goto out;
    }
    /* A first subscriber, or a row left from a listener connection since replaced. */
    rc = run_reg(db, &stmt_subscribe, user_id, pid);
    if (rc < 0)
        goto out;
    if (r != NULL) {
        r->pid = pid;
        r->count++;
        goto out;
    }
    if (n->nregs == n->capregs) {
        size_t cap = n->capregs ? n->capregs * 2 : 16;
        struct reg *grown = realloc(n->regs, cap * sizeof(*grown));
        if (grown == NULL) {
            run_reg(db, &stmt_unsubscribe, user_id, pid);
            rc = -WALLET_EINTERNAL_SERVER_ERROR;
            goto out;
        }
        n->regs = grown;
        n->capregs = cap;
    }
    n->regs[n->nregs++] = (struct reg){.user_id = user_id, .count = 1, .pid = pid};
out:
    pthread_mutex_unlock(&n->reg_lock);
    if (rc == 0)
        *generation = gen;
    return rc;
}

void
app_notify_unsubscribe(struct app_notify *n, struct db_conn *db, int64_t user_id)
{
    pthread_mutex_lock(&n->reg_lock);
    struct reg *r = find_reg(n, user_id);
    if (r != NULL && --r->count == 0) {
        if (db != NULL)
            run_reg(db, &stmt_unsubscribe, user_id, r->pid);
        *r = n->regs[--n->nregs];
    }
    pthread_mutex_unlock(&n->reg_lock);
}

/* A positive integer member of obj, or -1. */
static int
positive_member(json_t *obj, const char *key, int64_t *out)
{
    json_t *v = json_object_get(obj, key);
    if (!json_is_integer(v) || json_integer_value(v) <= 0)
        return -1;
    *out = (int64_t)json_integer_value(v);
    return 0;
}

int
app_notify_parse(const char *payload, struct app_notify_event *out)
{
    if (payload == NULL)
        return -1;
    json_error_t err;
    json_t *j = json_loads(payload, JSON_REJECT_DUPLICATES, &err);
    if (j == NULL)
        return -1;
    struct app_notify_event ev;
    int rc = json_is_object(j) && positive_member(j, "entry", &ev.entry_id) == 0 &&
                     positive_member(j, "account", &ev.account_id) == 0 &&
                     positive_member(j, "user", &ev.user_id) == 0 &&
                     positive_member(j, "transfer", &ev.transfer_id) == 0
                 ? 0
                 : -1;
    json_decref(j);
    if (rc == 0)
        *out = ev;
    return rc;
}
