/* The lawful view of a regime as a ledger: row by row, loan by loan, on each day something
 * happened to a loan (a disbursement, a payment, an extension, a charge) and on the as-of
 * date -- what the CSV's "lawful:ID" rows are and what the text and HTML statements show
 * as the lawful replay ledger (issue 12).  Everything comes from the report (the lawful
 * view's checkpoints and moves, lawful.h): nothing is replayed here.
 *
 * Rows (event/component):
 *   disbursement/principal   lawful principal delivered
 *   accrual/charges          enforceable charges accrued or charged since the loan's
 *                            previous row (span: from that day to this one)
 *   charge/cost              costs outside the regime's charge rule
 *   payment/cost, payment/charges, payment/principal, payment/band, payment/prepaid,
 *   overpayment/principal    a payment of that day as the lawful view applied it to the
 *                            loan: to costs, to enforceable charges, to principal, into the
 *                            band, held as prepaid charges, a refund due
 *   kept/charges             charges paid above the enforceable line that the lender keeps
 *                            (they do not lower the balance)
 *   prepaid/charges, prepaid/prepaid   prepaid charges absorbing enforceable charges (or,
 *                            once the loan is paid off, released)
 * balance: what the loan owes by law less any refund due (negative: owed to the borrower),
 * so each row's balance is the previous one plus its amount. */
#ifndef OWED_LAWFUL_ROWS_H
#define OWED_LAWFUL_ROWS_H

#include <gmp.h>

#include "allocate.h"
#include "error.h"
#include "report.h"

typedef struct owed_lawful_row {
    owed_date date;
    size_t loan;                   /* index into the case's loans */
    const char *event, *component; /* codes, as above (static strings) */
    mpq_srcptr amount, balance;    /* valid only during the callback */
    int span;                      /* 1: an accrual over [from, to) */
    owed_date from, to;
    int is_payment;                /* a payment's part: `allocation` says what sent it */
    owed_alloc_decider allocation;
} owed_lawful_row;

typedef void (*owed_lawful_row_fn)(void *ctx, const owed_lawful_row *row);

/* Calls fn(ctx, row) for each row of regime g's lawful ledger, in order.  Returns OWED_OK,
 * or OWED_E_NOMEM (err set). */
owed_status owed_lawful_rows(const owed_report *r, size_t g, owed_lawful_row_fn fn, void *ctx,
                             owed_error *err);

#endif
