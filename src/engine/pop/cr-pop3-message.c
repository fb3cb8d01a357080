/* cr-pop3-message.c — the store's header row and search text of a
 * downloaded message
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include "cr-mime-message.h"
#include "cr-pop3-message.h"

typedef void (*AddAddress) (CrMessageInfo *info,
                            const char    *name,
                            const char    *address);

static void
add_addresses (CrMessageInfo *info,
               GPtrArray     *addresses,
               AddAddress     add)
{
  for (guint i = 0; i < addresses->len; i++)
    {
      const CrMimeAddress *address = g_ptr_array_index (addresses, i);

      add (info, address->name, address->address);
    }
}

static char *
join_references (CrMimeMessage *message)
{
  const char * const *references = cr_mime_message_get_references (message);

  if (references[0] == NULL)
    return NULL;

  return g_strjoinv (" ", (char **) references);
}

static char **
attachment_names (CrMimeMessage *message)
{
  GPtrArray *attachments = cr_mime_message_get_attachments (message);
  g_autoptr(GStrvBuilder) builder = g_strv_builder_new ();
  gboolean any = FALSE;

  for (guint i = 0; i < attachments->len; i++)
    {
      const char *name = cr_mime_part_get_filename (g_ptr_array_index (attachments, i));

      if (name != NULL && *name != '\0')
        {
          g_strv_builder_add (builder, name);
          any = TRUE;
        }
    }

  return any ? g_strv_builder_end (builder) : NULL;
}

CrMessageInfo *
cr_pop3_message_info_new (GBytes  *raw,
                          gint64   received,
                          char   **out_text)
{
  g_autoptr(CrMimeMessage) message = cr_mime_message_new_from_bytes (raw, CR_MIME_PARSE_DEFAULT);
  CrMessageInfo *info = cr_message_info_new ();
  GPtrArray *from = cr_mime_message_get_from (message);
  GDateTime *date = cr_mime_message_get_date (message);

  info->message_id = g_strdup (cr_mime_message_get_message_id (message));
  info->subject = g_strdup (cr_mime_message_get_subject (message));
  if (from->len > 0)
    {
      const CrMimeAddress *sender = g_ptr_array_index (from, 0);

      info->from_name = g_strdup (sender->name);
      info->from_address = g_strdup (sender->address);
    }
  add_addresses (info, cr_mime_message_get_to (message), cr_message_info_add_to);
  add_addresses (info, cr_mime_message_get_cc (message), cr_message_info_add_cc);
  /* Without a readable Date the download time sorts it sensibly. */
  info->date = date != NULL ? g_date_time_to_unix (date) : received;
  info->internal_date = received;
  info->size = (gint64) g_bytes_get_size (raw);
  info->attachment_names = attachment_names (message);
  info->has_attachment = cr_mime_message_get_attachments (message)->len > 0;
  info->references = join_references (message);
  info->in_reply_to = g_strdup (cr_mime_message_get_in_reply_to (message));
  info->preview = g_strdup (cr_mime_message_get_preview (message));

  if (out_text != NULL)
    *out_text = cr_mime_message_get_text_for_search (message);

  return info;
}
