/*
 * The default locale, from the environment as setlocale(3) reads it: "de_CH.UTF-8@euro" gives language "de",
 * country "CH". The C and POSIX locales are English, as the JDK takes them.
 */
#include <locale.h>
#include <stdlib.h>
#include <string.h>

#include "svm_locale.h"

static svm_locale_props_t props;

/* Splits a locale name into language and country; 0 when out of memory. */
static int parse(const char *name, char **language, char **country) {
    if (name == NULL || strcmp(name, "C") == 0 || strcmp(name, "POSIX") == 0) {
        name = "en";
    }
    char *copy = strdup(name);
    if (copy == NULL) {
        return 0;
    }
    copy[strcspn(copy, ".@")] = '\0';
    char *underscore = strchr(copy, '_');
    *country = NULL;
    if (underscore != NULL) {
        *underscore = '\0';
        if (underscore[1] != '\0' && (*country = strdup(underscore + 1)) == NULL) {
            free(copy);
            return 0;
        }
    }
    *language = copy;
    return 1;
}

int svm_initialize_locale(void) {
    setlocale(LC_ALL, "");
    if (!parse(setlocale(LC_MESSAGES, NULL), &props.display_language, &props.display_country)
        || !parse(setlocale(LC_CTYPE, NULL), &props.format_language, &props.format_country)) {
        return SVM_LOCALE_INITIALIZATION_OUT_OF_MEMORY;
    }
    return SVM_LOCALE_INITIALIZATION_SUCCEEDED;
}

svm_locale_props_t *svm_get_locale(void) {
    return &props;
}
