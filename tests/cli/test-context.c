/* test-context.c — CrContext hands out one of each engine object, and
 * every session it makes uses its certificate store and CA database
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include <glib/gstdio.h>

#include "cr-account-manager.h"
#include "cr-context.h"
#include "cr-test-env.h"

static char *env_dir;

static CrAccount *
make_account (CrProtocol incoming)
{
  CrAccount *account = cr_account_new (NULL);

  cr_account_set_display_name (account, "Amélie");
  cr_account_set_address (account, "amelie@example.test");
  cr_server_set_protocol (cr_account_get_incoming (account), incoming);
  cr_server_set_host (cr_account_get_incoming (account), "imap.example.test");
  cr_server_set_host (cr_account_get_outgoing (account), "smtp.example.test");
  cr_server_set_login (cr_account_get_outgoing (account), "amelie");

  return account;
}

static void
test_objects (void)
{
  g_autofree char *dir = g_build_filename (env_dir, "objects", NULL);
  g_autoptr(CrPaths) paths = cr_paths_new (dir, NULL, NULL);
  g_autoptr(CrContext) context = cr_context_new (paths);
  g_autofree char *accounts = g_build_filename (dir, "accounts.ini", NULL);
  g_autofree char *certificates = g_build_filename (dir, "certificates.ini", NULL);
  CrAccountManager *manager;

  g_assert_true (cr_context_get_paths (context) == paths);
  manager = cr_context_get_account_manager (context);
  g_assert_true (CR_IS_ACCOUNT_MANAGER (manager));
  g_assert_true (manager == cr_context_get_account_manager (context));
  g_assert_cmpstr (cr_account_manager_get_path (manager), ==, accounts);
  g_assert_cmpstr (cr_certificate_store_get_path (cr_context_get_certificate_store (context)), ==,
                   certificates);
  g_assert_true (CR_IS_SECRETS (cr_context_get_secrets (context)));
  g_assert_true (cr_context_get_secrets (context) == cr_context_get_secrets (context));
  g_assert_null (cr_context_get_tls_database (context));

  /* Nothing on disk and nothing wrong: no accounts yet. */
  cr_context_load (context);
  g_assert_null (cr_context_get_load_problem (context));
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (manager)), ==, 0);

  g_assert_finalize_object (g_steal_pointer (&context));
}

static void
test_default_paths (void)
{
  g_autoptr(CrContext) context = cr_context_new (NULL);
  g_autofree char *expected = g_build_filename (g_get_user_config_dir (), "courrier", NULL);

  g_assert_cmpstr (cr_paths_get (cr_context_get_paths (context), CR_PATH_CONFIG), ==, expected);
}

static void
on_notify (GObject    *object,
           GParamSpec *pspec,
           gpointer    user_data)
{
  guint *count = user_data;

  (*count)++;
}

static void
test_sessions (void)
{
  g_autofree char *dir = g_build_filename (env_dir, "sessions", NULL);
  g_autoptr(CrPaths) paths = cr_paths_new (dir, NULL, NULL);
  g_autoptr(CrContext) context = cr_context_new (paths);
  g_autoptr(GTlsDatabase) database = NULL;
  g_autoptr(CrAccount) imap = make_account (CR_PROTOCOL_IMAP);
  g_autoptr(CrAccount) pop3 = make_account (CR_PROTOCOL_POP3);
  g_autoptr(CrImapSession) imap_session = NULL;
  g_autoptr(CrPop3Session) pop3_session = NULL;
  g_autoptr(CrSmtpSession) smtp_session = NULL;
  g_autoptr(GTlsDatabase) used = NULL;
  g_autoptr(CrCertificateStore) store = NULL;
  g_autofree char *login = NULL;
  guint notified = 0;

  /* Any database will do: the sessions must get this one. */
  database = g_tls_backend_get_default_database (g_tls_backend_get_default ());
  g_assert_nonnull (database);

  g_signal_connect (context, "notify::tls-database", G_CALLBACK (on_notify), &notified);
  cr_context_set_tls_database (context, database);
  cr_context_set_tls_database (context, database);
  g_assert_cmpuint (notified, ==, 1);
  g_assert_true (cr_context_get_tls_database (context) == database);

  imap_session = cr_context_new_imap_session (context, imap);
  g_object_get (imap_session, "database", &used, "store", &store, "login", &login, NULL);
  g_assert_true (used == database);
  g_assert_true (store == cr_context_get_certificate_store (context));
  /* No identifier typed: the address. */
  g_assert_cmpstr (login, ==, "amelie@example.test");
  g_assert_cmpstr (cr_server_get_host (cr_session_get_server (CR_SESSION (imap_session))), ==, "imap.example.test");
  g_clear_object (&used);
  g_clear_object (&store);
  g_clear_pointer (&login, g_free);

  pop3_session = cr_context_new_pop3_session (context, pop3);
  g_object_get (pop3_session, "database", &used, "store", &store, NULL);
  g_assert_true (used == database);
  g_assert_true (store == cr_context_get_certificate_store (context));
  g_clear_object (&used);
  g_clear_object (&store);

  smtp_session = cr_context_new_smtp_session (context, imap);
  g_object_get (smtp_session, "database", &used, "login", &login, NULL);
  g_assert_true (used == database);
  g_assert_cmpstr (login, ==, "amelie");
  g_assert_cmpstr (cr_server_get_host (cr_session_get_server (CR_SESSION (smtp_session))), ==, "smtp.example.test");
  g_clear_object (&used);

  /* Back to the system's CAs for sessions made from now on. */
  cr_context_set_tls_database (context, NULL);
  g_assert_cmpuint (notified, ==, 2);
  g_clear_object (&imap_session);
  imap_session = cr_context_new_imap_session (context, imap);
  g_object_get (imap_session, "database", &used, NULL);
  g_assert_null (used);

  g_clear_object (&imap_session);
  g_clear_object (&pop3_session);
  g_clear_object (&smtp_session);
  g_assert_finalize_object (g_steal_pointer (&context));
}

/* A damaged accounts file is reported, kept aside, and the context works. */
static void
test_load_problem (void)
{
  g_autofree char *dir = g_build_filename (env_dir, "corrupt", NULL);
  g_autofree char *path = g_build_filename (dir, "accounts.ini", NULL);
  g_autoptr(CrPaths) paths = cr_paths_new (dir, NULL, NULL);
  g_autoptr(CrContext) context = cr_context_new (paths);
  g_autoptr(CrAccount) account = make_account (CR_PROTOCOL_IMAP);
  g_autoptr(GError) error = NULL;
  CrAccountManager *manager = cr_context_get_account_manager (context);
  const char *backup;

  g_assert_cmpint (g_mkdir_with_parents (dir, 0700), ==, 0);
  g_assert_true (g_file_set_contents (path, "[courrier\nthis is not a key file\n", -1, &error));
  g_assert_no_error (error);

  cr_context_load (context);
  g_assert_error (cr_context_get_load_problem (context),
                  CR_ACCOUNT_MANAGER_ERROR, CR_ACCOUNT_MANAGER_ERROR_CORRUPT);
  backup = cr_account_manager_get_backup_path (manager);
  g_assert_nonnull (backup);
  g_assert_true (g_file_test (backup, G_FILE_TEST_IS_REGULAR));

  /* Usable: an account can be added, and a new load finds no problem. */
  g_assert_true (cr_account_manager_add (manager, account, &error));
  g_assert_no_error (error);
  cr_context_load (context);
  g_assert_null (cr_context_get_load_problem (context));
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (manager)), ==, 1);
}

int
main (int   argc,
      char *argv[])
{
  int ret;

  env_dir = cr_test_env_setup ();
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/context/objects", test_objects);
  g_test_add_func ("/context/default-paths", test_default_paths);
  g_test_add_func ("/context/sessions", test_sessions);
  g_test_add_func ("/context/load-problem", test_load_problem);

  ret = g_test_run ();

  cr_test_env_teardown (env_dir);
  g_free (env_dir);

  return ret;
}
