/* cr-mime-part.c — one piece of a message as the reader shows it
 *
 * A part holds its decoded bytes and, for text, what to show: blocks of
 * plain text or HTML as UTF-8. Parts are built by CrMimeMessage and never
 * change afterwards.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include "cr-mime-message.h"
#include "cr-mime-part-private.h"
#include "cr-mime-text.h"

struct _CrMimePart
{
  GObject            parent_instance;

  CrMimePartKind     kind;
  CrMimeDisposition  disposition;
  char              *content_type;
  char              *filename;
  char              *content_id;
  GBytes            *bytes;
  GPtrArray         *blocks;
  char              *text;
  char              *html;
  CrMimeMessage     *message;
};

G_DEFINE_FINAL_TYPE (CrMimePart, cr_mime_part, G_TYPE_OBJECT)

G_DEFINE_ENUM_TYPE (CrMimePartKind, cr_mime_part_kind,
  G_DEFINE_ENUM_VALUE (CR_MIME_PART_TEXT, "text"),
  G_DEFINE_ENUM_VALUE (CR_MIME_PART_HTML, "html"),
  G_DEFINE_ENUM_VALUE (CR_MIME_PART_IMAGE, "image"),
  G_DEFINE_ENUM_VALUE (CR_MIME_PART_MESSAGE, "message"),
  G_DEFINE_ENUM_VALUE (CR_MIME_PART_ATTACHMENT, "attachment"))

G_DEFINE_ENUM_TYPE (CrMimeDisposition, cr_mime_disposition,
  G_DEFINE_ENUM_VALUE (CR_MIME_DISPOSITION_NONE, "none"),
  G_DEFINE_ENUM_VALUE (CR_MIME_DISPOSITION_INLINE, "inline"),
  G_DEFINE_ENUM_VALUE (CR_MIME_DISPOSITION_ATTACHMENT, "attachment"))

enum {
  PROP_0,
  PROP_KIND,
  PROP_CONTENT_TYPE,
  PROP_FILENAME,
  PROP_SIZE,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

static void
cr_mime_part_finalize (GObject *object)
{
  CrMimePart *self = (CrMimePart *) object;

  g_clear_pointer (&self->content_type, g_free);
  g_clear_pointer (&self->filename, g_free);
  g_clear_pointer (&self->content_id, g_free);
  g_clear_pointer (&self->bytes, g_bytes_unref);
  g_clear_pointer (&self->blocks, g_ptr_array_unref);
  g_clear_pointer (&self->text, g_free);
  g_clear_pointer (&self->html, g_free);
  g_clear_object (&self->message);

  G_OBJECT_CLASS (cr_mime_part_parent_class)->finalize (object);
}

static void
cr_mime_part_get_property (GObject    *object,
                           guint       prop_id,
                           GValue     *value,
                           GParamSpec *pspec)
{
  CrMimePart *self = CR_MIME_PART (object);

  switch (prop_id)
    {
    case PROP_KIND:
      g_value_set_enum (value, self->kind);
      break;
    case PROP_CONTENT_TYPE:
      g_value_set_string (value, self->content_type);
      break;
    case PROP_FILENAME:
      g_value_set_string (value, self->filename);
      break;
    case PROP_SIZE:
      g_value_set_uint64 (value, cr_mime_part_get_size (self));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
cr_mime_part_class_init (CrMimePartClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->finalize = cr_mime_part_finalize;
  object_class->get_property = cr_mime_part_get_property;

  properties[PROP_KIND] =
    g_param_spec_enum ("kind", NULL, NULL,
                       CR_TYPE_MIME_PART_KIND, CR_MIME_PART_ATTACHMENT,
                       G_PARAM_READABLE | G_PARAM_STATIC_STRINGS);
  properties[PROP_CONTENT_TYPE] =
    g_param_spec_string ("content-type", NULL, NULL, NULL,
                         G_PARAM_READABLE | G_PARAM_STATIC_STRINGS);
  properties[PROP_FILENAME] =
    g_param_spec_string ("filename", NULL, NULL, NULL,
                         G_PARAM_READABLE | G_PARAM_STATIC_STRINGS);
  properties[PROP_SIZE] =
    g_param_spec_uint64 ("size", NULL, NULL, 0, G_MAXUINT64, 0,
                         G_PARAM_READABLE | G_PARAM_STATIC_STRINGS);

  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
cr_mime_part_init (CrMimePart *self)
{
}

CrMimePart *
cr_mime_part_new (CrMimePartKind  kind,
                  const char     *content_type,
                  GBytes         *bytes)
{
  CrMimePart *self = g_object_new (CR_TYPE_MIME_PART, NULL);

  self->kind = kind;
  self->content_type = g_ascii_strdown (content_type, -1);
  self->bytes = bytes != NULL ? g_bytes_ref (bytes) : g_bytes_new (NULL, 0);

  return self;
}

void
cr_mime_part_set_kind (CrMimePart     *self,
                       CrMimePartKind  kind)
{
  self->kind = kind;
}

/* A name from a stranger must not name a path or hide control characters. */
void
cr_mime_part_set_filename (CrMimePart *self,
                           const char *filename)
{
  g_autofree char *clean = NULL;

  g_clear_pointer (&self->filename, g_free);
  if (filename == NULL)
    return;

  clean = g_utf8_make_valid (filename, -1);
  for (char *p = clean; *p != '\0'; p++)
    if (*p == '/' || *p == '\\' || (guchar) *p < 0x20 || *p == 0x7f)
      *p = '_';
  g_strstrip (clean);
  if (g_utf8_strlen (clean, -1) > 255)
    *g_utf8_offset_to_pointer (clean, 255) = '\0';
  if (*clean == '\0' || g_str_equal (clean, ".") || g_str_equal (clean, ".."))
    return;

  self->filename = g_steal_pointer (&clean);
}

void
cr_mime_part_set_disposition (CrMimePart        *self,
                              CrMimeDisposition  disposition)
{
  self->disposition = disposition;
}

void
cr_mime_part_set_content_id (CrMimePart *self,
                             const char *content_id)
{
  g_free (self->content_id);
  self->content_id = g_strdup (content_id);
}

void
cr_mime_part_set_text (CrMimePart *self,
                       const char *text,
                       gboolean    flowed,
                       gboolean    delsp)
{
  GString *joined = g_string_new (NULL);

  g_clear_pointer (&self->blocks, g_ptr_array_unref);
  self->blocks = cr_mime_text_to_blocks (text, flowed, delsp);

  /* The same text without quote marks, for search and previews. */
  for (guint i = 0; i < self->blocks->len; i++)
    {
      const CrMimeTextBlock *block = g_ptr_array_index (self->blocks, i);

      if (i > 0)
        g_string_append_c (joined, '\n');
      g_string_append (joined, block->text);
    }
  g_free (self->text);
  self->text = g_string_free (joined, FALSE);
}

void
cr_mime_part_set_html (CrMimePart *self,
                       const char *html)
{
  g_free (self->html);
  self->html = g_strdup (html);
  g_free (self->text);
  self->text = cr_mime_html_to_text (html);
}

void
cr_mime_part_set_message (CrMimePart    *self,
                          CrMimeMessage *message)
{
  g_set_object (&self->message, message);
}

CrMimePartKind
cr_mime_part_get_kind (CrMimePart *self)
{
  g_return_val_if_fail (CR_IS_MIME_PART (self), CR_MIME_PART_ATTACHMENT);

  return self->kind;
}

/**
 * cr_mime_part_get_content_type:
 *
 * Returns: the MIME type in lower case (“image/png”), without parameters;
 *   guessed from the file name when the sender said only
 *   application/octet-stream
 */
const char *
cr_mime_part_get_content_type (CrMimePart *self)
{
  g_return_val_if_fail (CR_IS_MIME_PART (self), NULL);

  return self->content_type;
}

/**
 * cr_mime_part_get_filename:
 *
 * Returns: (nullable): the decoded file name, safe to use as a base name
 *   (no “/”, no control characters); attachments always have one
 */
const char *
cr_mime_part_get_filename (CrMimePart *self)
{
  g_return_val_if_fail (CR_IS_MIME_PART (self), NULL);

  return self->filename;
}

CrMimeDisposition
cr_mime_part_get_disposition (CrMimePart *self)
{
  g_return_val_if_fail (CR_IS_MIME_PART (self), CR_MIME_DISPOSITION_NONE);

  return self->disposition;
}

/**
 * cr_mime_part_get_content_id:
 *
 * Returns: (nullable): the Content-ID without its angle brackets
 */
const char *
cr_mime_part_get_content_id (CrMimePart *self)
{
  g_return_val_if_fail (CR_IS_MIME_PART (self), NULL);

  return self->content_id;
}

gsize
cr_mime_part_get_size (CrMimePart *self)
{
  g_return_val_if_fail (CR_IS_MIME_PART (self), 0);

  return g_bytes_get_size (self->bytes);
}

/**
 * cr_mime_part_get_bytes:
 *
 * Returns: (transfer none): the decoded content (base64 and
 *   quoted-printable undone), as the sender’s file was
 */
GBytes *
cr_mime_part_get_bytes (CrMimePart *self)
{
  g_return_val_if_fail (CR_IS_MIME_PART (self), NULL);

  return self->bytes;
}

/**
 * cr_mime_part_get_text_blocks:
 *
 * Returns: (transfer none) (nullable) (element-type CrMimeTextBlock): the
 *   text of a %CR_MIME_PART_TEXT part by quote level
 */
GPtrArray *
cr_mime_part_get_text_blocks (CrMimePart *self)
{
  g_return_val_if_fail (CR_IS_MIME_PART (self), NULL);

  return self->blocks;
}

/**
 * cr_mime_part_get_text:
 *
 * Returns: (nullable): the plain text of a text or HTML part, without
 *   quote marks or tags (for search and previews, not for display of HTML)
 */
const char *
cr_mime_part_get_text (CrMimePart *self)
{
  g_return_val_if_fail (CR_IS_MIME_PART (self), NULL);

  return self->text;
}

/**
 * cr_mime_part_get_html:
 *
 * Returns: (nullable): the HTML of a %CR_MIME_PART_HTML part, in UTF-8,
 *   untouched: show it only in the sandboxed view
 */
const char *
cr_mime_part_get_html (CrMimePart *self)
{
  g_return_val_if_fail (CR_IS_MIME_PART (self), NULL);

  return self->html;
}

/**
 * cr_mime_part_get_message:
 *
 * Returns: (transfer none) (nullable): the forwarded message of a
 *   %CR_MIME_PART_MESSAGE part
 */
CrMimeMessage *
cr_mime_part_get_message (CrMimePart *self)
{
  g_return_val_if_fail (CR_IS_MIME_PART (self), NULL);

  return self->message;
}
