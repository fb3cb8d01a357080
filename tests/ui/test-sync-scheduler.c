/* test-sync-scheduler.c — the sync scheduler against the private Dovecot
 *
 * Through a CrContext, as the application uses it: nothing is synced
 * before start; the first check brings the seeded INBOX into the store;
 * “Relever” and the periodic check bring a delivered message; mail that
 * push (IDLE) brings between checks is announced at once; a wrong
 * password is an error state with its error kept; no password at all
 * asks for one; accounts added and removed are followed.
 *
 * Each test has its own server, context and store.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include <glib/gstdio.h>
#include <string.h>

#include "cr-context.h"
#include "cr-net-error.h"
#include "cr-test-ca.h"
#include "cr-test-dovecot.h"
#include "cr-test-env.h"

static CrTestCa *ca;
static GTlsDatabase *database;

typedef struct
{
  CrTestDovecot   *dovecot;
  char            *dir;
  CrContext       *context;
  CrSyncScheduler *scheduler;
  guint            state_changes;
  GArray          *new_mail;
} Fixture;

static void
on_new_mail (CrSyncScheduler *scheduler,
             const char      *account_id,
             gint64           message_id,
             Fixture         *fixture)
{
  g_array_append_val (fixture->new_mail, message_id);
}

static void
on_state_changed (CrSyncScheduler *scheduler,
                  const char      *account_id,
                  Fixture         *fixture)
{
  fixture->state_changes++;
}

static void
fixture_setup (Fixture       *fixture,
               gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(CrPaths) paths = NULL;
  g_autofree char *config = NULL, *share = NULL, *cache = NULL;

  fixture->dovecot = cr_test_dovecot_start (ca, &error);
  g_assert_no_error (error);
  g_assert_true (cr_test_make_tmp_dir ("scheduler", &fixture->dir, &error));
  g_assert_no_error (error);
  config = g_build_filename (fixture->dir, "config", NULL);
  share = g_build_filename (fixture->dir, "data", NULL);
  cache = g_build_filename (fixture->dir, "cache", NULL);
  paths = cr_paths_new (config, share, cache);

  fixture->context = cr_context_new (paths);
  cr_context_load (fixture->context);
  cr_context_set_tls_database (fixture->context, database);
  fixture->scheduler = cr_context_get_scheduler (fixture->context, &error);
  g_assert_no_error (error);
  g_assert_nonnull (fixture->scheduler);
  g_signal_connect (fixture->scheduler, "state-changed", G_CALLBACK (on_state_changed), fixture);
  fixture->new_mail = g_array_new (FALSE, FALSE, sizeof (gint64));
  g_signal_connect (fixture->scheduler, "new-mail", G_CALLBACK (on_new_mail), fixture);
}

static void
fixture_teardown (Fixture       *fixture,
                  gconstpointer  data)
{
  g_autoptr(GError) error = NULL;

  g_signal_handlers_disconnect_by_data (fixture->scheduler, fixture);
  g_clear_pointer (&fixture->new_mail, g_array_unref);
  g_assert_finalize_object (fixture->context);
  /* Answers of the workers still queued for the main context. */
  while (g_main_context_iteration (NULL, FALSE))
    ;
  g_assert_true (cr_test_rm_rf (fixture->dir, &error));
  g_assert_no_error (error);
  g_free (fixture->dir);
  cr_test_dovecot_stop (fixture->dovecot);
}

/* Helpers ------------------------------------------------------------- */

static void
on_done (GObject      *source,
         GAsyncResult *result,
         gpointer      user_data)
{
  *(GAsyncResult **) user_data = g_object_ref (result);
}

static CrAccount *
add_account (Fixture    *fixture,
             const char *id,
             const char *password)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(CrAccount) account = cr_account_new (id);
  g_autoptr(CrServer) server = cr_server_new (CR_PROTOCOL_IMAP);
  g_autoptr(CrServer) outgoing = cr_server_new (CR_PROTOCOL_SMTP);
  CrAccountManager *accounts = cr_context_get_account_manager (fixture->context);

  cr_server_set_host (server, "127.0.0.1");
  cr_server_set_port (server, cr_test_dovecot_get_port (fixture->dovecot, CR_TEST_IMAPS));
  cr_server_set_security (server, CR_SECURITY_TLS);
  cr_server_set_auth_method (server, CR_AUTH_PASSWORD);
  cr_server_set_login (server, cr_test_dovecot_get_user (fixture->dovecot));
  cr_account_set_display_name (account, "Test");
  cr_account_set_address (account, "test@example.test");
  cr_account_set_incoming (account, server);
  cr_server_set_host (outgoing, "127.0.0.1");
  cr_server_set_port (outgoing, 465);
  cr_server_set_security (outgoing, CR_SECURITY_TLS);
  cr_server_set_auth_method (outgoing, CR_AUTH_PASSWORD);
  cr_server_set_login (outgoing, cr_test_dovecot_get_user (fixture->dovecot));
  cr_account_set_outgoing (account, outgoing);

  /* Kept for this session only: no keyring is needed. */
  if (password != NULL)
    {
      g_autoptr(GAsyncResult) result = NULL;
      CrSecrets *secrets = cr_context_get_secrets (fixture->context);

      cr_secrets_store_async (secrets, account, server, password, FALSE, NULL, on_done, &result);
      while (result == NULL)
        g_main_context_iteration (NULL, TRUE);
      /* Without a keyring it fails, but the session keeps the password. */
      cr_secrets_store_finish (secrets, result, NULL);
    }

  cr_account_manager_add (accounts, account, &error);
  g_assert_no_error (error);

  return cr_account_manager_lookup (accounts, id);
}

static void
wait_for_checks (Fixture    *fixture,
                 const char *id,
                 guint       checks)
{
  while (cr_sync_scheduler_get_checks (fixture->scheduler, id) < checks)
    g_main_context_iteration (NULL, TRUE);
}

static guint
count_inbox (Fixture    *fixture,
             const char *id)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(CrFolderInfo) inbox = NULL;
  CrStore *store = cr_context_get_store (fixture->context, &error);
  guint total = 0;

  g_assert_no_error (error);
  inbox = cr_store_lookup_folder (store, id, "INBOX", &error);
  /* Not synced yet. */
  if (g_error_matches (error, CR_STORE_ERROR, CR_STORE_ERROR_NOT_FOUND))
    return 0;
  g_assert_no_error (error);
  g_assert_true (cr_store_get_counts (store, inbox->id, &total, NULL, &error));
  g_assert_no_error (error);

  return total;
}

static void
deliver (Fixture    *fixture,
         const char *subject)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *raw = g_strdup_printf ("From: Alice <alice@example.test>\r\n"
                                          "To: test@example.test\r\n"
                                          "Subject: %s\r\n"
                                          "Message-ID: <%s@example.test>\r\n"
                                          "Date: Thu, 26 Nov 2026 10:00:00 +0000\r\n"
                                          "\r\n"
                                          "Bonjour.\r\n",
                                          subject, subject);

  g_assert_true (cr_test_dovecot_deliver (fixture->dovecot, "INBOX", raw, strlen (raw), &error));
  g_assert_no_error (error);
}

/* Tests --------------------------------------------------------------- */

static void
test_first_sync (Fixture       *fixture,
                 gconstpointer  data)
{
  g_autoptr(GError) error = NULL;

  g_assert_true (cr_test_dovecot_seed (fixture->dovecot, "INBOX", 3, &error));
  g_assert_no_error (error);
  add_account (fixture, "imap", cr_test_dovecot_get_password (fixture->dovecot));

  /* Nothing before start: the window comes first. */
  g_assert_false (cr_sync_scheduler_is_started (fixture->scheduler));
  while (g_main_context_iteration (NULL, FALSE))
    ;
  g_assert_cmpuint (cr_sync_scheduler_get_checks (fixture->scheduler, "imap"), ==, 0);
  g_assert_cmpuint (count_inbox (fixture, "imap"), ==, 0);

  cr_sync_scheduler_start (fixture->scheduler);
  g_assert_cmpint (cr_sync_scheduler_get_state (fixture->scheduler, "imap"), ==, CR_SYNC_STATE_SYNCING);
  g_assert_true (cr_sync_scheduler_get_progress (fixture->scheduler, "imap", NULL, NULL));
  wait_for_checks (fixture, "imap", 1);

  g_assert_cmpint (cr_sync_scheduler_get_state (fixture->scheduler, "imap"), ==, CR_SYNC_STATE_IDLE);
  g_assert_null (cr_sync_scheduler_get_error (fixture->scheduler, "imap"));
  g_assert_false (cr_sync_scheduler_get_progress (fixture->scheduler, "imap", NULL, NULL));
  g_assert_nonnull (cr_sync_scheduler_get_imap_sync (fixture->scheduler, "imap"));
  g_assert_cmpuint (count_inbox (fixture, "imap"), ==, 3);
  g_assert_cmpuint (fixture->state_changes, >=, 2);
  /* The first check brings the mailbox: nothing to announce. */
  g_assert_cmpuint (fixture->new_mail->len, ==, 0);
}

static void
test_check_now (Fixture       *fixture,
                gconstpointer  data)
{
  add_account (fixture, "imap", cr_test_dovecot_get_password (fixture->dovecot));
  cr_sync_scheduler_start (fixture->scheduler);
  wait_for_checks (fixture, "imap", 1);
  g_assert_cmpuint (count_inbox (fixture, "imap"), ==, 0);

  /* “Relever”, for this account. */
  deliver (fixture, "relever");
  cr_sync_scheduler_check_now (fixture->scheduler, "imap");
  wait_for_checks (fixture, "imap", 2);
  g_assert_cmpint (cr_sync_scheduler_get_state (fixture->scheduler, "imap"), ==, CR_SYNC_STATE_IDLE);
  g_assert_cmpuint (count_inbox (fixture, "imap"), ==, 1);
  /* Announced once, by its id in the store. */
  g_assert_cmpuint (fixture->new_mail->len, ==, 1);
  {
    g_autoptr(GError) error = NULL;
    CrStore *store = cr_context_get_store (fixture->context, &error);
    g_autoptr(CrMessageInfo) info = cr_store_get_message (store, g_array_index (fixture->new_mail, gint64, 0), &error);

    g_assert_no_error (error);
    g_assert_cmpstr (info->subject, ==, "relever");
  }

  /* Asked twice while one runs: one more check after it, not lost. */
  deliver (fixture, "twice");
  cr_sync_scheduler_check_now (fixture->scheduler, NULL);
  cr_sync_scheduler_check_now (fixture->scheduler, NULL);
  wait_for_checks (fixture, "imap", 4);
  g_assert_cmpuint (count_inbox (fixture, "imap"), ==, 2);
  g_assert_cmpuint (fixture->new_mail->len, ==, 2);

  /* Then by itself, at the interval. */
  deliver (fixture, "periodic");
  cr_sync_scheduler_set_interval (fixture->scheduler, 1);
  wait_for_checks (fixture, "imap", 5);
  g_assert_cmpuint (count_inbox (fixture, "imap"), ==, 3);
}

static gboolean
keep_ticking (gpointer data)
{
  return G_SOURCE_CONTINUE;
}

static void
test_push_announced (Fixture       *fixture,
                     gconstpointer  data)
{
  CrImapSync *sync;
  gint64 deadline;
  guint tick;

  add_account (fixture, "imap", cr_test_dovecot_get_password (fixture->dovecot));
  /* No periodic check can bring it in the test's time. */
  cr_sync_scheduler_set_interval (fixture->scheduler, 3600);
  cr_sync_scheduler_start (fixture->scheduler);
  wait_for_checks (fixture, "imap", 1);
  sync = cr_sync_scheduler_get_imap_sync (fixture->scheduler, "imap");
  /* The waits below wake up at least this often to look at the clock. */
  tick = g_timeout_add (100, keep_ticking, NULL);
  deadline = g_get_monotonic_time () + 30 * G_USEC_PER_SEC;
  while (!cr_imap_sync_get_idling (sync) && g_get_monotonic_time () < deadline)
    g_main_context_iteration (NULL, TRUE);
  g_assert_true (cr_imap_sync_get_idling (sync));

  deliver (fixture, "pushed");
  deadline = g_get_monotonic_time () + 30 * G_USEC_PER_SEC;
  while (fixture->new_mail->len == 0 && g_get_monotonic_time () < deadline)
    g_main_context_iteration (NULL, TRUE);
  g_source_remove (tick);

  g_assert_cmpuint (fixture->new_mail->len, ==, 1);
  g_assert_cmpuint (cr_sync_scheduler_get_checks (fixture->scheduler, "imap"), ==, 1);

  /* Announced once: the next check does not announce it again. */
  cr_sync_scheduler_check_now (fixture->scheduler, "imap");
  wait_for_checks (fixture, "imap", 2);
  g_assert_cmpuint (fixture->new_mail->len, ==, 1);
}

static void
test_wrong_password (Fixture       *fixture,
                     gconstpointer  data)
{
  const GError *error;

  add_account (fixture, "imap", "not the password");
  cr_sync_scheduler_start (fixture->scheduler);
  wait_for_checks (fixture, "imap", 1);

  g_assert_cmpint (cr_sync_scheduler_get_state (fixture->scheduler, "imap"), ==, CR_SYNC_STATE_ERROR);
  error = cr_sync_scheduler_get_error (fixture->scheduler, "imap");
  g_assert_error (error, CR_NET_ERROR, CR_NET_ERROR_AUTH_FAILED);
}

static void
test_no_password (Fixture       *fixture,
                  gconstpointer  data)
{
  add_account (fixture, "imap", NULL);
  cr_sync_scheduler_start (fixture->scheduler);
  wait_for_checks (fixture, "imap", 1);

  g_assert_cmpint (cr_sync_scheduler_get_state (fixture->scheduler, "imap"), ==,
                   CR_SYNC_STATE_NEEDS_PASSWORD);
  g_assert_cmpuint (count_inbox (fixture, "imap"), ==, 0);
}

static void
test_accounts_followed (Fixture       *fixture,
                        gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  CrAccountManager *accounts = cr_context_get_account_manager (fixture->context);
  CrAccount *account;

  cr_sync_scheduler_start (fixture->scheduler);

  /* Added while started: checked at once. */
  g_assert_true (cr_test_dovecot_seed (fixture->dovecot, "INBOX", 2, &error));
  g_assert_no_error (error);
  account = add_account (fixture, "later", cr_test_dovecot_get_password (fixture->dovecot));
  wait_for_checks (fixture, "later", 1);
  g_assert_cmpuint (count_inbox (fixture, "later"), ==, 2);

  /* Removed, even in the middle of a check: forgotten. */
  cr_sync_scheduler_check_now (fixture->scheduler, "later");
  g_assert_true (cr_account_manager_remove (accounts, account, &error));
  g_assert_no_error (error);
  g_assert_null (cr_sync_scheduler_get_imap_sync (fixture->scheduler, "later"));
  g_assert_cmpuint (cr_sync_scheduler_get_checks (fixture->scheduler, "later"), ==, 0);
}

int
main (int   argc,
      char *argv[])
{
  g_autofree char *env_dir = cr_test_env_setup ();
  g_autofree char *ca_dir = g_build_filename (env_dir, "ca", NULL);
  g_autoptr(GError) error = NULL;
  int ret;

  g_test_init (&argc, &argv, NULL);

  g_assert_cmpint (g_mkdir (ca_dir, 0700), ==, 0);
  ca = cr_test_ca_new (ca_dir, &error);
  g_assert_no_error (error);
  database = cr_test_ca_get_database (ca, &error);
  g_assert_no_error (error);

  g_test_add ("/sync-scheduler/first-sync", Fixture, NULL, fixture_setup, test_first_sync, fixture_teardown);
  g_test_add ("/sync-scheduler/check-now", Fixture, NULL, fixture_setup, test_check_now, fixture_teardown);
  g_test_add ("/sync-scheduler/push-announced", Fixture, NULL, fixture_setup, test_push_announced, fixture_teardown);
  g_test_add ("/sync-scheduler/wrong-password", Fixture, NULL, fixture_setup, test_wrong_password, fixture_teardown);
  g_test_add ("/sync-scheduler/no-password", Fixture, NULL, fixture_setup, test_no_password, fixture_teardown);
  g_test_add ("/sync-scheduler/accounts-followed", Fixture, NULL, fixture_setup,
              test_accounts_followed, fixture_teardown);

  ret = g_test_run ();

  g_clear_object (&database);
  g_clear_pointer (&ca, cr_test_ca_unref);
  cr_test_env_teardown (env_dir);

  return ret;
}
