/* The report: everything a statement shows, computed once from a case, so that every
 * output format (text now; HTML, XML and CSV later) writes the same figures.
 *
 * Ownership: the report owns its replays and GMP values and borrows the case, which must
 * outlive it.  owed_report_free() releases everything. */
#ifndef OWED_REPORT_H
#define OWED_REPORT_H

#include <gmp.h>
#include <stdint.h>

#include "case.h"
#include "apr.h"
#include "catalogue.h"
#include "contract.h"
#include "error.h"
#include "lawful.h"
#include "regime.h"

/* A claim set against the contract view on the claim's own date. */
typedef struct owed_claim_check {
    const owed_claim *claim;          /* borrowed from the case */
    mpq_t contract[OWED_COMP_COUNT];  /* contract balance of the claim's loans on its date,
                                         grouped as the claim groups it (below) */
    int interest_includes_penalty;    /* 1 when the claim states interest but no penalty:
                                         collectors often call both "interest" (利息), so
                                         contract[INTEREST] then holds interest + penalty
                                         and contract[PENALTY] is zero */
    mpq_t contract_total;
    mpq_t difference;                 /* claimed total - contract total (> 0: claims more) */
    mpq_t *lawful_total;              /* per regime: the enforceable balance of the claim's
                                         loans on its date (n_regimes values) */
    mpq_t *lawful_difference;         /* per regime: claimed total - lawful_total */
} owed_claim_check;

/* The cost view of one loan (or of all loans): the annual rate of its actual cash flows:
 * money delivered (+), payments applied to it in the contract view (-), and the contract
 * balance at the as-of date as a final payment (design section 5, view 3). */
enum { OWED_COST_XIRR = 0, OWED_COST_EU, OWED_COST_METHODS };

typedef struct owed_cost_view {
    owed_apr_result *rate[OWED_COST_METHODS]; /* NULL when the method could not take the flows */
    char why_not[OWED_COST_METHODS][sizeof ((owed_error *)0)->text]; /* reason when rate[] is NULL */
    size_t n_flows;
} owed_cost_view;

typedef enum owed_finding_kind {
    OWED_FIND_CLAIM_PART = 0, /* a stated part of a claim above the contract's figure */
    OWED_FIND_CLAIM_TOTAL,    /* a claim's total above the contract or lawful balance */
    OWED_FIND_ABOVE_CAP,      /* a loan's contract charges above a regime's cap */
    OWED_FIND_LOAN_AMOUNT,    /* a loan's amount above a regime's loan limit (owed_loan_limit):
                                 claimed the amount, allowed the limit */
    OWED_FIND_LOAN_TERM       /* a loan's term above a regime's loan limit: claimed and allowed
                                 are whole numbers of days */
} owed_finding_kind;

/* A finding: a figure that goes beyond what the rules applied allow. */
typedef struct owed_finding {
    owed_finding_kind kind;
    long regime;              /* index into regimes[], or -1 for the contract view */
    size_t claim;             /* CLAIM_*: index into claims[] */
    size_t loan;              /* ABOVE_CAP, LOAN_*: index into the case's loans[] */
    owed_component component; /* CLAIM_PART */
    mpq_t claimed, allowed, excess; /* read-only: 0 without OWED_PART_FINDING_FIGURES */
} owed_finding;

/* An amount under the name the contract or the lender gave it ("服务费"). */
typedef struct owed_named_amount {
    owed_component component;
    const char *label;  /* borrowed from the ledger; NULL for an amount withheld unnamed */
    mpq_t amount;
} owed_named_amount;

/* The contract view's charges of one loan (or of all loans) by name: what a borrower
 * recognises.  `charges`: charged and accrued, summed by component and name, in the order
 * each name first appears in the ledger (postings without a name are left out);
 * `withheld`: each amount withheld from the principal, in ledger order. */
typedef struct owed_charge_names {
    owed_named_amount *charges;
    size_t n_charges;
    owed_named_amount *withheld;
    size_t n_withheld;
} owed_charge_names;

/* Under one regime, the lawful figures of all loans together: the summary's column. */
typedef struct owed_lawful_totals {
    mpq_t balance;          /* balances by law */
    mpq_t refund;           /* refunds due */
    mpq_t refund_interest;  /* interest on them to the as-of date */
    mpq_t net;              /* balance - refund - refund interest: what is owed once the
                               refunds are set off (Civil Code art. 568) */
    mpq_t above_cap;        /* charged by the contracts above the enforceable line */
    mpq_t retained;         /* paid into the band and kept by the lender */
} owed_lawful_totals;

/* A payment as the borrower made it (before any split), on or before the as-of date, and
 * where each regime's lawful view applied it: the moves lawful[g]->moves[move_order[g][j]]
 * for j in [moves_from[g], moves_to[g]), one per loan that took a share, by loan id (so
 * that no statement depends on the order of the loans in the case file). */
typedef struct owed_payment_made {
    const owed_event *event; /* borrowed from the case: date, amount, loan, paid_for */
    size_t index;            /* into the case's events[] */
    size_t *moves_from, *moves_to; /* n_regimes each */
} owed_payment_made;

/* A regime used for a loan it does not govern (owed_regime_governs_loan): a warning in the
 * statement and on standard error, never a silent figure. */
typedef struct owed_scope_warning {
    size_t regime;             /* index into regimes[] */
    size_t loan;               /* index into the case's loans[] */
    owed_governs_result why;
} owed_scope_warning;

/* Balances over time, for the chart: on each sampled day, the contract balance of all
 * loans, the balance by law of all loans under each regime, and the payments made up to
 * that day, as statements as of that day would give them (the replays' samples, sample.h).
 * Days sampled: the first day, each event day and the day before it, each due date (as
 * contracted and as extended), the first of each month, the as-of date, and more days
 * evenly spread so that a line joining the points follows the balances (at most
 * OWED_SERIES_MAX_POINTS). */
#define OWED_SERIES_MAX_POINTS 240

typedef struct owed_series_point {
    owed_date date;
    mpq_t contract; /* contract balance, all loans (negative: a credit) */
    mpq_t paid;     /* payments made up to and including this day */
    mpq_t *lawful;  /* per regime: balance by law, all loans */
} owed_series_point;

typedef struct owed_series {
    owed_series_point *points; /* n of them; n may be 0 (nothing delivered by the as-of date) */
    size_t n, n_regimes;
} owed_series;

/* The parts of a report a caller may leave out (owed_report_build_parts), or-ed.  The
 * contract and lawful views, the claims, the findings and the scope warnings are always
 * computed; the rest only when asked for.  A part left out stays empty: total not set (its
 * rationals not even initialised: never to be read) and lawful_totals NULL without
 * OWED_PART_TOTALS, cost[].rate[m] NULL with why_not[m] "" for a method not asked for,
 * cost[n_loans] likewise without OWED_PART_COST_ALL_LOANS, names, payments (n_payments 0),
 * move_order and series NULL, the lawful views' checkpoints (lawful[g]->checkpoints NULL,
 * n_checkpoints 0), their moves without OWED_PART_PAYMENTS and OWED_PART_CHECKPOINTS
 * (lawful[g]->moves NULL, n_moves 0), the contract ledger's balances (its postings'
 * other fields are all there), and the contract view's charges of each loan
 * (OWED_PART_CONTRACT_CHARGES: what the ledger's postings say loan by loan).  The statement writers need OWED_PART_ALL
 * (owed_report_build); a caller that shows a few figures a loan (owed batch) asks for
 * those only, which saves the root searches of the annual rates it does not show, the
 * chart's samples, the checkpoints' peeks and the rationals of what it does not read. */
enum {
    OWED_PART_COST_XIRR = 1u << OWED_COST_XIRR, /* cost[].rate[OWED_COST_XIRR] */
    OWED_PART_COST_EU = 1u << OWED_COST_EU,     /* cost[].rate[OWED_COST_EU] */
    OWED_PART_COST_ALL_LOANS = 1u << 2,         /* cost[n_loans]: all loans together */
    OWED_PART_NAMES = 1u << 3,                  /* names */
    OWED_PART_PAYMENTS = 1u << 4,               /* payments, n_payments, move_order */
    OWED_PART_SERIES = 1u << 5,                 /* series (the chart) */
    OWED_PART_CHECKPOINTS = 1u << 6,            /* lawful[g]->checkpoints (the lawful rows
                                                   and sheets of a statement) */
    OWED_PART_LEDGER_BALANCES = 1u << 7,        /* contract->ledger's postings' balances
                                                   (without: ledger.without_balances) */
    OWED_PART_TOTALS = 1u << 8,                 /* total and lawful_totals: all loans
                                                   together (the summary) */
    OWED_PART_RATE_BRACKETS = 1u << 9,          /* cost[].rate[] settled to the narrow
                                                   brackets statements print
                                                   (owed_apr_result_root); without it, to
                                                   the printed figures only (digits_only,
                                                   apr.h), at less cost */
    OWED_PART_CONTRACT_CHARGES = 1u << 10,      /* contract->loans[]'s (and total's)
                                                   charged[], withheld and
                                                   interest_withheld (without: 0 and
                                                   read-only, contract->without_charges) */
    OWED_PART_FINDING_FIGURES = 1u << 11,       /* findings[]'s claimed, allowed and excess
                                                   (without: 0 and read-only; their kind,
                                                   regime, claim, loan and component are
                                                   all there) */
    OWED_PART_ALL = (1u << 12) - 1
};

typedef struct owed_report {
    const owed_case *kase;
    unsigned parts;            /* the OWED_PART_* computed (OWED_PART_ALL: all of them) */
    owed_date as_of;
    owed_replay *contract;     /* contract view at as_of */
    owed_loan_result total;    /* the sum of all loans' contract figures at as_of
                                  (OWED_PART_TOTALS) */
    owed_charge_names *names;  /* one per loan, then one for all loans (n_loans + 1) */
    const owed_regime *const *regimes; /* borrowed, n_regimes of them */
    size_t n_regimes;
    owed_lawful **lawful;      /* per regime: the lawful view at as_of */
    owed_lawful_totals *lawful_totals; /* per regime: all loans together (OWED_PART_TOTALS;
                                          NULL without) */
    owed_payment_made *payments; /* the payments made up to as_of, in the case's order */
    size_t n_payments;
    size_t **move_order;       /* per regime: the indexes of its moves, payment by payment,
                                  each payment's moves by loan id */
    owed_cost_view *cost;      /* one per loan, then one for all loans (n_loans + 1) */
    owed_claim_check *claims;  /* one per case claim dated on or before as_of */
    size_t n_claims;
    owed_finding *findings;
    size_t n_findings;
    owed_scope_warning *scope_warnings; /* regime by regime, loan by loan */
    size_t n_scope_warnings;
    long chosen;               /* the regime chosen by owed_regime_choose (see
                                  owed_report_set_chosen), or -1 */
    owed_series *series;       /* the chart's points */
    owed_allocator mem;        /* the allocator that made the report, which frees it
                                  (mem.h) */
    owed_words words;          /* the words it was made in (catalogue.h): its findings and
                                  warnings are put in words in them */
} owed_report;

/* Builds the report of `c` as of `as_of` (normally c->as_of), with the lawful view under
 * each of the `n_regimes` regimes (which the caller keeps alive as long as the report).
 * On success *out is new and owned by the caller; on failure *out is NULL and err is set. */
owed_status owed_report_build(const owed_case *c, owed_date as_of,
                              const owed_regime *const *regimes, size_t n_regimes,
                              owed_report **out, owed_error *err);
/* The same with only the parts `parts` (OWED_PART_*, or-ed; OWED_PART_ALL is
 * owed_report_build).  Every figure it computes equals that of owed_report_build; without
 * OWED_PART_RATE_BRACKETS a rate's proven bracket (owed_apr_result_root) is the rounding
 * interval of its printed figure, which is the same. */
owed_status owed_report_build_parts(const owed_case *c, owed_date as_of,
                                    const owed_regime *const *regimes, size_t n_regimes,
                                    unsigned parts, owed_report **out, owed_error *err);
/* What owed_report_free_keeping keeps of a report for the next (owed_report_build_reusing):
 * its contract replay and its lawful views, which borrow nothing (the case may go), and
 * the blocks of the report and of its cost views, whose contents are gone, and the cash
 * flows they were computed from.  All NULL and 0: nothing kept. */
typedef struct owed_report_spare {
    owed_replay *replay;  /* NULL: none */
    owed_lawful **lawful; /* per regime, n_lawful of them (each may be NULL) */
    size_t n_lawful;
    owed_report *block;   /* a report's block, to be the next's; NULL: none */
    owed_cost_view *cost; /* room for n_cost cost views (nothing in them); NULL: none */
    size_t n_cost;
    owed_apr_flows *flows; /* the cost views' cash flows (emptied before use); NULL: none */
    owed_allocator mem;   /* the allocator that made lawful, block, cost and flows (mem.h) */
} owed_report_spare;

/* owed_report_build_parts with the contract replay made into spare->replay and the lawful
 * view of regime g into spare->lawful[g] (what owed_report_free_keeping kept of an earlier
 * report, or nothing), which it takes: every figure is owed_report_build_parts', with
 * fewer allocations, for a caller that builds report after report (owed batch, borrower
 * after borrower). */
owed_status owed_report_build_reusing(const owed_case *c, owed_date as_of,
                                      const owed_regime *const *regimes, size_t n_regimes,
                                      unsigned parts, owed_report_spare *spare,
                                      owed_report **out, owed_error *err);
/* Frees r but its contract replay, its lawful views and the blocks of r and of its cost
 * views, which go to *spare for the next report (owed_report_build_reusing); what *spare
 * held is freed.  NULL r: nothing is done. */
void owed_report_free_keeping(owed_report *r, owed_report_spare *spare);
/* Frees what *spare holds, in whatever scope, and empties it. */
void owed_report_spare_clear(owed_report_spare *spare);
/* Frees r with the allocator that made it (r->mem), whatever the calling thread's memory
 * scope.  NULL is allowed. */
void owed_report_free(owed_report *r);

/* Records that regime g was chosen by owed_regime_choose from the case's dates and lender,
 * so that the statement says why. */
void owed_report_set_chosen(owed_report *r, size_t g);

/* Appends to `flows` the cash flows of loan `loan` (all loans when loan == n_loans) as the
 * cost view takes them: the contract's money delivered (positive) and paid (negative), and
 * the balance on the as-of date counted as paid that day.  OWED_OK, or the error of
 * owed_apr_flows_add. */
owed_status owed_report_cash_flows(const owed_report *r, size_t loan, owed_apr_flows *flows,
                                   owed_error *err);

/* The names of loan `loan`'s charges, or of all loans' when loan is SIZE_MAX. */
const owed_charge_names *owed_report_names(const owed_report *r, size_t loan);

/* Move j of regime g in payment order: j in a payment's [moves_from[g], moves_to[g]). */
const owed_lawful_move *owed_report_move(const owed_report *r, size_t g, size_t j);

#endif
