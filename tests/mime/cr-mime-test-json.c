/* cr-mime-test-json.c — a display model as JSON, to compare with the corpus
 *
 * Expectations are written by hand and list only what they assert: every
 * member of an expected object must match, arrays must have the same
 * length, and {"$contains": "text"} matches a string containing it.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include <string.h>

#include "cr-mime-test-json.h"

static void
add_addresses (JsonBuilder *builder,
               const char  *member,
               GPtrArray   *addresses)
{
  json_builder_set_member_name (builder, member);
  json_builder_begin_array (builder);
  for (guint i = 0; i < addresses->len; i++)
    {
      g_autofree char *text = cr_mime_address_to_string (g_ptr_array_index (addresses, i));

      json_builder_add_string_value (builder, text);
    }
  json_builder_end_array (builder);
}

static void
add_string (JsonBuilder *builder,
            const char  *member,
            const char  *value)
{
  json_builder_set_member_name (builder, member);
  if (value != NULL)
    json_builder_add_string_value (builder, value);
  else
    json_builder_add_null_value (builder);
}

static void add_message (JsonBuilder   *builder,
                         CrMimeMessage *message);

static void
add_part (JsonBuilder *builder,
          CrMimePart  *part)
{
  static const char *const kinds[] = { "text", "html", "image", "message", "attachment" };
  static const char *const dispositions[] = { "none", "inline", "attachment" };
  GPtrArray *blocks = cr_mime_part_get_text_blocks (part);
  CrMimeMessage *nested = cr_mime_part_get_message (part);

  json_builder_begin_object (builder);
  add_string (builder, "kind", kinds[cr_mime_part_get_kind (part)]);
  add_string (builder, "type", cr_mime_part_get_content_type (part));
  add_string (builder, "filename", cr_mime_part_get_filename (part));
  add_string (builder, "disposition", dispositions[cr_mime_part_get_disposition (part)]);
  add_string (builder, "cid", cr_mime_part_get_content_id (part));
  json_builder_set_member_name (builder, "size");
  json_builder_add_int_value (builder, (gint64) cr_mime_part_get_size (part));
  add_string (builder, "text", cr_mime_part_get_text (part));
  add_string (builder, "html", cr_mime_part_get_html (part));

  if (blocks != NULL)
    {
      json_builder_set_member_name (builder, "blocks");
      json_builder_begin_array (builder);
      for (guint i = 0; i < blocks->len; i++)
        {
          const CrMimeTextBlock *block = g_ptr_array_index (blocks, i);

          json_builder_begin_object (builder);
          json_builder_set_member_name (builder, "quote");
          json_builder_add_int_value (builder, block->quote_level);
          add_string (builder, "text", block->text);
          json_builder_end_object (builder);
        }
      json_builder_end_array (builder);
    }

  if (nested != NULL)
    {
      json_builder_set_member_name (builder, "message");
      add_message (builder, nested);
    }
  json_builder_end_object (builder);
}

static void
add_parts (JsonBuilder *builder,
           const char  *member,
           GPtrArray   *parts)
{
  json_builder_set_member_name (builder, member);
  json_builder_begin_array (builder);
  for (guint i = 0; i < parts->len; i++)
    add_part (builder, g_ptr_array_index (parts, i));
  json_builder_end_array (builder);
}

static void
add_message (JsonBuilder   *builder,
             CrMimeMessage *message)
{
  GDateTime *date = cr_mime_message_get_date (message);
  g_autofree char *iso_date = date != NULL ? g_date_time_format_iso8601 (date) : NULL;
  g_autofree char *organization = cr_mime_message_dup_header (message, "Organization");
  g_autofree char *list_id = cr_mime_message_dup_header (message, "List-Id");
  g_autofree char *search = cr_mime_message_get_text_for_search (message);
  const char * const *references = cr_mime_message_get_references (message);

  json_builder_begin_object (builder);
  add_string (builder, "subject", cr_mime_message_get_subject (message));
  add_addresses (builder, "from", cr_mime_message_get_from (message));
  add_addresses (builder, "to", cr_mime_message_get_to (message));
  add_addresses (builder, "cc", cr_mime_message_get_cc (message));
  add_addresses (builder, "reply_to", cr_mime_message_get_reply_to (message));
  add_string (builder, "date", iso_date);
  add_string (builder, "message_id", cr_mime_message_get_message_id (message));
  add_string (builder, "in_reply_to", cr_mime_message_get_in_reply_to (message));
  json_builder_set_member_name (builder, "references");
  json_builder_begin_array (builder);
  for (guint i = 0; references[i] != NULL; i++)
    json_builder_add_string_value (builder, references[i]);
  json_builder_end_array (builder);
  add_string (builder, "organization", organization);
  add_string (builder, "list_id", list_id);
  add_parts (builder, "body", cr_mime_message_get_body_parts (message));
  add_parts (builder, "attachments", cr_mime_message_get_attachments (message));
  add_string (builder, "preview", cr_mime_message_get_preview (message));
  json_builder_set_member_name (builder, "notes");
  json_builder_add_int_value (builder, g_strv_length ((GStrv) cr_mime_message_get_notes (message)));
  add_string (builder, "search", search);
  json_builder_end_object (builder);
}

JsonNode *
cr_mime_test_message_to_json (CrMimeMessage *message)
{
  g_autoptr(JsonBuilder) builder = json_builder_new ();

  add_message (builder, message);
  return json_builder_get_root (builder);
}

static gboolean
mismatch (GString    *path,
          const char *what)
{
  g_string_append_printf (path, ": %s", what);
  return FALSE;
}

gboolean
cr_mime_test_json_matches (JsonNode *expected,
                           JsonNode *actual,
                           GString  *path)
{
  if (JSON_NODE_HOLDS_OBJECT (expected))
    {
      JsonObject *object = json_node_get_object (expected);
      g_autoptr(GList) members = json_object_get_members (object);

      if (json_object_has_member (object, "$contains"))
        {
          const char *needle = json_object_get_string_member (object, "$contains");

          if (!JSON_NODE_HOLDS_VALUE (actual) || json_node_get_value_type (actual) != G_TYPE_STRING)
            return mismatch (path, "not a string");
          if (strstr (json_node_get_string (actual), needle) == NULL)
            return mismatch (path, "does not contain the expected text");
          return TRUE;
        }
      if (!JSON_NODE_HOLDS_OBJECT (actual))
        return mismatch (path, "not an object");

      for (GList *l = members; l != NULL; l = l->next)
        {
          JsonObject *actual_object = json_node_get_object (actual);
          gsize length = path->len;

          g_string_append_printf (path, ".%s", (const char *) l->data);
          if (!json_object_has_member (actual_object, l->data))
            return mismatch (path, "missing");
          if (!cr_mime_test_json_matches (json_object_get_member (object, l->data),
                                          json_object_get_member (actual_object, l->data), path))
            return FALSE;
          g_string_truncate (path, length);
        }
      return TRUE;
    }

  if (JSON_NODE_HOLDS_ARRAY (expected))
    {
      JsonArray *array = json_node_get_array (expected);

      if (!JSON_NODE_HOLDS_ARRAY (actual))
        return mismatch (path, "not an array");
      if (json_array_get_length (array) != json_array_get_length (json_node_get_array (actual)))
        return mismatch (path, "length differs");

      for (guint i = 0; i < json_array_get_length (array); i++)
        {
          gsize length = path->len;

          g_string_append_printf (path, "[%u]", i);
          if (!cr_mime_test_json_matches (json_array_get_element (array, i),
                                          json_array_get_element (json_node_get_array (actual), i), path))
            return FALSE;
          g_string_truncate (path, length);
        }
      return TRUE;
    }

  if (!json_node_equal (expected, actual))
    return mismatch (path, "value differs");

  return TRUE;
}
