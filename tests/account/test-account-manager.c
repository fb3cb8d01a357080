/* test-account-manager.c — accounts kept on disk, never lost
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include <glib/gstdio.h>
#include <string.h>
#include <sys/stat.h>

#include "cr-account-manager.h"
#include "cr-account-validate.h"
#include "cr-test-env.h"

typedef struct
{
  char    *dir;
  char    *config;
  CrPaths *paths;
} Fixture;

static void
fixture_set_up (Fixture       *fixture,
                gconstpointer  data)
{
  g_autoptr(GError) error = NULL;

  fixture->dir = g_dir_make_tmp ("cr-accounts-XXXXXX", &error);
  g_assert_no_error (error);
  fixture->config = g_build_filename (fixture->dir, "config", "courrier", NULL);
  fixture->paths = cr_paths_new (fixture->config, fixture->dir, fixture->dir);
}

static void
remove_tree (const char *path)
{
  g_autoptr(GDir) dir = g_dir_open (path, 0, NULL);
  const char *name;

  if (dir != NULL)
    {
      while ((name = g_dir_read_name (dir)) != NULL)
        {
          g_autofree char *child = g_build_filename (path, name, NULL);

          remove_tree (child);
        }
    }

  g_remove (path);
}

static void
fixture_tear_down (Fixture       *fixture,
                   gconstpointer  data)
{
  remove_tree (fixture->dir);
  g_free (fixture->dir);
  g_free (fixture->config);
  cr_paths_unref (fixture->paths);
}

static char *
accounts_path (Fixture *fixture)
{
  return g_build_filename (fixture->config, "accounts.ini", NULL);
}

static void
write_accounts_file (Fixture    *fixture,
                     const char *contents)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *path = accounts_path (fixture);

  g_assert_true (cr_paths_ensure (fixture->paths, CR_PATH_CONFIG, &error));
  /* Readable by all, as a hand-made file might be. */
  g_assert_true (g_file_set_contents_full (path, contents, -1, G_FILE_SET_CONTENTS_CONSISTENT, 0644, &error));
  g_assert_no_error (error);
}

static char *
read_file (const char *path)
{
  g_autoptr(GError) error = NULL;
  char *contents = NULL;

  g_assert_true (g_file_get_contents (path, &contents, NULL, &error));
  g_assert_no_error (error);

  return contents;
}

/* Every file in the config folder whose name starts with “accounts.ini.broken-”. */
static GPtrArray *
list_backups (Fixture *fixture)
{
  g_autoptr(GDir) dir = g_dir_open (fixture->config, 0, NULL);
  GPtrArray *backups = g_ptr_array_new_with_free_func (g_free);
  const char *name;

  g_assert_nonnull (dir);
  while ((name = g_dir_read_name (dir)) != NULL)
    {
      if (g_str_has_prefix (name, "accounts.ini.broken-"))
        g_ptr_array_add (backups, g_build_filename (fixture->config, name, NULL));
    }

  return backups;
}

static CrAccount *
make_account (const char *name,
              const char *address)
{
  CrAccount *account = cr_account_new (NULL);

  cr_account_set_display_name (account, name);
  cr_account_set_address (account, address);
  cr_server_set_host (cr_account_get_incoming (account), "imap.lautre.net");
  cr_server_set_host (cr_account_get_outgoing (account), "smtp.lautre.net");

  return account;
}

static CrAccountManager *
load_manager (Fixture *fixture)
{
  g_autoptr(GError) error = NULL;
  CrAccountManager *manager = cr_account_manager_new (fixture->paths);

  g_assert_true (cr_account_manager_load (manager, &error));
  g_assert_no_error (error);

  return manager;
}

static void
test_missing_file (Fixture       *fixture,
                   gconstpointer  data)
{
  g_autoptr(CrAccountManager) manager = load_manager (fixture);
  g_autofree char *path = accounts_path (fixture);

  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (manager)), ==, 0);
  g_assert_true (g_list_model_get_item_type (G_LIST_MODEL (manager)) == CR_TYPE_ACCOUNT);
  g_assert_cmpstr (cr_account_manager_get_path (manager), ==, path);
  /* Loading alone writes nothing. */
  g_assert_false (g_file_test (path, G_FILE_TEST_EXISTS));
  g_assert_null (cr_account_manager_get_backup_path (manager));
}

static void
test_round_trip (Fixture       *fixture,
                 gconstpointer  data)
{
  g_autoptr(CrAccountManager) manager = load_manager (fixture);
  g_autoptr(CrAccountManager) reloaded = NULL;
  g_autoptr(CrAccount) imap = make_account ("Bonvenon", "contact@bonvenon.fr");
  g_autoptr(CrAccount) pop = make_account ("Élodie Dupré", "élodie@bücher.example");
  g_autoptr(GError) error = NULL;
  g_autofree char *path = accounts_path (fixture);
  g_autofree char *contents = NULL;
  CrServer *incoming;
  CrServer *outgoing;
  CrAccount *loaded;
  GStatBuf st;

  cr_account_set_organisation (imap, "Bonvenon SARL");
  cr_account_set_signature (imap, "-- \nBonvenon\n  https://bonvenon.fr\n");
  cr_account_set_reply_to (imap, "info@bonvenon.fr");
  cr_account_set_use_idle (imap, FALSE);
  cr_account_set_check_interval (imap, 0);

  incoming = cr_account_get_incoming (pop);
  cr_server_set_protocol (incoming, CR_PROTOCOL_POP3);
  cr_server_set_host (incoming, "pop.bücher.example");
  cr_server_set_port (incoming, 110);
  cr_server_set_security (incoming, CR_SECURITY_NONE);
  cr_server_set_auth_method (incoming, CR_AUTH_CRAM_MD5);
  cr_server_set_login (incoming, "elodie");
  outgoing = cr_account_get_outgoing (pop);
  cr_server_set_port (outgoing, 587);
  cr_server_set_security (outgoing, CR_SECURITY_STARTTLS);
  cr_account_set_leave_on_server (pop, FALSE);
  cr_account_set_delete_after_days (pop, 0);
  cr_account_set_delete_when_deleted_here (pop, FALSE);
  cr_account_set_remember_password (pop, FALSE);

  g_assert_true (cr_account_manager_add (manager, imap, &error));
  g_assert_no_error (error);
  g_assert_true (cr_account_manager_add (manager, pop, &error));
  g_assert_no_error (error);

  /* Private to the user, with a format version. */
  g_assert_cmpint (g_stat (path, &st), ==, 0);
  g_assert_cmpint (st.st_mode & 0777, ==, 0600);
  g_assert_cmpint (g_stat (fixture->config, &st), ==, 0);
  g_assert_cmpint (st.st_mode & 0777, ==, 0700);
  contents = read_file (path);
  g_assert_true (g_str_has_prefix (contents, "[courrier]\nversion=1\n"));

  reloaded = load_manager (fixture);
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (reloaded)), ==, 2);

  /* Same order, same values. */
  loaded = cr_account_manager_lookup (reloaded, cr_account_get_id (imap));
  g_assert_nonnull (loaded);
  {
    g_autoptr(CrAccount) first = g_list_model_get_item (G_LIST_MODEL (reloaded), 0);
    g_assert_true (first == loaded);
  }
  g_assert_cmpstr (cr_account_get_display_name (loaded), ==, "Bonvenon");
  g_assert_cmpstr (cr_account_get_address (loaded), ==, "contact@bonvenon.fr");
  g_assert_cmpstr (cr_account_get_organisation (loaded), ==, "Bonvenon SARL");
  g_assert_cmpstr (cr_account_get_signature (loaded), ==, "-- \nBonvenon\n  https://bonvenon.fr\n");
  g_assert_cmpstr (cr_account_get_reply_to (loaded), ==, "info@bonvenon.fr");
  g_assert_false (cr_account_get_use_idle (loaded));
  g_assert_cmpuint (cr_account_get_check_interval (loaded), ==, 0);
  g_assert_true (cr_account_get_leave_on_server (loaded));
  g_assert_cmpuint (cr_account_get_delete_after_days (loaded), ==, 14);
  g_assert_true (cr_server_equal (cr_account_get_incoming (loaded), cr_account_get_incoming (imap)));
  g_assert_true (cr_server_equal (cr_account_get_outgoing (loaded), cr_account_get_outgoing (imap)));

  loaded = cr_account_manager_lookup (reloaded, cr_account_get_id (pop));
  g_assert_nonnull (loaded);
  g_assert_cmpstr (cr_account_get_display_name (loaded), ==, "Élodie Dupré");
  g_assert_cmpstr (cr_account_get_address (loaded), ==, "élodie@bücher.example");
  g_assert_true (cr_server_equal (cr_account_get_incoming (loaded), incoming));
  g_assert_true (cr_server_equal (cr_account_get_outgoing (loaded), outgoing));
  g_assert_cmpint (cr_server_get_security (cr_account_get_incoming (loaded)), ==, CR_SECURITY_NONE);
  g_assert_cmpint (cr_server_get_auth_method (cr_account_get_incoming (loaded)), ==, CR_AUTH_CRAM_MD5);
  g_assert_false (cr_account_get_leave_on_server (loaded));
  g_assert_cmpuint (cr_account_get_delete_after_days (loaded), ==, 0);
  g_assert_false (cr_account_get_delete_when_deleted_here (loaded));
  g_assert_false (cr_account_get_remember_password (loaded));

  g_assert_null (cr_account_manager_lookup (reloaded, "no-such-id"));
  g_assert_null (g_list_model_get_item (G_LIST_MODEL (reloaded), 2));
}

static void
test_atomic (Fixture       *fixture,
             gconstpointer  data)
{
  g_autoptr(CrAccountManager) manager = load_manager (fixture);
  g_autoptr(CrAccount) account = make_account ("Bonvenon", "contact@bonvenon.fr");
  g_autoptr(GError) error = NULL;
  g_autofree char *path = accounts_path (fixture);
  g_autoptr(GDir) dir = NULL;
  const char *name;
  GStatBuf before, after;

  g_assert_true (cr_account_manager_add (manager, account, &error));
  g_assert_cmpint (g_stat (path, &before), ==, 0);

  cr_account_set_display_name (account, "Bonvenon & co");
  g_assert_true (cr_account_manager_update (manager, account, &error));
  g_assert_no_error (error);

  /* A new file renamed over the old one, never the old one rewritten in
   * place (a crash half-way would leave half a file), and no leftovers. */
  g_assert_cmpint (g_stat (path, &after), ==, 0);
  g_assert_cmpuint (before.st_ino, !=, after.st_ino);
  g_assert_cmpint (after.st_mode & 0777, ==, 0600);

  dir = g_dir_open (fixture->config, 0, &error);
  g_assert_no_error (error);
  while ((name = g_dir_read_name (dir)) != NULL)
    g_assert_cmpstr (name, ==, "accounts.ini");
}

static void
on_items_changed (GListModel *model,
                  guint       position,
                  guint       removed,
                  guint       added,
                  GString    *log)
{
  g_string_append_printf (log, "items-changed %u %u %u;", position, removed, added);
}

static void
on_added (CrAccountManager *manager,
          CrAccount        *account,
          GString          *log)
{
  g_string_append_printf (log, "added %s;", cr_account_get_display_name (account));
}

static void
on_removed (CrAccountManager *manager,
            CrAccount        *account,
            GString          *log)
{
  g_string_append_printf (log, "removed %s;", cr_account_get_display_name (account));
}

static void
on_changed (CrAccountManager *manager,
            CrAccount        *account,
            GString          *log)
{
  g_string_append_printf (log, "changed %s;", cr_account_get_display_name (account));
}

static void
test_signals (Fixture       *fixture,
              gconstpointer  data)
{
  g_autoptr(CrAccountManager) manager = load_manager (fixture);
  g_autoptr(CrAccountManager) reloaded = NULL;
  g_autoptr(CrAccount) a = make_account ("A", "a@bonvenon.fr");
  g_autoptr(CrAccount) b = make_account ("B", "b@bonvenon.fr");
  g_autoptr(CrAccount) b2 = NULL;
  g_autoptr(GString) log = g_string_new (NULL);
  g_autoptr(GError) error = NULL;

  g_signal_connect (manager, "items-changed", G_CALLBACK (on_items_changed), log);
  g_signal_connect (manager, "account-added", G_CALLBACK (on_added), log);
  g_signal_connect (manager, "account-removed", G_CALLBACK (on_removed), log);
  g_signal_connect (manager, "account-changed", G_CALLBACK (on_changed), log);

  g_assert_true (cr_account_manager_add (manager, a, &error));
  g_assert_true (cr_account_manager_add (manager, b, &error));
  g_assert_cmpstr (log->str, ==, "items-changed 0 0 1;added A;items-changed 1 0 1;added B;");
  g_string_truncate (log, 0);

  /* An edited copy replaces the account it was made from. */
  b2 = cr_account_copy (b);
  cr_account_set_display_name (b2, "B2");
  g_assert_true (cr_account_manager_update (manager, b2, &error));
  g_assert_no_error (error);
  g_assert_true (cr_account_manager_lookup (manager, cr_account_get_id (b)) == b2);
  g_assert_cmpstr (log->str, ==, "items-changed 1 1 1;changed B2;");
  g_string_truncate (log, 0);

  g_assert_true (cr_account_manager_remove (manager, a, &error));
  g_assert_no_error (error);
  g_assert_cmpstr (log->str, ==, "items-changed 0 1 0;removed A;");
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (manager)), ==, 1);
  g_string_truncate (log, 0);

  /* Loading again replaces what is held. */
  g_assert_true (cr_account_manager_load (manager, &error));
  g_assert_no_error (error);
  g_assert_cmpstr (log->str, ==, "items-changed 0 1 0;removed B2;items-changed 0 0 1;added B2;");

  /* Saving one change kept the other account. */
  reloaded = load_manager (fixture);
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (reloaded)), ==, 1);
  g_assert_cmpstr (cr_account_get_display_name (cr_account_manager_lookup (reloaded, cr_account_get_id (b))), ==, "B2");
}

static void
test_bad_changes (Fixture       *fixture,
                  gconstpointer  data)
{
  g_autoptr(CrAccountManager) manager = load_manager (fixture);
  g_autoptr(CrAccount) account = make_account ("Bonvenon", "contact@bonvenon.fr");
  g_autoptr(CrAccount) invalid = make_account ("Bad", "not an address");
  g_autoptr(CrAccount) stranger = make_account ("Stranger", "x@bonvenon.fr");
  g_autoptr(CrAccount) twin = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *path = accounts_path (fixture);
  g_autofree char *before = NULL;
  g_autofree char *after = NULL;

  g_assert_false (cr_account_manager_add (manager, invalid, &error));
  g_assert_error (error, CR_ACCOUNT_ERROR, CR_ACCOUNT_ERROR_INVALID_ADDRESS);
  g_clear_error (&error);
  g_assert_false (g_file_test (path, G_FILE_TEST_EXISTS));
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (manager)), ==, 0);

  g_assert_true (cr_account_manager_add (manager, account, &error));
  before = read_file (path);

  twin = cr_account_copy (account);
  g_assert_false (cr_account_manager_add (manager, twin, &error));
  g_assert_error (error, CR_ACCOUNT_MANAGER_ERROR, CR_ACCOUNT_MANAGER_ERROR_DUPLICATE);
  g_clear_error (&error);

  /* An invalid edit is refused and nothing is written. */
  cr_server_set_host (cr_account_get_incoming (twin), "imap://nope");
  g_assert_false (cr_account_manager_update (manager, twin, &error));
  g_assert_error (error, CR_ACCOUNT_ERROR, CR_ACCOUNT_ERROR_INVALID_HOST);
  g_clear_error (&error);
  g_assert_true (cr_account_manager_lookup (manager, cr_account_get_id (account)) == account);

  g_assert_false (cr_account_manager_update (manager, stranger, &error));
  g_assert_error (error, CR_ACCOUNT_MANAGER_ERROR, CR_ACCOUNT_MANAGER_ERROR_NOT_FOUND);
  g_clear_error (&error);
  g_assert_false (cr_account_manager_remove (manager, stranger, &error));
  g_assert_error (error, CR_ACCOUNT_MANAGER_ERROR, CR_ACCOUNT_MANAGER_ERROR_NOT_FOUND);
  g_clear_error (&error);

  after = read_file (path);
  g_assert_cmpstr (before, ==, after);
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (manager)), ==, 1);
}

static void
test_save_fails (Fixture       *fixture,
                 gconstpointer  data)
{
  g_autoptr(CrAccountManager) manager = load_manager (fixture);
  g_autoptr(CrAccount) account = make_account ("Bonvenon", "contact@bonvenon.fr");
  g_autoptr(CrAccount) other = make_account ("Other", "other@bonvenon.fr");
  g_autoptr(GError) error = NULL;
  g_autofree char *path = accounts_path (fixture);
  g_autofree char *parked = g_strconcat (fixture->config, ".parked", NULL);

  g_assert_true (cr_account_manager_add (manager, account, &error));
  g_assert_no_error (error);

  /* A plain file where the config folder should be: saving must fail,
   * and the change must not be held as if it had been saved. */
  g_assert_cmpint (g_rename (fixture->config, parked), ==, 0);
  g_assert_true (g_file_set_contents (fixture->config, "x", 1, &error));

  g_assert_false (cr_account_manager_add (manager, other, &error));
  g_assert_nonnull (error);
  g_clear_error (&error);
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (manager)), ==, 1);

  g_assert_false (cr_account_manager_remove (manager, account, &error));
  g_assert_nonnull (error);
  g_clear_error (&error);
  g_assert_true (cr_account_manager_lookup (manager, cr_account_get_id (account)) == account);

  g_assert_false (cr_account_manager_update (manager, other, &error));
  g_clear_error (&error);
  cr_account_set_display_name (account, "Renamed");
  g_assert_false (cr_account_manager_update (manager, account, &error));
  g_assert_nonnull (error);
  g_clear_error (&error);

  g_assert_cmpint (g_unlink (fixture->config), ==, 0);
  g_assert_cmpint (g_rename (parked, fixture->config), ==, 0);
  g_assert_true (g_file_test (path, G_FILE_TEST_EXISTS));
}

static void
assert_kept_aside (Fixture                *fixture,
                   const char             *contents,
                   CrAccountManagerError   code)
{
  g_autoptr(CrAccountManager) manager = cr_account_manager_new (fixture->paths);
  g_autoptr(CrAccount) account = make_account ("Bonvenon", "contact@bonvenon.fr");
  g_autoptr(GPtrArray) backups = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *path = accounts_path (fixture);
  g_autofree char *kept = NULL;
  guint n_before;
  GStatBuf st;

  write_accounts_file (fixture, contents);
  backups = list_backups (fixture);
  n_before = backups->len;
  g_clear_pointer (&backups, g_ptr_array_unref);

  g_assert_false (cr_account_manager_load (manager, &error));
  g_assert_error (error, CR_ACCOUNT_MANAGER_ERROR, (int) code);
  g_test_message ("%s", error->message);

  /* The file was moved aside, named in the message, intact. */
  g_assert_false (g_file_test (path, G_FILE_TEST_EXISTS));
  g_assert_nonnull (cr_account_manager_get_backup_path (manager));
  g_assert_nonnull (strstr (error->message, cr_account_manager_get_backup_path (manager)));
  kept = read_file (cr_account_manager_get_backup_path (manager));
  g_assert_cmpstr (kept, ==, contents);
  g_assert_cmpint (g_stat (cr_account_manager_get_backup_path (manager), &st), ==, 0);
  g_assert_cmpint (st.st_mode & 0777, ==, 0600);

  backups = list_backups (fixture);
  g_assert_cmpuint (backups->len, ==, n_before + 1);

  /* The manager is empty and usable, and does not touch the backup. */
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (manager)), ==, 0);
  g_clear_error (&error);
  g_assert_true (cr_account_manager_add (manager, account, &error));
  g_assert_no_error (error);
  g_clear_pointer (&kept, g_free);
  kept = read_file (cr_account_manager_get_backup_path (manager));
  g_assert_cmpstr (kept, ==, contents);
}

static void
test_corrupt_file (Fixture       *fixture,
                   gconstpointer  data)
{
  g_autoptr(GPtrArray) backups = NULL;

  assert_kept_aside (fixture, "this is not a key file\n\x01\x02", CR_ACCOUNT_MANAGER_ERROR_CORRUPT);
  /* A second one at once: the first backup is not overwritten. */
  assert_kept_aside (fixture, "[courrier\nversion=1\n", CR_ACCOUNT_MANAGER_ERROR_CORRUPT);
  assert_kept_aside (fixture, "\xff\xfe not even UTF-8", CR_ACCOUNT_MANAGER_ERROR_CORRUPT);

  backups = list_backups (fixture);
  g_assert_cmpuint (backups->len, ==, 3);
}

/* A file that can neither be read nor kept aside must never be written
 * over. As root nothing is unreadable, so the path is made so long that
 * the backup’s name cannot exist (ENAMETOOLONG) while the file’s can.
 */
static void
test_cannot_keep_aside (Fixture       *fixture,
                        gconstpointer  data)
{
  g_autoptr(CrAccount) account = make_account ("Bonvenon", "contact@bonvenon.fr");
  g_autoptr(CrAccountManager) manager = NULL;
  g_autoptr(CrPaths) paths = NULL;
  g_autoptr(GString) dir = g_string_new (fixture->dir);
  g_autoptr(GError) error = NULL;
  g_autofree char *path = NULL;
  g_autofree char *after = NULL;
  const char *contents = "not a key file";
  const gsize max_path = 4095;
  gsize target;

  /* Folders of up to 200 characters, until “/accounts.ini” just fits. */
  target = max_path - strlen ("/accounts.ini");
  g_assert_cmpuint (dir->len + 2, <, target);
  while (dir->len < target)
    {
      gsize room = target - dir->len;
      gsize name_len = MIN (room - 1, 200);

      /* Never leave room for a “/” alone. */
      if (room - (name_len + 1) == 1)
        name_len--;

      g_string_append_c (dir, '/');
      for (gsize i = 0; i < name_len; i++)
        g_string_append_c (dir, 'd');
    }
  g_assert_cmpint (g_mkdir_with_parents (dir->str, 0700), ==, 0);
  path = g_build_filename (dir->str, "accounts.ini", NULL);
  g_assert_cmpuint (strlen (path), <=, max_path);
  g_assert_cmpuint (strlen (path) + strlen (".broken-YYYYMMDD-HHMMSS"), >, max_path);

  /* Written in place: a temporary name would be too long too. */
  g_assert_true (g_file_set_contents_full (path, contents, -1, G_FILE_SET_CONTENTS_NONE, 0600, &error));
  g_assert_no_error (error);

  paths = cr_paths_new (dir->str, fixture->dir, fixture->dir);
  manager = cr_account_manager_new (paths);
  g_assert_false (cr_account_manager_load (manager, &error));
  g_assert_error (error, CR_ACCOUNT_MANAGER_ERROR, CR_ACCOUNT_MANAGER_ERROR_READ_ONLY);
  g_clear_error (&error);
  g_assert_null (cr_account_manager_get_backup_path (manager));

  /* The manager works in memory but refuses to save over the file. */
  g_assert_false (cr_account_manager_add (manager, account, &error));
  g_assert_error (error, CR_ACCOUNT_MANAGER_ERROR, CR_ACCOUNT_MANAGER_ERROR_READ_ONLY);
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (manager)), ==, 0);

  after = read_file (path);
  g_assert_cmpstr (after, ==, contents);
}

static void
test_unknown_version (Fixture       *fixture,
                      gconstpointer  data)
{
  assert_kept_aside (fixture,
                     "[courrier]\nversion=2\n\n[account abc]\ndisplay-name=Future\n",
                     CR_ACCOUNT_MANAGER_ERROR_FUTURE_VERSION);
  assert_kept_aside (fixture,
                     "[account abc]\ndisplay-name=No version\n",
                     CR_ACCOUNT_MANAGER_ERROR_CORRUPT);
  assert_kept_aside (fixture,
                     "[courrier]\nversion=zero\n",
                     CR_ACCOUNT_MANAGER_ERROR_CORRUPT);
}

#define GOOD_GROUP \
  "[account good-1]\n" \
  "display-name=Bonvenon\n" \
  "address=contact@bonvenon.fr\n" \
  "incoming-protocol=imap\n" \
  "incoming-host=imap.lautre.net\n" \
  "incoming-port=993\n" \
  "incoming-security=tls\n" \
  "incoming-auth=password\n" \
  "outgoing-protocol=smtp\n" \
  "outgoing-host=smtp.lautre.net\n" \
  "outgoing-port=465\n" \
  "outgoing-security=tls\n" \
  "outgoing-auth=password\n"

static void
test_broken_group (Fixture       *fixture,
                   gconstpointer  data)
{
  const char *contents =
    "[courrier]\nversion=1\n\n"
    GOOD_GROUP
    "\n[account broken-1]\n"
    "display-name=Broken port\n"
    "address=port@bonvenon.fr\n"
    "incoming-protocol=imap\n"
    "incoming-host=imap.lautre.net\n"
    "incoming-port=70000\n"
    "incoming-security=tls\n"
    "incoming-auth=password\n"
    "outgoing-protocol=smtp\n"
    "outgoing-host=smtp.lautre.net\n"
    "outgoing-port=465\n"
    "outgoing-security=tls\n"
    "outgoing-auth=password\n"
    "\n[account broken-2]\n"
    "display-name=Broken security\n"
    "address=security@bonvenon.fr\n"
    "incoming-protocol=imap\n"
    "incoming-security=magic\n";
  g_autoptr(CrAccountManager) manager = cr_account_manager_new (fixture->paths);
  g_autoptr(CrAccountManager) reloaded = NULL;
  g_autoptr(CrAccount) account = make_account ("New", "new@bonvenon.fr");
  g_autoptr(GPtrArray) backups = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *path = accounts_path (fixture);
  g_autofree char *unchanged = NULL;
  g_autofree char *kept = NULL;

  write_accounts_file (fixture, contents);
  g_assert_false (cr_account_manager_load (manager, &error));
  g_assert_error (error, CR_ACCOUNT_MANAGER_ERROR, CR_ACCOUNT_MANAGER_ERROR_BROKEN_ACCOUNT);
  g_test_message ("%s", error->message);

  /* Each broken account is named, with what is wrong. */
  g_assert_nonnull (strstr (error->message, "port@bonvenon.fr"));
  g_assert_nonnull (strstr (error->message, "70000"));
  g_assert_nonnull (strstr (error->message, "security@bonvenon.fr"));
  g_assert_nonnull (strstr (error->message, "magic"));
  g_clear_error (&error);

  /* The others are loaded; the file is left alone for now. */
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (manager)), ==, 1);
  g_assert_nonnull (cr_account_manager_lookup (manager, "good-1"));
  unchanged = read_file (path);
  g_assert_cmpstr (unchanged, ==, contents);
  backups = list_backups (fixture);
  g_assert_cmpuint (backups->len, ==, 0);
  g_clear_pointer (&backups, g_ptr_array_unref);

  /* The first change copies the file aside before rewriting it. */
  g_assert_true (cr_account_manager_add (manager, account, &error));
  g_assert_no_error (error);
  backups = list_backups (fixture);
  g_assert_cmpuint (backups->len, ==, 1);
  g_assert_cmpstr (g_ptr_array_index (backups, 0), ==, cr_account_manager_get_backup_path (manager));
  kept = read_file (g_ptr_array_index (backups, 0));
  g_assert_cmpstr (kept, ==, contents);
  g_clear_pointer (&backups, g_ptr_array_unref);

  /* Only once: the next change does not copy again. */
  cr_account_set_organisation (account, "Bonvenon SARL");
  g_assert_true (cr_account_manager_update (manager, account, &error));
  backups = list_backups (fixture);
  g_assert_cmpuint (backups->len, ==, 1);

  reloaded = load_manager (fixture);
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (reloaded)), ==, 2);
  g_assert_nonnull (cr_account_manager_lookup (reloaded, "good-1"));
  g_assert_nonnull (cr_account_manager_lookup (reloaded, cr_account_get_id (account)));
}

static void
test_broken_values (Fixture       *fixture,
                    gconstpointer  data)
{
  /* Each line spoils a good group in one way. */
  const char *spoilers[][2] = {
    { "address", "not an address" },
    { "incoming-host", "imap://imap.lautre.net" },
    { "incoming-port", "0" },
    { "outgoing-port", "-465" },
    { "incoming-protocol", "smtp" },
    { "outgoing-protocol", "imap" },
    { "incoming-auth", "kerberos" },
    { "leave-on-server", "maybe" },
    { "check-interval", "-5" },
    { "display-name", "" },
  };

  for (guint i = 0; i < G_N_ELEMENTS (spoilers); i++)
    {
      g_autoptr(CrAccountManager) manager = cr_account_manager_new (fixture->paths);
      g_autoptr(GKeyFile) key_file = g_key_file_new ();
      g_autoptr(GError) error = NULL;
      g_autofree char *contents = NULL;

      g_assert_true (g_key_file_load_from_data (key_file, "[courrier]\nversion=1\n" GOOD_GROUP, -1,
                                                G_KEY_FILE_NONE, NULL));
      g_key_file_set_string (key_file, "account good-1", spoilers[i][0], spoilers[i][1]);
      contents = g_key_file_to_data (key_file, NULL, NULL);
      write_accounts_file (fixture, contents);

      if (cr_account_manager_load (manager, &error))
        g_error ("%s=%s accepted", spoilers[i][0], spoilers[i][1]);
      g_assert_error (error, CR_ACCOUNT_MANAGER_ERROR, CR_ACCOUNT_MANAGER_ERROR_BROKEN_ACCOUNT);
      g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (manager)), ==, 0);
    }
}

static void
test_optional_keys (Fixture       *fixture,
                    gconstpointer  data)
{
  g_autoptr(CrAccountManager) manager = NULL;
  CrAccount *account;

  /* Settings added later default sensibly when an older file lacks them. */
  write_accounts_file (fixture, "[courrier]\nversion=1\n\n" GOOD_GROUP);
  manager = load_manager (fixture);
  account = cr_account_manager_lookup (manager, "good-1");
  g_assert_nonnull (account);
  g_assert_cmpstr (cr_account_get_organisation (account), ==, "");
  g_assert_cmpstr (cr_server_get_login (cr_account_get_incoming (account)), ==, "");
  g_assert_true (cr_account_get_leave_on_server (account));
  g_assert_cmpuint (cr_account_get_delete_after_days (account), ==, 14);
  g_assert_true (cr_account_get_remember_password (account));
}

int
main (int   argc,
      char *argv[])
{
  /* Throw-away HOME and XDG folders (GLib 2.74’s own
   * G_TEST_OPTION_ISOLATE_DIRS leaks, which fails the ASan build). */
  g_autofree char *env_dir = cr_test_env_setup ();
  int ret;

  g_test_init (&argc, &argv, NULL);

#define ADD(path, func) \
  g_test_add ("/account-manager/" path, Fixture, NULL, fixture_set_up, func, fixture_tear_down)

  ADD ("missing-file", test_missing_file);
  ADD ("round-trip", test_round_trip);
  ADD ("atomic", test_atomic);
  ADD ("signals", test_signals);
  ADD ("bad-changes", test_bad_changes);
  ADD ("save-fails", test_save_fails);
  ADD ("corrupt-file", test_corrupt_file);
  ADD ("unknown-version", test_unknown_version);
  ADD ("cannot-keep-aside", test_cannot_keep_aside);
  ADD ("broken-group", test_broken_group);
  ADD ("broken-values", test_broken_values);
  ADD ("optional-keys", test_optional_keys);

#undef ADD

  ret = g_test_run ();
  cr_test_env_teardown (env_dir);

  return ret;
}
