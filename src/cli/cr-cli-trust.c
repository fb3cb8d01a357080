/* cr-cli-trust.c — courrier-cli trust HOST:PORT SHA256
 *
 * Pins a certificate the person has checked (by its SHA-256 fingerprint,
 * as printed when a command met it) to one server and port, exactly what
 * approving it in the application does.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <glib/gi18n.h>
#include <string.h>

#include "cr-account-validate.h"
#include "cr-certificate-store.h"
#include "cr-cli.h"
#include "cr-cli-commands.h"

static gboolean
not_host_port (const char  *text,
               GError     **error)
{
  g_set_error (error, CR_CLI_ERROR, CR_CLI_ERROR_USAGE,
               /* Translators: %s is what was typed; keep HOST:PORT as is */
               _("“%s” is not HOST:PORT."), text);
  return FALSE;
}

/* “host:993”, or “[2001:db8::1]:993”: an IPv6 address needs brackets. */
static gboolean
parse_host_port (const char  *text,
                 char       **out_host,
                 guint16     *out_port,
                 GError     **error)
{
  g_autofree char *host = NULL;
  const char *port_text;

  if (text[0] == '[')
    {
      const char *end = strchr (text, ']');

      if (end == NULL || end[1] != ':')
        return not_host_port (text, error);
      host = g_strndup (text + 1, end - text - 1);
      port_text = end + 2;
    }
  else
    {
      const char *colon = strchr (text, ':');

      if (colon == NULL || strchr (colon + 1, ':') != NULL)
        return not_host_port (text, error);
      host = g_strndup (text, colon - text);
      port_text = colon + 1;
    }

  if (*host == '\0')
    return not_host_port (text, error);

  if (!cr_account_check_host (host, error) ||
      !cr_account_parse_port (port_text, out_port, error))
    return FALSE;

  *out_host = g_steal_pointer (&host);
  return TRUE;
}

int
cr_cli_trust (CrCli  *cli,
              int     argc,
              char  **argv)
{
  g_autoptr(GOptionContext) options = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *host = NULL;
  g_autofree char *fingerprint = NULL;
  CrCertificateStore *store;
  guint16 port = 0;
  int status;

  options = cr_cli_option_context_new (cli, "trust", N_("HOST:PORT SHA256"),
                                       N_("Trusts the certificate with this SHA-256 fingerprint "
                                          "for this server and port only. Check the fingerprint "
                                          "with the server’s administrator first."));
  if (!cr_cli_parse (cli, options, &argc, &argv, &status))
    return status;
  if (argc != 3)
    return cr_cli_usage_error (cli, _("Give the server as HOST:PORT and the certificate’s fingerprint."));

  if (!parse_host_port (argv[1], &host, &port, &error))
    return cr_cli_usage_error (cli, error->message);

  if (!(fingerprint = cr_certificate_normalize_fingerprint (argv[2])))
    {
      /* Translators: %s is what was typed */
      g_autofree char *message = g_strdup_printf (_("“%s” is not a SHA-256 fingerprint "
                                                    "(32 pairs of hexadecimal digits)."),
                                                  argv[2]);

      return cr_cli_usage_error (cli, message);
    }

  store = cr_context_get_certificate_store (cr_cli_get_context (cli));
  if (!cr_certificate_store_trust_fingerprint (store, host, port, fingerprint, &error))
    return cr_cli_report_error (error);

  /* Translators: the first %s is a fingerprint, then a server and a port */
  g_print (_("The certificate %s is trusted for %s, port %u.\n"), fingerprint, host, port);

  return CR_CLI_EXIT_OK;
}
