// Preloaded into workerd by scripts/test-clock.mjs: moves the runtime's wall clock by BAKEN_CLOCK_SHIFT_MS
// and leaves its monotonic clock alone, so timers and alarms keep real durations while Date, SQLite and
// the alarm scheduler all see the shifted time. libfaketime cannot do this here: its start-up lookups
// allocate through workerd's tcmalloc, whose own start-up polls through libfaketime, and the process
// deadlocks before it serves. So this reads the kernel's clock by syscall and allocates nothing.
#define _GNU_SOURCE
#include <stdlib.h>
#include <sys/syscall.h>
#include <sys/time.h>
#include <time.h>
#include <unistd.h>

static const long long NS = 1000000000LL;
static long long shift_ns;

__attribute__((constructor)) static void read_shift(void) {
  const char *ms = getenv("BAKEN_CLOCK_SHIFT_MS");
  if (ms) shift_ns = atoll(ms) * 1000000LL;
}

int clock_gettime(clockid_t id, struct timespec *ts) {
  long failed = syscall(SYS_clock_gettime, id, ts);
  if (failed || (id != CLOCK_REALTIME && id != CLOCK_REALTIME_COARSE)) return (int)failed;
  long long at = ts->tv_sec * NS + ts->tv_nsec + shift_ns;
  ts->tv_sec = at / NS;
  ts->tv_nsec = at % NS;
  return 0;
}

int gettimeofday(struct timeval *tv, void *tz) {
  (void)tz;
  struct timespec ts;
  int failed = clock_gettime(CLOCK_REALTIME, &ts);
  if (!failed && tv) {
    tv->tv_sec = ts.tv_sec;
    tv->tv_usec = ts.tv_nsec / 1000;
  }
  return failed;
}

time_t time(time_t *out) {
  struct timespec ts;
  clock_gettime(CLOCK_REALTIME, &ts);
  if (out) *out = ts.tv_sec;
  return ts.tv_sec;
}
