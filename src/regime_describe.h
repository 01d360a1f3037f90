/* A regime in words for a reader: what `owed regimes show` prints, the dates a regime
 * governs, the names of countries.  In the message language (gettext). */
#ifndef OWED_REGIME_DESCRIBE_H
#define OWED_REGIME_DESCRIBE_H

#include <stdio.h>

#include "owed.h"

/* Writes `r` to fp: its id, titles, scope, cap periods with their tiers and bands, payment
 * order, refunds, limits, and every rule's citation with its notes, the citations as a
 * reader of `lang` ("en", "zh", "ja"; NULL: "en") writes them.  0, or -1 when memory ran
 * out (part may have been written). */
int owed_regime_describe(FILE *fp, const owed_regime *r, const char *lang);

/* owed_regime_dates (owed.h) and owed_country_name are public: owed.h declares them. */

#endif
