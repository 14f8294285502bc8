/*
 * Payment cards (CONTRACT.md §4 "Identity data"; issue 6): Mutation.issueCard and
 * setCardStatus. Card fields and User.cards are read by the model layer (resolvers/model.c).
 *
 * issueCard draws a 16-digit number with its brand's prefix and a Luhn check digit and a
 * CVV (app/identity.h). The number is sealed for the card's owner, the field "card_number"
 * and the card's own id (so a sealed number copied to another card or user does not open),
 * with the key id beside it; last4, expiry and the daily limit are stored in plain. The full
 * number and the CVV are answered once, in the IssuedCard; the CVV is never stored and the
 * number never leaves sealed again. Every change is audited without either.
 *
 * Status transitions: ACTIVE <-> FROZEN, either -> CANCELLED; CANCELLED is final. A card on
 * an account that is not ACTIVE cannot be made ACTIVE. The owner or an ADMIN may change it;
 * anyone else gets NOT_FOUND.
 */
#include "app/audit.h"
#include "app/identity.h"
#include "app/kyc.h"
#include "core/arena.h"
#include "core/errors.h"
#include "model.h"
#include "resolvers_internal.h"

#include <sodium.h>
#include <string.h>
#include <time.h>

/* Default daily limit of a new card: 50,000.00 INR, in paise. */
#define DAILY_LIMIT_DEFAULT INT64_C(5000000)
/* Highest daily limit a card may have: 1,000,000.00 INR (a verified user's daily limit). */
#define DAILY_LIMIT_MAX INT64_C(100000000)
/* Cards that are not CANCELLED on one account. */
#define MAX_OPEN_CARDS 5

/* The account to issue on, locked so its status and card count hold until COMMIT. */
static const struct db_stmt stmt_card_account = {
    "res_cards_account",
    "SELECT a.user_id, a.status, (SELECT count(*) FROM cards c WHERE c.account_id = a.id "
    "AND c.status <> 'CANCELLED') AS open_cards FROM accounts a WHERE a.id = $1::bigint "
    "FOR UPDATE",
    1,
    NULL,
};

/* The new card's id, drawn first: the sealed number is bound to it. */
static const struct db_stmt stmt_card_next_id = {
    "res_cards_next_id",
    "SELECT nextval(pg_get_serial_sequence('cards', 'id'))",
    0,
    NULL,
};

static const struct db_stmt stmt_card_insert = {
    "res_cards_insert",
    "WITH c AS (INSERT INTO cards (id, account_id, kind, brand, number_ciphertext, key_id, "
    "last4, expiry_month, expiry_year, daily_limit) OVERRIDING SYSTEM VALUE VALUES ($1::bigint, "
    "$2::bigint, $3, $4, $5::bytea, $6::bigint, $7, $8::smallint, $9::smallint, $10::bigint) "
    "RETURNING *) SELECT " RES_CARD_COLUMNS " FROM c JOIN accounts ca ON ca.id = c.account_id",
    10,
    NULL,
};

/* A card with its account's status, locked. */
static const struct db_stmt stmt_card_lock = {
    "res_cards_lock",
    "SELECT " RES_CARD_COLUMNS ", ca.status AS account_status FROM " RES_CARD_FROM
    " WHERE c.id = $1::bigint FOR UPDATE OF c",
    1,
    NULL,
};

static const struct db_stmt stmt_card_set_status = {
    "res_cards_set_status",
    "UPDATE cards c SET status = $2, updated_at = now() FROM accounts ca "
    "WHERE ca.id = c.account_id AND c.id = $1::bigint RETURNING " RES_CARD_COLUMNS,
    2,
    NULL,
};

/* The text of a STRING/ENUM value as an arena string, or NULL. */
static const char *
val_text(struct arena *a, const struct gql_val *v)
{
    if (v == NULL || (v->kind != GQL_VAL_STRING && v->kind != GQL_VAL_ENUM))
        return NULL;
    return arena_strndup(a, v->u.string.ptr, v->u.string.len);
}

/* The brand of a new card: virtual cards are VISA, physical ones MASTERCARD. */
static enum identity_card_brand
brand_for_kind(const char *kind)
{
    return strcmp(kind, "PHYSICAL") == 0 ? IDENTITY_CARD_MASTERCARD : IDENTITY_CARD_VISA;
}

/* Years until a new card expires. */
static int
years_for_kind(const char *kind)
{
    return strcmp(kind, "PHYSICAL") == 0 ? 5 : 3;
}

/*---------------------------------------------------------------------------------------------
 * issueCard
 *-------------------------------------------------------------------------------------------*/

static int
mutation_issue_card(const struct gql_resolve_info *info, struct gql_val *out)
{
    int rc = app_require_user(info);
    if (rc < 0)
        return rc;
    struct app_request *r = app_request_of(info);
    const struct seal_keyring *kr = r->svc != NULL ? r->svc->seal : NULL;
    if (kr == NULL)
        return app_fail(info, WALLET_EINTERNAL_SERVER_ERROR);

    const struct gql_val *input = gql_resolve_arg(info, "input");
    int64_t account_id;
    if ((rc = res_id_expect(info,
                            gql_val_object_get(input, "accountId"),
                            "accountId",
                            RES_ID_ACCOUNT,
                            &account_id)) < 0)
        return rc;
    const char *kind = val_text(info->arena, gql_val_object_get(input, "kind"));
    if (kind == NULL || (strcmp(kind, "VIRTUAL") != 0 && strcmp(kind, "PHYSICAL") != 0))
        return gql_resolve_error(info, "BAD_USER_INPUT", "kind must be VIRTUAL or PHYSICAL");
    int64_t limit = DAILY_LIMIT_DEFAULT;
    const struct gql_val *lv = gql_val_object_get(input, "dailyLimit");
    if (lv != NULL && lv->kind == GQL_VAL_INT)
        limit = lv->u.int_;
    else if (lv != NULL && lv->kind != GQL_VAL_NULL)
        return gql_resolve_error(info, "BAD_USER_INPUT", "dailyLimit must be an amount");
    if (limit <= 0 || limit > DAILY_LIMIT_MAX)
        return gql_resolve_error(
            info, "BAD_USER_INPUT", "dailyLimit must be above 0.00 and at most 1000000.00");

    time_t now = time(NULL);
    struct tm tm;
    if (gmtime_r(&now, &tm) == NULL)
        return app_fail(info, WALLET_EINTERNAL_SERVER_ERROR);

    struct identity_card card;
    char sealed_hex[APP_SEALED_HEX_MAX], key_id[APP_ID_TEXT_MAX];
    memset(&card, 0, sizeof(card));
    if ((rc = res_begin(r)) < 0)
        return app_fail(info, rc);
    PGresult *res;
    const char *acc_params[] = {res_i64(info->arena, account_id)};
    if ((rc = res_exec(r, &stmt_card_account, acc_params, PGRES_TUPLES_OK, &res, NULL)) < 0)
        goto out_fail;
    int64_t owner = 0, open_cards = 0;
    if (PQntuples(res) != 1 || res_get_i64(res, 0, "user_id", &owner) < 0 || owner != r->user.id) {
        res_rollback(r);
        return gql_resolve_error(info, "NOT_FOUND", "Account not found");
    }
    if (strcmp(PQgetvalue(res, 0, 1), "ACTIVE") != 0) {
        res_rollback(r);
        return gql_resolve_error(
            info, "ACCOUNT_FROZEN", "Cards can only be issued on an ACTIVE account");
    }
    if (res_get_i64(res, 0, "open_cards", &open_cards) == 0 && open_cards >= MAX_OPEN_CARDS) {
        res_rollback(r);
        return gql_resolve_error(info,
                                 "BAD_USER_INPUT",
                                 "An account may have at most %d cards that are not cancelled",
                                 MAX_OPEN_CARDS);
    }
    if ((rc = res_exec(r, &stmt_card_next_id, NULL, PGRES_TUPLES_OK, &res, NULL)) < 0)
        goto out_fail;
    int64_t card_id;
    if (PQntuples(res) != 1 || res_get_i64(res, 0, "nextval", &card_id) < 0) {
        rc = -WALLET_EINTERNAL_SERVER_ERROR;
        goto out_fail;
    }

    /* The secrets: from here on, every path wipes card. */
    if (identity_card_generate(
            brand_for_kind(kind), tm.tm_year + 1900, tm.tm_mon + 1, years_for_kind(kind), &card) <
            0 ||
        app_sealed_seal(kr,
                        owner,
                        SEAL_FIELD_CARD_NUMBER,
                        card_id,
                        card.number,
                        IDENTITY_CARD_NUMBER_LEN,
                        sealed_hex,
                        key_id) != SEAL_OK) {
        rc = -WALLET_EINTERNAL_SERVER_ERROR;
        goto out_fail;
    }
    const char *brand = identity_card_brand_name(card.brand);
    const char *params[] = {
        res_i64(info->arena, card_id),
        res_i64(info->arena, account_id),
        kind,
        brand,
        sealed_hex,
        key_id,
        card.last4,
        res_i64(info->arena, card.expiry_month),
        res_i64(info->arena, card.expiry_year),
        res_i64(info->arena, limit),
    };
    if ((rc = res_exec(r, &stmt_card_insert, params, PGRES_TUPLES_OK, &res, NULL)) < 0)
        goto out_fail;
    struct res_card *c = arena_calloc(info->arena, 1, sizeof(*c));
    if (PQntuples(res) != 1 || res_card_from_row(info->arena, res, 0, c) < 0) {
        rc = -WALLET_EINTERNAL_SERVER_ERROR;
        goto out_fail;
    }
    struct app_audit_details d;
    app_audit_details_init(&d);
    app_audit_details_int(&d, "accountId", account_id);
    app_audit_details_str(&d, "kind", kind);
    app_audit_details_str(&d, "brand", brand);
    app_audit_details_str(&d, "last4", card.last4);
    app_audit_details_int(&d, "dailyLimitMinor", limit);
    rc = res_audit_commit(r, &d, "CARD_ISSUE", "card", res_i64(info->arena, card_id));
    if (rc < 0)
        goto out_fail;

    /* Shown once: the response is the only place the number and CVV ever go. */
    struct gql_val v = gql_val_object(info->arena, 3);
    gql_val_object_set(info->arena, &v, "card", res_card_val(r, c));
    gql_val_object_set(info->arena,
                       &v,
                       "number",
                       gql_val_string(info->arena, card.number, IDENTITY_CARD_NUMBER_LEN));
    gql_val_object_set(
        info->arena, &v, "cvv", gql_val_string(info->arena, card.cvv, IDENTITY_CARD_CVV_LEN));
    identity_card_wipe(&card);
    sodium_memzero(sealed_hex, sizeof(sealed_hex));
    *out = v;
    return 0;

out_fail:
    identity_card_wipe(&card);
    res_rollback(r);
    return app_fail(info, rc);
}

/*---------------------------------------------------------------------------------------------
 * setCardStatus
 *-------------------------------------------------------------------------------------------*/

static int
mutation_set_card_status(const struct gql_resolve_info *info, struct gql_val *out)
{
    int rc = app_require_user(info);
    if (rc < 0)
        return rc;
    struct app_request *r = app_request_of(info);
    int64_t card_id;
    if ((rc = res_id_expect(
             info, gql_resolve_arg(info, "cardId"), "cardId", RES_ID_CARD, &card_id)) < 0)
        return rc;
    const char *status = val_text(info->arena, gql_resolve_arg(info, "status"));
    if (status == NULL || (strcmp(status, "ACTIVE") != 0 && strcmp(status, "FROZEN") != 0 &&
                           strcmp(status, "CANCELLED") != 0))
        return gql_resolve_error(
            info, "BAD_USER_INPUT", "status must be ACTIVE, FROZEN or CANCELLED");

    const char *cid = res_i64(info->arena, card_id);
    if ((rc = res_begin(r)) < 0)
        return app_fail(info, rc);
    PGresult *res;
    const char *lock_params[] = {cid};
    if ((rc = res_exec(r, &stmt_card_lock, lock_params, PGRES_TUPLES_OK, &res, NULL)) < 0)
        goto out_fail;
    struct res_card *c = arena_calloc(info->arena, 1, sizeof(*c));
    if (PQntuples(res) != 1 || res_card_from_row(info->arena, res, 0, c) < 0 ||
        (c->user_id != r->user.id && !res_is_admin(r))) {
        res_rollback(r);
        return gql_resolve_error(info, "NOT_FOUND", "Card not found");
    }
    const char *account_status = res_get_text(info->arena, res, 0, "account_status");
    if (strcmp(c->status, status) == 0) { /* nothing to change */
        res_rollback(r);
        *out = res_card_val(r, c);
        return 0;
    }
    if (strcmp(c->status, "CANCELLED") == 0) {
        res_rollback(r);
        return gql_resolve_error(info, "BAD_USER_INPUT", "A cancelled card cannot be changed");
    }
    if (strcmp(status, "ACTIVE") == 0 &&
        (account_status == NULL || strcmp(account_status, "ACTIVE") != 0)) {
        res_rollback(r);
        return gql_resolve_error(
            info, "ACCOUNT_FROZEN", "A card on an account that is not ACTIVE cannot be activated");
    }
    const char *from = c->status;
    const char *params[] = {cid, status};
    if ((rc = res_exec(r, &stmt_card_set_status, params, PGRES_TUPLES_OK, &res, NULL)) < 0)
        goto out_fail;
    struct res_card *updated = arena_calloc(info->arena, 1, sizeof(*updated));
    if (PQntuples(res) != 1 || res_card_from_row(info->arena, res, 0, updated) < 0) {
        rc = -WALLET_EINTERNAL_SERVER_ERROR;
        goto out_fail;
    }
    struct app_audit_details d;
    app_audit_details_init(&d);
    app_audit_details_str(&d, "from", from);
    app_audit_details_str(&d, "to", status);
    app_audit_details_str(&d, "last4", updated->last4);
    if (c->user_id != r->user.id)
        app_audit_details_int(&d, "ownerId", c->user_id);
    if ((rc = res_audit_commit(r, &d, "CARD_STATUS", "card", cid)) < 0)
        goto out_fail;
    *out = res_card_val(r, updated);
    return 0;

out_fail:
    res_rollback(r);
    return app_fail(info, rc);
}

const struct gql_resolver_binding res_cards_bindings[] = {
    {"Mutation.issueCard", mutation_issue_card, NULL},
    {"Mutation.setCardStatus", mutation_set_card_status, NULL},
};
const size_t res_cards_binding_count = sizeof(res_cards_bindings) / sizeof(res_cards_bindings[0]);
