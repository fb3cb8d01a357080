/* cr-setup-util.c — addresses, host names and logins, checked
 *
 * Settings found on the network come from strangers. A host name or a
 * login template is accepted only when it cannot do more than name a
 * server: no spaces, slashes or control characters, no absurd lengths,
 * and no placeholder that would carry the person’s address to a host
 * the file chose (“%EMAILLOCALPART%.attacker.example”).
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <glib/gi18n-lib.h>
#include <string.h>

#include "cr-setup-util.h"

G_DEFINE_QUARK (cr-setup-error-quark, cr_setup_error)

static gboolean
local_part_is_valid (const char *local_part)
{
  gsize len = strlen (local_part);

  if (len == 0 || len > 64)
    return FALSE;

  for (const char *p = local_part; *p != '\0'; p++)
    {
      guchar c = (guchar) *p;

      /* Spaces, controls and the characters that would end a header or
       * a command line have no place in a login. */
      if (c <= ' ' || c == 0x7f || c == '<' || c == '>' || c == '(' ||
          c == ')' || c == ',' || c == ';' || c == ':' || c == '\\' ||
          c == '"' || c == '[' || c == ']' || c == '%')
        return FALSE;
    }

  return TRUE;
}

/**
 * cr_setup_split_address:
 *
 * Splits “someone@example.org” and checks both halves. The domain comes
 * back in lower case.
 */
gboolean
cr_setup_split_address (const char  *address,
                        char       **out_local_part,
                        char       **out_domain,
                        GError     **error)
{
  g_autofree char *local_part = NULL;
  g_autofree char *domain = NULL;
  const char *at;

  g_return_val_if_fail (address != NULL, FALSE);

  at = strrchr (address, '@');
  if (at != NULL && strlen (address) <= 254 && g_utf8_validate (address, -1, NULL))
    {
      local_part = g_strndup (address, at - address);
      domain = g_ascii_strdown (at + 1, -1);
    }

  if (local_part == NULL ||
      !local_part_is_valid (local_part) ||
      !cr_setup_hostname_is_valid (domain) ||
      g_hostname_is_ip_address (domain) ||
      strchr (domain, '.') == NULL)
    {
      g_set_error (error, CR_SETUP_ERROR, CR_SETUP_ERROR_INVALID_ADDRESS,
                   /* Translators: %s is what the person typed as their address */
                   _("“%s” is not an e-mail address like “name@example.org”."),
                   address);
      return FALSE;
    }

  if (out_local_part != NULL)
    *out_local_part = g_steal_pointer (&local_part);
  if (out_domain != NULL)
    *out_domain = g_steal_pointer (&domain);

  return TRUE;
}

static gboolean
label_is_valid (const char *label,
                gsize       len)
{
  if (len == 0 || len > 63 || label[0] == '-' || label[len - 1] == '-')
    return FALSE;

  for (gsize i = 0; i < len; i++)
    if (!g_ascii_isalnum (label[i]) && label[i] != '-')
      return FALSE;

  return TRUE;
}

/**
 * cr_setup_hostname_is_valid:
 *
 * Returns: whether @host is an ASCII DNS name (labels of letters, digits
 *   and hyphens) or an IP address, and nothing else
 */
gboolean
cr_setup_hostname_is_valid (const char *host)
{
  const char *label;
  gsize len;

  if (host == NULL)
    return FALSE;

  len = strlen (host);
  if (len == 0 || len > 253)
    return FALSE;

  if (g_hostname_is_ip_address (host))
    return TRUE;

  label = host;
  for (const char *p = host; ; p++)
    {
      if (*p == '.' || *p == '\0')
        {
          if (!label_is_valid (label, p - label))
            return FALSE;
          if (*p == '\0')
            break;
          label = p + 1;
        }
    }

  return TRUE;
}

typedef enum
{
  ALLOW_DOMAIN = 1 << 0,
  ALLOW_LOCAL_PART = 1 << 1,
  ALLOW_ADDRESS = 1 << 2,
} Placeholders;

static char *
expand (const char    *pattern,
        const char    *address,
        Placeholders   allowed,
        GError       **error)
{
  g_autoptr(GString) out = g_string_new (NULL);
  g_autofree char *local_part = NULL;
  g_autofree char *domain = NULL;

  if (!cr_setup_split_address (address, &local_part, &domain, error))
    return NULL;

  for (const char *p = pattern; *p != '\0'; )
    {
      if (*p != '%')
        {
          g_string_append_c (out, *p++);
        }
      else if (g_str_has_prefix (p, "%EMAILADDRESS%") && (allowed & ALLOW_ADDRESS))
        {
          g_string_append (out, address);
          p += strlen ("%EMAILADDRESS%");
        }
      else if (g_str_has_prefix (p, "%EMAILLOCALPART%") && (allowed & ALLOW_LOCAL_PART))
        {
          g_string_append (out, local_part);
          p += strlen ("%EMAILLOCALPART%");
        }
      else if (g_str_has_prefix (p, "%EMAILDOMAIN%") && (allowed & ALLOW_DOMAIN))
        {
          g_string_append (out, domain);
          p += strlen ("%EMAILDOMAIN%");
        }
      else
        {
          g_set_error (error, CR_SETUP_ERROR, CR_SETUP_ERROR_INVALID_CONFIG,
                       _("The settings contain a placeholder that is not allowed here."));
          return NULL;
        }

      if (out->len > CR_SETUP_MAX_VALUE_LENGTH)
        {
          g_set_error (error, CR_SETUP_ERROR, CR_SETUP_ERROR_INVALID_CONFIG,
                       _("The settings contain a value that is too long."));
          return NULL;
        }
    }

  return g_string_free (g_steal_pointer (&out), FALSE);
}

static gboolean
login_is_plain (const char *login)
{
  if (login[0] == '\0' || !g_utf8_validate (login, -1, NULL))
    return FALSE;

  for (const char *p = login; *p != '\0'; p++)
    if ((guchar) *p <= ' ' || *p == 0x7f)
      return FALSE;

  return TRUE;
}

/**
 * cr_setup_expand_login:
 *
 * Expands %EMAILADDRESS%, %EMAILLOCALPART% and %EMAILDOMAIN% in a login
 * template. The result must be a plain login: no spaces or controls.
 *
 * Returns: (transfer full) (nullable): the login
 */
char *
cr_setup_expand_login (const char  *pattern,
                       const char  *address,
                       GError     **error)
{
  g_autofree char *login = NULL;

  g_return_val_if_fail (pattern != NULL, NULL);
  g_return_val_if_fail (address != NULL, NULL);

  login = expand (pattern, address, ALLOW_ADDRESS | ALLOW_LOCAL_PART | ALLOW_DOMAIN, error);
  if (login == NULL)
    return NULL;

  if (!login_is_plain (login))
    {
      g_set_error (error, CR_SETUP_ERROR, CR_SETUP_ERROR_INVALID_CONFIG,
                   _("The settings contain an invalid login."));
      return NULL;
    }

  return g_steal_pointer (&login);
}

/**
 * cr_setup_expand_hostname:
 *
 * Expands %EMAILDOMAIN% only: a host name built from the person’s login
 * or address would send it to whoever owns that name.
 *
 * Returns: (transfer full) (nullable): the host name, in lower case
 */
char *
cr_setup_expand_hostname (const char  *pattern,
                          const char  *address,
                          GError     **error)
{
  g_autofree char *host = NULL;
  g_autofree char *lower = NULL;

  g_return_val_if_fail (pattern != NULL, NULL);
  g_return_val_if_fail (address != NULL, NULL);

  host = expand (pattern, address, ALLOW_DOMAIN, error);
  if (host == NULL)
    return NULL;

  lower = g_ascii_strdown (host, -1);
  if (!cr_setup_hostname_is_valid (lower))
    {
      g_set_error (error, CR_SETUP_ERROR, CR_SETUP_ERROR_INVALID_CONFIG,
                   _("The settings contain an invalid server name."));
      return NULL;
    }

  return g_steal_pointer (&lower);
}

/**
 * cr_setup_mx_matches:
 * @suffix: a suffix starting with a dot, “.mail.ovh.net”
 *
 * Returns: whether @mx_host is @suffix without its dot or a name under it,
 *   case-insensitively; a trailing dot on @mx_host is ignored
 */
gboolean
cr_setup_mx_matches (const char *mx_host,
                     const char *suffix)
{
  g_autofree char *host = NULL;
  gsize host_len;
  gsize suffix_len;

  g_return_val_if_fail (suffix != NULL && suffix[0] == '.', FALSE);

  if (mx_host == NULL)
    return FALSE;

  host = g_ascii_strdown (mx_host, -1);
  host_len = strlen (host);
  if (host_len > 0 && host[host_len - 1] == '.')
    host[--host_len] = '\0';

  if (g_ascii_strcasecmp (host, suffix + 1) == 0)
    return TRUE;

  suffix_len = strlen (suffix);
  return host_len > suffix_len &&
         g_ascii_strcasecmp (host + host_len - suffix_len, suffix) == 0;
}
