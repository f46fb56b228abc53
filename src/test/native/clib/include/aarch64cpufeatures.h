/*
 * The layout of the AArch64 CPU features. pghop's test-only native build targets x86-64 only; the builder still
 * reads this layout when it compiles its C queries, so only the struct is here.
 */
#ifndef PGHOP_AARCH64CPUFEATURES_H
#define PGHOP_AARCH64CPUFEATURES_H

typedef struct CPUFeatures {
    char fFP, fASIMD, fEVTSTRM, fAES, fPMULL, fSHA1, fSHA2, fCRC32, fLSE, fDCPOP, fSHA3, fSHA512, fSVE, fSVE2,
        fSTXR_PREFETCH, fA53MAC, fDMB_ATOMICS, fPACA, fSVEBITPERM, fFPHP, fASIMDHP;
} CPUFeatures;

#endif
