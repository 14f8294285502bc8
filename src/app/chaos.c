/*
 * Chaos mode state and dice (see include/app/chaos.h). Randomness comes from libsodium's
 * randombytes_uniform(), which is thread-safe and needs no seeding of our own.
 */
#include "app/chaos.h"

#include <errno.h>
#include <pthread.h>
#include <sodium.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

struct app_chaos {
    pthread_mutex_t lock;
    struct app_chaos_settings s;
};

struct app_chaos *
app_chaos_new(void)
{
    struct app_chaos *c = calloc(1, sizeof(*c));
    if (c == NULL)
        return NULL;
    pthread_mutex_init(&c->lock, NULL);
    return c;
}

void
app_chaos_free(struct app_chaos *c)
{
    if (c == NULL)
        return;
    pthread_mutex_destroy(&c->lock);
    free(c);
}

static bool
settings_valid(const struct app_chaos_settings *s)
{
    /* The negated comparison also refuses NaN. */
    if (!(s->error_rate >= 0.0 && s->error_rate <= 1.0))
        return false;
    return s->latency_ms <= APP_CHAOS_MAX_LATENCY_MS;
}

/* Parses a decimal in [0, 1] without locale-dependent strtod: "0", "1", "0.25", ".5", "1.0". */
static int
parse_rate(const char *s, size_t len, double *out)
{
    if (len == 0 || len > 16)
        return -1;
    double v = 0;
    size_t i = 0;
    bool digits = false;
    while (i < len && s[i] >= '0' && s[i] <= '9') {
        v = v * 10 + (s[i] - '0');
        i++;
        digits = true;
    }
    if (i < len && s[i] == '.') {
        double scale = 0.1;
        i++;
        while (i < len && s[i] >= '0' && s[i] <= '9') {
            v += (s[i] - '0') * scale;
            scale /= 10;
            i++;
            digits = true;
        }
    }
    if (!digits || i != len || v > 1.0)
        return -1;
    *out = v;
    return 0;
}

int
app_chaos_parse(const char *s, struct app_chaos_settings *out)
{
    if (s == NULL)
        return -1;
    const char *colon = strchr(s, ':');
    if (colon == NULL)
        return -1;
    struct app_chaos_settings tmp = {.enabled = true};
    if (parse_rate(s, (size_t)(colon - s), &tmp.error_rate) < 0)
        return -1;
    const char *p = colon + 1;
    if (*p < '0' || *p > '9')
        return -1;
    unsigned long ms = 0;
    for (; *p >= '0' && *p <= '9'; p++) {
        ms = ms * 10 + (unsigned long)(*p - '0');
        if (ms > APP_CHAOS_MAX_LATENCY_MS)
            return -1;
    }
    if (*p != '\0')
        return -1;
    tmp.latency_ms = (unsigned)ms;
    *out = tmp;
    return 0;
}

int
app_chaos_set(struct app_chaos *c, const struct app_chaos_settings *s)
{
    if (!settings_valid(s))
        return -1;
    pthread_mutex_lock(&c->lock);
    c->s = *s;
    pthread_mutex_unlock(&c->lock);
    return 0;
}

void
app_chaos_get(struct app_chaos *c, struct app_chaos_settings *out)
{
    pthread_mutex_lock(&c->lock);
    *out = c->s;
    pthread_mutex_unlock(&c->lock);
}

bool
app_chaos_roll(struct app_chaos *c, unsigned *delay_ms)
{
    struct app_chaos_settings s;
    app_chaos_get(c, &s);
    if (delay_ms != NULL)
        *delay_ms = 0;
    if (!s.enabled)
        return false;
    if (delay_ms != NULL && s.latency_ms > 0)
        *delay_ms = randombytes_uniform(s.latency_ms + 1);
    if (s.error_rate <= 0.0)
        return false;
    if (s.error_rate >= 1.0)
        return true;
    /* One in a million resolution is plenty for a percentage knob. */
    return randombytes_uniform(1000000) < (uint32_t)(s.error_rate * 1000000.0);
}

void
app_chaos_sleep_ms(unsigned ms)
{
    struct timespec ts = {.tv_sec = ms / 1000, .tv_nsec = (long)(ms % 1000) * 1000000L};
    while (nanosleep(&ts, &ts) != 0 && errno == EINTR)
        ;
}
