/*
 * iofault.so — failing writes to regular files (a full or failing disk), for the faults battery (reliability/faults.ts).
 *
 * Loaded with LD_PRELOAD into a server process, it wraps write, writev, pwrite, pwrite64, pwritev, pwritev64,
 * pwritev2, pwritev64v2 and (optionally) fsync and fdatasync. While the fault is on, a call on a descriptor that is a
 * regular file (fstat: S_ISREG), optionally only under one of some path prefixes (readlink /proc/self/fd/N), fails
 * with the configured errno at the configured probability, without writing anything. Every other descriptor —
 * sockets, pipes, libuv's own wake-up eventfd, terminals — is passed through untouched: fiu-run's posix/io/rw/write*
 * also fails those, and a failed write to libuv's eventfd makes uv_async_send abort() the process, which no program
 * can survive (see reliability/README.md).
 *
 * Switched on and off at run time, without a restart, by the presence of a control file:
 *   IOFAULT_CONTROL=/path/ctl   the fault is on while this file exists; it is looked at (stat) at most every
 *                               IOFAULT_CHECK_MS milliseconds (default 20) and re-read when it changes. Its content,
 *                               words separated by blanks: errno=EIO|ENOSPC|EDQUOT|<number> (default EIO),
 *                               probability=<0..1> (default 1), prefix=<path>[:<path>…] (default: every regular
 *                               file), sync=0|1 (also fail fsync/fdatasync; default 0), extend=0|1 (fail only
 *                               the writes that would grow a file, as a full disk does; default 0).
 *   IOFAULT_SEED=<integer>      the seed of the deterministic generator (splitmix64 over a call counter).
 *   IOFAULT_STATS=/path/stats   where the counts are written (one JSON object), while the fault is on and when it
 *                               goes off; written with raw system calls, so never itself failed.
 * Without IOFAULT_CONTROL the library does nothing but forward.
 *
 * Build: cc -shared -fPIC -O2 -o iofault.so reliability/iofault.c -ldl
 */
#define _GNU_SOURCE
#include <dlfcn.h>
#include <errno.h>
#include <fcntl.h>
#include <pthread.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <sys/types.h>
#include <sys/uio.h>
#include <time.h>
#include <unistd.h>

enum { F_WRITE, F_WRITEV, F_PWRITE, F_PWRITEV, F_FSYNC, F_COUNT };
static const char *const fn_names[F_COUNT] = {"write", "writev", "pwrite", "pwritev", "fsync"};

typedef ssize_t (*write_fn)(int, const void *, size_t);
typedef ssize_t (*writev_fn)(int, const struct iovec *, int);
typedef ssize_t (*pwrite_fn)(int, const void *, size_t, off_t);
typedef ssize_t (*pwritev_fn)(int, const struct iovec *, int, off_t);
typedef ssize_t (*pwritev2_fn)(int, const struct iovec *, int, off_t, int);
typedef int (*fsync_fn)(int);

static write_fn real_write;
static writev_fn real_writev;
static pwrite_fn real_pwrite, real_pwrite64;
static pwritev_fn real_pwritev, real_pwritev64;
static pwritev2_fn real_pwritev2, real_pwritev64v2;
static fsync_fn real_fsync, real_fdatasync;

static const char *control_path;
static const char *stats_path;
static uint64_t seed;
static long check_ms = 20;

static pthread_mutex_t config_lock = PTHREAD_MUTEX_INITIALIZER;
static int enabled;          /* read without the lock (atomics) */
static long last_check_ms = -1000000;
static struct stat control_seen; /* the control file's identity when last read */
static int fault_errno = EIO;
static double probability = 1.0;
static int fail_sync;
static int extend_only;
#define MAX_PREFIXES 8
static char prefixes[MAX_PREFIXES][512];
static int n_prefixes;

static uint64_t draws;
static uint64_t eligible[F_COUNT], injected[F_COUNT], passed_other;

static void *next_symbol(const char *name) {
  return dlsym(RTLD_NEXT, name);
}

__attribute__((constructor)) static void iofault_init(void) {
  real_write = (write_fn)next_symbol("write");
  real_writev = (writev_fn)next_symbol("writev");
  real_pwrite = (pwrite_fn)next_symbol("pwrite");
  real_pwrite64 = (pwrite_fn)next_symbol("pwrite64");
  real_pwritev = (pwritev_fn)next_symbol("pwritev");
  real_pwritev64 = (pwritev_fn)next_symbol("pwritev64");
  real_pwritev2 = (pwritev2_fn)next_symbol("pwritev2");
  real_pwritev64v2 = (pwritev2_fn)next_symbol("pwritev64v2");
  real_fsync = (fsync_fn)next_symbol("fsync");
  real_fdatasync = (fsync_fn)next_symbol("fdatasync");
  control_path = getenv("IOFAULT_CONTROL");
  stats_path = getenv("IOFAULT_STATS");
  const char *s = getenv("IOFAULT_SEED");
  seed = s ? strtoull(s, NULL, 10) : 1;
  const char *c = getenv("IOFAULT_CHECK_MS");
  if (c) check_ms = strtol(c, NULL, 10);
}

static long now_ms(void) {
  struct timespec ts;
  clock_gettime(CLOCK_MONOTONIC_COARSE, &ts);
  return ts.tv_sec * 1000L + ts.tv_nsec / 1000000L;
}

/* Raw system calls only: the stats file is a regular file, and this library must not fail its own writes. */
static void write_stats(void) {
  if (!stats_path) return;
  char tmp[600];
  snprintf(tmp, sizeof tmp, "%s.tmp", stats_path);
  char buf[1024];
  int n = snprintf(buf, sizeof buf, "{\"on\":%d,\"errno\":%d,\"probability\":%g,\"sync\":%d,\"extend\":%d,\"draws\":%llu",
                   __atomic_load_n(&enabled, __ATOMIC_RELAXED), fault_errno, probability, fail_sync, extend_only,
                   (unsigned long long)__atomic_load_n(&draws, __ATOMIC_RELAXED));
  for (int i = 0; i < F_COUNT && n < (int)sizeof buf - 80; i++)
    n += snprintf(buf + n, sizeof buf - n, ",\"%s\":{\"eligible\":%llu,\"injected\":%llu}", fn_names[i],
                  (unsigned long long)__atomic_load_n(&eligible[i], __ATOMIC_RELAXED),
                  (unsigned long long)__atomic_load_n(&injected[i], __ATOMIC_RELAXED));
  n += snprintf(buf + n, sizeof buf - n, ",\"passedNotRegularFile\":%llu}\n",
                (unsigned long long)__atomic_load_n(&passed_other, __ATOMIC_RELAXED));
  int fd = (int)syscall(SYS_openat, AT_FDCWD, tmp, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0644);
  if (fd < 0) return;
  syscall(SYS_write, fd, buf, (size_t)n);
  syscall(SYS_close, fd);
  syscall(SYS_rename, tmp, stats_path);
}

static int parse_errno(const char *v) {
  if (!strcmp(v, "EIO")) return EIO;
  if (!strcmp(v, "ENOSPC")) return ENOSPC;
  if (!strcmp(v, "EDQUOT")) return EDQUOT;
  if (!strcmp(v, "EROFS")) return EROFS;
  int n = atoi(v);
  return n > 0 ? n : EIO;
}

/* Under config_lock. */
static void read_control(void) {
  int fd = (int)syscall(SYS_openat, AT_FDCWD, control_path, O_RDONLY | O_CLOEXEC);
  char buf[4096];
  ssize_t n = fd >= 0 ? syscall(SYS_read, fd, buf, sizeof buf - 1) : 0;
  if (fd >= 0) syscall(SYS_close, fd);
  buf[n > 0 ? n : 0] = 0;
  fault_errno = EIO;
  probability = 1.0;
  fail_sync = 0;
  extend_only = 0;
  n_prefixes = 0;
  char *save = NULL;
  for (char *word = strtok_r(buf, " \t\r\n", &save); word; word = strtok_r(NULL, " \t\r\n", &save)) {
    char *eq = strchr(word, '=');
    if (!eq) continue;
    *eq = 0;
    const char *v = eq + 1;
    if (!strcmp(word, "errno")) fault_errno = parse_errno(v);
    else if (!strcmp(word, "probability")) probability = strtod(v, NULL);
    else if (!strcmp(word, "sync")) fail_sync = atoi(v) != 0;
    else if (!strcmp(word, "extend")) extend_only = atoi(v) != 0;
    else if (!strcmp(word, "prefix")) {
      char list[4096];
      snprintf(list, sizeof list, "%s", v);
      char *save2 = NULL;
      for (char *p = strtok_r(list, ":", &save2); p && n_prefixes < MAX_PREFIXES; p = strtok_r(NULL, ":", &save2))
        snprintf(prefixes[n_prefixes++], sizeof prefixes[0], "%s", p);
    }
  }
}

/* Looks at the control file at most every check_ms; returns whether the fault is on. */
static int refresh(void) {
  if (!control_path) return 0;
  long now = now_ms();
  if (now - __atomic_load_n(&last_check_ms, __ATOMIC_RELAXED) < check_ms)
    return __atomic_load_n(&enabled, __ATOMIC_ACQUIRE);
  pthread_mutex_lock(&config_lock);
  if (now - last_check_ms >= check_ms) {
    struct stat st;
    int on = stat(control_path, &st) == 0;
    int was = enabled;
    if (on && (!was || st.st_ino != control_seen.st_ino || st.st_mtim.tv_nsec != control_seen.st_mtim.tv_nsec ||
               st.st_mtim.tv_sec != control_seen.st_mtim.tv_sec || st.st_size != control_seen.st_size)) {
      read_control();
      control_seen = st;
    }
    __atomic_store_n(&enabled, on, __ATOMIC_RELEASE);
    if (on || was) write_stats();
    __atomic_store_n(&last_check_ms, now, __ATOMIC_RELAXED);
  }
  int on = enabled;
  pthread_mutex_unlock(&config_lock);
  return on;
}

static uint64_t splitmix64(uint64_t x) {
  x += 0x9e3779b97f4a7c15ULL;
  x = (x ^ (x >> 30)) * 0xbf58476d1ce4e5b9ULL;
  x = (x ^ (x >> 27)) * 0x94d049bb133111ebULL;
  return x ^ (x >> 31);
}

/*
 * 0 to pass the call through, else the errno it fails with. `offset` is the write's position (-1: the descriptor's
 * own, or the end with O_APPEND) and `len` its size, for extend=1: then only a write that would grow the file fails
 * (and never a flush), like on a full disk, where rewriting blocks a file already has still works.
 */
static int should_fail(int fd, int fn, off_t offset, size_t len) {
  if (!refresh()) return 0;
  struct stat st;
  if (fstat(fd, &st) != 0 || !S_ISREG(st.st_mode)) {
    __atomic_add_fetch(&passed_other, 1, __ATOMIC_RELAXED);
    return 0;
  }
  pthread_mutex_lock(&config_lock);
  int err = fault_errno;
  double p = probability;
  int sync = fail_sync;
  int extend = extend_only;
  int match = n_prefixes == 0;
  if (!match) {
    char link[64], target[1024];
    snprintf(link, sizeof link, "/proc/self/fd/%d", fd);
    ssize_t n = readlink(link, target, sizeof target - 1);
    if (n > 0) {
      target[n] = 0;
      for (int i = 0; i < n_prefixes && !match; i++) match = !strncmp(target, prefixes[i], strlen(prefixes[i]));
    }
  }
  pthread_mutex_unlock(&config_lock);
  if (!match || (fn == F_FSYNC && !sync && !extend)) return 0;
  if (extend) {
    if (fn == F_FSYNC) return 0;
    off_t pos = offset;
    if (pos < 0) pos = (fcntl(fd, F_GETFL) & O_APPEND) ? st.st_size : lseek(fd, 0, SEEK_CUR);
    if (pos >= 0 && pos + (off_t)len <= st.st_size) return 0;
  }
  __atomic_add_fetch(&eligible[fn], 1, __ATOMIC_RELAXED);
  uint64_t k = __atomic_fetch_add(&draws, 1, __ATOMIC_RELAXED);
  double x = (double)(splitmix64(seed * 0x100000001b3ULL + k) >> 11) / 9007199254740992.0;
  if (x >= p) return 0;
  __atomic_add_fetch(&injected[fn], 1, __ATOMIC_RELAXED);
  return err;
}

static size_t iov_bytes(const struct iovec *iov, int n) {
  size_t total = 0;
  for (int i = 0; i < n; i++) total += iov[i].iov_len;
  return total;
}

/* Resolved on first use too: another library's constructor may write before this one's has run. */
#define FAIL_OR(fd, fn, off, len, real, call)                  \
  do {                                                         \
    if (!real) *(void **)&real = next_symbol(#real + 5); /* name less "real_" */ \
    int e_ = should_fail((fd), (fn), (off), (len));            \
    if (e_) {                                                  \
      errno = e_;                                              \
      return -1;                                               \
    }                                                          \
    return call;                                               \
  } while (0)

ssize_t write(int fd, const void *buf, size_t count) {
  FAIL_OR(fd, F_WRITE, -1, count, real_write, real_write(fd, buf, count));
}
ssize_t writev(int fd, const struct iovec *iov, int iovcnt) {
  FAIL_OR(fd, F_WRITEV, -1, iov_bytes(iov, iovcnt), real_writev, real_writev(fd, iov, iovcnt));
}
ssize_t pwrite(int fd, const void *buf, size_t count, off_t offset) {
  FAIL_OR(fd, F_PWRITE, offset, count, real_pwrite, real_pwrite(fd, buf, count, offset));
}
ssize_t pwrite64(int fd, const void *buf, size_t count, off_t offset) {
  FAIL_OR(fd, F_PWRITE, offset, count, real_pwrite64, real_pwrite64(fd, buf, count, offset));
}
ssize_t pwritev(int fd, const struct iovec *iov, int iovcnt, off_t offset) {
  FAIL_OR(fd, F_PWRITEV, offset, iov_bytes(iov, iovcnt), real_pwritev, real_pwritev(fd, iov, iovcnt, offset));
}
ssize_t pwritev64(int fd, const struct iovec *iov, int iovcnt, off_t offset) {
  FAIL_OR(fd, F_PWRITEV, offset, iov_bytes(iov, iovcnt), real_pwritev64, real_pwritev64(fd, iov, iovcnt, offset));
}
ssize_t pwritev2(int fd, const struct iovec *iov, int iovcnt, off_t offset, int flags) {
  FAIL_OR(fd, F_PWRITEV, offset, iov_bytes(iov, iovcnt), real_pwritev2, real_pwritev2(fd, iov, iovcnt, offset, flags));
}
ssize_t pwritev64v2(int fd, const struct iovec *iov, int iovcnt, off_t offset, int flags) {
  FAIL_OR(fd, F_PWRITEV, offset, iov_bytes(iov, iovcnt), real_pwritev64v2, real_pwritev64v2(fd, iov, iovcnt, offset, flags));
}
int fsync(int fd) {
  FAIL_OR(fd, F_FSYNC, -1, 0, real_fsync, real_fsync(fd));
}
int fdatasync(int fd) {
  FAIL_OR(fd, F_FSYNC, -1, 0, real_fdatasync, real_fdatasync(fd));
}
