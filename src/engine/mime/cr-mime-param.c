/* cr-mime-param.c — RFC 2231 parameters (filename*0*=UTF-8''…) as a
 * person reads them
 *
 * Continuations, percent-encoded charsets, and the RFC 2047 words that
 * clients put in parameters although no standard allows them; always
 * valid UTF-8.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <string.h>

#include "cr-mime-charset.h"
#include "cr-mime-header.h"
#include "cr-mime-header-private.h"

/* More continuation segments than any real filename needs. */
#define MAX_PARAM_SEGMENTS 256
/* As for encoded words (cr-mime-header.c). */
#define MAX_CHARSET_LENGTH 64

static const char *
find_param (const CrMimeParam *params,
            gsize              n_params,
            const char        *name)
{
  for (gsize i = 0; i < n_params; i++)
    if (params[i].name != NULL && params[i].value != NULL &&
        g_ascii_strcasecmp (params[i].name, name) == 0)
      return params[i].value;

  return NULL;
}

/* Values may reach us with or without their quotes. */
static char *
unquote (const char *value)
{
  gsize length = strlen (value);

  if (length >= 2 && value[0] == '"' && value[length - 1] == '"')
    return g_strndup (value + 1, length - 2);

  return g_strdup (value);
}

static void
percent_decode (const char *text,
                GByteArray *out)
{
  for (const char *p = text; *p != '\0'; p++)
    {
      guint8 byte = (guint8) *p;

      if (*p == '%' && g_ascii_xdigit_value (p[1]) >= 0 && g_ascii_xdigit_value (p[2]) >= 0)
        {
          byte = (guint8) (g_ascii_xdigit_value (p[1]) * 16 + g_ascii_xdigit_value (p[2]));
          p += 2;
        }
      g_byte_array_append (out, &byte, 1);
    }
}

/* “charset'language'text”: returns the text, sets the charset. Without two
 * quotes the sender forgot the prefix: all of it is text. */
static const char *
split_extended (const char  *value,
                char       **charset)
{
  const char *first = strchr (value, '\'');
  const char *second = first != NULL ? strchr (first + 1, '\'') : NULL;

  if (second == NULL)
    return value;

  if (first > value && first - value <= MAX_CHARSET_LENGTH)
    *charset = g_strndup (value, (gsize) (first - value));

  return second + 1;
}

/* name*0*, name*1, … until the first missing segment. */
static gboolean
collect_continuations (const CrMimeParam  *params,
                       gsize               n_params,
                       const char         *name,
                       GByteArray         *bytes,
                       char              **charset,
                       gboolean           *extended)
{
  gboolean found = FALSE;

  for (guint n = 0; n < MAX_PARAM_SEGMENTS; n++)
    {
      g_autofree char *plain_name = g_strdup_printf ("%s*%u", name, n);
      g_autofree char *ext_name = g_strdup_printf ("%s*%u*", name, n);
      const char *value;

      if ((value = find_param (params, n_params, ext_name)) != NULL)
        {
          g_autofree char *text = unquote (value);

          *extended = TRUE;
          percent_decode (n == 0 ? split_extended (text, charset) : text, bytes);
        }
      else if ((value = find_param (params, n_params, plain_name)) != NULL)
        {
          g_autofree char *text = unquote (value);

          g_byte_array_append (bytes, (const guint8 *) text, (guint) strlen (text));
        }
      else
        {
          break;
        }
      found = TRUE;
    }

  return found;
}

/**
 * cr_mime_decode_parameter:
 * @params: (array length=n_params): the parameters of one header
 * @n_params: how many
 * @name: the parameter wanted, e.g. “filename” or “name”
 *
 * Decodes @name from its RFC 2231 form (“name*=charset'lang'%XX”, or
 * “name*0*”/“name*1” continuations) when present, else from its plain
 * form, where RFC 2047 encoded words are decoded as real clients send
 * them in quoted filenames.
 *
 * Returns: (transfer full) (nullable): the value as valid UTF-8, or %NULL
 *   if there is no such parameter
 */
char *
cr_mime_decode_parameter (const CrMimeParam *params,
                          gsize              n_params,
                          const char        *name)
{
  g_autofree char *ext_name = NULL;
  g_autoptr(GByteArray) bytes = NULL;
  g_autofree char *charset = NULL;
  gboolean extended = FALSE;
  const char *value;

  g_return_val_if_fail (params != NULL || n_params == 0, NULL);
  g_return_val_if_fail (name != NULL, NULL);

  ext_name = g_strconcat (name, "*", NULL);
  bytes = g_byte_array_new ();

  if ((value = find_param (params, n_params, ext_name)) != NULL)
    {
      g_autofree char *text = unquote (value);

      extended = TRUE;
      percent_decode (split_extended (text, &charset), bytes);
    }
  else if (!collect_continuations (params, n_params, name, bytes, &charset, &extended))
    {
      g_autofree char *text = NULL;

      if ((value = find_param (params, n_params, name)) == NULL)
        return NULL;
      text = unquote (value);
      return cr_mime_decode_header (text);
    }

  if (!extended || charset == NULL)
    {
      /* Plain continuations: the joined text may hold encoded words. */
      g_byte_array_append (bytes, (const guint8 *) "", 1);
      return cr_mime_decode_header ((const char *) bytes->data);
    }

  return cr_mime_replace_controls (cr_mime_charset_to_utf8 ((const char *) bytes->data,
                                                           (gssize) bytes->len, charset));
}
