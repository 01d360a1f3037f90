/* Unit tests of the program's GMP memory functions (src/cli_gmp_memory.c): the numbers GMP
 * computes with them equal those it computes with its own, a block is handed out again
 * only for a request of exactly its size (a block made by malloc elsewhere included), moves
 * keep the bytes, a thread keeps at most 4 MiB and its lists are its own. */
#include <config.h>

#include <check.h>
#include <gmp.h>
#include <pthread.h>
#include <stdlib.h>
#include <string.h>

#include "cli_gmp_memory.h"

static void *(*gmp_alloc)(size_t);
static void *(*gmp_realloc)(void *, size_t, size_t);
static void (*gmp_free)(void *, size_t);

static void use_ours(void)
{
    cli_gmp_memory_install();
    mp_get_memory_functions(&gmp_alloc, &gmp_realloc, &gmp_free);
}

/* Exact work of many sizes: the harmonic number H(n) and n!, written in base 10 (a block
 * from GMP's functions, given back through them). */
static char *work(unsigned n)
{
    mpq_t h, term;
    mpz_t f;
    mpq_inits(h, term, NULL);
    mpz_init_set_ui(f, 1);
    for (unsigned k = 1; k <= n; k++) {
        mpq_set_ui(term, 1, k);
        mpq_add(h, h, term);
        mpz_mul_ui(f, f, k);
    }
    char *hs = mpq_get_str(NULL, 10, h);
    char *fs = mpz_get_str(NULL, 10, f);
    size_t len = strlen(hs) + strlen(fs) + 2;
    char *out = malloc(len);
    ck_assert_ptr_nonnull(out);
    strcpy(out, hs);
    strcat(out, " ");
    strcat(out, fs);
    void (*free_fn)(void *, size_t);
    mp_get_memory_functions(NULL, NULL, &free_fn);
    free_fn(hs, strlen(hs) + 1);
    free_fn(fs, strlen(fs) + 1);
    mpq_clears(h, term, NULL);
    mpz_clear(f);
    return out;
}

START_TEST(test_same_numbers)
{
    mp_set_memory_functions(NULL, NULL, NULL);
    char *small_gmp = work(10);
    char *large_gmp = work(700);
    use_ours();
    char *small_ours = work(10);
    char *large_ours = work(700);
    char *again = work(700); /* now from blocks kept by the first run */
    /* H(10) = 7381/2520 and 10! = 3628800, by hand. */
    ck_assert_str_eq(small_gmp, "7381/2520 3628800");
    ck_assert_str_eq(small_ours, small_gmp);
    ck_assert_str_eq(large_ours, large_gmp);
    ck_assert_str_eq(again, large_gmp);
    free(small_gmp);
    free(large_gmp);
    free(small_ours);
    free(large_ours);
    free(again);
}
END_TEST

START_TEST(test_exact_size_reuse)
{
    use_ours();
    void *foreign = malloc(24); /* a block made elsewhere, given back through GMP's free */
    ck_assert_ptr_nonnull(foreign);
    gmp_free(foreign, 24);
    void *other = gmp_alloc(32);
    ck_assert_ptr_ne(other, foreign);
    void *same = gmp_alloc(24);
    ck_assert_ptr_eq(same, foreign);
    free(same); /* every block is a malloc block: free() may release it */
    gmp_free(other, 32);
    void *again = gmp_alloc(32);
    ck_assert_ptr_eq(again, other);
    gmp_free(again, 32);
}
END_TEST

START_TEST(test_moves_keep_bytes)
{
    use_ours();
    unsigned char *p = gmp_alloc(16);
    for (int i = 0; i < 16; i++)
        p[i] = (unsigned char)(i * 7 + 1);
    unsigned char *q = gmp_realloc(p, 16, 48); /* kept size to kept size */
    for (int i = 0; i < 16; i++)
        ck_assert_uint_eq(q[i], (unsigned)(i * 7 + 1));
    unsigned char *r = gmp_realloc(q, 48, 4096); /* to a size never kept */
    for (int i = 0; i < 16; i++)
        ck_assert_uint_eq(r[i], (unsigned)(i * 7 + 1));
    unsigned char *s = gmp_realloc(r, 4096, 8); /* and back, shrinking */
    for (int i = 0; i < 8; i++)
        ck_assert_uint_eq(s[i], (unsigned)(i * 7 + 1));
    gmp_free(s, 8);
}
END_TEST

/* 9,000 blocks of 512 bytes freed: the first 8,192 (4 MiB) are kept, the rest go to free(),
 * so the next request gets the 8,192nd back (the lists are last in, first out).  Run in a
 * thread of its own, whose lists start empty whatever the tests before left (CK_FORK=no). */
static void *cap_in_new_thread(void *unused)
{
    (void)unused;
    enum { N = 9000, KEPT = 8192, SIZE = 512 };
    void **blocks = malloc(N * sizeof *blocks);
    if (blocks == NULL)
        return NULL;
    for (int i = 0; i < N; i++)
        blocks[i] = gmp_alloc(SIZE);
    for (int i = 0; i < N; i++)
        gmp_free(blocks[i], SIZE);
    void *first = gmp_alloc(SIZE);
    void *verdict = first == blocks[KEPT - 1] ? first : NULL;
    gmp_free(first, SIZE);
    free(blocks);
    return verdict;
}

START_TEST(test_cap)
{
    use_ours();
    pthread_t t;
    ck_assert_int_eq(pthread_create(&t, NULL, cap_in_new_thread, NULL), 0);
    void *verdict = NULL;
    ck_assert_int_eq(pthread_join(t, &verdict), 0);
    ck_assert_ptr_nonnull(verdict);
}
END_TEST

/* A new thread does not get the block the main thread keeps; it gets its own back. */
static void *thread_keeps_its_own(void *mine)
{
    void *got = gmp_alloc(40);
    int not_mine = got != mine;
    gmp_free(got, 40);
    void *again = gmp_alloc(40);
    int own_back = again == got;
    gmp_free(again, 40); /* kept, then freed when the thread ends */
    return not_mine && own_back ? mine : NULL;
}

START_TEST(test_threads)
{
    use_ours();
    void *mine = gmp_alloc(40);
    gmp_free(mine, 40); /* kept on the main thread's list */
    pthread_t t;
    ck_assert_int_eq(pthread_create(&t, NULL, thread_keeps_its_own, mine), 0);
    void *result = NULL;
    ck_assert_int_eq(pthread_join(t, &result), 0);
    ck_assert_ptr_eq(result, mine);
    void *back = gmp_alloc(40);
    ck_assert_ptr_eq(back, mine);
    gmp_free(back, 40);
}
END_TEST

/* A destructor of the thread that runs after the lists' own (it asks for a second round, by
 * which the lists' destructor has run whatever the order of keys) frees a block through
 * GMP's functions: it goes to free(), not onto lists nothing would empty again. */
static pthread_key_t late_key;
static int late_rounds;
static size_t late_kept = (size_t)-1;

static void late_free(void *block)
{
    if (late_rounds++ == 0) {
        pthread_setspecific(late_key, block); /* once more, in the next round */
        return;
    }
    gmp_free(block, 64);
    late_kept = cli_gmp_memory_kept_bytes();
}

static void *thread_with_late_free(void *unused)
{
    (void)unused;
    gmp_free(gmp_alloc(32), 32); /* the lists now hold a block: their destructor will run */
    void *block = gmp_alloc(64);
    pthread_setspecific(late_key, block);
    return NULL;
}

START_TEST(test_free_after_thread_end)
{
    use_ours();
    ck_assert_int_eq(pthread_key_create(&late_key, late_free), 0);
    pthread_t t;
    ck_assert_int_eq(pthread_create(&t, NULL, thread_with_late_free, NULL), 0);
    ck_assert_int_eq(pthread_join(t, NULL), 0);
    ck_assert_int_eq(late_rounds, 2);
    ck_assert_uint_eq(late_kept, 0);
    pthread_key_delete(late_key);
}
END_TEST

int main(void)
{
    Suite *s = suite_create("gmp_memory");
    TCase *tc = tcase_create("blocks");
    tcase_add_test(tc, test_same_numbers);
    tcase_add_test(tc, test_exact_size_reuse);
    tcase_add_test(tc, test_moves_keep_bytes);
    tcase_add_test(tc, test_cap);
    tcase_add_test(tc, test_threads);
    tcase_add_test(tc, test_free_after_thread_end);
    suite_add_tcase(s, tc);
    SRunner *sr = srunner_create(s);
    srunner_run_all(sr, CK_ENV);
    int failed = srunner_ntests_failed(sr);
    srunner_free(sr);
    return failed == 0 ? EXIT_SUCCESS : EXIT_FAILURE;
}
