/*
 * Ledger events from the database (contract §4 "Several processes": subscriptions see commits
 * made through any walletd process).
 *
 * An INSERT into ledger_entries sends a PostgreSQL NOTIFY on channel APP_NOTIFY_CHANNEL for
 * each new line of an account whose owner has a live subscription in some walletd process
 * (trigger of db/migrations/0002_ledger_notify.sql). PostgreSQL delivers a notification only
 * when its transaction commits, to every session LISTENing on the channel, in commit order, so
 * each walletd process sees every committed ledger line of its subscribers, whichever process
 * (or tool) wrote it. The payload carries ids only, never amounts:
 *
 *     {"entry" : 81, "account" : 12, "user" : 7, "transfer" : 40}
 *
 * A subscriber loads the entry itself, with its own user's visibility, before showing it.
 *
 * Why the gate: a transaction that NOTIFYs takes a database-wide lock from its commit until
 * the commit is flushed, so notifying transactions commit one at a time. Measured here, an
 * ungated trigger halved transfer throughput (8 clients: ~1300 -> ~550 tps). So processes
 * record which users they serve in the UNLOGGED table ledger_subscribers (user, the
 * listener connection's backend pid), app_notify_subscribe/unsubscribe below, and the
 * trigger notifies only for those users; everyone else's transfers pay one small lookup.
 * Rows of listener connections that no longer exist are deleted by every listener when it
 * connects, and a listener deletes its own rows when it stops.
 *
 * app_notify runs one dedicated connection per process (not from the request pool) and one
 * thread that LISTENs, waits on the connection's socket (PQsocket + poll), reads with
 * PQconsumeInput and hands each PQnotifies payload to a callback. When the connection is lost
 * (database restart, network) the thread reports it, reconnects with exponential backoff and
 * LISTENs again; notifications committed while no LISTEN was active are lost, which the
 * `listening(false)` callback tells the consumer so it can end what depended on them. An idle
 * connection is probed every APP_NOTIFY_PROBE_MS so a silently dead one is noticed too.
 */
#ifndef WALLET_APP_NOTIFY_H
#define WALLET_APP_NOTIFY_H

#include <stdbool.h>
#include <stdint.h>

/* The NOTIFY channel of committed ledger lines. */
#define APP_NOTIFY_CHANNEL "wallet_ledger"

/* How long an idle listening connection goes without a probe (SELECT 1). */
#define APP_NOTIFY_PROBE_MS 30000

/* One committed ledger line: ids only (see above). */
struct app_notify_event {
    int64_t entry_id;    /* ledger_entries.id */
    int64_t account_id;  /* its account */
    int64_t user_id;     /* the account's owner */
    int64_t transfer_id; /* the transfer it belongs to */
};

struct app_notify_callbacks {
    /* A committed ledger line; called on the listener thread, in commit order. Keep it short. */
    void (*event)(const struct app_notify_event *ev, void *userdata);
    /*
     * listening = true: LISTEN is active (again): every commit from now on is seen.
     * listening = false: the connection was lost: commits from now until the next
     * listening(true) are not seen, and every registration (app_notify_subscribe) of an
     * earlier generation is void. generation is the value app_notify_generation returns from
     * now on (it grows by one at each loss). Called on the listener thread.
     */
    void (*listening)(bool listening, uint64_t generation, void *userdata);
    void *userdata;
};

struct app_notify_config {
    const char *conninfo;    /* WALLET_DATABASE_URL (copied) */
    const char *channel;     /* NULL = APP_NOTIFY_CHANNEL; [a-z_]+ only */
    unsigned backoff_min_ms; /* first reconnect delay; 0 = 100 */
    unsigned backoff_max_ms; /* delays double up to this; 0 = 2000 */
    unsigned probe_ms;       /* idle probe interval; 0 = APP_NOTIFY_PROBE_MS */
    struct app_notify_callbacks cb;
};

struct app_notify_stats {
    bool listening;     /* LISTEN active now */
    unsigned users;     /* users with a registration (app_notify_subscribe) */
    uint64_t events;    /* notifications delivered to the callback */
    uint64_t malformed; /* payloads that were not an event (ignored, logged) */
    uint64_t connects;  /* successful LISTENs (the first one included) */
    uint64_t losses;    /* connections lost after LISTEN */
};

struct app_notify;

/*
 * Starts the listener thread (it connects in the background: a database that is down at
 * start is retried like a lost one). Returns 0 with *out set, or -1 (out of memory, invalid
 * channel, thread creation failed) with *out NULL.
 */
int app_notify_start(const struct app_notify_config *cfg, struct app_notify **out);

/*
 * Stops the thread (waking it from any wait), closes the connection and frees everything.
 * The callbacks are not called after this returns. NULL is ignored.
 */
void app_notify_stop(struct app_notify *n);

/* Copies the counters. Thread-safe. */
void app_notify_get_stats(struct app_notify *n, struct app_notify_stats *out);

/*---------------------------------------------------------------------------------------------
 * Which users this process serves (the trigger's gate)
 *-------------------------------------------------------------------------------------------*/

struct db_conn;

/*
 * Records that this process has one more subscriber for user_id's ledger lines: the first
 * one inserts the row (user_id, listener pid) into ledger_subscribers on db (autocommit;
 * committed when this returns, so every transaction that starts afterwards notifies).
 * Returns 0 with *generation set to the listener generation the registration belongs to, or
 * -WALLET_ESERVICE_UNAVAILABLE when the listener is not listening or the insert failed.
 * A registration is void once app_notify_generation moves past *generation.
 */
int app_notify_subscribe(struct app_notify *n,
                         struct db_conn *db,
                         int64_t user_id,
                         uint64_t *generation);

/*
 * Undoes one app_notify_subscribe; the last one deletes the row on db (db NULL or a failed
 * delete leaves it to the cleanup described above: until then that user's transfers notify
 * for nothing).
 */
void app_notify_unsubscribe(struct app_notify *n, struct db_conn *db, int64_t user_id);

/* The current listener generation (see the listening callback). */
uint64_t app_notify_generation(struct app_notify *n);

/*
 * Parses a notification payload (a JSON object with positive integer members entry, account,
 * user and transfer; other members are ignored). Returns 0 with *out set, or -1.
 */
int app_notify_parse(const char *payload, struct app_notify_event *out);

#endif
