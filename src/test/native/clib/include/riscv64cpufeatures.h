/*
 * The layout of the RISC-V CPU features. pghop's test-only native build targets x86-64 only; the builder still
 * reads this layout when it compiles its C queries, so only the struct is here.
 */
#ifndef PGHOP_RISCV64CPUFEATURES_H
#define PGHOP_RISCV64CPUFEATURES_H

typedef struct CPUFeatures {
    char fI, fM, fA, fF, fD, fC, fV;
} CPUFeatures;

#endif
