/* cr-sasl.c — what Cyrus SASL can do on this system
 *
 * libetpan authenticates with CRAM-MD5 through Cyrus SASL, whose
 * mechanisms are plugins from a separate package (libsasl2-modules on
 * Debian). Without the plugin, libetpan fails with the same code as a
 * wrong password: ask SASL first, so the person is told what is missing.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <glib/gi18n-lib.h>
#include <sasl/sasl.h>

#include "cr-net-error.h"
#include "cr-sasl.h"

/* libetpan's reference-counted sasl_client_init()/sasl_done(): exported,
 * but its header is not installed. */
void mailsasl_ref   (void);
void mailsasl_unref (void);

gboolean
cr_sasl_has_mechanism (const char *mechanism)
{
  const char **mechanisms;
  gboolean found = FALSE;

  g_return_val_if_fail (mechanism != NULL, FALSE);

  mailsasl_ref ();
  mechanisms = sasl_global_listmech ();
  for (guint i = 0; mechanisms != NULL && mechanisms[i] != NULL && !found; i++)
    found = g_ascii_strcasecmp (mechanisms[i], mechanism) == 0;
  mailsasl_unref ();

  return found;
}

gboolean
cr_sasl_check_mechanism (const char  *mechanism,
                         GError     **error)
{
  if (cr_sasl_has_mechanism (mechanism))
    return TRUE;

  g_set_error (error, CR_NET_ERROR, CR_NET_ERROR_AUTH_METHOD_UNAVAILABLE,
               /* Translators: %s is an authentication method such as CRAM-MD5 */
               _("The %s authentication method is not installed on this computer "
                 "(the Cyrus SASL modules are missing)."),
               mechanism);
  return FALSE;
}
