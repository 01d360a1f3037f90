/* The regime model's representation, shared by regime.c (accessors, resolution, loading,
 * freeing) and regime_read.c (the XML reader, owed_regime_read_file()).  Not part of the library's API: callers see
 * owed_regime only through regime.h. */
#ifndef OWED_REGIME_IMPL_H
#define OWED_REGIME_IMPL_H

#include "regime.h"
#include "regime_xml.h"

#define OWED_REGIME_MAX_TITLES 8

struct owed_regime {
    owed_allocator mem;          /* the allocator that made the regime, which frees it */
    unsigned long serial;        /* this load's, from 1 (owedi_regime_serial_next) */
    owedi_arena arena;           /* strings, notes, citations */
    const char *path, *id, *jurisdiction, *variant_of;
    long line;                   /* line of <regime> */
    size_t n_titles;
    const char *title_lang[OWED_REGIME_MAX_TITLES];
    const char *title_text[OWED_REGIME_MAX_TITLES];
    const char *const *notes;
    size_t n_notes;
    owed_grounds scope;
    owed_regime_governs governs;
    owed_day_rule day;
    owed_cap_period *periods;    /* n_periods, malloc'd; every band's mpq initialised */
    size_t n_periods;
    owed_charge_rule charges;
    owed_principal_rule principal;
    owed_payment_order_rule payment_order;
    owed_allocation_rule allocation;
    owed_overpayment_rule overpayment;
    owed_tier_rule tier;
    int recalculation_sheet;     /* sheet="recalculation" */
    int apr_method;              /* apr="uk|regz": an owed_apr_method, or -1 */
    owed_charge_limit charge_limit; /* amount, share initialised */
    owed_total_cap total_cap;       /* share initialised */
    owed_period_limit period_limit; /* amount, share initialised */
    owed_loan_limit loan_limit;     /* amount initialised */
    owed_refund_rate *refund_rates; /* n_refund_rates, malloc'd; rates initialised */
    size_t n_refund_rates;
    owed_rate_table **tables;    /* n_tables, malloc'd, owned */
    size_t n_tables;
};

/* A new load serial, from 1: unique among the regimes loaded in the process (a cap view
 * names the load it was resolved from, owed_cap_view). */
unsigned long owedi_regime_serial_next(void);

#endif
