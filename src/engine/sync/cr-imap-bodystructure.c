/* cr-imap-bodystructure.c — attachments told by a BODYSTRUCTURE
 *
 * Read from the values of cr-imap-response.c (RFC 3501 §7.4.2 / 9):
 *   multipart: (part part … subtype [params [disposition …]])
 *   one part:  (type subtype params id description encoding octets
 *               [envelope body lines]   for message/rfc822
 *               [lines]                 for text/…
 *               [md5 [disposition …]])
 *   disposition: (type params) or NIL; params: (name value …) or NIL
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include "cr-imap-bodystructure.h"
#include "cr-mime-header.h"

static gboolean
is_list (const CrImapValue *values,
         guint              index)
{
  return index != 0 && values[index].kind == CR_IMAP_VALUE_LIST;
}

/* The index of @list's child @k, or 0 when there is none (0 is never a
 * child: it is the FETCH answer's own list). */
static guint
child (const CrImapValue *values,
       guint              list,
       guint              k)
{
  if (!is_list (values, list))
    return 0;

  for (guint c = list + 1, i = 0; c < values[list].next; c = values[c].next, i++)
    if (i == k)
      return c;

  return 0;
}

static gboolean
is (const CrImapValue *values,
    guint              index,
    const char        *word)
{
  return index != 0 && cr_imap_value_is (&values[index], word);
}

/* @name's value in the parameter list @list, RFC 2231 and RFC 2047
 * decoded. Only the parameters that may make it up are copied. */
static char *
decode_param (const CrImapValue *values,
              guint              list,
              const char        *name)
{
  g_autoptr(GPtrArray) owned = NULL;
  g_autoptr(GArray) params = NULL;
  guint end = is_list (values, list) ? values[list].next : 0;

  for (guint c = list + 1; end != 0 && c < end && values[c].next < end; c = values[values[c].next].next)
    {
      const CrImapValue *key = &values[c], *value = &values[key->next];
      CrMimeParam param;

      if (!cr_imap_value_has_prefix (key, name) || value->kind != CR_IMAP_VALUE_STRING)
        continue;
      if (params == NULL)
        {
          owned = g_ptr_array_new_with_free_func (g_free);
          params = g_array_new (FALSE, FALSE, sizeof (CrMimeParam));
        }
      param.name = cr_imap_value_dup (key);
      param.value = cr_imap_value_dup (value);
      g_ptr_array_add (owned, (char *) param.name);
      g_ptr_array_add (owned, (char *) param.value);
      g_array_append_val (params, param);
    }
  if (params == NULL)
    return NULL;

  return cr_mime_decode_parameter ((CrMimeParam *) (gpointer) params->data, params->len, name);
}

static gboolean
is_signature (const CrImapValue *values,
              guint              type,
              guint              subtype)
{
  return is (values, type, "application") &&
         (is (values, subtype, "pgp-signature") || is (values, subtype, "pkcs7-signature") ||
          is (values, subtype, "x-pkcs7-signature"));
}

/* A forwarded message without a file name is named after its subject. */
static char *
forwarded_name (const CrImapValue *values,
                guint              envelope)
{
  guint subject = child (values, envelope, 1);
  g_autofree char *raw = subject != 0 ? cr_imap_value_dup (&values[subject]) : NULL;
  g_autofree char *decoded = raw != NULL ? g_strstrip (cr_mime_decode_header (raw)) : NULL;

  return g_strdup_printf ("%s.eml", decoded != NULL && *decoded != '\0' ? decoded : "message");
}

/* A part is an attachment when it says so, or has a file name, or is a
 * forwarded message; an image inside multipart/related is part of the
 * HTML (a cid: picture) unless it says "attachment". */
static void
scan_part (const CrImapValue *values,
           guint              part,
           gboolean           in_related,
           GPtrArray         *names,
           gboolean          *found)
{
  guint type = child (values, part, 0), subtype = child (values, part, 1);
  guint envelope = 0, extension = 7, disposition;
  gboolean attachment_dsp, inline_dsp;
  g_autofree char *name = NULL;

  if (is (values, type, "message") && is (values, subtype, "rfc822") &&
      is_list (values, child (values, part, 7)) && is_list (values, child (values, part, 8)))
    {
      envelope = child (values, part, 7);
      extension = 10;
    }
  else if (is (values, type, "text"))
    extension = 8;

  disposition = child (values, part, extension + 1);
  attachment_dsp = is (values, child (values, disposition, 0), "attachment");
  inline_dsp = is (values, child (values, disposition, 0), "inline");

  name = decode_param (values, child (values, disposition, 1), "filename");
  if (name == NULL)
    name = decode_param (values, child (values, part, 2), "name");

  if (is_signature (values, type, subtype) && !attachment_dsp)
    return;
  if (in_related && !attachment_dsp)
    return;
  if (envelope != 0 && !inline_dsp && name == NULL)
    name = forwarded_name (values, envelope);
  if (!attachment_dsp && name == NULL)
    return;

  *found = TRUE;
  if (name != NULL)
    g_ptr_array_add (names, g_steal_pointer (&name));
}

static void
scan_body (const CrImapValue *values,
           guint              body,
           gboolean           in_related,
           GPtrArray         *names,
           gboolean          *found)
{
  guint first = body + 1, c;
  gboolean related;

  if (values[body].kind != CR_IMAP_VALUE_LIST || first >= values[body].next)
    return;
  if (values[first].kind != CR_IMAP_VALUE_LIST)
    {
      scan_part (values, body, in_related, names, found);
      return;
    }

  /* The subtype follows the parts. */
  for (c = first; c < values[body].next && values[c].kind == CR_IMAP_VALUE_LIST; c = values[c].next)
    ;
  related = c < values[body].next && cr_imap_value_is (&values[c], "related");

  /* The first part of multipart/related is the document itself. */
  for (c = first; c < values[body].next && values[c].kind == CR_IMAP_VALUE_LIST; c = values[c].next)
    scan_body (values, c, in_related || (related && c != first), names, found);
}

/**
 * cr_imap_bodystructure_attachments:
 * @values: a FETCH answer's values (cr_imap_response_parse_value())
 * @body: the index of its BODYSTRUCTURE, not 0
 * @out_names: (out) (transfer full) (nullable): the decoded file names
 *   (RFC 2231, RFC 2047), %NULL when there is none
 *
 * Returns: whether the message has attachments
 */
gboolean
cr_imap_bodystructure_attachments (const CrImapValue   *values,
                                   guint                body,
                                   char              ***out_names)
{
  g_autoptr(GPtrArray) names = g_ptr_array_new_with_free_func (g_free);
  gboolean found = FALSE;

  g_return_val_if_fail (values != NULL && body != 0, FALSE);
  g_return_val_if_fail (out_names != NULL, FALSE);

  scan_body (values, body, FALSE, names, &found);

  if (names->len > 0)
    {
      g_ptr_array_add (names, NULL);
      *out_names = (char **) g_ptr_array_free (g_steal_pointer (&names), FALSE);
    }
  else
    *out_names = NULL;

  return found;
}
