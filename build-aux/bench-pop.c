/* bench-pop.c — POP3 download speed against getmail6 (a benchmark, not a
 * test)
 *
 *   bench-pop HELPER [N]     (default N: 10000)
 *
 * Seeds the private Dovecot with N realistic messages, then downloads
 * them over POP3S twice in the same run, each in a process of its own:
 *  - Courrier: tests/pop/pop3-check-helper (CrPop3Sync, batches of 500,
 *    pipelined RETR), into a fresh store;
 *  - getmail6 (Debian), run as the unprivileged user “nobody” since it
 *    refuses to deliver as root, into a fresh Maildir.
 * Both leave the messages on the server and make every message durable
 * before they consider it delivered (getmail fsyncs each Maildir file;
 * Courrier syncs each batch's files, then commits the rows with
 * synchronous=FULL). Reports wall time, messages/s, the ratio and each
 * process's peak resident memory (from wait4).
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include <glib/gstdio.h>
#include <grp.h>
#include <pwd.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/wait.h>
#include <unistd.h>

#include "cr-store.h"
#include "cr-test-ca.h"
#include "cr-test-dovecot.h"
#include "cr-test-env.h"

typedef struct
{
  double   seconds;
  double   cpu_seconds;
  long     max_rss_kb;
  int      status;
  gboolean stalled;
  double   active_seconds; /* until the last file appeared */
  guint    delivered;      /* files in the watched directory */
} Run;

/* getmail6 6.18 forks a child per Maildir delivery and installs its
 * SIGCHLD handler only after fork() (baseclasses.py, forkchild and
 * _prepare_child): when the child exits first, on a loaded machine, the
 * signal is lost and the parent waits on a condition until its socket
 * timeout. Such a run is killed and done again; when every attempt hangs,
 * its rate until the hang is reported and extrapolated to N. */
#define STALL_SECONDS 30

typedef struct
{
  uid_t uid;
  gid_t gid;
} User;

/* Also a clean signal state: the mask and dispositions of this
 * process (GLib, the fixtures) are not getmail's business. */
static void
child_setup_user (gpointer user_data)
{
  User *user = user_data;
  sigset_t none;

  sigemptyset (&none);
  sigprocmask (SIG_SETMASK, &none, NULL);
  for (int sig = 1; sig < NSIG; sig++)
    if (sig != SIGKILL && sig != SIGSTOP)
      signal (sig, SIG_DFL);

  if (setgroups (0, NULL) != 0 || setgid (user->gid) != 0 || setuid (user->uid) != 0)
    _exit (126);
}

static guint count_files (const char *dir);

/* Runs @argv to its end; with @watch_dir, kills it when no file has
 * appeared there for STALL_SECONDS. */
static Run
run (const char * const   *argv,
     GSpawnChildSetupFunc  setup,
     gpointer              setup_data,
     const char           *watch_dir)
{
  g_autoptr(GError) error = NULL;
  struct rusage usage = { 0 };
  Run result = { 0 };
  gint64 start = g_get_monotonic_time ();
  gint64 last_progress = start;
  guint last_count = 0;
  GPid pid;
  pid_t done;

  if (!g_spawn_async (NULL, (char **) argv, NULL,
                      G_SPAWN_DO_NOT_REAP_CHILD | G_SPAWN_STDOUT_TO_DEV_NULL,
                      setup, setup_data, &pid, &error))
    g_error ("%s: %s", argv[0], error->message);

  while ((done = wait4 (pid, &result.status, watch_dir != NULL ? WNOHANG : 0, &usage)) == 0)
    {
      guint count = count_files (watch_dir);
      gint64 now = g_get_monotonic_time ();

      if (count != last_count)
        {
          last_count = count;
          last_progress = now;
          result.delivered = count;
          result.active_seconds = (now - start) / (double) G_USEC_PER_SEC;
        }
      else if (now - last_progress > STALL_SECONDS * G_USEC_PER_SEC)
        {
          result.stalled = TRUE;
          kill (pid, SIGKILL);
        }
      g_usleep (G_USEC_PER_SEC / 5);
    }
  if (done != pid)
    g_error ("wait4 failed");

  result.seconds = (g_get_monotonic_time () - start) / (double) G_USEC_PER_SEC;
  result.cpu_seconds = usage.ru_utime.tv_sec + usage.ru_stime.tv_sec +
                       (usage.ru_utime.tv_usec + usage.ru_stime.tv_usec) / 1e6;
  result.max_rss_kb = usage.ru_maxrss;

  return result;
}

static guint
count_files (const char *dir)
{
  g_autoptr(GDir) d = g_dir_open (dir, 0, NULL);
  guint n = 0;

  while (d != NULL && g_dir_read_name (d) != NULL)
    n++;
  return n;
}

/* What the Courrier run stored, read back from its store. */
static guint
count_stored (const char *dir)
{
  g_autofree char *config = g_build_filename (dir, "config", NULL);
  g_autofree char *data = g_build_filename (dir, "data", NULL);
  g_autofree char *cache = g_build_filename (dir, "cache", NULL);
  g_autoptr(CrPaths) paths = cr_paths_new (config, data, cache);
  g_autoptr(GError) error = NULL;
  g_autoptr(CrStore) store = cr_store_open (paths, &error);
  g_autoptr(CrFolderInfo) inbox = NULL;
  guint total = 0;

  if (store != NULL)
    inbox = cr_store_lookup_folder_by_role (store, "pop", CR_FOLDER_ROLE_INBOX, &error);
  if (inbox == NULL || !cr_store_get_counts (store, inbox->id, &total, NULL, &error))
    g_error ("%s", error->message);
  cr_store_close (store);

  return total;
}

static void
write_getmail_config (const char    *dir,
                      CrTestDovecot *dovecot,
                      const char    *ca_path)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *ca_copy = g_build_filename (dir, "ca.pem", NULL);
  g_autofree char *maildir = g_build_filename (dir, "Maildir", NULL);
  g_autofree char *ca = NULL;
  g_autofree char *rc = NULL;
  g_autofree char *rc_path = g_build_filename (dir, "getmailrc", NULL);
  gsize len;

  /* The test CA lives in a directory only root can read. */
  if (!g_file_get_contents (ca_path, &ca, &len, &error) ||
      !g_file_set_contents_full (ca_copy, ca, len, G_FILE_SET_CONTENTS_NONE, 0644, &error))
    g_error ("%s", error->message);
  for (const char *sub = "cur"; sub != NULL; sub = g_str_equal (sub, "cur") ? "new" : g_str_equal (sub, "new") ? "tmp" : NULL)
    {
      g_autofree char *path = g_build_filename (maildir, sub, NULL);

      g_mkdir_with_parents (path, 0755);
    }

  rc = g_strdup_printf ("[retriever]\n"
                        "type = SimplePOP3SSLRetriever\n"
                        "server = 127.0.0.1\n"
                        "port = %u\n"
                        "username = %s\n"
                        "password = %s\n"
                        "ca_certs = %s\n"
                        "[destination]\n"
                        "type = Maildir\n"
                        "path = %s/\n"
                        "[options]\n"
                        "delete = false\n"
                        "read_all = true\n"
                        "verbose = 0\n",
                        cr_test_dovecot_get_port (dovecot, CR_TEST_POP3S),
                        cr_test_dovecot_get_user (dovecot),
                        cr_test_dovecot_get_password (dovecot),
                        ca_copy, maildir);
  if (!g_file_set_contents_full (rc_path, rc, -1, G_FILE_SET_CONTENTS_NONE, 0644, &error))
    g_error ("%s", error->message);
}

static void
chown_tree (const char *dir,
            uid_t       uid,
            gid_t       gid)
{
  g_autofree char *quoted = g_shell_quote (dir);
  g_autofree char *command = g_strdup_printf ("chown -R %u:%u %s", (guint) uid, (guint) gid, quoted);

  if (system (command) != 0)
    g_error ("%s failed", command);
}

int
main (int   argc,
      char *argv[])
{
  g_autofree char *env_dir = cr_test_env_setup ();
  g_autofree char *ca_dir = g_build_filename (env_dir, "ca", NULL);
  g_autofree char *courrier_dir = g_build_filename (env_dir, "courrier", NULL);
  g_autofree char *getmail_dir = NULL;
  g_autofree char *port = NULL;
  g_autofree char *rc_path = NULL;
  g_autofree char *new_dir = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(CrTestCa) ca = NULL;
  g_autoptr(CrTestDovecot) dovecot = NULL;
  /* getpwnam()'s answer is overwritten by the next look-up: copy it. */
  struct passwd *entry = getpwnam ("nobody");
  User nobody = { entry != NULL ? entry->pw_uid : 0, entry != NULL ? entry->pw_gid : 0 };
  guint n = argc > 2 ? (guint) atoi (argv[2]) : 10000;
  const char *getmail = "/usr/bin/getmail";
  gint64 start;
  Run ours, theirs, best = { 0 };

  if (argc < 2)
    {
      fprintf (stderr, "usage: %s HELPER [N]\n", argv[0]);
      return 2;
    }
  if (nobody.uid == 0 || getuid () != 0 || !g_file_test (getmail, G_FILE_TEST_IS_EXECUTABLE))
    {
      fprintf (stderr, "bench-pop runs as root with getmail6 installed (apt-get install getmail6)\n");
      return 1;
    }

  g_mkdir (ca_dir, 0700);
  ca = cr_test_ca_new (ca_dir, &error);
  if (ca == NULL || (dovecot = cr_test_dovecot_start (ca, &error)) == NULL)
    g_error ("%s", error->message);

  start = g_get_monotonic_time ();
  if (!cr_test_dovecot_seed (dovecot, "INBOX", n, &error))
    g_error ("%s", error->message);
  printf ("seeded %u messages in %.1f s\n", n, (g_get_monotonic_time () - start) / 1e6);
  fflush (stdout);

  port = g_strdup_printf ("%u", cr_test_dovecot_get_port (dovecot, CR_TEST_POP3S));
  {
    const char *helper_argv[] = {
      argv[1], courrier_dir, port, cr_test_dovecot_get_user (dovecot),
      cr_test_dovecot_get_password (dovecot), cr_test_ca_get_cert_path (ca), "1", "500", NULL,
    };

    ours = run (helper_argv, NULL, NULL, NULL);
  }

  for (guint attempt = 1; attempt <= 3; attempt++)
    {
      if (getmail_dir != NULL)
        cr_test_rm_rf (getmail_dir, NULL);
      g_clear_pointer (&getmail_dir, g_free);
      g_clear_pointer (&rc_path, g_free);
      g_clear_pointer (&new_dir, g_free);
      if (!cr_test_make_tmp_dir ("bench-getmail", &getmail_dir, &error))
        g_error ("%s", error->message);
      g_chmod (getmail_dir, 0755);
      write_getmail_config (getmail_dir, dovecot, cr_test_ca_get_cert_path (ca));
      chown_tree (getmail_dir, nobody.uid, nobody.gid);
      rc_path = g_build_filename (getmail_dir, "getmailrc", NULL);
      new_dir = g_build_filename (getmail_dir, "Maildir", "new", NULL);
      {
        const char *getmail_argv[] = {
          getmail, "--getmaildir", getmail_dir, "--rcfile", rc_path, NULL,
        };

        theirs = run (getmail_argv, child_setup_user, &nobody, new_dir);
      }
      if (!theirs.stalled)
        break;
      /* The fastest attempt was the least disturbed by the machine's
       * other work. */
      if (theirs.delivered >= 200 &&
          (best.delivered == 0 ||
           theirs.delivered / theirs.active_seconds > best.delivered / best.active_seconds))
        best = theirs;
      printf ("getmail6 attempt %u hung after %u messages in %.2f s: killed\n",
              attempt, theirs.delivered, theirs.active_seconds);
      fflush (stdout);
    }

  if (theirs.stalled && best.delivered > 0)
    theirs = best;

  printf ("courrier: exit %d, %.2f s (CPU %.2f s), %.0f msg/s, peak RSS %ld KB, %u messages stored\n",
          WEXITSTATUS (ours.status), ours.seconds, ours.cpu_seconds, n / ours.seconds,
          ours.max_rss_kb, count_stored (courrier_dir));
  if (!theirs.stalled)
    printf ("getmail6: exit %d, %.2f s (CPU %.2f s), %.0f msg/s, peak RSS %ld KB, %u files delivered\n",
            WEXITSTATUS (theirs.status), theirs.seconds, theirs.cpu_seconds, n / theirs.seconds,
            theirs.max_rss_kb, count_files (new_dir));
  if (theirs.stalled && theirs.delivered > 0)
    {
      double rate = theirs.delivered / theirs.active_seconds;

      printf ("getmail6 hung every time; its fastest attempt until the hang: %u messages in %.2f s, "
              "%.0f msg/s, peak RSS %ld KB, so about %.1f s for %u\n", theirs.delivered,
              theirs.active_seconds, rate, theirs.max_rss_kb, n / rate, n);
      printf ("ratio (getmail6 extrapolated time / courrier time): %.1f×\n", n / rate / ours.seconds);
    }
  else
    printf ("ratio (getmail6 time / courrier time): %.1f×\n", theirs.seconds / ours.seconds);
  fflush (stdout);

  cr_test_rm_rf (getmail_dir, NULL);
  g_clear_pointer (&dovecot, cr_test_dovecot_stop);
  cr_test_env_teardown (env_dir);

  return ours.status == 0 && theirs.status == 0 && !theirs.stalled ? 0 : 1;
}
