/*
 * The default time zone's ID: TZ when it is set, else /etc/timezone, else the zone /etc/localtime links to.
 * A malloc'd string the caller frees, or NULL when none is found (the image then uses GMT).
 */
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

static char *zone_of_path(const char *path) {
    const char *marker = strstr(path, "zoneinfo/");
    return marker != NULL && marker[9] != '\0' ? strdup(marker + 9) : NULL;
}

static char *first_line(const char *file) {
    FILE *in = fopen(file, "r");
    if (in == NULL) {
        return NULL;
    }
    char line[256];
    char *zone = NULL;
    if (fgets(line, sizeof(line), in) != NULL) {
        line[strcspn(line, " \t\r\n")] = '\0';
        if (line[0] != '\0') {
            zone = strdup(line);
        }
    }
    fclose(in);
    return zone;
}

char *SVM_FindJavaTZmd(const char *tzmappings, int length) {
    (void) tzmappings;
    (void) length;
    const char *tz = getenv("TZ");
    if (tz != NULL && tz[0] != '\0') {
        if (tz[0] == ':') {
            tz++;
        }
        return tz[0] == '/' ? zone_of_path(tz) : strdup(tz);
    }
    char *zone = first_line("/etc/timezone");
    if (zone != NULL) {
        return zone;
    }
    char target[PATH_MAX];
    ssize_t n = readlink("/etc/localtime", target, sizeof(target) - 1);
    if (n > 0) {
        target[n] = '\0';
        return zone_of_path(target);
    }
    return NULL;
}
