-- Ledger lines announced to the walletd processes serving subscriptions (contract §4 "Several
-- processes": subscriptions see commits made through any of them; include/app/notify.h).
--
-- Each walletd process LISTENs on channel wallet_ledger with one connection, and records in
-- ledger_subscribers the users it has a live Subscription.ledger for, with that listening
-- connection's backend pid. An INSERT into ledger_entries then NOTIFYs one message per new
-- line of those users' accounts. PostgreSQL delivers it at commit (never for a rolled back
-- transaction), to every listener, in commit order. The payload carries ids only, never
-- amounts: the subscriber loads the line with its own user's visibility.
--
-- Only users with a subscriber are announced because a notifying transaction holds a
-- database-wide lock from its commit until the commit is flushed: notifying every transfer
-- halved transfer throughput where it was measured. Everyone else's transfers pay one
-- statement-level trigger call and an index probe.

-- Rows are process state, not data: UNLOGGED (emptied after a crash, when every listener
-- connection is gone anyway). Rows whose listener connection no longer exists are deleted by
-- every listener when it connects.
CREATE UNLOGGED TABLE ledger_subscribers (
    user_id      bigint NOT NULL,
    listener_pid integer NOT NULL,
    since        timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (user_id, listener_pid)
);

CREATE FUNCTION ledger_entries_notify() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
    PERFORM pg_notify('wallet_ledger',
                      json_build_object('entry', n.id, 'account', n.account_id,
                                        'user', a.user_id, 'transfer', n.transfer_id)::text)
    FROM new_entries n
    JOIN accounts a ON a.id = n.account_id
    WHERE EXISTS (SELECT 1 FROM ledger_subscribers s WHERE s.user_id = a.user_id)
    ORDER BY n.id;
    RETURN NULL;
END;
$$;

CREATE TRIGGER ledger_entries_notify
    AFTER INSERT ON ledger_entries
    REFERENCING NEW TABLE AS new_entries
    FOR EACH STATEMENT EXECUTE FUNCTION ledger_entries_notify();
