/*
 * The memory and CPU limits of this process's cgroup (cgroup v2, the unified hierarchy), so that the image
 * sizes its heap and its thread pools to a container's limits rather than the machine's. Sizes are bytes;
 * -1 means no limit or not known. Under cgroup v1 the process counts as not in a container.
 */
#define _GNU_SOURCE
#include <limits.h>
#include <sched.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

enum { NOT_CONTAINERIZED = 0, CONTAINERIZED = 1, LIBRARY_TOO_OLD = 2, LIBRARY_TOO_NEW = 3 };
static const int LIBRARY_VERSION = 240100;

static char group_dir[PATH_MAX + 32];

/* The first line of <cgroup>/<file>, or 0 when it cannot be read. */
static int read_value(const char *file, char *value, size_t size) {
    char path[PATH_MAX + 64];
    snprintf(path, sizeof(path), "%s/%s", group_dir, file);
    FILE *in = fopen(path, "r");
    if (in == NULL) {
        return 0;
    }
    int ok = fgets(value, (int) size, in) != NULL;
    fclose(in);
    value[strcspn(value, "\n")] = '\0';
    return ok;
}

/* A number of bytes, or -1 for "max" and for a file that is not there. */
static long long read_bytes(const char *file) {
    char value[64];
    if (!read_value(file, value, sizeof(value)) || strcmp(value, "max") == 0) {
        return -1;
    }
    return strtoll(value, NULL, 10);
}

/* One key of memory.stat, or -1. */
static long long memory_stat(const char *key) {
    char path[PATH_MAX + 64];
    snprintf(path, sizeof(path), "%s/memory.stat", group_dir);
    FILE *in = fopen(path, "r");
    if (in == NULL) {
        return -1;
    }
    char name[64];
    long long value, found = -1;
    while (fscanf(in, "%63s %lld", name, &value) == 2) {
        if (strcmp(name, key) == 0) {
            found = value;
            break;
        }
    }
    fclose(in);
    return found;
}

static int find_group_dir(void) {
    FILE *in = fopen("/proc/self/cgroup", "r");
    if (in == NULL) {
        return 0;
    }
    char line[PATH_MAX];
    int found = 0;
    while (fgets(line, sizeof(line), in) != NULL) {
        if (strncmp(line, "0::", 3) == 0) {
            line[strcspn(line, "\n")] = '\0';
            snprintf(group_dir, sizeof(group_dir), "/sys/fs/cgroup%s", strcmp(line + 3, "/") == 0 ? "" : line + 3);
            found = 1;
        }
    }
    fclose(in);
    if (found && access(group_dir, R_OK) != 0) {
        /* A cgroup namespace shows its own root where /proc names the outer path. */
        snprintf(group_dir, sizeof(group_dir), "/sys/fs/cgroup");
    }
    return found && access("/sys/fs/cgroup/cgroup.controllers", R_OK) == 0;
}

long long svm_container_memory_limit_in_bytes(void);
int svm_container_active_processor_count(void);

int svm_container_initialize(int version) {
    if (version < LIBRARY_VERSION) {
        return LIBRARY_TOO_NEW;
    }
    if (version > LIBRARY_VERSION) {
        return LIBRARY_TOO_OLD;
    }
    if (!find_group_dir()) {
        return NOT_CONTAINERIZED;
    }
    char cpu[64];
    int cpu_limited = read_value("cpu.max", cpu, sizeof(cpu)) && strncmp(cpu, "max", 3) != 0;
    return svm_container_memory_limit_in_bytes() > 0 || cpu_limited ? CONTAINERIZED : NOT_CONTAINERIZED;
}

static long long host_memory(void) {
    return (long long) sysconf(_SC_PHYS_PAGES) * sysconf(_SC_PAGESIZE);
}

unsigned long svm_container_physical_memory(void) {
    long long limit = svm_container_memory_limit_in_bytes();
    long long host = host_memory();
    return (unsigned long) (limit > 0 && limit < host ? limit : host);
}

long long svm_container_memory_limit_in_bytes(void) {
    long long limit = read_bytes("memory.max");
    return limit > 0 && limit < host_memory() ? limit : -1;
}

long long svm_container_memory_and_swap_limit_in_bytes(void) {
    long long memory = svm_container_memory_limit_in_bytes();
    long long swap = read_bytes("memory.swap.max");
    return memory < 0 ? -1 : swap < 0 ? memory : memory + swap;
}

long long svm_container_memory_soft_limit_in_bytes(void) {
    long long low = read_bytes("memory.low");
    return low > 0 ? low : -1;
}

long long svm_container_memory_usage_in_bytes(void) {
    return read_bytes("memory.current");
}

long long svm_container_memory_max_usage_in_bytes(void) {
    return read_bytes("memory.peak");
}

long long svm_container_rss_usage_in_bytes(void) {
    return memory_stat("anon");
}

long long svm_container_cache_usage_in_bytes(void) {
    return memory_stat("file");
}

/* The CPUs this process may run on, lowered to its cgroup's quota (cpu.max "quota period"), rounded up. */
int svm_container_active_processor_count(void) {
    cpu_set_t set;
    int cpus = sched_getaffinity(0, sizeof(set), &set) == 0 ? CPU_COUNT(&set) : (int) sysconf(_SC_NPROCESSORS_ONLN);
    char cpu[64];
    long long quota, period;
    if (read_value("cpu.max", cpu, sizeof(cpu)) && sscanf(cpu, "%lld %lld", &quota, &period) == 2 && quota > 0
        && period > 0) {
        int limit = (int) ((quota + period - 1) / period);
        if (limit < cpus) {
            cpus = limit;
        }
    }
    return cpus > 0 ? cpus : 1;
}
