/* cr-secrets-test-util.c — run CrSecrets operations to the end in a test
 *
 * The operations finish on the main context: iterate it until the result
 * arrives. No timeout here: meson’s test timeout is the deadline.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "cr-secrets-test-util.h"

static void
on_done (GObject      *source,
         GAsyncResult *result,
         gpointer      user_data)
{
  GAsyncResult **out = user_data;

  *out = g_object_ref (result);
}

static GAsyncResult *
wait_for (GAsyncResult **slot)
{
  while (*slot == NULL)
    g_main_context_iteration (NULL, TRUE);

  return *slot;
}

gboolean
cr_secrets_test_store (CrSecrets   *secrets,
                       CrAccount   *account,
                       CrServer    *server,
                       const char  *password,
                       gboolean     remember,
                       GError     **error)
{
  g_autoptr(GAsyncResult) result = NULL;

  cr_secrets_store_async (secrets, account, server, password, remember, NULL, on_done, &result);

  return cr_secrets_store_finish (secrets, wait_for (&result), error);
}

CrPassword *
cr_secrets_test_lookup_cancellable (CrSecrets     *secrets,
                                    CrAccount     *account,
                                    CrServer      *server,
                                    GCancellable  *cancellable,
                                    GError       **error)
{
  g_autoptr(GAsyncResult) result = NULL;

  cr_secrets_lookup_async (secrets, account, server, cancellable, on_done, &result);

  return cr_secrets_lookup_finish (secrets, wait_for (&result), error);
}

CrPassword *
cr_secrets_test_lookup (CrSecrets   *secrets,
                        CrAccount   *account,
                        CrServer    *server,
                        GError     **error)
{
  return cr_secrets_test_lookup_cancellable (secrets, account, server, NULL, error);
}

gboolean
cr_secrets_test_clear (CrSecrets   *secrets,
                       CrAccount   *account,
                       CrServer    *server,
                       GError     **error)
{
  g_autoptr(GAsyncResult) result = NULL;

  cr_secrets_clear_async (secrets, account, server, NULL, on_done, &result);

  return cr_secrets_clear_finish (secrets, wait_for (&result), error);
}

/* A valid account on the test servers’ usual names. */
CrAccount *
cr_secrets_test_account (const char *address)
{
  CrAccount *account = cr_account_new (NULL);

  cr_account_set_display_name (account, "Bonvenon");
  cr_account_set_address (account, address);
  cr_server_set_host (cr_account_get_incoming (account), "imap.lautre.net");
  cr_server_set_host (cr_account_get_outgoing (account), "smtp.lautre.net");

  return account;
}
