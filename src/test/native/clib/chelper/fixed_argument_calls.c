/*
 * C functions whose last arguments are variable (open, fprintf, mremap), which the image calls through these
 * wrappers with fixed arguments: their names tell the argument types (S string, I int, D int, P pointer).
 */
#define _GNU_SOURCE
#include <fcntl.h>
#include <stdio.h>
#include <sys/mman.h>

int openSII(const char *path, int flags, int mode) {
    return open(path, flags, mode);
}

int fprintfSD(FILE *stream, const char *format, const char *text, int number) {
    return fprintf(stream, format, text, number);
}

void *mremapP(void *old_address, size_t old_size, size_t new_size, int flags, void *new_address) {
    return mremap(old_address, old_size, new_size, flags, new_address);
}
