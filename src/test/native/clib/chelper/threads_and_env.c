/* Small questions the image asks the C library: the environment, the kernel's thread ID and its CPU time. */
#define _GNU_SOURCE
#include <stdio.h>
#include <string.h>
#include <sys/syscall.h>
#include <unistd.h>

extern char **environ;

char **getEnviron(void) {
    return environ;
}

int getThreadId(void) {
    return (int) syscall(SYS_gettid);
}

/* The user CPU time of thread tid of this process in nanoseconds, from /proc; -1 when it cannot be read. */
long getThreadUserTimeSlow(int tid) {
    char path[64];
    snprintf(path, sizeof(path), "/proc/self/task/%d/stat", tid);
    FILE *in = fopen(path, "r");
    if (in == NULL) {
        return -1;
    }
    char line[1024];
    size_t n = fread(line, 1, sizeof(line) - 1, in);
    fclose(in);
    line[n] = '\0';
    /* The command name may hold spaces: the fields count from the last ')'. */
    char *rest = strrchr(line, ')');
    unsigned long user_ticks;
    if (rest == NULL || sscanf(rest + 2, "%*c %*d %*d %*d %*d %*d %*u %*u %*u %*u %*u %lu", &user_ticks) != 1) {
        return -1;
    }
    long ticks_per_second = sysconf(_SC_CLK_TCK);
    return (long) (user_ticks * (1000000000L / ticks_per_second));
}

/* x86-64 keeps instruction and data caches coherent: nothing to flush after code is written. */
void codeSynchronization_clearCache(long start, long size) {
    (void) start;
    (void) size;
}
