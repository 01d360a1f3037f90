/* The recalculation sheet of a loan under a regime (owed_regime_recalculation_sheet): the
 * lawful view laid out as Japanese practitioners lay out an 引き直し計算 (名古屋式, 外山式
 * sheets), one row per day something happened to the loan (an advance, a payment, a charge)
 * and one for the as-of date, so that a lawyer can check it row by row against theirs.
 *
 * Built from the lawful view's checkpoints and moves, not by a replay of its own: every
 * figure is the lawful view's.  Nothing here prints; the statement writers lay the rows out
 * (statement_sheet.c). */
#ifndef OWED_SHEET_H
#define OWED_SHEET_H

#include <gmp.h>
#include <stddef.h>

#include "lawful.h"

typedef struct owed_sheet_row {
    owed_date date;
    long days;              /* days since the previous row (0 on the first) */
    int has_rate;           /* 0: no cap applied over the interval */
    mpq_t rate;             /* the enforceable annual rate on the interval's last day */
    mpq_t interest;         /* enforceable charges accrued over the interval (as posted,
                               rounded as the regime rounds each interval) */
    mpq_t advance;          /* money lent that day */
    mpq_t offset;           /* overpayments (with their interest) applied to that advance */
    mpq_t payment;          /* paid that day to this loan (its share of each payment) */
    mpq_t to_interest;      /* of which to charges (and costs) */
    mpq_t to_principal;     /* of which to principal */
    mpq_t principal;        /* principal outstanding after the row */
    mpq_t interest_unpaid;  /* enforceable charges accrued and not paid, after the row */
    mpq_t overpayment;      /* overpayments (refunds due) outstanding after the row */
    mpq_t over_interest;    /* interest the overpayments earned over the interval, exact */
    mpq_t over_interest_total; /* the same, from the first row on (applied or not) */
} owed_sheet_row;

typedef struct owed_sheet {
    size_t loan;
    owed_sheet_row *rows;
    size_t n_rows;
} owed_sheet;

/* The sheet of loan `loan` of the lawful view `lv`.  OWED_OK and *out filled (free with
 * owed_sheet_clear), or OWED_E_NOMEM. */
owed_status owed_sheet_build(const owed_lawful *lv, size_t loan, owed_sheet *out);
void owed_sheet_clear(owed_sheet *s);

#endif
