/* test-secrets.c — passwords in a real, private GNOME Keyring
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include <libsecret/secret.h>
#include <string.h>

#include "cr-account-manager.h"
#include "cr-secrets.h"
#include "cr-secrets-test-util.h"
#include "cr-test-env.h"
#include "cr-test-session.h"

/* Distinctive, non-ASCII: easy to find if it leaks anywhere. */
#define PASSWORD "Zx9-SeCrEt-é"

static CrTestSession *session;
static char *env_dir;

/* The schema as another program (Seahorse, secret-tool) sees it. */
static const SecretSchema schema = {
  "io.github.courrier.Courrier.Password", SECRET_SCHEMA_NONE,
  {
    { "account", SECRET_SCHEMA_ATTRIBUTE_STRING },
    { "protocol", SECRET_SCHEMA_ATTRIBUTE_STRING },
    { "host", SECRET_SCHEMA_ATTRIBUTE_STRING },
    { "port", SECRET_SCHEMA_ATTRIBUTE_INTEGER },
    { "login", SECRET_SCHEMA_ATTRIBUTE_STRING },
    { NULL, 0 },
  }
};

static guint
count_items (CrAccount *account)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(SecretService) service = secret_service_get_sync (SECRET_SERVICE_NONE, NULL, &error);
  g_autoptr(GHashTable) attributes = NULL;
  g_autolist(SecretItem) items = NULL;

  g_assert_no_error (error);
  attributes = secret_attributes_build (&schema, "account", cr_account_get_id (account), NULL);
  items = secret_service_search_sync (service, &schema, attributes, SECRET_SEARCH_ALL, NULL, &error);
  g_assert_no_error (error);

  return g_list_length (items);
}

static void
assert_lookup (CrSecrets  *secrets,
               CrAccount  *account,
               CrServer   *server,
               const char *expected)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(CrPassword) password = cr_secrets_test_lookup (secrets, account, server, &error);

  g_assert_no_error (error);
  g_assert_cmpstr (password, ==, expected);
}

static void
test_store_lookup (void)
{
  g_autoptr(CrSecrets) secrets = cr_secrets_new ();
  g_autoptr(CrSecrets) fresh = cr_secrets_new ();
  g_autoptr(CrAccount) account = cr_secrets_test_account ("contact@bonvenon.fr");
  CrServer *incoming = cr_account_get_incoming (account);
  g_autoptr(GError) error = NULL;
  g_autofree char *found = NULL;

  g_assert_true (cr_secrets_test_store (secrets, account, incoming, PASSWORD, TRUE, &error));
  g_assert_no_error (error);

  /* A new session (fresh object) finds it in the keyring. */
  assert_lookup (fresh, account, incoming, PASSWORD);

  /* Stored under our schema with every attribute, the login being the
   * full address since none was typed. */
  found = secret_password_lookup_sync (&schema, NULL, &error,
                                       "account", cr_account_get_id (account),
                                       "protocol", "imap",
                                       "host", "imap.lautre.net",
                                       "port", 993,
                                       "login", "contact@bonvenon.fr",
                                       NULL);
  g_assert_no_error (error);
  g_assert_cmpstr (found, ==, PASSWORD);

  /* The outgoing server has no password yet: none, and no error. */
  assert_lookup (fresh, account, cr_account_get_outgoing (account), NULL);

  g_assert_true (cr_secrets_test_clear (secrets, account, NULL, &error));
  g_assert_no_error (error);
}

static void
test_update (void)
{
  g_autoptr(CrSecrets) secrets = cr_secrets_new ();
  g_autoptr(CrAccount) account = cr_secrets_test_account ("contact@bonvenon.fr");
  CrServer *incoming = cr_account_get_incoming (account);
  g_autoptr(GError) error = NULL;

  cr_secrets_test_store (secrets, account, incoming, "first", TRUE, &error);
  g_assert_no_error (error);
  cr_secrets_test_store (secrets, account, incoming, "second", TRUE, &error);
  g_assert_no_error (error);

  /* Replaced, not added. */
  g_assert_cmpuint (count_items (account), ==, 1);
  assert_lookup (secrets, account, incoming, "second");
  {
    g_autoptr(CrSecrets) fresh = cr_secrets_new ();
    assert_lookup (fresh, account, incoming, "second");
  }

  /* Another server or identifier is another password. */
  cr_server_set_login (incoming, "bonvenon");
  assert_lookup (secrets, account, incoming, NULL);

  g_assert_true (cr_secrets_test_clear (secrets, account, NULL, &error));
  g_assert_no_error (error);
}

static void
test_delete (void)
{
  g_autoptr(CrSecrets) secrets = cr_secrets_new ();
  g_autoptr(CrAccount) account = cr_secrets_test_account ("contact@bonvenon.fr");
  g_autoptr(CrAccount) other = cr_secrets_test_account ("other@bonvenon.fr");
  CrServer *incoming = cr_account_get_incoming (account);
  CrServer *outgoing = cr_account_get_outgoing (account);
  g_autoptr(GError) error = NULL;

  g_assert_true (cr_secrets_test_store (secrets, account, incoming, "in", TRUE, &error));
  g_assert_true (cr_secrets_test_store (secrets, account, outgoing, "out", TRUE, &error));
  g_assert_true (cr_secrets_test_store (secrets, other, cr_account_get_incoming (other), "other", TRUE, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (count_items (account), ==, 2);

  /* One server: gone from the session and the keyring. */
  g_assert_true (cr_secrets_test_clear (secrets, account, incoming, &error));
  g_assert_no_error (error);
  assert_lookup (secrets, account, incoming, NULL);
  assert_lookup (secrets, account, outgoing, "out");
  g_assert_cmpuint (count_items (account), ==, 1);

  /* A whole account: the other account keeps its password. */
  g_assert_true (cr_secrets_test_clear (secrets, account, NULL, &error));
  g_assert_no_error (error);
  assert_lookup (secrets, account, outgoing, NULL);
  g_assert_cmpuint (count_items (account), ==, 0);
  {
    g_autoptr(CrSecrets) fresh = cr_secrets_new ();
    assert_lookup (fresh, other, cr_account_get_incoming (other), "other");
  }

  /* Clearing what is not there is fine. */
  g_assert_true (cr_secrets_test_clear (secrets, account, NULL, &error));
  g_assert_no_error (error);

  g_assert_true (cr_secrets_test_clear (secrets, other, NULL, &error));
  g_assert_no_error (error);
}

static void
test_session_only (void)
{
  g_autoptr(CrSecrets) secrets = cr_secrets_new ();
  g_autoptr(CrSecrets) fresh = cr_secrets_new ();
  g_autoptr(CrAccount) account = cr_secrets_test_account ("contact@bonvenon.fr");
  CrServer *outgoing = cr_account_get_outgoing (account);
  g_autoptr(GError) error = NULL;

  /* Remembered first, then “Retenir le mot de passe” unticked. */
  g_assert_true (cr_secrets_test_store (secrets, account, outgoing, "kept", TRUE, &error));
  g_assert_cmpuint (count_items (account), ==, 1);
  g_assert_true (cr_secrets_test_store (secrets, account, outgoing, PASSWORD, FALSE, &error));
  g_assert_no_error (error);

  /* Known for this session only; the keyring copy is gone. */
  assert_lookup (secrets, account, outgoing, PASSWORD);
  g_assert_cmpuint (count_items (account), ==, 0);
  assert_lookup (fresh, account, outgoing, NULL);
}

/* Binary-safe: the keyring file is not text. */
static gboolean
contains_bytes (const char *haystack,
                gsize       length,
                const char *needle)
{
  gsize needle_len = strlen (needle);

  for (gsize i = 0; i + needle_len <= length; i++)
    {
      if (memcmp (haystack + i, needle, needle_len) == 0)
        return TRUE;
    }

  return FALSE;
}

static void
scan_for_password (const char *path,
                   GPtrArray  *scanned)
{
  g_autoptr(GDir) dir = NULL;
  const char *name;

  if (g_file_test (path, G_FILE_TEST_IS_SYMLINK))
    return;

  if (g_file_test (path, G_FILE_TEST_IS_REGULAR))
    {
      g_autoptr(GError) error = NULL;
      g_autofree char *contents = NULL;
      gsize length = 0;

      g_assert_true (g_file_get_contents (path, &contents, &length, &error));
      g_assert_no_error (error);
      if (contains_bytes (contents, length, PASSWORD))
        g_error ("The password is in “%s”", path);
      g_ptr_array_add (scanned, g_strdup (path));
      return;
    }

  dir = g_dir_open (path, 0, NULL);
  if (dir == NULL)
    return;

  while ((name = g_dir_read_name (dir)) != NULL)
    {
      g_autofree char *child = g_build_filename (path, name, NULL);

      scan_for_password (child, scanned);
    }
}

static gboolean
has_suffix (GPtrArray  *paths,
            const char *suffix)
{
  for (guint i = 0; i < paths->len; i++)
    {
      if (g_str_has_suffix (g_ptr_array_index (paths, i), suffix))
        return TRUE;
    }

  return FALSE;
}

/* The whole journey of a password: set up an account, save it, store the
 * password, start again from disk and find it. Then nothing the engine
 * wrote — nor the keyring’s own file — holds the password in clear. */
static void
test_no_leak (void)
{
  g_autoptr(CrPaths) paths = cr_paths_new (NULL, NULL, NULL);
  g_autoptr(CrAccountManager) manager = cr_account_manager_new (paths);
  g_autoptr(CrAccountManager) reloaded = cr_account_manager_new (paths);
  g_autoptr(CrAccount) account = cr_secrets_test_account ("contact@bonvenon.fr");
  g_autoptr(CrSecrets) secrets = cr_secrets_new ();
  g_autoptr(CrSecrets) fresh = cr_secrets_new ();
  g_autoptr(GPtrArray) scanned = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(GError) error = NULL;
  CrAccount *loaded;

  /* The account really is in the test’s own throw-away folders. */
  g_assert_true (g_str_has_prefix (cr_account_manager_get_path (manager), env_dir));

  g_assert_true (cr_account_manager_load (manager, &error));
  g_assert_true (cr_account_manager_add (manager, account, &error));
  g_assert_true (cr_secrets_test_store (secrets, account, cr_account_get_incoming (account),
                                        PASSWORD, TRUE, &error));
  g_assert_true (cr_secrets_test_store (secrets, account, cr_account_get_outgoing (account),
                                        PASSWORD, TRUE, &error));
  g_assert_no_error (error);

  g_assert_true (cr_account_manager_load (reloaded, &error));
  g_assert_no_error (error);
  loaded = cr_account_manager_lookup (reloaded, cr_account_get_id (account));
  g_assert_nonnull (loaded);
  assert_lookup (fresh, loaded, cr_account_get_incoming (loaded), PASSWORD);
  assert_lookup (fresh, loaded, cr_account_get_outgoing (loaded), PASSWORD);

  scan_for_password (env_dir, scanned);
  g_assert_true (has_suffix (scanned, "/courrier/accounts.ini"));
  g_assert_true (has_suffix (scanned, ".keyring"));

  g_assert_true (cr_secrets_test_clear (secrets, account, NULL, &error));
  g_assert_no_error (error);
}

static void
test_cancelled (void)
{
  g_autoptr(CrSecrets) secrets = cr_secrets_new ();
  g_autoptr(CrSecrets) fresh = cr_secrets_new ();
  g_autoptr(CrAccount) account = cr_secrets_test_account ("contact@bonvenon.fr");
  CrServer *incoming = cr_account_get_incoming (account);
  g_autoptr(GCancellable) cancellable = g_cancellable_new ();
  g_autoptr(CrPassword) password = NULL;
  g_autoptr(GError) error = NULL;

  cr_secrets_test_store (secrets, account, incoming, PASSWORD, TRUE, &error);
  g_assert_no_error (error);

  /* Cancelled is cancelled, not a keyring problem to show. */
  g_cancellable_cancel (cancellable);
  password = cr_secrets_test_lookup_cancellable (fresh, account, incoming, cancellable, &error);
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_CANCELLED);
  g_assert_null (password);

  cr_secrets_test_clear (secrets, account, NULL, &error);
}

/* Runs last: the keyring stays locked. */
static void
test_locked (void)
{
  g_autoptr(CrSecrets) secrets = cr_secrets_new ();
  g_autoptr(CrSecrets) fresh = cr_secrets_new ();
  g_autoptr(CrAccount) account = cr_secrets_test_account ("contact@bonvenon.fr");
  CrServer *incoming = cr_account_get_incoming (account);
  CrServer *outgoing = cr_account_get_outgoing (account);
  g_autoptr(GError) error = NULL;
  g_autoptr(CrPassword) password = NULL;

  g_assert_true (cr_secrets_test_store (secrets, account, incoming, "before the lock", TRUE, &error));
  g_assert_no_error (error);
  g_assert_true (cr_test_session_lock_keyring (session, &error));
  g_assert_no_error (error);

  /* Reading a locked item: a clear error, not a silent “no password”. */
  password = cr_secrets_test_lookup (fresh, account, incoming, &error);
  g_assert_error (error, CR_SECRETS_ERROR, CR_SECRETS_ERROR_LOCKED);
  g_assert_null (password);
  g_clear_error (&error);

  /* Storing: the error says so, and the password still works this session. */
  g_assert_false (cr_secrets_test_store (secrets, account, outgoing, PASSWORD, TRUE, &error));
  g_assert_error (error, CR_SECRETS_ERROR, CR_SECRETS_ERROR_LOCKED);
  g_assert_null (strstr (error->message, PASSWORD));
  g_clear_error (&error);
  assert_lookup (secrets, account, outgoing, PASSWORD);

  /* Replacing the locked item fails the same way, and also works for now. */
  g_assert_false (cr_secrets_test_store (secrets, account, incoming, PASSWORD, TRUE, &error));
  g_assert_error (error, CR_SECRETS_ERROR, CR_SECRETS_ERROR_LOCKED);
  g_clear_error (&error);
  assert_lookup (secrets, account, incoming, PASSWORD);

  /* Forgetting cannot reach the locked item either: no silent success. */
  g_assert_false (cr_secrets_test_clear (secrets, account, incoming, &error));
  g_assert_error (error, CR_SECRETS_ERROR, CR_SECRETS_ERROR_LOCKED);
  g_clear_error (&error);

  /* It is gone from the session, and the keyring still says “locked”. */
  g_clear_pointer (&password, cr_password_free);
  password = cr_secrets_test_lookup (secrets, account, incoming, &error);
  g_assert_error (error, CR_SECRETS_ERROR, CR_SECRETS_ERROR_LOCKED);
  g_assert_null (password);
}

int
main (int   argc,
      char *argv[])
{
  g_autoptr(GError) error = NULL;
  int ret;

  env_dir = cr_test_env_setup ();
  g_test_init (&argc, &argv, NULL);

  /* gnome-keyring-daemon 42 warns “asked to register item …, but it’s
   * already registered” when an item is replaced; with the test
   * environment’s G_DEBUG=fatal-warnings it would abort. Our own process
   * read G_DEBUG already; only the daemons started here go without it. */
  g_unsetenv ("G_DEBUG");

  /* A missing gnome-keyring-daemon or dbus-daemon fails here, loudly. */
  session = cr_test_session_start (TRUE, &error);
  g_assert_no_error (error);

  g_test_add_func ("/secrets/store-lookup", test_store_lookup);
  g_test_add_func ("/secrets/update", test_update);
  g_test_add_func ("/secrets/delete", test_delete);
  g_test_add_func ("/secrets/session-only", test_session_only);
  g_test_add_func ("/secrets/no-leak", test_no_leak);
  g_test_add_func ("/secrets/cancelled", test_cancelled);
  g_test_add_func ("/secrets/locked", test_locked);

  ret = g_test_run ();

  secret_service_disconnect ();
  g_clear_pointer (&session, cr_test_session_stop);
  cr_test_env_teardown (env_dir);
  g_free (env_dir);

  return ret;
}
