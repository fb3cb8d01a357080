/* test-startup.c — nothing on the start-up path that can wait
 *
 * The application starts on a synced account of many messages (written
 * straight into the store, its server a closed local port): once the
 * window shows the inbox's first rows and the first check is over, no
 * WebKit process runs (none before a message is opened), and the store
 * has not been scanned: SQLite reports, through a trace every
 * connection gets, how many message rows were read with their columns
 * (the list reads the folder's ids, then only the rows of the pages it
 * shows). Not a timing: bench-startup measures those.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <sqlite3.h>
#include <string.h>

#include "cr-application.h"
#include "cr-message-row.h"
#include "cr-test-display.h"
#include "cr-test-env.h"
#include "cr-test-mailbox.h"
#include "cr-test-session.h"
#include "cr-test-ui-util.h"
#include "cr-window.h"

#define N_MESSAGES 20000

static CrApplication *app;
static CrTestMailbox *mailbox;
/* Rows of the messages table read with more than their id. */
static volatile gint rows_read;
static volatile gint ids_read;

/* SQLite's view of what was read --------------------------------------- */

static int
on_trace (unsigned int  type,
          void         *context,
          void         *p,
          void         *x)
{
  sqlite3_stmt *stmt = p;
  const char *sql = sqlite3_sql (stmt);

  if (type != SQLITE_TRACE_ROW || sql == NULL || strstr (sql, "messages") == NULL)
    return 0;
  if (sqlite3_column_count (stmt) > 1)
    g_atomic_int_inc (&rows_read);
  else
    g_atomic_int_inc (&ids_read);

  return 0;
}

/* Every connection the store opens, on any thread. */
static int
trace_connection (sqlite3                        *db,
                  const char                    **error_message,
                  const struct sqlite3_api_routines *api)
{
  sqlite3_trace_v2 (db, SQLITE_TRACE_ROW, on_trace, NULL);

  return SQLITE_OK;
}

/* Processes -------------------------------------------------------------- */

/* WebKit's processes (web, network) started by this process. */
static guint
count_webkit_processes (void)
{
  g_autoptr(GHashTable) parents = g_hash_table_new (NULL, NULL);
  g_autoptr(GPtrArray) webkit = g_ptr_array_new ();
  g_autoptr(GDir) dir = g_dir_open ("/proc", 0, NULL);
  const char *name;
  guint count = 0;

  g_assert_nonnull (dir);
  while ((name = g_dir_read_name (dir)) != NULL)
    {
      g_autofree char *path = g_build_filename ("/proc", name, "status", NULL);
      g_autofree char *status = NULL;
      long pid = strtol (name, NULL, 10);
      const char *line;

      if (pid <= 0 || !g_file_get_contents (path, &status, NULL, NULL))
        continue;
      if ((line = strstr (status, "\nPPid:")) != NULL)
        g_hash_table_insert (parents, GINT_TO_POINTER (pid), GINT_TO_POINTER (strtol (line + 6, NULL, 10)));
      if (g_str_has_prefix (status, "Name:\tWebKit"))
        g_ptr_array_add (webkit, GINT_TO_POINTER (pid));
    }

  for (guint i = 0; i < webkit->len; i++)
    for (long pid = GPOINTER_TO_INT (webkit->pdata[i]); pid > 1;
         pid = GPOINTER_TO_INT (g_hash_table_lookup (parents, GINT_TO_POINTER (pid))))
      if (pid == getpid ())
        {
          count++;
          break;
        }

  return count;
}

/* The window ------------------------------------------------------------- */

static CrWindow *
window (void)
{
  return CR_WINDOW (gtk_application_get_active_window (GTK_APPLICATION (app)));
}

static gboolean
inbox_listed (gpointer data)
{
  CrMessageListModel *model = cr_message_list_get_model (cr_window_get_message_list (window ()));

  return model != NULL && g_list_model_get_n_items (G_LIST_MODEL (model)) == N_MESSAGES &&
         cr_message_row_get_live_count () > 0;
}

static gboolean
first_check_over (gpointer data)
{
  CrSyncScheduler *scheduler = cr_context_get_scheduler (cr_application_get_context (app), NULL);

  return scheduler != NULL && cr_sync_scheduler_get_checks (scheduler, cr_account_get_id (mailbox->account)) >= 1;
}

static void
test_startup (void)
{
  guint rows, live;

  g_atomic_int_set (&rows_read, 0);
  g_atomic_int_set (&ids_read, 0);

  /* Launched as main() does: activate. */
  g_application_activate (G_APPLICATION (app));
  g_assert_nonnull (window ());
  g_assert_true (cr_test_iterate_until (inbox_listed, NULL, 30000));
  gtk_test_widget_wait_for_draw (GTK_WIDGET (window ()));
  g_assert_true (cr_test_iterate_until (first_check_over, NULL, 30000));
  cr_test_ui_shot (GTK_WIDGET (window ()), "startup-synced");

  rows = (guint) g_atomic_int_get (&rows_read);
  live = cr_message_row_get_live_count ();
  g_test_message ("%u message rows read with their columns, %d ids, %u rows alive, of %u messages",
                  rows, g_atomic_int_get (&ids_read), live, N_MESSAGES);

  /* No web view has loaded anything: no WebKit process. */
  g_assert_cmpuint (count_webkit_processes (), ==, 0);
  /* Pages, not the folder: a tenth would already be a scan. */
  g_assert_cmpuint (rows, >, 0);
  g_assert_cmpuint (rows, <, N_MESSAGES / 10);
  g_assert_cmpuint (live, <, N_MESSAGES / 10);
}

int
main (int   argc,
      char *argv[])
{
  g_autofree char *env_dir = cr_test_env_setup ();
  g_autoptr(CrTestSession) session = NULL;
  g_autoptr(CrTestDisplay) display = NULL;
  g_autoptr(GError) error = NULL;
  CrContext *context;
  CrServer *incoming;
  CrStore *store;
  int status;

  cr_test_ui_init_locale ();
  session = cr_test_session_start (FALSE, &error);
  g_assert_no_error (error);
  display = cr_test_display_start (&error);
  g_assert_no_error (error);
  gtk_test_init (&argc, &argv, NULL);
  adw_init ();
  g_assert_cmpint (sqlite3_auto_extension ((void (*) (void)) trace_connection), ==, SQLITE_OK);

  app = cr_application_new ();
  g_application_register (G_APPLICATION (app), NULL, &error);
  g_assert_no_error (error);
  context = cr_application_get_context (app);

  /* The synced account, as bench-list and bench-startup make it. */
  mailbox = cr_test_mailbox_new (context);
  store = cr_context_get_store (context, &error);
  g_assert_no_error (error);
  cr_test_mailbox_fill (store, mailbox->inbox, 1, N_MESSAGES, 1700000000);
  incoming = cr_account_get_incoming (mailbox->account);
  cr_server_set_host (incoming, "127.0.0.1");
  cr_server_set_port (incoming, cr_test_free_port ());

  g_test_add_func ("/startup/nothing-that-can-wait", test_startup);

  status = g_test_run ();

  if (window () != NULL)
    gtk_window_destroy (GTK_WINDOW (window ()));
  cr_test_iterate (100);
  g_clear_pointer (&mailbox, cr_test_mailbox_free);
  g_clear_object (&app);
  sqlite3_reset_auto_extension ();
  cr_test_env_teardown (env_dir);

  return status;
}
