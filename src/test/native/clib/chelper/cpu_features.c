/*
 * Which x86-64 features this CPU has, from CPUID and (for the AVX families) from what the operating system saves
 * on a context switch (XCR0). The image compares them with the features it was compiled for before it runs.
 */
#include <cpuid.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "amd64cpufeatures.h"

typedef struct {
    unsigned eax, ebx, ecx, edx;
} cpuid_regs;

static cpuid_regs leaf(unsigned number, unsigned sub) {
    cpuid_regs r = {0, 0, 0, 0};
    __cpuid_count(number, sub, r.eax, r.ebx, r.ecx, r.edx);
    return r;
}

static uint64_t saved_state_mask(void) {
    uint32_t low, high;
    __asm__ volatile("xgetbv" : "=a"(low), "=d"(high) : "c"(0));
    return ((uint64_t) high << 32) | low;
}

#define BIT(reg, n) ((char) (((reg) >> (n)) & 1u))

void determineCPUFeatures(CPUFeatures *f) {
    memset(f, 0, sizeof(*f));
    unsigned max_leaf = leaf(0, 0).eax;
    unsigned max_extended = leaf(0x80000000u, 0).eax;
    cpuid_regs l1 = leaf(1, 0);
    cpuid_regs l7 = max_leaf >= 7 ? leaf(7, 0) : (cpuid_regs) {0, 0, 0, 0};
    cpuid_regs l7s1 = max_leaf >= 7 ? leaf(7, 1) : (cpuid_regs) {0, 0, 0, 0};
    cpuid_regs e1 = max_extended >= 0x80000001u ? leaf(0x80000001u, 0) : (cpuid_regs) {0, 0, 0, 0};
    cpuid_regs e7 = max_extended >= 0x80000007u ? leaf(0x80000007u, 0) : (cpuid_regs) {0, 0, 0, 0};

    f->fCX8 = BIT(l1.edx, 8);
    f->fCMOV = BIT(l1.edx, 15);
    f->fFLUSH = BIT(l1.edx, 19);
    f->fMMX = BIT(l1.edx, 23);
    f->fFXSR = BIT(l1.edx, 24);
    f->fSSE = BIT(l1.edx, 25);
    f->fSSE2 = BIT(l1.edx, 26);
    f->fHT = BIT(l1.edx, 28);
    f->fTSC = BIT(l1.edx, 4);
    f->fSSE3 = BIT(l1.ecx, 0);
    f->fCLMUL = BIT(l1.ecx, 1);
    f->fSSSE3 = BIT(l1.ecx, 9);
    f->fSSE4_1 = BIT(l1.ecx, 19);
    f->fSSE4_2 = BIT(l1.ecx, 20);
    f->fPOPCNT = BIT(l1.ecx, 23);
    f->fAES = BIT(l1.ecx, 25);
    f->fHV = BIT(l1.ecx, 31);
    f->fTSCINV_BIT = BIT(e7.edx, 8);
    f->fTSCINV = f->fTSCINV_BIT;
    f->fLZCNT = BIT(e1.ecx, 5);
    f->fSSE4A = BIT(e1.ecx, 6);
    f->fAMD_3DNOW_PREFETCH = BIT(e1.ecx, 8);
    f->fRDTSCP = BIT(e1.edx, 27);

    f->fBMI1 = BIT(l7.ebx, 3);
    f->fBMI2 = BIT(l7.ebx, 8);
    f->fERMS = BIT(l7.ebx, 9);
    f->fRTM = BIT(l7.ebx, 11);
    f->fADX = BIT(l7.ebx, 19);
    f->fFLUSHOPT = BIT(l7.ebx, 23);
    f->fCLWB = BIT(l7.ebx, 24);
    f->fSHA = BIT(l7.ebx, 29);
    f->fPKU = BIT(l7.ecx, 3);
    f->fOSPKE = BIT(l7.ecx, 4);
    f->fGFNI = BIT(l7.ecx, 8);
    f->fRDPID = BIT(l7.ecx, 22);
    f->fFSRM = BIT(l7.edx, 4);
    f->fSERIALIZE = BIT(l7.edx, 14);
    f->fCET_IBT = BIT(l7.edx, 20);
    f->fCET_SS = BIT(l7.ecx, 7);

    /* The AVX families count only when the operating system saves their registers (OSXSAVE, then XCR0). */
    int os_saves_avx = 0, os_saves_avx512 = 0;
    if (BIT(l1.ecx, 27)) {
        uint64_t xcr0 = saved_state_mask();
        os_saves_avx = (xcr0 & 0x6) == 0x6;
        os_saves_avx512 = os_saves_avx && (xcr0 & 0xe0) == 0xe0;
    }
    if (os_saves_avx && BIT(l1.ecx, 28)) {
        f->fAVX = 1;
        f->fVZEROUPPER = 1;
        f->fFMA = BIT(l1.ecx, 12);
        f->fF16C = BIT(l1.ecx, 29);
        f->fAVX2 = BIT(l7.ebx, 5);
        f->fAVX_IFMA = BIT(l7s1.eax, 23);
    }
    if (os_saves_avx512 && BIT(l7.ebx, 16)) {
        f->fAVX512F = 1;
        f->fAVX512DQ = BIT(l7.ebx, 17);
        f->fAVX512_IFMA = BIT(l7.ebx, 21);
        f->fAVX512PF = BIT(l7.ebx, 26);
        f->fAVX512ER = BIT(l7.ebx, 27);
        f->fAVX512CD = BIT(l7.ebx, 28);
        f->fAVX512BW = BIT(l7.ebx, 30);
        f->fAVX512VL = BIT(l7.ebx, 31);
        f->fAVX512_VBMI = BIT(l7.ecx, 1);
        f->fAVX512_VBMI2 = BIT(l7.ecx, 6);
        f->fAVX512_VAES = BIT(l7.ecx, 9);
        f->fAVX512_VPCLMULQDQ = BIT(l7.ecx, 10);
        f->fAVX512_VNNI = BIT(l7.ecx, 11);
        f->fAVX512_BITALG = BIT(l7.ecx, 12);
        f->fAVX512_VPOPCNTDQ = BIT(l7.ecx, 14);
        f->fAVX512_FP16 = BIT(l7.edx, 23);
    }
    /* APX, SHA512 and AVX10 are left unset: pghop's test build is not compiled for them. */
}

/*
 * 0 when this CPU has every feature the image was compiled for, else 1. The mask, laid out as CPUFeatures, holds
 * 0xFE for each required feature and 0xFF for the others: a present feature (1) ORed with it gives 0xFF.
 */
int checkCPUFeatures(const char *mask) {
    CPUFeatures present;
    determineCPUFeatures(&present);
    const unsigned char *have = (const unsigned char *) &present;
    const unsigned char *wanted = (const unsigned char *) mask;
    for (size_t i = 0; i < sizeof(present); i++) {
        if ((unsigned char) (have[i] | wanted[i]) != 0xFF) {
            return 1;
        }
    }
    return 0;
}

int checkCPUFeaturesOrExit(const char *mask, const char *message) {
    int missing = checkCPUFeatures(mask);
    if (missing) {
        fputs(message, stderr);
        fputc('\n', stderr);
        exit(1);
    }
    return missing;
}
