/* test-sasl.c — a missing Cyrus SASL plugin is named, not taken for a
 * wrong password
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include <glib/gstdio.h>
#include <string.h>

#include "cr-net-error.h"
#include "cr-sasl.h"
#include "cr-test-env.h"

static void
test_missing_plugins (void)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *empty = g_dir_make_tmp ("cr-sasl-XXXXXX", &error);

  g_assert_no_error (error);

  /* Cyrus SASL looks for its plugins in $SASL_PATH: an empty folder is
   * a system without libsasl2-modules. */
  g_setenv ("SASL_PATH", empty, TRUE);
  g_assert_false (cr_sasl_has_mechanism ("CRAM-MD5"));
  g_assert_false (cr_sasl_check_mechanism ("CRAM-MD5", &error));
  g_assert_error (error, CR_NET_ERROR, CR_NET_ERROR_AUTH_METHOD_UNAVAILABLE);
  g_assert_nonnull (strstr (error->message, "CRAM-MD5"));
  g_unsetenv ("SASL_PATH");

  g_assert_cmpint (g_rmdir (empty), ==, 0);
}

int
main (int   argc,
      char *argv[])
{
  g_autofree char *env_dir = cr_test_env_setup ();
  int ret;

  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/sasl/missing-plugins", test_missing_plugins);

  ret = g_test_run ();
  cr_test_env_teardown (env_dir);

  return ret;
}
