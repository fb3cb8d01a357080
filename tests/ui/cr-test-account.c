/* cr-test-account.c — the IMAP account of the window tests, against the private Dovecot
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include <glib/gstdio.h>

#include "cr-test-account.h"

void
cr_test_mail_server_start (CrTestMailServer *server,
                           const char       *env_dir,
                           guint             seeded)
{
  g_autofree char *ca_dir = g_build_filename (env_dir, "ca", NULL);
  g_autoptr(GError) error = NULL;

  g_assert_cmpint (g_mkdir (ca_dir, 0700), ==, 0);
  server->ca = cr_test_ca_new (ca_dir, &error);
  g_assert_no_error (error);
  server->database = cr_test_ca_get_database (server->ca, &error);
  g_assert_no_error (error);
  server->dovecot = cr_test_dovecot_start (server->ca, &error);
  g_assert_no_error (error);
  g_assert_true (cr_test_dovecot_seed (server->dovecot, "INBOX", seeded, &error));
  g_assert_no_error (error);
}

void
cr_test_mail_server_stop (CrTestMailServer *server)
{
  g_clear_pointer (&server->dovecot, cr_test_dovecot_stop);
  g_clear_object (&server->database);
  g_clear_pointer (&server->ca, cr_test_ca_unref);
}

static void
on_done (GObject      *source,
         GAsyncResult *result,
         gpointer      user_data)
{
  *(GAsyncResult **) user_data = g_object_ref (result);
}

void
cr_test_account_set_password (CrContext  *context,
                              const char *password)
{
  g_autoptr(GAsyncResult) result = NULL;
  CrAccount *account = cr_account_manager_lookup (cr_context_get_account_manager (context), "imap");
  CrSecrets *secrets = cr_context_get_secrets (context);

  cr_secrets_store_async (secrets, account, cr_account_get_incoming (account), password, FALSE,
                          NULL, on_done, &result);
  while (result == NULL)
    g_main_context_iteration (NULL, TRUE);
  /* Without a keyring it fails, but the session keeps the password. */
  cr_secrets_store_finish (secrets, result, NULL);
}

void
cr_test_account_add (CrContext        *context,
                     CrTestMailServer *server)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(CrAccount) account = cr_account_new ("imap");
  g_autoptr(CrServer) incoming = cr_server_new (CR_PROTOCOL_IMAP);
  g_autoptr(CrServer) outgoing = cr_server_new (CR_PROTOCOL_SMTP);
  const char *user = cr_test_dovecot_get_user (server->dovecot);

  cr_context_set_tls_database (context, server->database);
  cr_server_set_host (incoming, "127.0.0.1");
  cr_server_set_port (incoming, cr_test_dovecot_get_port (server->dovecot, CR_TEST_IMAPS));
  cr_server_set_security (incoming, CR_SECURITY_TLS);
  cr_server_set_auth_method (incoming, CR_AUTH_PASSWORD);
  cr_server_set_login (incoming, user);
  cr_server_set_host (outgoing, "127.0.0.1");
  cr_server_set_port (outgoing, 465);
  cr_server_set_security (outgoing, CR_SECURITY_TLS);
  cr_server_set_auth_method (outgoing, CR_AUTH_PASSWORD);
  cr_server_set_login (outgoing, user);
  cr_account_set_display_name (account, "Camille Martin");
  cr_account_set_address (account, "camille@example.test");
  cr_account_set_incoming (account, incoming);
  cr_account_set_outgoing (account, outgoing);

  g_assert_true (cr_account_manager_add (cr_context_get_account_manager (context), account, &error));
  g_assert_no_error (error);
  cr_test_account_set_password (context, cr_test_dovecot_get_password (server->dovecot));
}

CrSyncScheduler *
cr_test_account_scheduler (CrContext *context)
{
  g_autoptr(GError) error = NULL;
  CrSyncScheduler *scheduler = cr_context_get_scheduler (context, &error);

  g_assert_no_error (error);

  return scheduler;
}
