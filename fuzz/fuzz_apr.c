/* Fuzz target: flows files (owed_apr_flows_read), then the annual rate of the flows by one
 * method.  Input: one option byte (the method), then the text of a flows file.  The work is
 * bounded by the limits (OWED_MAX_FLOWS, OWED_MAX_ROOT_WORK, OWED_MAX_INPUT_BYTES): an
 * input that takes longer than the fuzzer's timeout is a finding. */
#include <config.h>

#include <stdio.h>
#include <stdlib.h>

#include <gmp.h>

#include "apr.h"
#include "fuzz_common.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    if (size < 1)
        return 0;
    static const owed_apr_method methods[] = {OWED_APR_XIRR, OWED_APR_EU, OWED_APR_UK,
                                              OWED_APR_REGZ, OWED_APR_SIMPLE, OWED_APR_PBOC,
                                              OWED_APR_PBOC_COMPOUND};
    owed_apr_method method = methods[data[0] % (sizeof methods / sizeof methods[0])];
    FILE *fp = fmemopen((void *)(data + 1), size - 1 ? size - 1 : 1, "r");
    if (fp == NULL)
        return 0;
    if (size == 1)
        (void)getc(fp); /* an empty file: fmemopen needs one byte, skip it */
    owed_apr_flows *flows = owed_apr_flows_new();
    owed_error err;
    owed_error_clear(&err);
    if (flows != NULL && owed_apr_flows_read(flows, fp, "f.csv", &err) == OWED_OK) {
        owed_apr_options opt;
        owed_apr_options_init(&opt, method);
        owed_apr_result *res = NULL;
        owed_error_clear(&err);
        if (owed_apr_compute(&res, flows, &opt, &err) != OWED_OK)
            fuzz_check_error(&err, 0);
        owed_apr_result_free(res);
    } else if (flows != NULL) {
        fuzz_check_error(&err, 1);
    }
    owed_apr_flows_free(flows);
    fclose(fp);
    return 0;
}
