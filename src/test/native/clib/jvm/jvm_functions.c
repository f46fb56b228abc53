/*
 * The few functions of HotSpot's libjvm that the image and the JDK's own native libraries (libjava, libnio,
 * libnet, libzip) call in pghop's test-only native executable: time, processors, paths, symbols, printf and halt.
 * Compiled into libjvm.a for the image and into the stand-in libjvm.so the JDK's libraries are linked against.
 */
#define _GNU_SOURCE
#include <dlfcn.h>
#include <jni.h>
#include <sched.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/time.h>
#include <time.h>
#include <unistd.h>

void initialize(void) {
}

jint JVM_ActiveProcessorCount(void) {
    cpu_set_t set;
    if (sched_getaffinity(0, sizeof(set), &set) == 0) {
        return CPU_COUNT(&set);
    }
    return (jint) sysconf(_SC_NPROCESSORS_ONLN);
}

jlong JVM_CurrentTimeMillis(JNIEnv *env, jclass ignored) {
    (void) env;
    (void) ignored;
    struct timespec now;
    clock_gettime(CLOCK_REALTIME, &now);
    return (jlong) now.tv_sec * 1000 + now.tv_nsec / 1000000;
}

jlong JVM_NanoTime(JNIEnv *env, jclass ignored) {
    (void) env;
    (void) ignored;
    struct timespec now;
    clock_gettime(CLOCK_MONOTONIC, &now);
    return (jlong) now.tv_sec * 1000000000 + now.tv_nsec;
}

/* Nanoseconds since offset_secs, or -1 when that is too far away to fit (as HotSpot answers). */
jlong JVM_GetNanoTimeAdjustment(JNIEnv *env, jclass ignored, jlong offset_secs) {
    (void) env;
    (void) ignored;
    struct timespec now;
    clock_gettime(CLOCK_REALTIME, &now);
    jlong seconds = (jlong) now.tv_sec - offset_secs;
    if (seconds > 0x7fffffffL || seconds < -0x7fffffffL) {
        return -1;
    }
    return seconds * 1000000000 + now.tv_nsec;
}

/* Removes repeated and trailing slashes, in place, as HotSpot's os::native_path does on Linux. */
char *JVM_NativePath(char *path) {
    char *out = path;
    for (const char *in = path; *in != '\0'; in++) {
        if (*in == '/' && out > path && out[-1] == '/') {
            continue;
        }
        *out++ = *in;
    }
    if (out > path + 1 && out[-1] == '/') {
        out--;
    }
    *out = '\0';
    return path;
}

void *JVM_FindLibraryEntry(void *handle, const char *name) {
    return dlsym(handle != NULL ? handle : RTLD_DEFAULT, name);
}

int jio_vsnprintf(char *str, size_t count, const char *fmt, va_list args) {
    if ((ptrdiff_t) count <= 0) {
        return -1;
    }
    int written = vsnprintf(str, count, fmt, args);
    return written >= 0 && (size_t) written < count ? written : -1;
}

int jio_snprintf(char *str, size_t count, const char *fmt, ...) {
    va_list args;
    va_start(args, fmt);
    int written = jio_vsnprintf(str, count, fmt, args);
    va_end(args);
    return written;
}

int jio_vfprintf(FILE *out, const char *fmt, va_list args) {
    return vfprintf(out, fmt, args);
}

int jio_fprintf(FILE *out, const char *fmt, ...) {
    va_list args;
    va_start(args, fmt);
    int written = vfprintf(out, fmt, args);
    va_end(args);
    return written;
}

/* Runtime.halt and the end of System.exit (java.lang.Shutdown.halt0, libjava): the process ends with the status. */
void JVM_Halt(jint code) {
    fflush(NULL);
    exit(code);
}
