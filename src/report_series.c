/* The days a statement asks the replays about, and the chart's series built from their
 * answers (report.h, sample.h): one replay per view, whatever the number of days. */
#include <config.h>

#include "report_series.h"

#include <stdlib.h>

#include "i18n.h"
#include "mem.h"

/* The first day of the case's history: its earliest disbursement (as_of + 1 when none
 * falls on or before as_of). */
static owed_date first_day(const owed_case *c, owed_date as_of)
{
    owed_date first = as_of + 1;
    for (size_t i = 0; i < c->n_loans; i++)
        for (size_t k = 0; k < c->loans[i].n_disbursements; k++)
            if (c->loans[i].disbursements[k].date < first)
                first = c->loans[i].disbursements[k].date;
    return first;
}

owed_status owed_report_chart_days(const owed_case *c, owed_date as_of, owed_date **out,
                                   size_t *n, owed_error *err)
{
    owed_date first = first_day(c, as_of), last = as_of;
    *out = NULL;
    *n = 0;
    if (first > last)
        return OWED_OK;
    enum { EVEN = 48 };
    size_t cap = 4 + 3 * c->n_events + EVEN + (size_t)(last - first) / 28 + 2;
    for (size_t i = 0; i < c->n_loans; i++)
        cap += 2 * c->loans[i].n_disbursements + 1;
    owed_date *d = owed_mem_alloc(cap * sizeof *d);
    if (d == NULL)
        return owed_error_set(err, OWED_E_NOMEM, c->file, 0, _("out of memory"));
    size_t k = 0;
#define ADD(day)                                                                              \
    do {                                                                                      \
        owed_date day_ = (day);                                                               \
        if (day_ >= first && day_ <= last && k < cap)                                         \
            d[k++] = day_;                                                                    \
    } while (0)
    ADD(first);
    ADD(last);
    for (size_t i = 0; i < c->n_loans; i++) {
        for (size_t j = 0; j < c->loans[i].n_disbursements; j++) {
            ADD(c->loans[i].disbursements[j].date - 1);
            ADD(c->loans[i].disbursements[j].date);
        }
        ADD(c->loans[i].due);
    }
    for (size_t i = 0; i < c->n_events; i++) {
        ADD(c->events[i].date - 1);
        ADD(c->events[i].date);
        if (c->events[i].kind == OWED_EV_EXTENSION)
            ADD(c->events[i].new_due); /* a due date in force after an extension */
    }
    {
        int y, m, dd;
        owed_date_to_ymd(first, &y, &m, &dd);
        for (;;) {
            if (++m > 12) {
                m = 1;
                y++;
            }
            if (y > 9999)
                break;
            owed_date f = owed_date_from_ymd(y, m, 1);
            if (f > last)
                break;
            ADD(f);
        }
    }
    for (int i = 1; i < EVEN; i++)
        ADD(first + (owed_date)((long)(last - first) * i / EVEN));
#undef ADD
    k = owed_dates_sort_unique(d, k);
    if (k > OWED_SERIES_MAX_POINTS) {
        /* keep the first and the last, thin the rest evenly */
        size_t step = (k + OWED_SERIES_MAX_POINTS - 3) / (OWED_SERIES_MAX_POINTS - 2), m = 0;
        for (size_t i = 0; i < k; i += step)
            d[m++] = d[i];
        if (d[m - 1] != d[k - 1])
            d[m++] = d[k - 1];
        k = m;
    }
    *out = d;
    *n = k;
    return OWED_OK;
}

void owed_series_free(owed_series *s)
{
    if (s == NULL)
        return;
    for (size_t i = 0; i < s->n; i++) {
        owed_series_point *p = &s->points[i];
        mpq_clears(p->contract, p->paid, NULL);
        for (size_t g = 0; g < s->n_regimes; g++)
            mpq_clear(p->lawful[g]);
        owed_mem_free(p->lawful);
    }
    owed_mem_free(s->points);
    owed_mem_free(s);
}

owed_status owed_report_series(const owed_report *r, const owed_date *days, size_t n,
                               const size_t *sample_of, owed_series **out, owed_error *err)
{
    const owed_case *c = r->kase;
    *out = NULL;
    owed_series *s = owed_mem_calloc(1, sizeof *s);
    if (s == NULL || (s->points = owed_mem_calloc(n ? n : 1, sizeof *s->points)) == NULL) {
        owed_mem_free(s);
        return owed_error_set(err, OWED_E_NOMEM, c->file, 0, _("out of memory"));
    }
    s->n_regimes = r->n_regimes;
    mpq_t paid;
    mpq_init(paid);
    size_t e = 0; /* events are sorted by date: payments are summed once */
    for (size_t i = 0; i < n; i++) {
        owed_series_point *p = &s->points[i];
        p->date = days[i];
        mpq_inits(p->contract, p->paid, NULL);
        p->lawful = owed_mem_calloc(r->n_regimes ? r->n_regimes : 1, sizeof *p->lawful);
        if (p->lawful == NULL) {
            mpq_clears(p->contract, p->paid, NULL);
            mpq_clear(paid);
            owed_series_free(s);
            return owed_error_set(err, OWED_E_NOMEM, c->file, 0, _("out of memory"));
        }
        s->n = i + 1;
        for (; e < c->n_events && c->events[e].date <= p->date; e++)
            if (c->events[e].kind == OWED_EV_PAYMENT)
                mpq_add(paid, paid, c->events[e].amount);
        mpq_set(p->paid, paid);
        const mpq_t *sample = (const mpq_t *)r->contract->samples[sample_of[i]];
        for (int k = 0; k < OWED_COMP_COUNT; k++)
            mpq_add(p->contract, p->contract, sample[k]);
        for (size_t g = 0; g < r->n_regimes; g++) {
            mpq_init(p->lawful[g]);
            mpq_set(p->lawful[g], r->lawful[g]->samples[sample_of[i]]);
        }
    }
    mpq_clear(paid);
    *out = s;
    return OWED_OK;
}
