/* cr-net-error.c — what can go wrong while reaching a mail server
 *
 * GIO reports low-level causes (resolver, socket, TLS); the setup assistant
 * and the sync engine need a short list of cases they can explain to a
 * person, each with the original text kept in the message.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <glib/gi18n-lib.h>

#include "cr-net-error.h"

G_DEFINE_QUARK (cr-net-error-quark, cr_net_error)

static gboolean
is_host_not_found (const GError *error)
{
  return g_error_matches (error, G_RESOLVER_ERROR, G_RESOLVER_ERROR_NOT_FOUND) ||
         g_error_matches (error, G_RESOLVER_ERROR, G_RESOLVER_ERROR_TEMPORARY_FAILURE) ||
         g_error_matches (error, G_IO_ERROR, G_IO_ERROR_HOST_NOT_FOUND);
}

static gboolean
is_unreachable (const GError *error)
{
  return g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CONNECTION_REFUSED) ||
         g_error_matches (error, G_IO_ERROR, G_IO_ERROR_HOST_UNREACHABLE) ||
         g_error_matches (error, G_IO_ERROR, G_IO_ERROR_NETWORK_UNREACHABLE);
}

/**
 * cr_net_error_from_gio:
 * @error: an error from GIO (resolver, socket, TLS or stream)
 * @host: the server it happened with
 * @port: its port
 *
 * Returns: (transfer full): a #CR_NET_ERROR error saying what happened in
 *   words a person understands, or a copy of @error if it was a
 *   cancellation or already a #CR_NET_ERROR
 */
GError *
cr_net_error_from_gio (const GError *error,
                       const char   *host,
                       guint16       port)
{
  g_return_val_if_fail (error != NULL, NULL);
  g_return_val_if_fail (host != NULL, NULL);

  if (error->domain == CR_NET_ERROR ||
      g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return g_error_copy (error);

  if (is_host_not_found (error))
    return g_error_new (CR_NET_ERROR, CR_NET_ERROR_HOST_NOT_FOUND,
                        /* Translators: %s is a server name, the second %s the reason */
                        _("The server “%s” could not be found: %s"),
                        host, error->message);

  if (is_unreachable (error))
    return g_error_new (CR_NET_ERROR, CR_NET_ERROR_CONNECTION_REFUSED,
                        /* Translators: %s is a server name, %u a port, the second %s the reason */
                        _("Could not connect to “%s” on port %u: %s"),
                        host, (guint) port, error->message);

  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_TIMED_OUT))
    return g_error_new (CR_NET_ERROR, CR_NET_ERROR_TIMEOUT,
                        /* Translators: %s is a server name, the second %s the reason */
                        _("The server “%s” did not answer in time: %s"),
                        host, error->message);

  if (error->domain == G_TLS_ERROR)
    return g_error_new (CR_NET_ERROR, CR_NET_ERROR_TLS_FAILED,
                        /* Translators: %s is a server name, the second %s the reason */
                        _("The secure connection to “%s” failed: %s"),
                        host, error->message);

  return g_error_new (CR_NET_ERROR, CR_NET_ERROR_CONNECTION_LOST,
                      /* Translators: %s is a server name, the second %s the reason */
                      _("The connection to “%s” was lost: %s"),
                      host, error->message);
}
