-- 0001_init.sql: the wallet's data model (CONTRACT.md §4).
--
-- Applied by `walletd migrate` inside one transaction (do not add BEGIN/COMMIT here).
-- Bad states are refused by the database itself: CHECK constraints for every enum, amount and
-- format, foreign keys, unique indexes, NOT NULL wherever a value must exist, and triggers
-- where a rule spans rows (double entry per transfer, append-only audit log and ledger).
--
-- Conventions: money is BIGINT in minor units (paise for INR), never float or NUMERIC;
-- amounts of one movement are at most 10,000,000,000.00 = 1,000,000,000,000 minor units.
-- Instants are timestamptz. Enumerations are text with CHECK (names as in schema.graphql),
-- so adding a value is one ALTER TABLE inside a transaction. Sealed identity values
-- (crypto/seal.h) are stored as one bytea blob, nonce || ciphertext || tag, with the id of
-- the key that sealed them beside it; the plaintext is never stored.

-- ---------------------------------------------------------------------------------------------
-- Users and sign-in
-- ---------------------------------------------------------------------------------------------

CREATE TABLE users (
    id                 bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    -- 3-32 characters of [a-z0-9_.], starting with a letter; stored as given (lower case).
    username           text NOT NULL
                       CONSTRAINT users_username_format CHECK (username ~ '^[a-z][a-z0-9_.]{2,31}$'),
    email              text NOT NULL
                       CONSTRAINT users_email_format
                       CHECK (char_length(email) BETWEEN 3 AND 254
                              AND email ~ '^[^@[:space:][:cntrl:]]+@[^@[:space:][:cntrl:]]+$'),
    -- 1-64 printable characters, trimmed (the application defaults it to the username).
    display_name       text NOT NULL
                       CONSTRAINT users_display_name_format
                       CHECK (char_length(display_name) BETWEEN 1 AND 64
                              AND display_name = btrim(display_name)
                              AND display_name !~ '[[:cntrl:]]'),
    -- libsodium crypto_pwhash_str output; never a plaintext password.
    password_hash      text NOT NULL
                       CONSTRAINT users_password_hash_format CHECK (password_hash LIKE '$argon2id$%'),
    role               text NOT NULL DEFAULT 'USER'
                       CONSTRAINT users_role_valid CHECK (role IN ('USER', 'ADMIN')),
    status             text NOT NULL DEFAULT 'ACTIVE'
                       CONSTRAINT users_status_valid CHECK (status IN ('ACTIVE', 'LOCKED', 'DISABLED')),
    -- Consecutive failed logins; 5 lock the user for 15 minutes (locked_until).
    failed_logins      integer NOT NULL DEFAULT 0 CONSTRAINT users_failed_logins_valid CHECK (failed_logins >= 0),
    locked_until       timestamptz,
    -- Access tokens issued before this instant are refused (logout, password change, lock).
    -- NULL: no token has been revoked.
    tokens_valid_after timestamptz,
    created_at         timestamptz NOT NULL DEFAULT now(),
    updated_at         timestamptz NOT NULL DEFAULT now()
);

-- Unique ignoring case (usernames are lower case by the CHECK; emails are not).
CREATE UNIQUE INDEX users_username_key ON users (lower(username));
CREATE UNIQUE INDEX users_email_key ON users (lower(email));
-- Prefix search of the payee directory, whatever the database's collation.
CREATE INDEX users_username_prefix_idx ON users (lower(username) text_pattern_ops);
CREATE INDEX users_display_name_prefix_idx ON users (lower(display_name) text_pattern_ops);

-- Refresh tokens: 256 random bits, stored only as their SHA-256; rotated on every use; a used
-- one presented again revokes its whole family.
CREATE TABLE refresh_tokens (
    id          bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    user_id     bigint NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    -- All tokens descending from one login share a family (crypto/tokens.h random id).
    family_id   text NOT NULL CONSTRAINT refresh_tokens_family_format CHECK (family_id ~ '^[A-Za-z0-9_-]{8,64}$'),
    token_hash  bytea NOT NULL CONSTRAINT refresh_tokens_hash_size CHECK (octet_length(token_hash) = 32),
    expires_at  timestamptz NOT NULL,
    used_at     timestamptz,
    revoked_at  timestamptz,
    created_at  timestamptz NOT NULL DEFAULT now(),
    CONSTRAINT refresh_tokens_token_hash_key UNIQUE (token_hash),
    CONSTRAINT refresh_tokens_expiry_after_creation CHECK (expires_at > created_at)
);
CREATE INDEX refresh_tokens_family_idx ON refresh_tokens (family_id);
CREATE INDEX refresh_tokens_user_idx ON refresh_tokens (user_id);

-- ---------------------------------------------------------------------------------------------
-- Accounts and money
-- ---------------------------------------------------------------------------------------------

CREATE TABLE accounts (
    id           bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    -- NULL only for the bank's own accounts (type SYSTEM).
    user_id      bigint REFERENCES users (id),
    type         text NOT NULL
                 CONSTRAINT accounts_type_valid
                 CHECK (type IN ('CHECKING', 'SAVINGS', 'CREDIT', 'INVESTMENT', 'SYSTEM')),
    -- The bank's FUNDING account (source of deposits, the only account that may go negative
    -- without limit) and SUSPENSE account (money of transfers held for review).
    system_role  text CONSTRAINT accounts_system_role_valid CHECK (system_role IN ('FUNDING', 'SUSPENSE')),
    status       text NOT NULL DEFAULT 'ACTIVE'
                 CONSTRAINT accounts_status_valid CHECK (status IN ('ACTIVE', 'FROZEN', 'CLOSED')),
    currency     char(3) NOT NULL DEFAULT 'INR' CONSTRAINT accounts_currency_format CHECK (currency ~ '^[A-Z]{3}$'),
    nickname     text CONSTRAINT accounts_nickname_format
                 CHECK (char_length(nickname) BETWEEN 1 AND 64 AND nickname !~ '[[:cntrl:]]'),
    -- The account number (shown masked but for its last four digits).
    number       text NOT NULL CONSTRAINT accounts_number_format CHECK (number ~ '^[0-9]{12}$'),
    -- Minor units. Only CREDIT accounts have a credit line.
    credit_limit bigint NOT NULL DEFAULT 0
                 CONSTRAINT accounts_credit_limit_valid
                 CHECK (credit_limit >= 0 AND credit_limit <= 1000000000000
                        AND (credit_limit = 0 OR type = 'CREDIT')),
    balance      bigint NOT NULL DEFAULT 0,
    created_at   timestamptz NOT NULL DEFAULT now(),
    updated_at   timestamptz NOT NULL DEFAULT now(),
    CONSTRAINT accounts_number_key UNIQUE (number),
    -- A user's account has an owner; the bank's accounts have a role and no owner.
    CONSTRAINT accounts_owner_valid CHECK (
        (type = 'SYSTEM' AND user_id IS NULL AND system_role IS NOT NULL)
        OR (type <> 'SYSTEM' AND user_id IS NOT NULL AND system_role IS NULL)),
    -- No account goes below minus its credit limit, except the bank's funding account.
    CONSTRAINT accounts_balance_within_limit CHECK (
        balance >= -credit_limit OR system_role IS NOT DISTINCT FROM 'FUNDING')
);
-- One funding and one suspense account per currency.
CREATE UNIQUE INDEX accounts_system_role_key ON accounts (system_role, currency) WHERE system_role IS NOT NULL;
CREATE INDEX accounts_user_idx ON accounts (user_id, id) WHERE user_id IS NOT NULL;

-- The bank's own accounts (ids 1 and 2 on a fresh database; look them up by system_role).
INSERT INTO accounts (user_id, type, system_role, status, currency, nickname, number)
VALUES (NULL, 'SYSTEM', 'FUNDING', 'ACTIVE', 'INR', 'Bank funding', '000000000001'),
       (NULL, 'SYSTEM', 'SUSPENSE', 'ACTIVE', 'INR', 'Bank suspense', '000000000002');

-- A movement of money: a transfer between accounts, or a deposit from the bank's funding
-- account (from_account_id NULL). A transfer of 200,000.00 or more is held (PENDING_REVIEW) in
-- the suspense account until an ADMIN approves (COMPLETED) or rejects (REJECTED) it.
CREATE TABLE transfers (
    id              bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    -- "TX-7GQ2-84KD": crypto/tokens.h, Crockford base32.
    reference       text NOT NULL
                    CONSTRAINT transfers_reference_format
                    CHECK (reference ~ '^TX-[0-9A-HJKMNP-TV-Z]{4}-[0-9A-HJKMNP-TV-Z]{4}$'),
    kind            text NOT NULL CONSTRAINT transfers_kind_valid CHECK (kind IN ('TRANSFER', 'DEPOSIT')),
    status          text NOT NULL
                    CONSTRAINT transfers_status_valid CHECK (status IN ('COMPLETED', 'PENDING_REVIEW', 'REJECTED')),
    from_account_id bigint REFERENCES accounts (id),
    to_account_id   bigint NOT NULL REFERENCES accounts (id),
    -- Minor units: above 0.00 and at most 10,000,000,000.00.
    amount          bigint NOT NULL CONSTRAINT transfers_amount_valid CHECK (amount > 0 AND amount <= 1000000000000),
    currency        char(3) NOT NULL CONSTRAINT transfers_currency_format CHECK (currency ~ '^[A-Z]{3}$'),
    memo            text CONSTRAINT transfers_memo_format CHECK (char_length(memo) <= 500),
    -- Why a rule held or rejected it.
    review_reason   text,
    created_by      bigint NOT NULL REFERENCES users (id),
    created_at      timestamptz NOT NULL DEFAULT now(),
    reviewed_at     timestamptz,
    reviewed_by     bigint REFERENCES users (id),
    review_note     text CONSTRAINT transfers_review_note_format CHECK (char_length(review_note) <= 500),
    CONSTRAINT transfers_reference_key UNIQUE (reference),
    -- Only a deposit has no source account, and a deposit always has none.
    CONSTRAINT transfers_source_valid CHECK ((kind = 'DEPOSIT') = (from_account_id IS NULL)),
    CONSTRAINT transfers_distinct_accounts CHECK (from_account_id IS DISTINCT FROM to_account_id),
    CONSTRAINT transfers_review_complete CHECK ((reviewed_at IS NULL) = (reviewed_by IS NULL)),
    CONSTRAINT transfers_pending_unreviewed CHECK (status <> 'PENDING_REVIEW' OR reviewed_at IS NULL)
);
-- Keyset pagination (newest first) and daily sums per account.
CREATE INDEX transfers_from_idx ON transfers (from_account_id, created_at DESC, id DESC)
    WHERE from_account_id IS NOT NULL;
CREATE INDEX transfers_to_idx ON transfers (to_account_id, created_at DESC, id DESC);
CREATE INDEX transfers_created_idx ON transfers (created_at DESC, id DESC);
CREATE INDEX transfers_created_by_idx ON transfers (created_by, created_at DESC, id DESC);
CREATE INDEX transfers_pending_idx ON transfers (id) WHERE status = 'PENDING_REVIEW';

-- Double entry: each movement of money is a set of signed entries summing to zero; an
-- account's balance is the sum of its entries. Entries are never changed or removed.
CREATE TABLE ledger_entries (
    id            bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    transfer_id   bigint NOT NULL REFERENCES transfers (id),
    account_id    bigint NOT NULL REFERENCES accounts (id),
    -- Signed minor units: negative for money out of the account.
    amount        bigint NOT NULL
                  CONSTRAINT ledger_entries_amount_valid
                  CHECK (amount <> 0 AND amount BETWEEN -1000000000000 AND 1000000000000),
    balance_after bigint NOT NULL,
    created_at    timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX ledger_entries_account_idx ON ledger_entries (account_id, id DESC);
CREATE INDEX ledger_entries_transfer_idx ON ledger_entries (transfer_id);

-- Checked at commit, once all entries of the transaction exist: the entries of a transfer sum
-- to zero, and each is in the transfer's currency.
CREATE FUNCTION ledger_entries_check_balanced() RETURNS trigger
LANGUAGE plpgsql AS $$
DECLARE
    total bigint;
    transfer_currency char(3);
    account_currency char(3);
BEGIN
    SELECT coalesce(sum(amount), 0) INTO total FROM ledger_entries WHERE transfer_id = NEW.transfer_id;
    IF total <> 0 THEN
        RAISE EXCEPTION 'ledger entries of transfer % sum to %, not 0', NEW.transfer_id, total
            USING ERRCODE = 'check_violation', CONSTRAINT = 'ledger_entries_balanced';
    END IF;
    SELECT t.currency INTO transfer_currency FROM transfers t WHERE t.id = NEW.transfer_id;
    SELECT a.currency INTO account_currency FROM accounts a WHERE a.id = NEW.account_id;
    IF transfer_currency IS DISTINCT FROM account_currency THEN
        RAISE EXCEPTION 'ledger entry % is in % but its transfer in %', NEW.id, account_currency, transfer_currency
            USING ERRCODE = 'check_violation', CONSTRAINT = 'ledger_entries_currency';
    END IF;
    RETURN NULL;
END;
$$;
CREATE CONSTRAINT TRIGGER ledger_entries_balanced
    AFTER INSERT ON ledger_entries
    DEFERRABLE INITIALLY DEFERRED
    FOR EACH ROW EXECUTE FUNCTION ledger_entries_check_balanced();

-- Append-only tables: UPDATE, DELETE and TRUNCATE are refused by the database itself.
CREATE FUNCTION refuse_append_only_change() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
    RAISE EXCEPTION '% is append-only: % refused', TG_TABLE_NAME, TG_OP
        USING ERRCODE = 'insufficient_privilege', HINT = 'entries are never changed or removed';
END;
$$;
CREATE TRIGGER ledger_entries_append_only
    BEFORE UPDATE OR DELETE ON ledger_entries
    FOR EACH ROW EXECUTE FUNCTION refuse_append_only_change();
CREATE TRIGGER ledger_entries_no_truncate
    BEFORE TRUNCATE ON ledger_entries
    FOR EACH STATEMENT EXECUTE FUNCTION refuse_append_only_change();

-- Idempotency keys of transfer and deposit requests, per user, kept at least 24 hours.
-- transfer_id is NULL while the first request is still running.
CREATE TABLE idempotency_keys (
    user_id      bigint NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    key          text NOT NULL
                 CONSTRAINT idempotency_keys_key_format
                 CHECK (char_length(key) BETWEEN 1 AND 255 AND key ~ '^[ -~]+$'),
    -- SHA-256 of the request's canonical input: the same key with other input is refused.
    request_hash bytea NOT NULL CONSTRAINT idempotency_keys_request_hash_size CHECK (octet_length(request_hash) = 32),
    transfer_id  bigint REFERENCES transfers (id),
    -- The answer given the first time (JSON), replayed for a repeat.
    response     jsonb,
    created_at   timestamptz NOT NULL DEFAULT now(),
    completed_at timestamptz,
    CONSTRAINT idempotency_keys_pkey PRIMARY KEY (user_id, key),
    CONSTRAINT idempotency_keys_completion CHECK (completed_at IS NOT NULL OR transfer_id IS NULL)
);
CREATE INDEX idempotency_keys_created_idx ON idempotency_keys (created_at);

-- ---------------------------------------------------------------------------------------------
-- Identity data
-- ---------------------------------------------------------------------------------------------

-- One row per user who submitted KYC (no row: status NONE). Aadhaar and document numbers are
-- sealed (crypto/seal.h); one Aadhaar belongs to one user, found through its blind index.
CREATE TABLE kyc_profiles (
    user_id             bigint PRIMARY KEY REFERENCES users (id) ON DELETE CASCADE,
    status              text NOT NULL DEFAULT 'NONE'
                        CONSTRAINT kyc_profiles_status_valid
                        CHECK (status IN ('NONE', 'PENDING', 'VERIFIED', 'REJECTED')),
    aadhaar_ciphertext  bytea CONSTRAINT kyc_profiles_aadhaar_size CHECK (octet_length(aadhaar_ciphertext) > 40),
    aadhaar_key_id      bigint CONSTRAINT kyc_profiles_aadhaar_key_id_valid CHECK (aadhaar_key_id BETWEEN 0 AND 4294967295),
    aadhaar_last4       char(4) CONSTRAINT kyc_profiles_aadhaar_last4_format CHECK (aadhaar_last4 ~ '^[0-9]{4}$'),
    aadhaar_blind_index bytea CONSTRAINT kyc_profiles_aadhaar_blind_index_size CHECK (octet_length(aadhaar_blind_index) = 32),
    document_type       text
                        CONSTRAINT kyc_profiles_document_type_valid
                        CHECK (document_type IN ('PASSPORT', 'PAN', 'DRIVING_LICENCE', 'VOTER_ID')),
    document_ciphertext bytea CONSTRAINT kyc_profiles_document_size CHECK (octet_length(document_ciphertext) > 40),
    document_key_id     bigint CONSTRAINT kyc_profiles_document_key_id_valid CHECK (document_key_id BETWEEN 0 AND 4294967295),
    document_last4      char(4) CONSTRAINT kyc_profiles_document_last4_format CHECK (document_last4 ~ '^[0-9A-Z]{4}$'),
    submitted_at        timestamptz,
    reviewed_at         timestamptz,
    reviewed_by         bigint REFERENCES users (id),
    review_note         text CONSTRAINT kyc_profiles_review_note_format CHECK (char_length(review_note) <= 500),
    created_at          timestamptz NOT NULL DEFAULT now(),
    updated_at          timestamptz NOT NULL DEFAULT now(),
    CONSTRAINT kyc_profiles_aadhaar_blind_index_key UNIQUE (aadhaar_blind_index),
    -- Everything about a submission is present together, and only once submitted.
    CONSTRAINT kyc_profiles_submission_complete CHECK (
        num_nulls(aadhaar_ciphertext, aadhaar_key_id, aadhaar_last4, aadhaar_blind_index,
                  document_type, document_ciphertext, document_key_id, document_last4,
                  submitted_at) IN (0, 9)),
    CONSTRAINT kyc_profiles_status_submission CHECK ((status = 'NONE') = (submitted_at IS NULL)),
    -- A decision has a date; a pending or new profile has none.
    CONSTRAINT kyc_profiles_status_review CHECK ((status IN ('VERIFIED', 'REJECTED')) = (reviewed_at IS NOT NULL))
);

-- Cards: the number (16 digits, Luhn) is sealed; the CVV is shown once and never stored.
CREATE TABLE cards (
    id                bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    account_id        bigint NOT NULL REFERENCES accounts (id),
    kind              text NOT NULL CONSTRAINT cards_kind_valid CHECK (kind IN ('VIRTUAL', 'PHYSICAL')),
    status            text NOT NULL DEFAULT 'ACTIVE'
                      CONSTRAINT cards_status_valid CHECK (status IN ('ACTIVE', 'FROZEN', 'CANCELLED')),
    brand             text NOT NULL CONSTRAINT cards_brand_format CHECK (char_length(brand) BETWEEN 1 AND 32),
    number_ciphertext bytea NOT NULL CONSTRAINT cards_number_size CHECK (octet_length(number_ciphertext) = 16 + 40),
    key_id            bigint NOT NULL CONSTRAINT cards_key_id_valid CHECK (key_id BETWEEN 0 AND 4294967295),
    last4             char(4) NOT NULL CONSTRAINT cards_last4_format CHECK (last4 ~ '^[0-9]{4}$'),
    expiry_month      smallint NOT NULL CONSTRAINT cards_expiry_month_valid CHECK (expiry_month BETWEEN 1 AND 12),
    expiry_year       smallint NOT NULL CONSTRAINT cards_expiry_year_valid CHECK (expiry_year BETWEEN 2000 AND 2199),
    -- Minor units.
    daily_limit       bigint NOT NULL CONSTRAINT cards_daily_limit_valid CHECK (daily_limit > 0 AND daily_limit <= 1000000000000),
    created_at        timestamptz NOT NULL DEFAULT now(),
    updated_at        timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX cards_account_idx ON cards (account_id, id);

-- ---------------------------------------------------------------------------------------------
-- Audit
-- ---------------------------------------------------------------------------------------------

-- Append-only, hash-chained (crypto/audit_hash.h). Entries are partitioned into chains (e.g.
-- 'user:42', 'system') so writers who share nothing else never queue behind one chain head.
-- Within a chain, seq counts 1, 2, 3, ...; hash = SHA-256(prev_hash || canonical entry), with
-- prev_hash all zeros for seq 1. UNIQUE (chain, seq) means concurrent writers cannot fork a
-- chain: the second writer of a seq fails and retries after the first.
CREATE TABLE audit_log (
    id         bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    chain      text NOT NULL CONSTRAINT audit_log_chain_format CHECK (chain ~ '^[a-z][a-z0-9_.:-]{0,63}$'),
    seq        bigint NOT NULL CONSTRAINT audit_log_seq_valid CHECK (seq >= 1),
    -- Lower-case hex SHA-256, as crypto/audit_hash.h writes it.
    prev_hash  text NOT NULL CONSTRAINT audit_log_prev_hash_format CHECK (prev_hash ~ '^[0-9a-f]{64}$'),
    hash       text NOT NULL CONSTRAINT audit_log_hash_format CHECK (hash ~ '^[0-9a-f]{64}$'),
    at         timestamptz NOT NULL DEFAULT now(),
    -- NULL: the system itself (or an anonymous sign-in attempt).
    actor_id   bigint REFERENCES users (id),
    action     text NOT NULL CONSTRAINT audit_log_action_format CHECK (action ~ '^[A-Za-z][A-Za-z0-9_.:-]{0,63}$'),
    -- What the action was about, e.g. ('transfer', '123'); NULL when nothing in particular.
    target_type text CONSTRAINT audit_log_target_type_format CHECK (target_type ~ '^[a-z][a-z_]{0,31}$'),
    target_id  text CONSTRAINT audit_log_target_id_format CHECK (char_length(target_id) BETWEEN 1 AND 128),
    request_id text CONSTRAINT audit_log_request_id_format CHECK (request_id ~ '^[A-Za-z0-9._-]{1,128}$'),
    ip         text CONSTRAINT audit_log_ip_format CHECK (char_length(ip) BETWEEN 1 AND 64),
    -- A JSON object, kept as the exact text that was hashed (jsonb would reorder it).
    -- Never a secret, a token, or a full Aadhaar, document or card number.
    details    text NOT NULL DEFAULT '{}'
               CONSTRAINT audit_log_details_object CHECK (jsonb_typeof(details::jsonb) = 'object'),
    CONSTRAINT audit_log_chain_seq_key UNIQUE (chain, seq),
    CONSTRAINT audit_log_genesis CHECK (seq > 1 OR prev_hash = repeat('0', 64))
);
CREATE INDEX audit_log_action_idx ON audit_log (action, id DESC);
CREATE INDEX audit_log_actor_idx ON audit_log (actor_id, id DESC) WHERE actor_id IS NOT NULL;

CREATE TRIGGER audit_log_append_only
    BEFORE UPDATE OR DELETE ON audit_log
    FOR EACH ROW EXECUTE FUNCTION refuse_append_only_change();
CREATE TRIGGER audit_log_no_truncate
    BEFORE TRUNCATE ON audit_log
    FOR EACH STATEMENT EXECUTE FUNCTION refuse_append_only_change();

-- The head of each chain, locked by the writer (SELECT ... FOR UPDATE, or INSERT ... ON
-- CONFLICT DO UPDATE) to append the next entry without reading the whole chain.
CREATE TABLE audit_chain_heads (
    chain      text PRIMARY KEY,
    seq        bigint NOT NULL CONSTRAINT audit_chain_heads_seq_valid CHECK (seq >= 0),
    hash       text NOT NULL CONSTRAINT audit_chain_heads_hash_format CHECK (hash ~ '^[0-9a-f]{64}$'),
    updated_at timestamptz NOT NULL DEFAULT now()
);
