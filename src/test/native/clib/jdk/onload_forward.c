/*
 * The JNI_OnLoad_<library> the image calls for each JDK library it takes as built in, compiled once per library
 * (-DJDK_LIBRARY=net) into that library's stand-in static archive. pghop's test-only native executable links the
 * JDK's shared library instead, so this hands the call to that library's own JNI_OnLoad, which sets up what its
 * native methods need (libjava keeps the JavaVM, libnet probes IPv6), and answers the JNI version a built-in
 * library must answer.
 */
#include <dlfcn.h>
#include <jni.h>
#include <stdio.h>

#define NAME(library) #library
#define LIBRARY_FILE(library) "lib" NAME(library) ".so"
#define ON_LOAD(library) ON_LOAD_(library)
#define ON_LOAD_(library) JNI_OnLoad_##library

typedef jint (*on_load)(JavaVM *vm, void *reserved);

JNIEXPORT jint JNICALL ON_LOAD(JDK_LIBRARY)(JavaVM *vm, void *reserved) {
    void *library = dlopen(LIBRARY_FILE(JDK_LIBRARY), RTLD_LAZY | RTLD_NOLOAD);
    if (library == NULL) {
        fprintf(stderr, "pghop (test-only native build): %s is not loaded: %s\n", LIBRARY_FILE(JDK_LIBRARY),
                dlerror());
        return JNI_ERR;
    }
    on_load own = (on_load) dlsym(library, "JNI_OnLoad");
    jint version = own != NULL ? own(vm, reserved) : JNI_VERSION_1_8;
    dlclose(library);
    /* A shared library may answer JNI 1.2 (libjava does); a built-in one must name 1.8 or later. */
    return version < 0 || version >= JNI_VERSION_1_8 ? version : JNI_VERSION_1_8;
}
