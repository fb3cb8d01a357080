/* cr-mime-message.c — a raw message read into what the reader shows
 *
 * Always succeeds: whatever the bytes, the result has decoded headers and
 * a readable body, with notes saying what was cut. Everything is decoded
 * once, here; the raw bytes are not needed afterwards.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <string.h>
#include <glib/gi18n-lib.h>

#include "cr-mime-fields.h"
#include "cr-mime-message-private.h"
#include "cr-mime-part-private.h"

#define PREVIEW_LENGTH 200
#define MAX_SUBJECT_LENGTH 998
/* Above this, libetpan reads only the MIME fields of the header. */
#define MAX_ETPAN_HEADER_LENGTH (64 * 1024)

struct _CrMimeMessage
{
  GObject     parent_instance;

  GPtrArray  *fields;
  char       *subject;
  GPtrArray  *from;
  GPtrArray  *to;
  GPtrArray  *cc;
  GPtrArray  *reply_to;
  GDateTime  *date;
  char       *message_id;
  char       *in_reply_to;
  GStrv       references;

  GPtrArray  *body_parts;
  GPtrArray  *attachments;
  GHashTable *by_cid;
  char       *preview;
  GStrv       notes;
};

G_DEFINE_FINAL_TYPE (CrMimeMessage, cr_mime_message, G_TYPE_OBJECT)

enum {
  PROP_0,
  PROP_SUBJECT,
  PROP_DATE,
  PROP_PREVIEW,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

static void
cr_mime_message_finalize (GObject *object)
{
  CrMimeMessage *self = (CrMimeMessage *) object;

  g_clear_pointer (&self->fields, g_ptr_array_unref);
  g_clear_pointer (&self->subject, g_free);
  g_clear_pointer (&self->from, g_ptr_array_unref);
  g_clear_pointer (&self->to, g_ptr_array_unref);
  g_clear_pointer (&self->cc, g_ptr_array_unref);
  g_clear_pointer (&self->reply_to, g_ptr_array_unref);
  g_clear_pointer (&self->date, g_date_time_unref);
  g_clear_pointer (&self->message_id, g_free);
  g_clear_pointer (&self->in_reply_to, g_free);
  g_clear_pointer (&self->references, g_strfreev);
  g_clear_pointer (&self->body_parts, g_ptr_array_unref);
  g_clear_pointer (&self->attachments, g_ptr_array_unref);
  g_clear_pointer (&self->by_cid, g_hash_table_unref);
  g_clear_pointer (&self->preview, g_free);
  g_clear_pointer (&self->notes, g_strfreev);

  G_OBJECT_CLASS (cr_mime_message_parent_class)->finalize (object);
}

static void
cr_mime_message_get_property (GObject    *object,
                              guint       prop_id,
                              GValue     *value,
                              GParamSpec *pspec)
{
  CrMimeMessage *self = CR_MIME_MESSAGE (object);

  switch (prop_id)
    {
    case PROP_SUBJECT:
      g_value_set_string (value, self->subject);
      break;
    case PROP_DATE:
      g_value_set_boxed (value, self->date);
      break;
    case PROP_PREVIEW:
      g_value_set_string (value, self->preview);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
cr_mime_message_class_init (CrMimeMessageClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->finalize = cr_mime_message_finalize;
  object_class->get_property = cr_mime_message_get_property;

  properties[PROP_SUBJECT] =
    g_param_spec_string ("subject", NULL, NULL, NULL,
                         G_PARAM_READABLE | G_PARAM_STATIC_STRINGS);
  properties[PROP_DATE] =
    g_param_spec_boxed ("date", NULL, NULL, G_TYPE_DATE_TIME,
                        G_PARAM_READABLE | G_PARAM_STATIC_STRINGS);
  properties[PROP_PREVIEW] =
    g_param_spec_string ("preview", NULL, NULL, NULL,
                         G_PARAM_READABLE | G_PARAM_STATIC_STRINGS);

  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
cr_mime_message_init (CrMimeMessage *self)
{
  self->body_parts = g_ptr_array_new_with_free_func (g_object_unref);
  self->attachments = g_ptr_array_new_with_free_func (g_object_unref);
  self->by_cid = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_object_unref);
}

static GPtrArray *
addresses_of (CrMimeMessage *self,
              const char    *name)
{
  GPtrArray *list = NULL;

  if (!cr_mime_parse_address_list (cr_mime_fields_lookup (self->fields, name), &list))
    return g_ptr_array_new_with_free_func ((GDestroyNotify) cr_mime_address_free);

  return list;
}

static char *
first_id (const char *value)
{
  g_auto(GStrv) ids = cr_mime_fields_parse_ids (value);

  return ids[0] != NULL ? g_strdup (ids[0]) : NULL;
}

static void
read_headers (CrMimeMessage *self)
{
  const char *subject = cr_mime_fields_lookup (self->fields, "Subject");

  self->subject = g_strstrip (cr_mime_decode_header (subject != NULL ? subject : ""));
  /* A subject is a line, not a page. */
  if (g_utf8_strlen (self->subject, -1) > MAX_SUBJECT_LENGTH)
    {
      g_autofree char *whole = g_steal_pointer (&self->subject);

      *g_utf8_offset_to_pointer (whole, MAX_SUBJECT_LENGTH) = '\0';
      self->subject = g_strconcat (whole, "…", NULL);
    }
  self->from = addresses_of (self, "From");
  self->to = addresses_of (self, "To");
  self->cc = addresses_of (self, "Cc");
  self->reply_to = addresses_of (self, "Reply-To");
  self->date = cr_mime_fields_parse_date (cr_mime_fields_lookup (self->fields, "Date"));
  self->message_id = first_id (cr_mime_fields_lookup (self->fields, "Message-ID"));
  self->in_reply_to = first_id (cr_mime_fields_lookup (self->fields, "In-Reply-To"));
  self->references = cr_mime_fields_parse_ids (cr_mime_fields_lookup (self->fields, "References"));
}

/* Every “cid:” reference of the HTML parts, in lower case, read once:
 * a message may have hundreds of related parts and megabytes of HTML. */
static GHashTable *
html_references (CrMimeMessage *self)
{
  GHashTable *references = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);

  for (guint i = 0; i < self->body_parts->len; i++)
    {
      CrMimePart *part = g_ptr_array_index (self->body_parts, i);
      g_autofree char *html = NULL;
      const char *p;

      if (cr_mime_part_get_kind (part) != CR_MIME_PART_HTML)
        continue;
      html = g_ascii_strdown (cr_mime_part_get_html (part), -1);
      for (p = strstr (html, "cid:"); p != NULL; p = strstr (p, "cid:"))
        {
          gsize length;

          g_autofree char *reference = NULL;
          g_autofree char *unescaped = NULL;

          p += 4;
          length = strcspn (p, "\"' >)\t\r\n");
          reference = g_strndup (p, length);
          /* cid: URLs are %-escaped (RFC 2392). */
          unescaped = g_uri_unescape_string (reference, NULL);
          if (unescaped != NULL)
            g_hash_table_add (references, g_ascii_strdown (unescaped, -1));
          else
            g_hash_table_add (references, g_steal_pointer (&reference));
          p += length;
        }
    }

  return references;
}

static gboolean
is_referenced (GHashTable *references,
               const char *cid)
{
  g_autofree char *lower = g_ascii_strdown (cid, -1);

  return g_hash_table_contains (references, lower);
}

/* Related parts the HTML never shows would be lost: list them. */
static void
keep_unreferenced (CrMimeMessage *self,
                   GPtrArray     *related)
{
  g_autoptr(GHashTable) references = NULL;

  if (related->len == 0)
    return;

  references = html_references (self);
  for (guint i = 0; i < related->len; i++)
    {
      CrMimePart *part = g_ptr_array_index (related, i);
      const char *cid = cr_mime_part_get_content_id (part);

      if (cid == NULL || !is_referenced (references, cid))
        {
          cr_mime_part_set_kind (part, CR_MIME_PART_ATTACHMENT);
          g_ptr_array_add (self->attachments, g_object_ref (part));
        }
    }
}

static void
make_preview (CrMimeMessage *self)
{
  GString *preview = g_string_new (NULL);

  for (guint i = 0; i < self->body_parts->len && preview->len < PREVIEW_LENGTH * 4; i++)
    {
      CrMimePart *part = g_ptr_array_index (self->body_parts, i);
      GPtrArray *blocks = cr_mime_part_get_text_blocks (part);

      if (blocks != NULL)
        {
          /* The sender’s own words, not what they quote. */
          for (guint j = 0; j < blocks->len; j++)
            {
              const CrMimeTextBlock *block = g_ptr_array_index (blocks, j);

              g_autofree char *own = NULL;
              char *signature;

              if (block->quote_level != 0)
                continue;
              /* Nor their signature. */
              own = g_strconcat ("\n", block->text, NULL);
              signature = strstr (own, "\n-- \n");
              if (signature == NULL && g_str_has_suffix (own, "\n-- "))
                signature = own + strlen (own) - 4;
              if (signature != NULL)
                *signature = '\0';
              g_string_append_printf (preview, "%s ", own + 1);
              if (signature != NULL)
                break;
            }
        }
      else if (cr_mime_part_get_kind (part) == CR_MIME_PART_HTML)
        {
          g_string_append_printf (preview, "%s ", cr_mime_part_get_text (part));
        }
    }

  /* One line of single spaces, cut at a character boundary. */
  {
    g_auto(GStrv) words = g_strsplit_set (preview->str, " \t\r\n", -1);
    g_autoptr(GString) line = g_string_new (NULL);

    for (guint i = 0; words[i] != NULL; i++)
      {
        if (*words[i] == '\0')
          continue;
        if (line->len > 0)
          g_string_append_c (line, ' ');
        g_string_append (line, words[i]);
      }

    if (g_utf8_strlen (line->str, -1) > PREVIEW_LENGTH)
      {
        g_string_truncate (line, (gsize) (g_utf8_offset_to_pointer (line->str, PREVIEW_LENGTH) - line->str));
        g_string_append (line, "…");
      }
    self->preview = g_strdup (line->str);
  }
  g_string_free (preview, TRUE);
}

static void
add_whole_message (CrMimeMessage *self,
                   GBytes        *raw)
{
  g_autoptr(CrMimePart) part = cr_mime_part_new (CR_MIME_PART_ATTACHMENT, "message/rfc822", raw);
  /* Translators: the file name of a whole message too large or complex to show */
  g_autofree char *name = g_strconcat (_("message"), ".eml", NULL);

  cr_mime_part_set_filename (part, name);
  g_ptr_array_add (self->attachments, g_steal_pointer (&part));
}

static void
parse (CrMimeMessage    *self,
       GBytes           *raw,
       CrMimeParseFlags  flags,
       guint             message_depth)
{
  g_autoptr(GStrvBuilder) notes = g_strv_builder_new ();
  CrMimeWalk walk = { 0 };
  gsize length = 0;
  const char *data = g_bytes_get_data (raw, &length);
  gsize body_offset = 0;
  gboolean headers_cut = FALSE;
  gboolean too_large = length > CR_MIME_MAX_SIZE;

  if (data == NULL)
    data = "";
  if (too_large)
    length = CR_MIME_MAX_SIZE;

  self->fields = cr_mime_fields_parse (data, length, &body_offset, &headers_cut);
  read_headers (self);

  walk.flags = flags;
  walk.message_depth = message_depth;
  walk.body_parts = self->body_parts;
  walk.attachments = self->attachments;
  walk.related = g_ptr_array_new_with_free_func (g_object_unref);
  walk.by_cid = self->by_cid;
  if (body_offset > MAX_ETPAN_HEADER_LENGTH)
    {
      gsize mime_offset = 0;
      g_autoptr(GBytes) mime_only = cr_mime_fields_mime_only (self->fields, data + body_offset,
                                                              length - body_offset, &mime_offset);
      gsize mime_length = 0;
      const char *mime_data = g_bytes_get_data (mime_only, &mime_length);

      cr_mime_walk_message (&walk, mime_data, mime_length, mime_offset);
    }
  else
    {
      cr_mime_walk_message (&walk, data, length, body_offset);
    }
  keep_unreferenced (self, walk.related);
  g_ptr_array_unref (walk.related);
  make_preview (self);

  if (too_large)
    g_strv_builder_add (notes, _("This message is too large to be shown in full. Save the attached copy to read the rest."));
  if (walk.too_many)
    g_strv_builder_add (notes, _("This message has too many parts to be shown in full. Save the attached copy to read the rest."));
  if (walk.too_deep)
    g_strv_builder_add (notes, _("Parts of this message are nested too deeply to be shown; they are listed as attachments."));
  if (walk.text_cut)
    g_strv_builder_add (notes, _("The text of this message is too long to be shown in full; it is also attached."));
  if (headers_cut)
    g_strv_builder_add (notes, _("Some headers of this message were too long and have been shortened."));
  if (too_large || walk.too_many)
    add_whole_message (self, raw);

  self->notes = g_strv_builder_end (notes);
}

CrMimeMessage *
cr_mime_message_new_nested (GBytes           *raw,
                            CrMimeParseFlags  flags,
                            guint             message_depth)
{
  CrMimeMessage *self = g_object_new (CR_TYPE_MIME_MESSAGE, NULL);

  parse (self, raw, flags, message_depth);
  return self;
}

/**
 * cr_mime_message_new_from_bytes:
 * @raw: a whole message as the server sent it (RFC 5322)
 * @flags: how to choose among alternatives
 *
 * Parses @raw in the calling thread. A message of tens of megabytes takes
 * a noticeable time: from the UI, use the _async variant.
 *
 * Returns: (transfer full): the display model, never %NULL
 */
CrMimeMessage *
cr_mime_message_new_from_bytes (GBytes           *raw,
                                CrMimeParseFlags  flags)
{
  g_return_val_if_fail (raw != NULL, NULL);

  return cr_mime_message_new_nested (raw, flags, 0);
}

static void
parse_in_thread (GTask        *task,
                 gpointer      source_object,
                 gpointer      task_data,
                 GCancellable *cancellable)
{
  GBytes *raw = task_data;
  CrMimeParseFlags flags = GPOINTER_TO_UINT (g_object_get_data (G_OBJECT (task), "flags"));

  g_task_return_pointer (task, cr_mime_message_new_from_bytes (raw, flags), g_object_unref);
}

/**
 * cr_mime_message_new_from_bytes_async:
 * @raw: a whole message
 * @flags: how to choose among alternatives
 * @cancellable: (nullable): a #GCancellable
 * @callback: called on the thread-default main context when done
 * @user_data: for @callback
 *
 * Parses @raw in a worker thread.
 */
void
cr_mime_message_new_from_bytes_async (GBytes              *raw,
                                      CrMimeParseFlags     flags,
                                      GCancellable        *cancellable,
                                      GAsyncReadyCallback  callback,
                                      gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;

  g_return_if_fail (raw != NULL);

  task = g_task_new (NULL, cancellable, callback, user_data);
  g_task_set_source_tag (task, cr_mime_message_new_from_bytes_async);
  g_task_set_task_data (task, g_bytes_ref (raw), (GDestroyNotify) g_bytes_unref);
  g_task_set_return_on_cancel (task, TRUE);
  g_object_set_data (G_OBJECT (task), "flags", GUINT_TO_POINTER (flags));
  g_task_run_in_thread (task, parse_in_thread);
}

/**
 * cr_mime_message_new_from_bytes_finish:
 *
 * Returns: (transfer full): the display model, or %NULL if cancelled
 */
CrMimeMessage *
cr_mime_message_new_from_bytes_finish (GAsyncResult  *result,
                                       GError       **error)
{
  g_return_val_if_fail (g_task_is_valid (result, NULL), NULL);
  g_return_val_if_fail (g_task_get_source_tag (G_TASK (result)) == cr_mime_message_new_from_bytes_async, NULL);

  return g_task_propagate_pointer (G_TASK (result), error);
}

/**
 * cr_mime_message_get_subject:
 *
 * Returns: the decoded subject, “” if there is none
 */
const char *
cr_mime_message_get_subject (CrMimeMessage *self)
{
  g_return_val_if_fail (CR_IS_MIME_MESSAGE (self), NULL);

  return self->subject;
}

/**
 * cr_mime_message_get_from:
 *
 * Returns: (transfer none) (element-type CrMimeAddress): never %NULL
 */
GPtrArray *
cr_mime_message_get_from (CrMimeMessage *self)
{
  g_return_val_if_fail (CR_IS_MIME_MESSAGE (self), NULL);

  return self->from;
}

/**
 * cr_mime_message_get_to:
 *
 * Returns: (transfer none) (element-type CrMimeAddress): never %NULL
 */
GPtrArray *
cr_mime_message_get_to (CrMimeMessage *self)
{
  g_return_val_if_fail (CR_IS_MIME_MESSAGE (self), NULL);

  return self->to;
}

/**
 * cr_mime_message_get_cc:
 *
 * Returns: (transfer none) (element-type CrMimeAddress): never %NULL
 */
GPtrArray *
cr_mime_message_get_cc (CrMimeMessage *self)
{
  g_return_val_if_fail (CR_IS_MIME_MESSAGE (self), NULL);

  return self->cc;
}

/**
 * cr_mime_message_get_reply_to:
 *
 * Returns: (transfer none) (element-type CrMimeAddress): never %NULL
 */
GPtrArray *
cr_mime_message_get_reply_to (CrMimeMessage *self)
{
  g_return_val_if_fail (CR_IS_MIME_MESSAGE (self), NULL);

  return self->reply_to;
}

/**
 * cr_mime_message_get_date:
 *
 * Returns: (transfer none) (nullable): the Date header, in the sender’s
 *   time zone; %NULL if missing or unreadable
 */
GDateTime *
cr_mime_message_get_date (CrMimeMessage *self)
{
  g_return_val_if_fail (CR_IS_MIME_MESSAGE (self), NULL);

  return self->date;
}

/**
 * cr_mime_message_get_message_id:
 *
 * Returns: (nullable): the Message-ID without angle brackets
 */
const char *
cr_mime_message_get_message_id (CrMimeMessage *self)
{
  g_return_val_if_fail (CR_IS_MIME_MESSAGE (self), NULL);

  return self->message_id;
}

/**
 * cr_mime_message_get_in_reply_to:
 *
 * Returns: (nullable): the first id of In-Reply-To, without brackets
 */
const char *
cr_mime_message_get_in_reply_to (CrMimeMessage *self)
{
  g_return_val_if_fail (CR_IS_MIME_MESSAGE (self), NULL);

  return self->in_reply_to;
}

/**
 * cr_mime_message_get_references:
 *
 * Returns: (transfer none): the ids of References, oldest first; never %NULL
 */
const char * const *
cr_mime_message_get_references (CrMimeMessage *self)
{
  g_return_val_if_fail (CR_IS_MIME_MESSAGE (self), NULL);

  return (const char * const *) self->references;
}

/**
 * cr_mime_message_dup_header:
 * @name: a header name, in any case (“Organization”, “List-Id”…)
 *
 * Returns: (transfer full) (nullable): the first such header, decoded
 */
char *
cr_mime_message_dup_header (CrMimeMessage *self,
                            const char    *name)
{
  const char *value;

  g_return_val_if_fail (CR_IS_MIME_MESSAGE (self), NULL);
  g_return_val_if_fail (name != NULL, NULL);

  value = cr_mime_fields_lookup (self->fields, name);
  if (value == NULL)
    return NULL;

  return g_strstrip (cr_mime_decode_header (value));
}

/**
 * cr_mime_message_get_body_parts:
 *
 * Returns: (transfer none) (element-type CrMimePart): what to show, in
 *   order: text, HTML, inline images and forwarded messages
 */
GPtrArray *
cr_mime_message_get_body_parts (CrMimeMessage *self)
{
  g_return_val_if_fail (CR_IS_MIME_MESSAGE (self), NULL);

  return self->body_parts;
}

/**
 * cr_mime_message_get_attachments:
 *
 * Returns: (transfer none) (element-type CrMimePart): the files to list,
 *   each with a name; inline images and forwarded messages are here too
 */
GPtrArray *
cr_mime_message_get_attachments (CrMimeMessage *self)
{
  g_return_val_if_fail (CR_IS_MIME_MESSAGE (self), NULL);

  return self->attachments;
}

/**
 * cr_mime_message_get_part_by_cid:
 * @cid: a Content-ID, as “cid:…” from HTML, “<…>” or bare
 *
 * Returns: (transfer none) (nullable): the part, for a cid: URI scheme
 */
CrMimePart *
cr_mime_message_get_part_by_cid (CrMimeMessage *self,
                                 const char    *cid)
{
  g_autofree char *unescaped = NULL;
  char *bare;
  gsize length;
  CrMimePart *part;
  GHashTableIter iter;
  gpointer key, value;

  g_return_val_if_fail (CR_IS_MIME_MESSAGE (self), NULL);
  g_return_val_if_fail (cid != NULL, NULL);

  if (g_ascii_strncasecmp (cid, "cid:", 4) == 0)
    cid += 4;
  /* cid: URLs are %-escaped (RFC 2392). */
  unescaped = g_uri_unescape_string (cid, NULL);
  if (unescaped == NULL)
    unescaped = g_strdup (cid);

  bare = unescaped;
  length = strlen (bare);
  if (length >= 2 && bare[0] == '<' && bare[length - 1] == '>')
    {
      bare[length - 1] = '\0';
      bare++;
    }

  part = g_hash_table_lookup (self->by_cid, bare);
  if (part != NULL)
    return part;

  /* Some clients change the case of ids they write into the HTML. */
  g_hash_table_iter_init (&iter, self->by_cid);
  while (g_hash_table_iter_next (&iter, &key, &value))
    if (g_ascii_strcasecmp (key, bare) == 0)
      return value;

  return NULL;
}

static void
append_search_text (CrMimeMessage *self,
                    GString       *out)
{
  for (guint i = 0; i < self->body_parts->len; i++)
    {
      CrMimePart *part = g_ptr_array_index (self->body_parts, i);
      CrMimeMessage *nested = cr_mime_part_get_message (part);
      const char *text = cr_mime_part_get_text (part);

      if (text != NULL)
        g_string_append_printf (out, "%s\n", text);
      if (nested != NULL)
        {
          g_string_append_printf (out, "%s\n", nested->subject);
          append_search_text (nested, out);
        }
    }

  for (guint i = 0; i < self->attachments->len; i++)
    {
      CrMimePart *part = g_ptr_array_index (self->attachments, i);

      g_string_append_printf (out, "%s\n", cr_mime_part_get_filename (part));
    }
}

/**
 * cr_mime_message_get_text_for_search:
 *
 * Returns: (transfer full): the plain text of the body, forwarded
 *   messages included, and the attachment names, for the search index
 */
char *
cr_mime_message_get_text_for_search (CrMimeMessage *self)
{
  GString *out;

  g_return_val_if_fail (CR_IS_MIME_MESSAGE (self), NULL);

  out = g_string_new (NULL);
  append_search_text (self, out);

  return g_string_free (out, FALSE);
}

/**
 * cr_mime_message_get_preview:
 *
 * Returns: at most 200 characters of the sender’s own text on one line
 */
const char *
cr_mime_message_get_preview (CrMimeMessage *self)
{
  g_return_val_if_fail (CR_IS_MIME_MESSAGE (self), NULL);

  return self->preview;
}

/**
 * cr_mime_message_get_notes:
 *
 * Returns: (transfer none): sentences to show above the message saying
 *   what could not be shown; empty for most messages
 */
const char * const *
cr_mime_message_get_notes (CrMimeMessage *self)
{
  g_return_val_if_fail (CR_IS_MIME_MESSAGE (self), NULL);

  return (const char * const *) self->notes;
}
