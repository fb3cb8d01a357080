/* cr-pop3-listing.c — what a POP3 mailbox holds: numbers, sizes, UIDLs
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <glib/gi18n-lib.h>

#include "cr-net-error.h"
#include "cr-pop3-listing.h"

/* Messages asked for with TOP before reading the first answer. */
#define TOP_WINDOW 64

/* Reads the "N rest" lines of a LIST or UIDL answer into @by_number. */
static gboolean
parse_numbered_lines (GBytes      *body,
                      GHashTable  *by_number,
                      GPtrArray   *entries,
                      gboolean     is_uidl)
{
  gsize size = 0;
  const char *data = g_bytes_get_data (body, &size);
  /* An empty mailbox gives empty bytes, whose data may be NULL. */
  g_autofree char *text = size > 0 ? g_strndup (data, size) : g_strdup ("");
  g_auto(GStrv) lines = g_strsplit (text, "\n", -1);

  for (guint i = 0; lines[i] != NULL; i++)
    {
      char *line = g_strstrip (lines[i]);
      char *end = NULL;
      guint64 number;
      CrPop3Entry *entry;

      if (*line == '\0')
        continue;
      number = g_ascii_strtoull (line, &end, 10);
      if (end == line || number == 0 || number > G_MAXUINT)
        return FALSE;
      end = g_strchug (end);

      entry = g_hash_table_lookup (by_number, GUINT_TO_POINTER ((guint) number));
      if (is_uidl)
        {
          /* UIDL of a number LIST did not give: ignore it. */
          if (entry != NULL && *end != '\0')
            {
              g_free (entry->uidl);
              entry->uidl = g_strdup (end);
            }
        }
      else if (entry == NULL)
        {
          entry = g_new0 (CrPop3Entry, 1);
          entry->number = (guint) number;
          entry->size = g_ascii_strtoll (end, NULL, 10);
          g_hash_table_insert (by_number, GUINT_TO_POINTER (entry->number), entry);
          g_ptr_array_add (entries, entry);
        }
    }

  return TRUE;
}

static gint
compare_entries (gconstpointer a,
                 gconstpointer b)
{
  const CrPop3Entry *x = *(const CrPop3Entry * const *) a;
  const CrPop3Entry *y = *(const CrPop3Entry * const *) b;

  return (x->number > y->number) - (x->number < y->number);
}

static GBytes *
read_answer (CrPop3Wire  *wire,
             gboolean    *out_refused,
             GError     **error)
{
  if (!cr_pop3_wire_read_status (wire, out_refused, error))
    return NULL;

  return cr_pop3_wire_read_multiline (wire, error);
}

/* Two identical messages have identical headers: the second one gets
 * "#2" so that both are downloaded. */
static gboolean
hash_headers (CrPop3Wire    *wire,
              GPtrArray     *entries,
              gboolean       pipelining,
              GCancellable  *cancellable,
              GError       **error)
{
  g_autoptr(GHashTable) seen = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  guint window = pipelining ? TOP_WINDOW : 1;
  guint sent = 0;

  for (guint got = 0; got < entries->len; got++)
    {
      CrPop3Entry *entry = g_ptr_array_index (entries, got);
      g_autoptr(GBytes) headers = NULL;
      g_autofree char *digest = NULL;
      guint count;

      for (; sent < entries->len && sent < got + window; sent++)
        if (!cr_pop3_wire_send (wire, error, "TOP %u 0",
                                ((CrPop3Entry *) g_ptr_array_index (entries, sent))->number))
          return FALSE;
      if (!cr_pop3_wire_flush (wire, error) ||
          g_cancellable_set_error_if_cancelled (cancellable, error))
        return FALSE;

      headers = read_answer (wire, NULL, error);
      if (headers == NULL)
        return FALSE;
      digest = g_compute_checksum_for_bytes (G_CHECKSUM_SHA256, headers);
      count = GPOINTER_TO_UINT (g_hash_table_lookup (seen, digest)) + 1;
      g_hash_table_insert (seen, g_strdup (digest), GUINT_TO_POINTER (count));
      entry->uidl = count == 1 ? g_strdup_printf ("top-sha256:%s", digest)
                               : g_strdup_printf ("top-sha256:%s#%u", digest, count);
    }

  return TRUE;
}

GPtrArray *
cr_pop3_listing_read (CrPop3Wire    *wire,
                      const char    *host,
                      gboolean       pipelining,
                      GCancellable  *cancellable,
                      GError       **error)
{
  g_autoptr(GHashTable) by_number = g_hash_table_new (NULL, NULL);
  g_autoptr(GPtrArray) entries = g_ptr_array_new_with_free_func ((GDestroyNotify) cr_pop3_entry_free);
  g_autoptr(GBytes) list = NULL;
  g_autoptr(GBytes) uidl = NULL;
  g_autoptr(GError) uidl_error = NULL;
  gboolean refused = FALSE;

  /* LIST first: its answer tells which numbers exist. */
  if (!cr_pop3_wire_send (wire, error, "LIST"))
    return NULL;
  if (!pipelining && !cr_pop3_wire_flush (wire, error))
    return NULL;
  if (!pipelining && (list = read_answer (wire, NULL, error)) == NULL)
    return NULL;
  if (!cr_pop3_wire_send (wire, error, "UIDL") || !cr_pop3_wire_flush (wire, error))
    return NULL;
  if (pipelining && (list = read_answer (wire, NULL, error)) == NULL)
    return NULL;
  uidl = read_answer (wire, &refused, &uidl_error);
  if (uidl == NULL && !refused)
    {
      g_propagate_error (error, g_steal_pointer (&uidl_error));
      return NULL;
    }

  if (!parse_numbered_lines (list, by_number, entries, FALSE) ||
      (uidl != NULL && !parse_numbered_lines (uidl, by_number, entries, TRUE)))
    {
      g_set_error (error, CR_NET_ERROR, CR_NET_ERROR_PROTOCOL,
                   /* Translators: %s is a server name */
                   _("The server “%s” gave an answer that is not POP3."), host);
      return NULL;
    }

  g_ptr_array_sort (entries, compare_entries);

  if (uidl == NULL)
    {
      g_message ("POP3 server %s does not support UIDL (%s): messages are recognised "
                 "by a hash of their headers (TOP n 0)", host, uidl_error->message);
      if (!hash_headers (wire, entries, pipelining, cancellable, error))
        return NULL;
    }

  /* A message LIST gave but UIDL forgot: without an id it cannot be
   * downloaded safely, so it is left alone. */
  for (guint i = entries->len; i > 0; i--)
    if (((CrPop3Entry *) g_ptr_array_index (entries, i - 1))->uidl == NULL)
      g_ptr_array_remove_index (entries, i - 1);

  return g_steal_pointer (&entries);
}
