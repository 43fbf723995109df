/*
 * Streaming read and copy bandwidth, as STREAM measures it: every core, vectorised loops, best of N passes.
 * The check for `bench generate`'s bandwidth lines (src/test/bench/README.md says how to compare them).
 *
 *   gcc -O3 -march=native -fopenmp src/test/bench/stream_read.c -o /tmp/stream_read
 *   /tmp/stream_read [MiB, default 1024] [passes, default 10]
 *
 * "read" sums the array (only reads it); "copy" counts read + write bytes, STREAM's convention.
 */
#include <omp.h>
#include <stdio.h>
#include <stdlib.h>

int main(int argc, char **argv) {
    size_t mib = argc > 1 ? strtoul(argv[1], NULL, 10) : 1024;
    int passes = argc > 2 ? atoi(argv[2]) : 10;
    size_t n = mib * 1024 * 1024 / sizeof(float);
    float *a = aligned_alloc(64, n * sizeof(float));
    float *b = aligned_alloc(64, n * sizeof(float));
    if (a == NULL || b == NULL) {
        fprintf(stderr, "cannot allocate 2 x %zu MiB\n", mib);
        return 1;
    }
#pragma omp parallel for
    for (size_t i = 0; i < n; i++) {
        a[i] = 1.0f;
        b[i] = 0.0f;
    }
    double best_read = 1e30, best_copy = 1e30;
    float total = 0;
    for (int p = 0; p < passes; p++) {
        double t0 = omp_get_wtime();
        float sum = 0;
#pragma omp parallel for simd reduction(+ : sum)
        for (size_t i = 0; i < n; i++) {
            sum += a[i];
        }
        double t1 = omp_get_wtime();
#pragma omp parallel for simd
        for (size_t i = 0; i < n; i++) {
            b[i] = a[i];
        }
        double t2 = omp_get_wtime();
        total += sum + b[p];
        if (t1 - t0 < best_read) best_read = t1 - t0;
        if (t2 - t1 < best_copy) best_copy = t2 - t1;
    }
    double bytes = (double) n * sizeof(float);
    printf("threads %d, %zu MiB: read %.1f GB/s, copy %.1f GB/s (read + write)   [checksum %.0f]\n",
           omp_get_max_threads(), mib, bytes / best_read / 1e9, 2 * bytes / best_copy / 1e9, (double) total);
    free(a);
    free(b);
    return 0;
}
