/* fuzz-mime.c — libFuzzer target: raw bytes → display model
 *
 * Everything the reader would call on a message it received, so that a
 * hostile message cannot crash, hang or leak: headers, address lists,
 * the MIME walk (libetpan underneath), charsets, previews, cid lookups.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include <stdint.h>
#include <string.h>

#include "cr-mime-message.h"

int LLVMFuzzerTestOneInput (const uint8_t *data,
                            size_t         size);

static void
touch_message (CrMimeMessage *message);

static void
touch_part (CrMimeMessage *message,
            CrMimePart    *part)
{
  const char *html = cr_mime_part_get_html (part);
  GPtrArray *blocks = cr_mime_part_get_text_blocks (part);
  CrMimeMessage *nested = cr_mime_part_get_message (part);
  const char *filename = cr_mime_part_get_filename (part);
  const char *text = cr_mime_part_get_text (part);

  g_assert (g_utf8_validate (cr_mime_part_get_content_type (part), -1, NULL) ||
            cr_mime_part_get_content_type (part) != NULL);
  g_assert (filename == NULL || g_utf8_validate (filename, -1, NULL));
  g_assert (filename == NULL || strchr (filename, '/') == NULL);
  g_assert (text == NULL || g_utf8_validate (text, -1, NULL));
  g_assert (cr_mime_part_get_size (part) == g_bytes_get_size (cr_mime_part_get_bytes (part)));

  if (blocks != NULL)
    for (guint i = 0; i < blocks->len; i++)
      {
        const CrMimeTextBlock *block = g_ptr_array_index (blocks, i);

        g_assert (g_utf8_validate (block->text, -1, NULL));
      }

  /* What the cid: URI scheme handler would ask for. */
  if (html != NULL)
    {
      const char *p = html;

      g_assert (g_utf8_validate (html, -1, NULL));
      while ((p = strstr (p, "cid:")) != NULL)
        {
          g_autofree char *cid = g_strndup (p, strcspn (p, "\"' >"));

          cr_mime_message_get_part_by_cid (message, cid);
          p += 4;
        }
    }

  if (nested != NULL)
    touch_message (nested);
}

static void
touch_addresses (GPtrArray *addresses)
{
  for (guint i = 0; i < addresses->len; i++)
    {
      g_autofree char *text = cr_mime_address_to_string (g_ptr_array_index (addresses, i));

      g_assert (g_utf8_validate (text, -1, NULL));
    }
}

static void
touch_message (CrMimeMessage *message)
{
  g_autofree char *search = cr_mime_message_get_text_for_search (message);
  g_autofree char *organization = cr_mime_message_dup_header (message, "Organization");
  GPtrArray *parts = cr_mime_message_get_body_parts (message);
  GPtrArray *attachments = cr_mime_message_get_attachments (message);

  g_assert (organization == NULL || g_utf8_validate (organization, -1, NULL));
  g_assert (g_utf8_validate (cr_mime_message_get_subject (message), -1, NULL));
  g_assert (g_utf8_validate (cr_mime_message_get_preview (message), -1, NULL));
  g_assert (g_utf8_validate (search, -1, NULL));
  touch_addresses (cr_mime_message_get_from (message));
  touch_addresses (cr_mime_message_get_to (message));
  touch_addresses (cr_mime_message_get_cc (message));

  for (guint i = 0; i < parts->len; i++)
    touch_part (message, g_ptr_array_index (parts, i));
  for (guint i = 0; i < attachments->len; i++)
    g_assert (cr_mime_part_get_filename (g_ptr_array_index (attachments, i)) != NULL);
}

int
LLVMFuzzerTestOneInput (const uint8_t *data,
                        size_t         size)
{
  g_autoptr(GBytes) raw = g_bytes_new (data, size);
  g_autofree char *text = g_strndup ((const char *) data, size);
  g_autofree char *decoded = NULL;
  g_autoptr(GPtrArray) addresses = NULL;
  CrMimeMessage *message;

  /* The same bytes as one header value. */
  decoded = cr_mime_decode_header (text);
  g_assert (g_utf8_validate (decoded, -1, NULL));
  if (cr_mime_parse_address_list (text, &addresses))
    touch_addresses (addresses);

  message = cr_mime_message_new_from_bytes (raw, size % 2 == 0 ? CR_MIME_PARSE_DEFAULT
                                                               : CR_MIME_PARSE_PREFER_PLAIN);
  touch_message (message);
  g_object_unref (message);

  return 0;
}
