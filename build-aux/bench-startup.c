/* bench-startup.c — launch to first window, Courrier beside Geary (a
 * benchmark, not a test)
 *
 *   bench-startup COURRIER [RUNS] [N_MESSAGES]   (default: 10, 100000)
 *
 * In a private Xvfb and D-Bus session, for RUNS launches of each:
 *  - `courrier` with no account (throw-away HOME and XDG dirs each time);
 *  - Debian's `/usr/bin/geary` with no account, likewise (skipped with a
 *    message when it is not installed);
 *  - `courrier` with a synced account of N_MESSAGES in its inbox (the
 *    store bench-list makes, through cr-test-mailbox; the account's server
 *    is a closed local port, so nothing is synced).
 * Courrier runs twice each time: as people get it (main.c picks cairo
 * when there is no GPU render node, as under Xvfb) and forced to GL (Mesa's
 * software llvmpipe here), to show what that choice is worth.
 * Measured: the time from spawning the program to the X server mapping
 * its first window (MapNotify of a window whose _NET_WM_PID is the
 * program's); with the account, to the first message rows drawn (the
 * list pane's pixels, read with XGetImage every millisecond or so, show
 * lines of text from its top); the resident memory (VmRSS) of the program
 * and all its descendants when the window maps and 2 s later, and how
 * many WebKit processes run then (none should before a message is
 * opened). Median, min and max, and the ratios to Geary.
 *
 * Goals (issue 7): no slower than Geary, less memory, nothing on the
 * start-up path that can wait.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <glib/gstdio.h>
#include <poll.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <X11/Xlib.h>
#include <X11/Xutil.h>

#include "cr-context.h"
#include "cr-test-display.h"
#include "cr-test-env.h"
#include "cr-test-mailbox.h"
#include "cr-test-session.h"
#include "cr-test-x11.h"

#define GEARY "/usr/bin/geary"
#define LATER_US (2 * G_USEC_PER_SEC)
#define DEADLINE_US (60 * G_USEC_PER_SEC)

typedef struct
{
  double map_ms;
  double rows_ms;  /* < 0: not measured */
  double rss_map_mb;
  double rss_later_mb;
  guint  web_map;
  guint  web_later;
} Sample;

static Display *display;

/* Processes ------------------------------------------------------------ */

/* VmRSS of @pid and all its descendants; *n_web counts WebKit's. */
static long
tree_rss_kb (GPid   pid,
             guint *n_web)
{
  g_autoptr(GHashTable) parents = g_hash_table_new (NULL, NULL);
  g_autoptr(GHashTable) rss = g_hash_table_new (NULL, NULL);
  g_autoptr(GHashTable) web = g_hash_table_new (NULL, NULL);
  g_autoptr(GDir) dir = g_dir_open ("/proc", 0, NULL);
  GHashTableIter iter;
  gpointer key;
  const char *name;
  long total = 0;

  *n_web = 0;
  while (dir != NULL && (name = g_dir_read_name (dir)) != NULL)
    {
      g_autofree char *path = g_build_filename ("/proc", name, "status", NULL);
      g_autofree char *status = NULL;
      long child = strtol (name, NULL, 10);
      const char *line;

      if (child <= 0 || !g_file_get_contents (path, &status, NULL, NULL))
        continue;
      if ((line = strstr (status, "\nPPid:")) != NULL)
        g_hash_table_insert (parents, GINT_TO_POINTER (child), GINT_TO_POINTER (strtol (line + 6, NULL, 10)));
      if ((line = strstr (status, "\nVmRSS:")) != NULL)
        g_hash_table_insert (rss, GINT_TO_POINTER (child), GINT_TO_POINTER (strtol (line + 7, NULL, 10)));
      /* "Name:\tWebKitWebProces" (15 characters kept) */
      if (g_str_has_prefix (status, "Name:\tWebKit"))
        g_hash_table_add (web, GINT_TO_POINTER (child));
    }

  g_hash_table_iter_init (&iter, rss);
  while (g_hash_table_iter_next (&iter, &key, NULL))
    for (long p = GPOINTER_TO_INT (key); p > 1; p = GPOINTER_TO_INT (g_hash_table_lookup (parents, GINT_TO_POINTER (p))))
      if (p == pid)
        {
          total += GPOINTER_TO_INT (g_hash_table_lookup (rss, key));
          if (g_hash_table_contains (web, key))
            (*n_web)++;
          break;
        }

  return total;
}

/* The X side ----------------------------------------------------------- */

/* Waits for the MapNotify of a top-level window of @pid. */
static Window
wait_for_map (GPid   pid,
              gint64 deadline)
{
  while (g_get_monotonic_time () < deadline)
    {
      struct pollfd fd = { ConnectionNumber (display), POLLIN, 0 };

      while (XPending (display) > 0)
        {
          XEvent event;

          XNextEvent (display, &event);
          if (event.type == MapNotify && cr_test_x11_window_has_pid (display, event.xmap.window, pid))
            return event.xmap.window;
        }
      if (!cr_test_process_is_running (pid))
        return None;
      poll (&fd, 1, 1);
    }

  return None;
}

/* The list pane (the middle third of the window, below the header bar)
 * shows rows when it is painted (mostly light: an unpainted window reads
 * black) and lines of text fill it from the top: dark pixels in its first
 * lines, and on a good part of them. A status page or an empty pane has
 * none at the top. */
static gboolean
rows_drawn (Window window)
{
  XWindowAttributes attributes;
  XImage *image;
  int x, y, width, height;
  guint inked = 0;
  gboolean inked_top = FALSE;
  gulong light = 0;

  if (!XGetWindowAttributes (display, window, &attributes) || attributes.map_state != IsViewable)
    return FALSE;
  x = attributes.width * 27 / 100;
  width = attributes.width * 36 / 100;
  y = 60;
  height = attributes.height - y - 20;
  if (width <= 0 || height <= 40)
    return FALSE;

  image = XGetImage (display, window, x, y, (unsigned) width, (unsigned) height, AllPlanes, ZPixmap);
  if (image == NULL)
    return FALSE;
  for (int j = 0; j < height; j++)
    {
      gboolean dark = FALSE;

      for (int i = 0; i < width; i++)
        {
          unsigned long pixel = XGetPixel (image, i, j);
          unsigned long luma = (((pixel >> 16) & 0xff) * 3 + ((pixel >> 8) & 0xff) * 6 + (pixel & 0xff)) / 10;

          dark = dark || luma < 100;
          light += luma > 200;
        }
      if (dark)
        {
          inked++;
          inked_top = inked_top || j < 80;
        }
    }
  XDestroyImage (image);

  /* Drawn at all (a window not painted yet reads black), then rows. */
  return light > (gulong) width * height / 2 && inked_top && inked > (guint) height / 4;
}

/* One launch ----------------------------------------------------------- */

static char **
make_env (const char *home,
          const char *renderer)
{
  char **envp = g_get_environ ();

  if (home != NULL)
    {
      g_autofree char *config = g_build_filename (home, ".config", NULL);
      g_autofree char *data = g_build_filename (home, ".local", "share", NULL);
      g_autofree char *cache = g_build_filename (home, ".cache", NULL);

      g_assert_cmpint (g_mkdir_with_parents (config, 0700), ==, 0);
      g_assert_cmpint (g_mkdir_with_parents (data, 0700), ==, 0);
      g_assert_cmpint (g_mkdir_with_parents (cache, 0700), ==, 0);
      envp = g_environ_setenv (envp, "HOME", home, TRUE);
      envp = g_environ_setenv (envp, "XDG_CONFIG_HOME", config, TRUE);
      envp = g_environ_setenv (envp, "XDG_DATA_HOME", data, TRUE);
      envp = g_environ_setenv (envp, "XDG_CACHE_HOME", cache, TRUE);
    }
  /* As people run them: no test-suite debugging (fatal warnings would
   * stop Geary; malloc checks slow both), Mesa's shader cache on. */
  envp = g_environ_unsetenv (envp, "G_DEBUG");
  envp = g_environ_unsetenv (envp, "MALLOC_CHECK_");
  envp = g_environ_unsetenv (envp, "MALLOC_PERTURB_");
  envp = g_environ_unsetenv (envp, "MESA_SHADER_CACHE_DISABLE");
  if (renderer != NULL)
    envp = g_environ_setenv (envp, "GSK_RENDERER", renderer, TRUE);
  else
    envp = g_environ_unsetenv (envp, "GSK_RENDERER");

  return envp;
}

static Sample
launch (const char *program,
        const char *home,
        const char *renderer,
        gboolean    wait_for_rows)
{
  const char *argv[] = { program, NULL };
  g_auto(GStrv) envp = make_env (home, renderer);
  g_autofree char *log = cr_test_unique_log_path ("bench-startup");
  g_autoptr(GError) error = NULL;
  Sample sample = { 0, -1, 0, 0, 0, 0 };
  Window window;
  GPid pid = 0;
  gint64 start, mapped;

  /* Events from before this launch are not its. */
  XSync (display, True);
  start = g_get_monotonic_time ();
  if (!cr_test_spawn (argv, (const char *const *) envp, log, NULL, NULL, &pid, &error))
    g_error ("%s: %s", program, error->message);

  window = wait_for_map (pid, start + DEADLINE_US);
  if (window == None)
    g_error ("%s showed no window (it ended, or not in %d s; its log: %s)",
             program, (int) (DEADLINE_US / G_USEC_PER_SEC), log);
  mapped = g_get_monotonic_time ();
  sample.map_ms = (mapped - start) / 1000.0;
  sample.rss_map_mb = tree_rss_kb (pid, &sample.web_map) / 1024.0;

  if (wait_for_rows)
    {
      while (!rows_drawn (window))
        {
          if (g_get_monotonic_time () > start + DEADLINE_US)
            g_error ("%s drew no rows in %d s", program, (int) (DEADLINE_US / G_USEC_PER_SEC));
          g_usleep (500);
        }
      sample.rows_ms = (g_get_monotonic_time () - start) / 1000.0;
    }

  while (g_get_monotonic_time () < mapped + LATER_US)
    g_usleep (10000);
  sample.rss_later_mb = tree_rss_kb (pid, &sample.web_later) / 1024.0;

  cr_test_process_stop (pid, 5000);

  return sample;
}

/* Results -------------------------------------------------------------- */

static int
compare_doubles (gconstpointer a,
                 gconstpointer b)
{
  double x = *(const double *) a;
  double y = *(const double *) b;

  return (x > y) - (x < y);
}

/* Median, min and max of one field of @samples. */
static void
summarize (GArray *samples,
           gsize   offset,
           double *median,
           double *min,
           double *max)
{
  g_autoptr(GArray) values = g_array_new (FALSE, FALSE, sizeof (double));
  guint n;

  for (guint i = 0; i < samples->len; i++)
    g_array_append_val (values, G_STRUCT_MEMBER (double, &g_array_index (samples, Sample, i), offset));
  g_array_sort (values, compare_doubles);
  n = values->len;
  *min = g_array_index (values, double, 0);
  *max = g_array_index (values, double, n - 1);
  *median = n % 2 ? g_array_index (values, double, n / 2)
                  : (g_array_index (values, double, n / 2 - 1) + g_array_index (values, double, n / 2)) / 2;
}

static double
print_field (const char *label,
             GArray     *samples,
             gsize       offset,
             const char *unit)
{
  double median, min, max;

  summarize (samples, offset, &median, &min, &max);
  printf ("  %-26s median %7.1f %s  (min %.1f, max %.1f)\n", label, median, unit, min, max);

  return median;
}

typedef struct
{
  double map_ms;
  double rss_map_mb;
  double rss_later_mb;
} Medians;

static Medians
report (const char *title,
        GArray     *samples)
{
  Medians medians;
  guint web_map = 0, web_later = 0;

  for (guint i = 0; i < samples->len; i++)
    {
      web_map = MAX (web_map, g_array_index (samples, Sample, i).web_map);
      web_later = MAX (web_later, g_array_index (samples, Sample, i).web_later);
    }

  printf ("%s — %u runs\n", title, samples->len);
  medians.map_ms = print_field ("launch → window mapped", samples, G_STRUCT_OFFSET (Sample, map_ms), "ms");
  if (g_array_index (samples, Sample, 0).rows_ms >= 0)
    print_field ("launch → first rows drawn", samples, G_STRUCT_OFFSET (Sample, rows_ms), "ms");
  medians.rss_map_mb = print_field ("RSS at the window", samples, G_STRUCT_OFFSET (Sample, rss_map_mb), "MB");
  medians.rss_later_mb = print_field ("RSS 2 s later", samples, G_STRUCT_OFFSET (Sample, rss_later_mb), "MB");
  printf ("  %-26s %u at the window, %u 2 s later (most in a run)\n", "WebKit processes", web_map, web_later);

  return medians;
}

typedef struct
{
  const char *title;
  const char *program;
  const char *renderer;  /* GSK_RENDERER, NULL for GTK's default */
  gboolean    rows;      /* the synced account, waiting for its rows */
  GArray     *samples;
} Scenario;

/* The synced account: bench-list's store, in this process's own XDG
 * dirs, with an account whose server is a closed local port. */
static void
make_big_account (guint n)
{
  g_autoptr(CrContext) context = cr_context_new (NULL);
  g_autoptr(CrTestMailbox) mailbox = NULL;
  g_autoptr(GError) error = NULL;
  CrServer *incoming;
  CrStore *store;
  gint64 start = g_get_monotonic_time ();

  cr_context_load (context);
  store = cr_context_get_store (context, &error);
  g_assert_no_error (error);
  mailbox = cr_test_mailbox_new (context);
  cr_test_mailbox_fill (store, mailbox->inbox, 1, n, 1700000000);

  incoming = cr_account_get_incoming (mailbox->account);
  cr_server_set_host (incoming, "127.0.0.1");
  cr_server_set_port (incoming, cr_test_free_port ());
  cr_server_set_host (cr_account_get_outgoing (mailbox->account), "127.0.0.1");
  g_assert_true (cr_account_manager_update (cr_context_get_account_manager (context), mailbox->account, &error));
  g_assert_no_error (error);

  printf ("store with %u messages made in %.1f s\n\n", n,
          (g_get_monotonic_time () - start) / (double) G_USEC_PER_SEC);
}

int
main (int   argc,
      char *argv[])
{
  g_autofree char *env_dir = cr_test_env_setup ();
  g_autoptr(CrTestSession) session = NULL;
  g_autoptr(CrTestDisplay) xvfb = NULL;
  g_autoptr(GError) error = NULL;
  Scenario scenarios[] = {
    { "Courrier, no account", NULL, NULL, FALSE, NULL },
    { "Courrier (GL forced), no account", NULL, "gl", FALSE, NULL },
    { "Geary 43, no account", GEARY, NULL, FALSE, NULL },
    { "Courrier, synced account", NULL, NULL, TRUE, NULL },
    { "Courrier (GL forced), synced account", NULL, "gl", TRUE, NULL },
  };
  Medians medians[G_N_ELEMENTS (scenarios)] = { { 0 } };
  const char *courrier;
  gboolean with_geary = g_file_test (GEARY, G_FILE_TEST_IS_EXECUTABLE);
  guint runs, n;

  if (argc < 2)
    {
      g_printerr ("usage: %s COURRIER [RUNS] [N_MESSAGES]\n", argv[0]);
      return 2;
    }
  courrier = argv[1];
  runs = argc > 2 ? (guint) g_ascii_strtoull (argv[2], NULL, 10) : 10;
  n = argc > 3 ? (guint) g_ascii_strtoull (argv[3], NULL, 10) : 100000;
  g_assert_cmpuint (runs, >, 0);

  /* With GNOME Keyring: Geary does not start without a Secret Service. */
  session = cr_test_session_start (TRUE, &error);
  g_assert_no_error (error);
  xvfb = cr_test_display_start (&error);
  g_assert_no_error (error);
  display = XOpenDisplay (NULL);
  g_assert_nonnull (display);
  XSelectInput (display, DefaultRootWindow (display), SubstructureNotifyMask);

  make_big_account (n);
  if (!with_geary)
    printf ("%s is not installed: Courrier alone\n\n", GEARY);

  scenarios[0].program = scenarios[1].program = scenarios[3].program = scenarios[4].program = courrier;
  for (guint k = 0; k < G_N_ELEMENTS (scenarios); k++)
    scenarios[k].samples = g_array_new (FALSE, FALSE, sizeof (Sample));

  /* Interleaved, so that a busier moment of the machine hits them all. */
  for (guint i = 0; i < runs; i++)
    for (guint k = 0; k < G_N_ELEMENTS (scenarios); k++)
      {
        Scenario *scenario = &scenarios[k];
        g_autofree char *home = NULL;
        Sample sample;

        if (scenario->program == NULL || (k == 2 && !with_geary))
          continue;
        /* A first launch each time; the synced account in the bench's own HOME. */
        if (!scenario->rows)
          home = g_strdup_printf ("%s/run-%u-%u", env_dir, k, i);
        sample = launch (scenario->program, home, scenario->renderer, scenario->rows);
        g_array_append_val (scenario->samples, sample);
      }

  for (guint k = 0; k < G_N_ELEMENTS (scenarios); k++)
    if (scenarios[k].samples->len > 0)
      medians[k] = report (scenarios[k].title, scenarios[k].samples);
  if (with_geary)
    for (guint k = 0; k < 2; k++)
      printf ("%s / Geary: window %.2f×, RSS at the window %.2f×, RSS 2 s later %.2f×\n",
              scenarios[k].title, medians[k].map_ms / medians[2].map_ms,
              medians[k].rss_map_mb / medians[2].rss_map_mb, medians[k].rss_later_mb / medians[2].rss_later_mb);
  printf ("The synced account has %u messages in its inbox.\n", n);
  printf ("(a shared, busy machine: rerun on a quiet one before comparing)\n");

  for (guint k = 0; k < G_N_ELEMENTS (scenarios); k++)
    g_array_unref (scenarios[k].samples);
  XCloseDisplay (display);
  cr_test_env_teardown (env_dir);

  return 0;
}
