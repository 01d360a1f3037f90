/* The report: everything a statement shows, computed once from a case, so that every
 * output format (text now; HTML, XML and CSV later) writes the same figures.
 *
 * Ownership: the report owns its replays and GMP values and borrows the case, which must
 * outlive it.  owed_report_free() releases everything. */
#ifndef OWED_REPORT_H
#define OWED_REPORT_H

#include <gmp.h>

#include "case.h"
#include "contract.h"
#include "error.h"

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
} owed_claim_check;

/* A finding: a figure that goes beyond what the rules applied allow. */
typedef struct owed_finding {
    size_t claim;             /* index into claims[] */
    int is_total;             /* 1: the total; 0: component `component` */
    owed_component component;
    mpq_t claimed, allowed, excess;
} owed_finding;

typedef struct owed_report {
    const owed_case *kase;
    owed_date as_of;
    owed_replay *contract;     /* contract view at as_of */
    owed_loan_result total;    /* the sum of all loans' contract figures at as_of */
    owed_claim_check *claims;  /* one per case claim dated on or before as_of */
    size_t n_claims;
    owed_finding *findings;
    size_t n_findings;
} owed_report;

/* Builds the report of `c` as of `as_of` (normally c->as_of).  On success *out is new and
 * owned by the caller; on failure *out is NULL and err is set. */
owed_status owed_report_build(const owed_case *c, owed_date as_of, owed_report **out,
                              owed_error *err);
void owed_report_free(owed_report *r);

#endif
