/*
 * Java signal handlers (jdk.internal.misc.Signal): the C handler only counts the signal and wakes the image's
 * dispatcher thread, which asks which signal is pending and runs its Java handler.
 */
#include <errno.h>
#include <semaphore.h>
#include <signal.h>
#include <stdbool.h>

static volatile sig_atomic_t opened;
static sem_t wakeup;
static volatile int pending[NSIG];

int cSunMiscSignal_open(void) {
    if (opened) {
        errno = EBUSY;
        return -1;
    }
    if (sem_init(&wakeup, 0, 0) != 0) {
        return -1;
    }
    opened = 1;
    return 0;
}

int cSunMiscSignal_close(void) {
    if (!opened) {
        return 0;
    }
    opened = 0;
    return sem_destroy(&wakeup);
}

int cSunMiscSignal_awaitSemaphore(void) {
    while (sem_wait(&wakeup) != 0) {
        if (errno != EINTR) {
            return -1;
        }
    }
    return 0;
}

int cSunMiscSignal_signalSemaphore(void) {
    return sem_post(&wakeup);
}

bool cSunMiscSignal_signalRangeCheck(int signal) {
    return signal > 0 && signal < NSIG;
}

/* The number of a signal that arrived and was not dispatched yet (taking it), or -1 when none is pending. */
int cSunMiscSignal_checkPendingSignal(void) {
    for (int signal = 1; signal < NSIG; signal++) {
        int count = __atomic_load_n(&pending[signal], __ATOMIC_SEQ_CST);
        while (count > 0) {
            if (__atomic_compare_exchange_n(&pending[signal], &count, count - 1, false, __ATOMIC_SEQ_CST,
                                            __ATOMIC_SEQ_CST)) {
                return signal;
            }
        }
    }
    return -1;
}

static void count_and_wake(int signal, siginfo_t *info, void *context) {
    (void) info;
    (void) context;
    if (cSunMiscSignal_signalRangeCheck(signal)) {
        int saved = errno;
        __atomic_add_fetch(&pending[signal], 1, __ATOMIC_SEQ_CST);
        sem_post(&wakeup);
        errno = saved;
    }
}

void *cSunMiscSignal_signalHandlerFunctionPointer(void) {
    return (void *) count_and_wake;
}
