/*
 * The image builder's own helper (its JVM loads it from <java.home>/lib/svm/builder/lib): the terminal's width
 * for its progress lines and the builder's peak memory for its closing statistics.
 */
#include <jni.h>
#include <sys/ioctl.h>
#include <sys/resource.h>
#include <unistd.h>

JNIEXPORT jint JNICALL Java_com_oracle_svm_hosted_ProgressReporterCHelper_getTerminalWindowColumns0(JNIEnv *env,
                                                                                                    jclass ignored) {
    (void) env;
    (void) ignored;
    struct winsize size;
    return ioctl(STDOUT_FILENO, TIOCGWINSZ, &size) == 0 && size.ws_col > 0 ? size.ws_col : -1;
}

/* Peak resident set size in bytes (the kernel counts kilobytes). */
JNIEXPORT jlong JNICALL Java_com_oracle_svm_hosted_ProgressReporterCHelper_getPeakRSS0(JNIEnv *env, jclass ignored) {
    (void) env;
    (void) ignored;
    struct rusage usage;
    return getrusage(RUSAGE_SELF, &usage) == 0 ? (jlong) usage.ru_maxrss * 1024 : -1;
}
