/* test-net-error.c — GIO errors classified for the person
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include <string.h>

#include "cr-net-error.h"
#include "cr-test-env.h"

typedef struct
{
  GQuark     domain;
  int        code;
  CrNetError expected;
} Case;

static void
test_classify (void)
{
  const Case cases[] = {
    { G_RESOLVER_ERROR, G_RESOLVER_ERROR_NOT_FOUND, CR_NET_ERROR_HOST_NOT_FOUND },
    { G_RESOLVER_ERROR, G_RESOLVER_ERROR_TEMPORARY_FAILURE, CR_NET_ERROR_HOST_NOT_FOUND },
    { G_IO_ERROR, G_IO_ERROR_HOST_NOT_FOUND, CR_NET_ERROR_HOST_NOT_FOUND },
    { G_IO_ERROR, G_IO_ERROR_CONNECTION_REFUSED, CR_NET_ERROR_CONNECTION_REFUSED },
    { G_IO_ERROR, G_IO_ERROR_HOST_UNREACHABLE, CR_NET_ERROR_CONNECTION_REFUSED },
    { G_IO_ERROR, G_IO_ERROR_NETWORK_UNREACHABLE, CR_NET_ERROR_CONNECTION_REFUSED },
    { G_IO_ERROR, G_IO_ERROR_TIMED_OUT, CR_NET_ERROR_TIMEOUT },
    { G_TLS_ERROR, G_TLS_ERROR_BAD_CERTIFICATE, CR_NET_ERROR_TLS_FAILED },
    { G_TLS_ERROR, G_TLS_ERROR_NOT_TLS, CR_NET_ERROR_TLS_FAILED },
    { G_TLS_ERROR, G_TLS_ERROR_HANDSHAKE, CR_NET_ERROR_TLS_FAILED },
    { G_IO_ERROR, G_IO_ERROR_BROKEN_PIPE, CR_NET_ERROR_CONNECTION_LOST },
    { G_IO_ERROR, G_IO_ERROR_CONNECTION_CLOSED, CR_NET_ERROR_CONNECTION_LOST },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autoptr(GError) original = g_error_new_literal (cases[i].domain, cases[i].code, "the original text");
      g_autoptr(GError) error = cr_net_error_from_gio (original, "mail.example.org", 993);

      g_assert_error (error, CR_NET_ERROR, (int) cases[i].expected);
      /* Which server, and what GIO said. */
      g_assert_nonnull (strstr (error->message, "mail.example.org"));
      g_assert_nonnull (strstr (error->message, "the original text"));
    }
}

static void
test_port_in_message (void)
{
  g_autoptr(GError) original = g_error_new_literal (G_IO_ERROR, G_IO_ERROR_CONNECTION_REFUSED, "Connection refused");
  g_autoptr(GError) error = cr_net_error_from_gio (original, "mail.example.org", 587);

  g_assert_nonnull (strstr (error->message, "587"));
}

static void
test_kept (void)
{
  g_autoptr(GError) cancelled = g_error_new_literal (G_IO_ERROR, G_IO_ERROR_CANCELLED, "Operation was cancelled");
  g_autoptr(GError) ours = g_error_new_literal (CR_NET_ERROR, CR_NET_ERROR_AUTH_FAILED, "no");
  g_autoptr(GError) a = cr_net_error_from_gio (cancelled, "mail.example.org", 993);
  g_autoptr(GError) b = cr_net_error_from_gio (ours, "mail.example.org", 993);

  /* Cancellation is not a failure to explain; ours are already explained. */
  g_assert_error (a, G_IO_ERROR, G_IO_ERROR_CANCELLED);
  g_assert_error (b, CR_NET_ERROR, CR_NET_ERROR_AUTH_FAILED);
  g_assert_cmpstr (b->message, ==, "no");
}

int
main (int   argc,
      char *argv[])
{
  g_autofree char *env_dir = cr_test_env_setup ();
  int ret;

  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/net-error/classify", test_classify);
  g_test_add_func ("/net-error/port-in-message", test_port_in_message);
  g_test_add_func ("/net-error/kept", test_kept);

  ret = g_test_run ();
  cr_test_env_teardown (env_dir);

  return ret;
}
