/* cr-account-validate.c — does an account make sense?
 *
 * Each problem has its own error code and a message that says which field
 * is wrong, so the setup assistant can point at it. Values are checked as
 * they are stored: cr_account_normalize() trims what was typed first.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <gio/gio.h>
#include <glib/gi18n-lib.h>
#include <libetpan/libetpan.h>
#include <string.h>

#include "cr-account-validate.h"

#define MAX_HOST_LENGTH  253
#define MAX_LABEL_LENGTH 63

G_DEFINE_QUARK (cr-account-error-quark, cr_account_error)

/* One DNS label in ASCII: letters, digits, inner hyphens. */
static gboolean
label_is_valid (const char *label,
                gsize       len)
{
  if (len == 0 || len > MAX_LABEL_LENGTH)
    return FALSE;

  if (label[0] == '-' || label[len - 1] == '-')
    return FALSE;

  for (gsize i = 0; i < len; i++)
    {
      if (!g_ascii_isalnum (label[i]) && label[i] != '-')
        return FALSE;
    }

  return TRUE;
}

/* A DNS name, possibly internationalised (bücher.example), as ASCII. */
static gboolean
dns_name_is_valid (const char *name,
                   gboolean    need_dot)
{
  g_autofree char *ascii = NULL;
  const char *label;
  gsize len;

  if (name == NULL || *name == '\0' || !g_utf8_validate (name, -1, NULL))
    return FALSE;

  ascii = g_hostname_to_ascii (name);
  if (ascii == NULL)
    return FALSE;

  len = strlen (ascii);
  if (len > MAX_HOST_LENGTH)
    return FALSE;

  if (need_dot && strchr (ascii, '.') == NULL)
    return FALSE;

  label = ascii;
  for (;;)
    {
      const char *dot = strchr (label, '.');
      gsize label_len = dot != NULL ? (gsize) (dot - label) : strlen (label);

      if (!label_is_valid (label, label_len))
        return FALSE;
      if (dot == NULL)
        break;
      label = dot + 1;
    }

  return TRUE;
}

/* A server: a DNS name (“localhost” is fine) or an IPv4/IPv6 literal. */
static gboolean
host_is_valid (const char *host)
{
  if (host == NULL || *host == '\0')
    return FALSE;

  if (g_hostname_is_ip_address (host))
    return TRUE;

  return dns_name_is_valid (host, FALSE);
}

/* RFC 5322 atext, plus any UTF-8 byte (RFC 6531 local parts). */
static gboolean
is_atext (char c)
{
  if ((guchar) c >= 0x80)
    return TRUE;

  return g_ascii_isalnum (c) || strchr ("!#$%&'*+-/=?^_`{|}~", c) != NULL;
}

static gboolean
local_part_is_valid (const char *local,
                     gsize       len)
{
  gboolean after_dot = TRUE;

  if (len == 0)
    return FALSE;

  /* A quoted local part: printable, with backslash escapes. */
  if (local[0] == '"')
    {
      if (len < 3 || local[len - 1] != '"')
        return FALSE;

      for (gsize i = 1; i < len - 1; i++)
        {
          if (local[i] == '\\')
            i++;
          else if (local[i] == '"')
            return FALSE;
        }

      return TRUE;
    }

  /* A dot-atom: no leading, trailing or doubled dot. */
  for (gsize i = 0; i < len; i++)
    {
      if (local[i] == '.')
        {
          if (after_dot)
            return FALSE;
          after_dot = TRUE;
        }
      else if (is_atext (local[i]))
        after_dot = FALSE;
      else
        return FALSE;
    }

  return !after_dot;
}

/* libetpan’s parser is lenient (it accepts “Name <a@b>” and drops spaces
 * and comments), so it must take the whole string, find no display name and
 * give back exactly what was typed; then each half is checked on its own.
 */
static gboolean
address_is_valid (const char *address)
{
  struct mailimf_mailbox *mailbox = NULL;
  const char *at;
  size_t index = 0;
  size_t len;
  gboolean parsed;

  if (address == NULL || !g_utf8_validate (address, -1, NULL))
    return FALSE;

  for (const char *p = address; *p != '\0'; p++)
    {
      if (g_ascii_isspace (*p) || g_ascii_iscntrl (*p) || *p == '<' || *p == '>' || *p == '(')
        return FALSE;
    }

  len = strlen (address);
  if (mailimf_mailbox_parse (address, len, &index, &mailbox) != MAILIMF_NO_ERROR)
    return FALSE;

  parsed = index == len &&
           mailbox->mb_display_name == NULL &&
           g_strcmp0 (mailbox->mb_addr_spec, address) == 0;
  mailimf_mailbox_free (mailbox);
  if (!parsed)
    return FALSE;

  at = strrchr (address, '@');
  if (at == NULL)
    return FALSE;

  return local_part_is_valid (address, (gsize) (at - address)) &&
         dns_name_is_valid (at + 1, TRUE);
}

/* A login goes into IMAP, POP3 and SMTP commands: no line breaks or other
 * control characters that could end the command early.
 */
static gboolean
login_is_valid (const char *login)
{
  if (!g_utf8_validate (login, -1, NULL))
    return FALSE;

  for (const char *p = login; *p != '\0'; p++)
    {
      if (g_ascii_iscntrl (*p))
        return FALSE;
    }

  return TRUE;
}

/**
 * cr_account_check_address:
 *
 * Whether @address is a bare e-mail address (“contact@bonvenon.fr”, not
 * “Name <contact@bonvenon.fr>”), internationalised domains included.
 */
gboolean
cr_account_check_address (const char  *address,
                          GError     **error)
{
  if (address == NULL || *address == '\0')
    {
      g_set_error_literal (error, CR_ACCOUNT_ERROR, CR_ACCOUNT_ERROR_INVALID_ADDRESS,
                           _("Enter your e-mail address."));
      return FALSE;
    }

  if (!address_is_valid (address))
    {
      g_set_error (error, CR_ACCOUNT_ERROR, CR_ACCOUNT_ERROR_INVALID_ADDRESS,
                   _("“%s” is not a valid e-mail address."), address);
      return FALSE;
    }

  return TRUE;
}

/**
 * cr_account_check_host:
 *
 * Whether @host is a server name or an IP address (no spaces, no
 * “imap://”); internationalised names are accepted.
 */
gboolean
cr_account_check_host (const char  *host,
                       GError     **error)
{
  if (!host_is_valid (host))
    {
      g_set_error (error, CR_ACCOUNT_ERROR, CR_ACCOUNT_ERROR_INVALID_HOST,
                   _("“%s” is not a valid server name."), host != NULL ? host : "");
      return FALSE;
    }

  return TRUE;
}

/**
 * cr_account_parse_port:
 * @text: a port as typed or as read from a file
 * @out_port: (out) (optional): the port
 *
 * Returns: %TRUE if @text is a whole number between 1 and 65535
 */
gboolean
cr_account_parse_port (const char  *text,
                       guint16     *out_port,
                       GError     **error)
{
  guint64 port = 0;

  if (text == NULL ||
      !g_ascii_isdigit (text[0]) ||
      !g_ascii_string_to_unsigned (text, 10, 1, G_MAXUINT16, &port, NULL))
    {
      g_set_error (error, CR_ACCOUNT_ERROR, CR_ACCOUNT_ERROR_INVALID_PORT,
                   _("The port “%s” is not a number between 1 and 65535."),
                   text != NULL ? text : "");
      return FALSE;
    }

  if (out_port != NULL)
    *out_port = (guint16) port;

  return TRUE;
}

static gboolean
validate_incoming (CrServer         *server,
                   CrValidateFlags   flags,
                   GError          **error)
{
  const char *host = cr_server_get_host (server);
  CrProtocol protocol = cr_server_get_protocol (server);

  if (protocol != CR_PROTOCOL_IMAP && protocol != CR_PROTOCOL_POP3)
    {
      g_set_error_literal (error, CR_ACCOUNT_ERROR, CR_ACCOUNT_ERROR_WRONG_PROTOCOL,
                           _("The incoming server must use IMAP or POP3."));
      return FALSE;
    }

  if (cr_server_get_auth_method (server) == CR_AUTH_APOP &&
      protocol != CR_PROTOCOL_POP3)
    {
      g_set_error_literal (error, CR_ACCOUNT_ERROR, CR_ACCOUNT_ERROR_WRONG_AUTH_METHOD,
                           _("APOP can only be used with a POP3 incoming server."));
      return FALSE;
    }

  if (*host == '\0')
    {
      g_set_error_literal (error, CR_ACCOUNT_ERROR, CR_ACCOUNT_ERROR_INVALID_HOST,
                           _("Enter the name of the incoming server."));
      return FALSE;
    }

  if (!host_is_valid (host))
    {
      g_set_error (error, CR_ACCOUNT_ERROR, CR_ACCOUNT_ERROR_INVALID_HOST,
                   _("The incoming server name “%s” is not valid."), host);
      return FALSE;
    }

  if (!login_is_valid (cr_server_get_login (server)))
    {
      g_set_error_literal (error, CR_ACCOUNT_ERROR, CR_ACCOUNT_ERROR_INVALID_LOGIN,
                           _("The identifier for the incoming server contains characters that cannot be sent."));
      return FALSE;
    }

  if (cr_server_get_security (server) == CR_SECURITY_NONE &&
      !(flags & CR_VALIDATE_ALLOW_INSECURE))
    {
      g_set_error (error, CR_ACCOUNT_ERROR, CR_ACCOUNT_ERROR_INSECURE,
                   _("The connection to the incoming server “%s” is not encrypted: your password would travel in clear text."),
                   host);
      return FALSE;
    }

  return TRUE;
}

static gboolean
validate_outgoing (CrServer         *server,
                   CrValidateFlags   flags,
                   GError          **error)
{
  const char *host = cr_server_get_host (server);

  if (cr_server_get_protocol (server) != CR_PROTOCOL_SMTP)
    {
      g_set_error_literal (error, CR_ACCOUNT_ERROR, CR_ACCOUNT_ERROR_WRONG_PROTOCOL,
                           _("The outgoing server must use SMTP."));
      return FALSE;
    }

  if (cr_server_get_auth_method (server) == CR_AUTH_APOP)
    {
      g_set_error_literal (error, CR_ACCOUNT_ERROR, CR_ACCOUNT_ERROR_WRONG_AUTH_METHOD,
                           _("APOP can only be used with a POP3 incoming server, not with the outgoing server."));
      return FALSE;
    }

  if (*host == '\0')
    {
      g_set_error_literal (error, CR_ACCOUNT_ERROR, CR_ACCOUNT_ERROR_INVALID_HOST,
                           _("Enter the name of the outgoing server."));
      return FALSE;
    }

  if (!host_is_valid (host))
    {
      g_set_error (error, CR_ACCOUNT_ERROR, CR_ACCOUNT_ERROR_INVALID_HOST,
                   _("The outgoing server name “%s” is not valid."), host);
      return FALSE;
    }

  if (!login_is_valid (cr_server_get_login (server)))
    {
      g_set_error_literal (error, CR_ACCOUNT_ERROR, CR_ACCOUNT_ERROR_INVALID_LOGIN,
                           _("The identifier for the outgoing server contains characters that cannot be sent."));
      return FALSE;
    }

  if (cr_server_get_security (server) == CR_SECURITY_NONE &&
      !(flags & CR_VALIDATE_ALLOW_INSECURE))
    {
      g_set_error (error, CR_ACCOUNT_ERROR, CR_ACCOUNT_ERROR_INSECURE,
                   _("The connection to the outgoing server “%s” is not encrypted: your password would travel in clear text."),
                   host);
      return FALSE;
    }

  return TRUE;
}

/**
 * cr_account_validate:
 * @flags: %CR_VALIDATE_ALLOW_INSECURE once the person has confirmed that
 *   an unencrypted connection is what they want
 *
 * Checks the identity, then the incoming server, then the outgoing one, and
 * reports the first problem found.
 */
gboolean
cr_account_validate (CrAccount        *account,
                     CrValidateFlags   flags,
                     GError          **error)
{
  const char *display_name;
  const char *reply_to;

  g_return_val_if_fail (CR_IS_ACCOUNT (account), FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  display_name = cr_account_get_display_name (account);
  if (*display_name == '\0' || !g_utf8_validate (display_name, -1, NULL))
    {
      g_set_error_literal (error, CR_ACCOUNT_ERROR, CR_ACCOUNT_ERROR_MISSING_NAME,
                           _("Enter your name as the people you write to will see it."));
      return FALSE;
    }

  if (!cr_account_check_address (cr_account_get_address (account), error))
    return FALSE;

  reply_to = cr_account_get_reply_to (account);
  if (*reply_to != '\0' && !address_is_valid (reply_to))
    {
      g_set_error (error, CR_ACCOUNT_ERROR, CR_ACCOUNT_ERROR_INVALID_ADDRESS,
                   _("The reply-to address “%s” is not a valid e-mail address."), reply_to);
      return FALSE;
    }

  return validate_incoming (cr_account_get_incoming (account), flags, error) &&
         validate_outgoing (cr_account_get_outgoing (account), flags, error);
}

static char *
strip_dup (const char *text)
{
  return g_strstrip (g_strdup (text));
}

static void
normalize_server (CrServer *server)
{
  g_autofree char *host = strip_dup (cr_server_get_host (server));
  g_autofree char *login = strip_dup (cr_server_get_login (server));

  cr_server_set_host (server, host);
  cr_server_set_login (server, login);
}

/**
 * cr_account_normalize:
 *
 * Trims the spaces typed or pasted around the name, the addresses, the
 * server names and the identifiers. The signature is left as it is.
 */
void
cr_account_normalize (CrAccount *account)
{
  g_autofree char *display_name = NULL;
  g_autofree char *address = NULL;
  g_autofree char *reply_to = NULL;

  g_return_if_fail (CR_IS_ACCOUNT (account));

  display_name = strip_dup (cr_account_get_display_name (account));
  address = strip_dup (cr_account_get_address (account));
  reply_to = strip_dup (cr_account_get_reply_to (account));

  cr_account_set_display_name (account, display_name);
  cr_account_set_address (account, address);
  cr_account_set_reply_to (account, reply_to);
  normalize_server (cr_account_get_incoming (account));
  normalize_server (cr_account_get_outgoing (account));
}
