/* test-secrets-unavailable.c — passwords when there is no Secret Service
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include <libsecret/secret.h>
#include <string.h>

#include "cr-secrets.h"
#include "cr-secrets-test-util.h"
#include "cr-test-env.h"
#include "cr-test-session.h"

#define PASSWORD "Zx9-SeCrEt-é"

static void
assert_unavailable_but_usable (void)
{
  g_autoptr(CrSecrets) secrets = cr_secrets_new ();
  g_autoptr(CrSecrets) fresh = cr_secrets_new ();
  g_autoptr(CrAccount) account = cr_secrets_test_account ("contact@bonvenon.fr");
  CrServer *incoming = cr_account_get_incoming (account);
  g_autoptr(CrPassword) password = NULL;
  g_autoptr(GError) error = NULL;

  /* Storing says the keyring is missing, in words the UI can show… */
  g_assert_false (cr_secrets_test_store (secrets, account, incoming, PASSWORD, TRUE, &error));
  g_assert_error (error, CR_SECRETS_ERROR, CR_SECRETS_ERROR_UNAVAILABLE);
  g_assert_null (strstr (error->message, PASSWORD));
  g_clear_error (&error);

  /* …and the password is still usable for the session. */
  password = cr_secrets_test_lookup (secrets, account, incoming, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (password, ==, PASSWORD);
  g_clear_pointer (&password, cr_password_free);

  /* A new session has nothing to read, and says why. */
  password = cr_secrets_test_lookup (fresh, account, incoming, &error);
  g_assert_error (error, CR_SECRETS_ERROR, CR_SECRETS_ERROR_UNAVAILABLE);
  g_assert_null (password);
  g_clear_error (&error);

  /* Not remembering needs no keyring at all. */
  g_assert_true (cr_secrets_test_store (fresh, account, incoming, "for now", FALSE, &error));
  g_assert_no_error (error);
  password = cr_secrets_test_lookup (fresh, account, incoming, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (password, ==, "for now");
  g_clear_pointer (&password, cr_password_free);

  /* Forgetting: gone from the session; the keyring part is reported. */
  g_assert_false (cr_secrets_test_clear (fresh, account, NULL, &error));
  g_assert_error (error, CR_SECRETS_ERROR, CR_SECRETS_ERROR_UNAVAILABLE);
  g_clear_error (&error);
  password = cr_secrets_test_lookup (fresh, account, incoming, &error);
  g_assert_error (error, CR_SECRETS_ERROR, CR_SECRETS_ERROR_UNAVAILABLE);
  g_assert_null (password);
}

/* No session bus at all: no desktop, or a broken one. */
static void
test_no_bus (void)
{
  g_autofree char *old = g_strdup (g_getenv ("DBUS_SESSION_BUS_ADDRESS"));
  g_autofree char *env_dir = g_strdup (g_get_home_dir ());
  g_autofree char *address = g_strdup_printf ("unix:path=%s/no-such-bus", env_dir);

  g_setenv ("DBUS_SESSION_BUS_ADDRESS", address, TRUE);
  assert_unavailable_but_usable ();
  if (old != NULL)
    g_setenv ("DBUS_SESSION_BUS_ADDRESS", old, TRUE);
  else
    g_unsetenv ("DBUS_SESSION_BUS_ADDRESS");
}

/* A session bus where nothing provides org.freedesktop.secrets. */
static void
test_no_service (void)
{
  g_autoptr(CrTestSession) session = NULL;
  g_autoptr(GError) error = NULL;

  session = cr_test_session_start (FALSE, &error);
  g_assert_no_error (error);

  assert_unavailable_but_usable ();

  secret_service_disconnect ();
}

int
main (int   argc,
      char *argv[])
{
  g_autofree char *env_dir = NULL;
  int ret;

  env_dir = cr_test_env_setup ();
  g_test_init (&argc, &argv, NULL);

  /* In this order: once connected, GIO keeps the session bus. */
  g_test_add_func ("/secrets/unavailable/no-bus", test_no_bus);
  g_test_add_func ("/secrets/unavailable/no-service", test_no_service);

  ret = g_test_run ();

  cr_test_env_teardown (env_dir);

  return ret;
}
