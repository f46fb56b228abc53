/*
 * The CPU features pghop's test-only native build asks about, one flag per feature (1 = present). The image
 * builder reads this layout (the field names its Java code declares for struct CPUFeatures) when it compiles
 * its C queries, and the image checks at start that the machine has what it was compiled for.
 */
#ifndef PGHOP_AMD64CPUFEATURES_H
#define PGHOP_AMD64CPUFEATURES_H

typedef struct CPUFeatures {
    char fCX8, fCMOV, fFXSR, fHT, fMMX, fAMD_3DNOW_PREFETCH, fSSE, fSSE2, fSSE3, fSSSE3, fSSE4A, fSSE4_1, fSSE4_2,
        fPOPCNT, fLZCNT, fTSC, fTSCINV, fTSCINV_BIT, fAVX, fAVX2, fAES, fERMS, fCLMUL, fBMI1, fBMI2, fRTM, fADX,
        fAVX512F, fAVX512DQ, fAVX512PF, fAVX512ER, fAVX512CD, fAVX512BW, fAVX512VL, fSHA, fFMA, fVZEROUPPER,
        fAVX512_VPOPCNTDQ, fAVX512_VPCLMULQDQ, fAVX512_VAES, fAVX512_VNNI, fFLUSH, fFLUSHOPT, fCLWB,
        fAVX512_VBMI2, fAVX512_VBMI, fHV, fSERIALIZE, fRDTSCP, fRDPID, fFSRM, fGFNI, fAVX512_BITALG, fPKU,
        fOSPKE, fCET_IBT, fCET_SS, fF16C, fAVX512_IFMA, fAVX_IFMA, fAPX_F, fSHA512, fAVX512_FP16, fAVX10_1,
        fAVX10_2;
} CPUFeatures;

void determineCPUFeatures(CPUFeatures *features);
int checkCPUFeatures(const char *mask);
int checkCPUFeaturesOrExit(const char *mask, const char *message);

#endif
