/* The chart of the HTML statement: over time, the contract balance of all loans, the
 * balance by law under each regime, the payments made to date, and each claim as a mark.
 * Built as an SVG element tree with libxml2's tree API (no markup written by hand), to be
 * placed inline in the HTML page.  Coordinates come from exact rationals rounded to a
 * tenth of a pixel; no binary float is used. */
#ifndef OWED_CHART_SVG_H
#define OWED_CHART_SVG_H

#include <libxml/tree.h>

#include "report.h"
#include "statement.h"
#include "statement_util.h"

/* Builds the <svg> element of the chart of `s` in document `doc` (not yet linked into
 * it; the caller adds it where it belongs).  Returns NULL with *oom = 0 when there is
 * nothing to draw (fewer than two days), NULL with *oom = 1 when memory runs out.
 * Labels are translated (gettext) and numbers written as opt->numeric says. */
xmlNodePtr owed_chart_svg(xmlDocPtr doc, const owed_report *r, const owed_series *s,
                          const owed_statement_options *opt, int *oom);

#endif
