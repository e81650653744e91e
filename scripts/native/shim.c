/* The C side of a native jdock (CLI or daemon) built from Maven Central's GraalVM jars (scripts/native/build.sh):
 * stand-ins for what only the GraalVM distribution ships, GraalVM's libchelper (CPU features, locale, time zone, signal
 * dispatch) and its libjvm (the JVM_ functions the JDK's native libraries call), built as a libjvm.so that the image
 * and the JDK's own shared libjava/libnio/libnet/libzip link against in place of the static JDK libraries. */
#define _GNU_SOURCE
#include <cpuid.h>
#include <dlfcn.h>
#include <errno.h>
#include <fcntl.h>
#include <jni.h>
#include <limits.h>
#include <pthread.h>
#include <sched.h>
#include <semaphore.h>
#include <signal.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/syscall.h>
#include <sys/time.h>
#include <time.h>
#include <unistd.h>

#include "amd64cpufeatures.h"
#include "svm_locale.h"

/* ---- CPU features: the image checks at start that the CPU has those it was compiled for ---- */

static uint64_t
xgetbv0 (void)
{
  uint32_t a, d;
  __asm__ volatile ("xgetbv" : "=a"(a), "=d"(d) : "c"(0));
  return ((uint64_t)d << 32) | a;
}

#define BIT(r, n) (((r) >> (n)) & 1)

void
determineCPUFeatures (CPUFeatures *f)
{
  unsigned a, b, c, d, x, b7 = 0, c7 = 0, d7 = 0, exc = 0, exd = 0, e7d = 0;
  memset (f, 0, sizeof (*f));
  unsigned max = __get_cpuid_max (0, 0);
  if (max < 1)
    return;
  __cpuid (1, a, b, c, d);
  if (max >= 7)
    __cpuid_count (7, 0, a, b7, c7, d7);
  unsigned ext = __get_cpuid_max (0x80000000, 0);
  if (ext >= 0x80000001)
    __cpuid (0x80000001, x, x, exc, exd);
  if (ext >= 0x80000007)
    __cpuid (0x80000007, x, x, x, e7d);
  uint64_t xcr0 = BIT (c, 27) ? xgetbv0 () : 0; /* OSXSAVE: the OS saves the vector registers it names */
  int avx_os = (xcr0 & 6) == 6, avx512_os = avx_os && (xcr0 & 0xe0) == 0xe0;

  f->fCX8 = BIT (d, 8), f->fCMOV = BIT (d, 15), f->fFXSR = BIT (d, 24), f->fHT = BIT (d, 28);
  f->fMMX = BIT (d, 23), f->fSSE = BIT (d, 25), f->fSSE2 = BIT (d, 26), f->fTSC = BIT (d, 4);
  f->fFLUSH = BIT (d, 19);
  f->fSSE3 = BIT (c, 0), f->fSSSE3 = BIT (c, 9), f->fSSE4_1 = BIT (c, 19), f->fSSE4_2 = BIT (c, 20);
  f->fPOPCNT = BIT (c, 23), f->fAES = BIT (c, 25), f->fCLMUL = BIT (c, 1), f->fHV = BIT (c, 31);
  f->fAVX = avx_os && BIT (c, 28);
  f->fFMA = f->fAVX && BIT (c, 12), f->fF16C = f->fAVX && BIT (c, 29), f->fVZEROUPPER = f->fAVX;
  f->fAVX2 = f->fAVX && BIT (b7, 5);
  f->fBMI1 = BIT (b7, 3), f->fBMI2 = BIT (b7, 8), f->fERMS = BIT (b7, 9), f->fRTM = BIT (b7, 11);
  f->fADX = BIT (b7, 19), f->fSHA = BIT (b7, 29), f->fCLWB = BIT (b7, 24), f->fFLUSHOPT = BIT (b7, 23);
  if (avx512_os)
    {
      f->fAVX512F = BIT (b7, 16), f->fAVX512DQ = BIT (b7, 17), f->fAVX512CD = BIT (b7, 28);
      f->fAVX512BW = BIT (b7, 30), f->fAVX512VL = BIT (b7, 31), f->fAVX512_IFMA = BIT (b7, 21);
      f->fAVX512_VBMI = BIT (c7, 1), f->fAVX512_VBMI2 = BIT (c7, 6), f->fAVX512_VNNI = BIT (c7, 11);
      f->fAVX512_BITALG = BIT (c7, 12), f->fAVX512_VPOPCNTDQ = BIT (c7, 14);
      f->fAVX512_VPCLMULQDQ = BIT (c7, 10), f->fAVX512_VAES = BIT (c7, 9);
    }
  f->fGFNI = BIT (c7, 8), f->fPKU = BIT (c7, 3), f->fOSPKE = BIT (c7, 4), f->fRDPID = BIT (c7, 22);
  f->fFSRM = BIT (d7, 4), f->fSERIALIZE = BIT (d7, 14);
  f->fLZCNT = BIT (exc, 5), f->fSSE4A = BIT (exc, 6), f->fAMD_3DNOW_PREFETCH = BIT (exc, 8);
  f->fRDTSCP = BIT (exd, 27), f->fTSCINV_BIT = BIT (e7d, 8), f->fTSCINV = f->fTSCINV_BIT;
}

/* The build-time mask holds 0xFE at each required feature's byte and 0xFF elsewhere. */
int
checkCPUFeatures (uint8_t *mask)
{
  CPUFeatures now;
  determineCPUFeatures (&now);
  const uint8_t *n = (const uint8_t *)&now;
  for (size_t i = 0; i < sizeof (now); i++)
    if ((uint8_t)(n[i] | mask[i]) != 0xFF)
      return 1;
  return 0;
}

int
checkCPUFeaturesOrExit (uint8_t *mask, const char *message)
{
  if (checkCPUFeatures (mask))
    {
      fputs (message, stderr);
      exit (1);
    }
  return 0;
}

/* ---- locale (from LC_ALL, LC_MESSAGES / LC_CTYPE, LANG: language_COUNTRY.encoding@variant) ---- */

static svm_locale_props_t props;

static void
parse_locale (const char *s, char **lang, char **country, char **variant)
{
  if (!s || !*s || !strcmp (s, "C") || !strcmp (s, "POSIX") || !strncmp (s, "C.", 2))
    s = "en_US";
  char buf[256];
  snprintf (buf, sizeof buf, "%s", s);
  char *at = strchr (buf, '@');
  if (at)
    *at++ = 0;
  char *dot = strchr (buf, '.');
  if (dot)
    *dot = 0;
  char *us = strchr (buf, '_');
  if (us)
    *us++ = 0;
  *lang = strdup (buf);
  *country = us ? strdup (us) : NULL;
  *variant = at ? strdup (at) : NULL;
}

static const char *
locale_env (const char *category)
{
  const char *v = getenv ("LC_ALL");
  if (v && *v)
    return v;
  v = getenv (category);
  return v && *v ? v : getenv ("LANG");
}

int
svm_initialize_locale (void)
{
  parse_locale (locale_env ("LC_MESSAGES"), &props.display_language, &props.display_country,
                &props.display_variant);
  parse_locale (locale_env ("LC_CTYPE"), &props.format_language, &props.format_country, &props.format_variant);
  return SVM_LOCALE_INITIALIZATION_SUCCEEDED;
}

svm_locale_props_t *
svm_get_locale (void)
{
  return &props;
}

/* ---- time zone: $TZ, the /etc/localtime link, /etc/timezone, else UTC ---- */

char *
SVM_FindJavaTZmd (const char *java_home, int len)
{
  (void)java_home, (void)len;
  const char *tz = getenv ("TZ");
  if (tz && *tz)
    return strdup (*tz == ':' ? tz + 1 : tz);
  char link[PATH_MAX];
  ssize_t n = readlink ("/etc/localtime", link, sizeof link - 1);
  if (n > 0)
    {
      link[n] = 0;
      char *z = strstr (link, "zoneinfo/");
      if (z)
        return strdup (z + strlen ("zoneinfo/"));
    }
  FILE *f = fopen ("/etc/timezone", "r");
  if (f)
    {
      char b[128];
      char *line = fgets (b, sizeof b, f);
      fclose (f);
      if (line)
        {
          b[strcspn (b, "\n ")] = 0;
          if (*b)
            return strdup (b);
        }
    }
  return strdup ("UTC");
}

/* ---- small libc wrappers the image calls by these names ---- */

extern char **environ;

char **
getEnviron (void)
{
  return environ;
}

int
getThreadId (void)
{
  return (int)syscall (SYS_gettid);
}

long
getThreadUserTimeSlow (int tid)
{
  (void)tid;
  struct timespec t;
  clock_gettime (CLOCK_THREAD_CPUTIME_ID, &t);
  return t.tv_sec * 1000000000L + t.tv_nsec;
}

int
fprintfSD (FILE *f, const char *format, const char *s, int d)
{
  return fprintf (f, format, s, d);
}

int
openSII (const char *path, int flags, int mode)
{
  return open (path, flags, mode);
}

void *
mremapP (void *old, size_t old_size, size_t new_size, int flags, void *new_address)
{
  return mremap (old, old_size, new_size, flags, new_address);
}

void
codeSynchronization_clearCache (long start, long length)
{
  (void)start, (void)length; /* x86: instruction caches are coherent */
}

/* ---- sun.misc.Signal: the handler counts the signal and wakes the image's dispatch thread ---- */

static sem_t sig_sem;
static int sig_pending[NSIG];

static void
sig_handler (int sig, siginfo_t *info, void *context)
{
  (void)info, (void)context;
  __atomic_add_fetch (&sig_pending[sig], 1, __ATOMIC_SEQ_CST);
  sem_post (&sig_sem);
}

int
cSunMiscSignal_open (void)
{
  return sem_init (&sig_sem, 0, 0);
}

int
cSunMiscSignal_close (void)
{
  return sem_destroy (&sig_sem);
}

int
cSunMiscSignal_awaitSemaphore (void)
{
  while (sem_wait (&sig_sem) == -1 && errno == EINTR)
    ;
  return 0;
}

int
cSunMiscSignal_signalSemaphore (void)
{
  return sem_post (&sig_sem);
}

int
cSunMiscSignal_signalRangeCheck (int sig)
{
  return sig > 0 && sig < NSIG;
}

int
cSunMiscSignal_checkPendingSignal (void)
{
  for (int s = 1; s < NSIG; s++)
    {
      int c = __atomic_load_n (&sig_pending[s], __ATOMIC_SEQ_CST);
      if (c > 0 && __atomic_compare_exchange_n (&sig_pending[s], &c, c - 1, 0, __ATOMIC_SEQ_CST, __ATOMIC_SEQ_CST))
        return s;
    }
  return -1;
}

void *
cSunMiscSignal_signalHandlerFunctionPointer (void)
{
  return (void *)sig_handler;
}

/* ---- the JVM_ functions the JDK's libraries call on jdock's paths (build.sh makes the rest abort) ---- */

void
initialize (void)
{
}

jint
JVM_ActiveProcessorCount (void)
{
  cpu_set_t s;
  if (sched_getaffinity (0, sizeof s, &s) == 0)
    return CPU_COUNT (&s);
  return (jint)sysconf (_SC_NPROCESSORS_ONLN);
}

jlong
JVM_CurrentTimeMillis (JNIEnv *env, jclass c)
{
  (void)env, (void)c;
  struct timeval t;
  gettimeofday (&t, NULL);
  return t.tv_sec * 1000LL + t.tv_usec / 1000;
}

jlong
JVM_NanoTime (JNIEnv *env, jclass c)
{
  (void)env, (void)c;
  struct timespec t;
  clock_gettime (CLOCK_MONOTONIC, &t);
  return t.tv_sec * 1000000000LL + t.tv_nsec;
}

char *
JVM_NativePath (char *path)
{
  return path;
}

jboolean
JVM_IsSupportedJNIVersion (jint version)
{
  return version >= JNI_VERSION_1_1 && version <= JNI_VERSION_24;
}

void *
JVM_FindLibraryEntry (void *handle, const char *name)
{
  return dlsym (handle ? handle : RTLD_DEFAULT, name);
}

void *
JVM_LoadLibrary (const char *name, jboolean throw_exception)
{
  (void)throw_exception;
  return dlopen (name, RTLD_LAZY);
}

void
JVM_UnloadLibrary (void *handle)
{
  dlclose (handle);
}

jint
JVM_FindSignal (const char *name)
{
  static const struct
  {
    const char *name;
    int sig;
  } table[] = { { "HUP", SIGHUP },   { "INT", SIGINT },   { "QUIT", SIGQUIT },   { "TERM", SIGTERM },
                { "PIPE", SIGPIPE }, { "USR1", SIGUSR1 }, { "USR2", SIGUSR2 },   { "WINCH", SIGWINCH },
                { "CHLD", SIGCHLD }, { "ALRM", SIGALRM }, { "CONT", SIGCONT } };
  for (size_t i = 0; i < sizeof table / sizeof *table; i++)
    if (!strcmp (name, table[i].name))
      return table[i].sig;
  return -1;
}

jboolean
JVM_RaiseSignal (jint sig)
{
  return raise (sig) == 0;
}

void *
JVM_RegisterSignal (jint sig, void *handler)
{
  struct sigaction n, o;
  memset (&n, 0, sizeof n);
  n.sa_handler = (void (*) (int))handler;
  sigemptyset (&n.sa_mask);
  n.sa_flags = SA_RESTART;
  if (sigaction (sig, &n, &o) != 0)
    return (void *)-1;
  return (void *)o.sa_handler;
}

void *
JVM_RawMonitorCreate (void)
{
  pthread_mutex_t *m = malloc (sizeof *m);
  if (m)
    pthread_mutex_init (m, NULL);
  return m;
}

void
JVM_RawMonitorDestroy (void *m)
{
  pthread_mutex_destroy (m);
  free (m);
}

jint
JVM_RawMonitorEnter (void *m)
{
  return pthread_mutex_lock (m);
}

void
JVM_RawMonitorExit (void *m)
{
  pthread_mutex_unlock (m);
}

void
JVM_Halt (jint code)
{
  _exit (code); /* the image has flushed what it writes: Java streams write(2) directly */
}

void
JVM_BeforeHalt (void)
{
}

/* The JDK's libraries run their JNI_OnLoad under these names when linked statically; a shared one has its own. */
static jint
onload (const char *lib, JavaVM *vm, void *reserved)
{
  void *h = dlopen (lib, RTLD_NOLOAD | RTLD_LAZY);
  jint (*f) (JavaVM *, void *) = h ? (jint (*) (JavaVM *, void *))dlsym (h, "JNI_OnLoad") : NULL;
  jint v = f ? f (vm, reserved) : JNI_VERSION_1_8;
  return v < 0 ? v : v < JNI_VERSION_1_8 ? JNI_VERSION_1_8 : v; /* a built-in library must answer 1.8 or newer */
}

jint
JNI_OnLoad_java (JavaVM *vm, void *reserved)
{
  return onload ("libjava.so", vm, reserved);
}

jint
JNI_OnLoad_nio (JavaVM *vm, void *reserved)
{
  return onload ("libnio.so", vm, reserved);
}

jint
JNI_OnLoad_net (JavaVM *vm, void *reserved)
{
  return onload ("libnet.so", vm, reserved);
}

jint
JNI_OnLoad_zip (JavaVM *vm, void *reserved)
{
  return onload ("libzip.so", vm, reserved);
}

jint
JNI_OnLoad_extnet (JavaVM *vm, void *reserved)
{
  return onload ("libextnet.so", vm, reserved);
}

jint
JNI_OnLoad_jaas (JavaVM *vm, void *reserved)
{
  return onload ("libjaas.so", vm, reserved);
}

/* Not libmanagement_ext's JNI_OnLoad: it asks JVM_GetManagement for HotSpot's management interface, which an image
 * has not; the OperatingSystemMXBean functions the daemon calls (memory, CPU count) read /proc and sysconf. */
jint
JNI_OnLoad_management_ext (JavaVM *vm, void *reserved)
{
  (void)vm, (void)reserved;
  return JNI_VERSION_1_8;
}

int
jio_vsnprintf (char *s, size_t n, const char *format, va_list args)
{
  int r = vsnprintf (s, n, format, args);
  return r < 0 || (size_t)r >= n ? -1 : r;
}

int
jio_vfprintf (FILE *f, const char *format, va_list args)
{
  return vfprintf (f, format, args);
}
