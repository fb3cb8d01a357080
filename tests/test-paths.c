/* test-paths.c — where Courrier keeps its files
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include <glib/gstdio.h>
#include <string.h>
#include <sys/stat.h>

#include "cr-paths.h"
#include "cr-test-env.h"

static void
test_paths_default (void)
{
  g_autoptr(CrPaths) paths = cr_paths_new (NULL, NULL, "");
  g_autofree char *config = g_build_filename (g_get_user_config_dir (), "courrier", NULL);
  g_autofree char *data = g_build_filename (g_get_user_data_dir (), "courrier", NULL);
  g_autofree char *cache = g_build_filename (g_get_user_cache_dir (), "courrier", NULL);

  g_assert_cmpstr (cr_paths_get (paths, CR_PATH_CONFIG), ==, config);
  g_assert_cmpstr (cr_paths_get (paths, CR_PATH_DATA), ==, data);
  g_assert_cmpstr (cr_paths_get (paths, CR_PATH_CACHE), ==, cache);
}

static void
test_paths_override (void)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *tmp = g_dir_make_tmp ("cr-paths-XXXXXX", &error);
  g_autofree char *config = NULL;
  g_autofree char *accounts = NULL;
  g_autoptr(CrPaths) paths = NULL;
  GStatBuf st;

  g_assert_no_error (error);
  config = g_build_filename (tmp, "a", "b", "config", NULL);
  paths = cr_paths_new (config, tmp, tmp);

  g_assert_cmpstr (cr_paths_get (paths, CR_PATH_CONFIG), ==, config);
  g_assert_cmpstr (cr_paths_get (paths, CR_PATH_DATA), ==, tmp);

  accounts = cr_paths_build (paths, CR_PATH_CONFIG, "accounts.ini");
  g_assert_true (g_str_has_prefix (accounts, config));
  g_assert_true (g_str_has_suffix (accounts, "/accounts.ini"));

  /* Created on demand, parents too, private to the user. */
  g_assert_false (g_file_test (config, G_FILE_TEST_IS_DIR));
  g_assert_true (cr_paths_ensure (paths, CR_PATH_CONFIG, &error));
  g_assert_no_error (error);
  g_assert_cmpint (g_stat (config, &st), ==, 0);
  g_assert_cmpint (st.st_mode & 0777, ==, 0700);

  g_assert_cmpint (g_rmdir (config), ==, 0);
  g_autofree char *b = g_path_get_dirname (config);
  g_autofree char *a = g_path_get_dirname (b);
  g_assert_cmpint (g_rmdir (b), ==, 0);
  g_assert_cmpint (g_rmdir (a), ==, 0);
  g_assert_cmpint (g_rmdir (tmp), ==, 0);
}

static void
test_paths_ensure_fails (void)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *tmp = g_dir_make_tmp ("cr-paths-XXXXXX", &error);
  g_autofree char *file = g_build_filename (tmp, "file", NULL);
  g_autofree char *below = g_build_filename (file, "config", NULL);
  g_autoptr(CrPaths) paths = NULL;

  /* A plain file where a parent folder should be: a clear error. */
  g_assert_true (g_file_set_contents (file, "x", 1, &error));
  paths = cr_paths_new (below, NULL, NULL);
  g_assert_false (cr_paths_ensure (paths, CR_PATH_CONFIG, &error));
  g_assert_nonnull (error);
  g_assert_nonnull (strstr (error->message, below));

  g_assert_cmpint (g_unlink (file), ==, 0);
  g_assert_cmpint (g_rmdir (tmp), ==, 0);
}

int
main (int   argc,
      char *argv[])
{
  /* Not G_TEST_OPTION_ISOLATE_DIRS: GLib 2.74 leaks with it under ASan. */
  g_autofree char *env_dir = cr_test_env_setup ();
  int status;

  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/paths/default", test_paths_default);
  g_test_add_func ("/paths/override", test_paths_override);
  g_test_add_func ("/paths/ensure-fails", test_paths_ensure_fails);

  status = g_test_run ();
  cr_test_env_teardown (env_dir);

  return status;
}
