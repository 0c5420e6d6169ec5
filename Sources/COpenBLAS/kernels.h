#include <cblas.h>
#include <stdlib.h>
#include <string.h>

// Debian 12's OpenBLAS (0.3.21) picks its kernels by CPU model when it loads, and it does not know recent Xeons
// (family 6, model 207 on the build machine): it falls back to its SSE3 "Prescott" kernels, which run the encoder
// 3x slower than its AVX-512 ones. These two functions are exported by its run-time kernel choice (DYNAMIC_ARCH,
// as Debian builds it): forget the choice, then choose again, reading OPENBLAS_CORETYPE.
void gotoblas_dynamic_init(void);
void gotoblas_dynamic_quit(void);
// Stops OpenBLAS's own thread pool (exported by its pthread build): the encoder runs one thread a call.
int blas_thread_shutdown_(void);

/// When OpenBLAS fell back to Prescott and nobody chose a core type, chooses the kernels this CPU can run:
/// SkylakeX with AVX-512, Haswell with AVX2 and FMA. Call once, before the first BLAS call.
static inline void pitchcoach_openblas_choose_kernels(void) {
#if defined(__x86_64__) && defined(__linux__)
    if (getenv("OPENBLAS_CORETYPE") != NULL || strcmp(openblas_get_corename(), "Prescott") != 0) return;
    __builtin_cpu_init();
    const char *core = NULL;
    if (__builtin_cpu_supports("avx512f") && __builtin_cpu_supports("avx512bw") && __builtin_cpu_supports("avx512dq")
        && __builtin_cpu_supports("avx512vl")) {
        core = "SkylakeX";
    } else if (__builtin_cpu_supports("avx2") && __builtin_cpu_supports("fma")) {
        core = "Haswell";
    }
    if (core == NULL) return;
    setenv("OPENBLAS_CORETYPE", core, 1);
    gotoblas_dynamic_quit();
    gotoblas_dynamic_init();
    unsetenv("OPENBLAS_CORETYPE");
#endif
}
