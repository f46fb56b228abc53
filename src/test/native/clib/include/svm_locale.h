/*
 * The locale pghop's test-only native executable starts with: language, script, country and variant for
 * messages (LC_MESSAGES) and for formats (LC_CTYPE), as the image's Java code reads them (svm_locale_props_t).
 */
#ifndef PGHOP_SVM_LOCALE_H
#define PGHOP_SVM_LOCALE_H

#define SVM_LOCALE_INITIALIZATION_SUCCEEDED 0
#define SVM_LOCALE_INITIALIZATION_OUT_OF_MEMORY 1

typedef struct svm_locale_props_t {
    char *display_language;
    char *display_script;
    char *display_country;
    char *display_variant;
    char *format_language;
    char *format_script;
    char *format_country;
    char *format_variant;
} svm_locale_props_t;

int svm_initialize_locale(void);
svm_locale_props_t *svm_get_locale(void);

#endif
