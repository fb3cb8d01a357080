/* test-smtp-limits.c — the SIZE each account's server announced, kept in
 * smtp-limits.ini: per account, forgotten when the server stops saying
 * it, and a damaged file read as “unknown” (the 25 MB rule of thumb)
 * then written whole again
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include <string.h>

#include "cr-smtp-limits.h"
#include "cr-test-env.h"

static CrPaths *
make_paths (void)
{
  static guint n;
  g_autofree char *dir = g_strdup_printf ("%s/limits%u", g_get_user_data_dir (), n++);

  return cr_paths_new (dir, dir, dir);
}

static void
test_per_account (void)
{
  g_autoptr(CrPaths) paths = make_paths ();

  g_assert_cmpuint (cr_smtp_limits_get_size (paths, "a"), ==, 0);
  cr_smtp_limits_note (paths, "a", 10 * 1024 * 1024);
  cr_smtp_limits_note (paths, "b", 2000);
  g_assert_cmpuint (cr_smtp_limits_get_size (paths, "a"), ==, 10 * 1024 * 1024);
  g_assert_cmpuint (cr_smtp_limits_get_size (paths, "b"), ==, 2000);

  /* The server no longer says: unknown again, the other kept. */
  cr_smtp_limits_note (paths, "b", 0);
  g_assert_cmpuint (cr_smtp_limits_get_size (paths, "b"), ==, 0);
  g_assert_cmpuint (cr_smtp_limits_get_size (paths, "a"), ==, 10 * 1024 * 1024);
}

static void
test_damaged (void)
{
  g_autoptr(CrPaths) paths = make_paths ();
  g_autofree char *path = cr_paths_build (paths, CR_PATH_DATA, "smtp-limits.ini");
  g_autofree char *dir = g_path_get_dirname (path);
  g_autofree char *warning = NULL;
  g_autofree char *none = NULL;

  g_assert_cmpint (g_mkdir_with_parents (dir, 0700), ==, 0);
  g_assert_true (g_file_set_contents (path, "[a\nsize=\xff\xfe\n[b]\nsize=-3\n", -1, NULL));

  /* Unreadable: unknown, so the default warns above 25 MB only. */
  g_assert_cmpuint (cr_smtp_limits_get_size (paths, "a"), ==, 0);
  g_assert_cmpuint (cr_smtp_limits_get_size (paths, "b"), ==, 0);
  none = cr_smtp_limits_check (paths, "a", 20 * 1000 * 1000);
  g_assert_null (none);
  warning = cr_smtp_limits_check (paths, "a", 30 * 1000 * 1000);
  g_assert_nonnull (warning);
  g_assert_nonnull (strstr (warning, "Many servers"));

  /* The next connection writes a good file over it. */
  cr_smtp_limits_note (paths, "a", 5000);
  g_assert_cmpuint (cr_smtp_limits_get_size (paths, "a"), ==, 5000);
}

int
main (int argc, char *argv[])
{
  g_autofree char *env_dir = cr_test_env_setup ();
  int ret;

  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/smtp-limits/per-account", test_per_account);
  g_test_add_func ("/smtp-limits/damaged", test_damaged);
  ret = g_test_run ();
  cr_test_env_teardown (env_dir);
  return ret;
}
