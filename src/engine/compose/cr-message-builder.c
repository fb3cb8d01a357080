/* cr-message-builder.c — an outgoing message, written as RFC 5322
 *
 * The output is 7-bit clean whatever the server offers (text in
 * quoted-printable when needed, files in base64), so a message in the
 * outbox can go through any server, and the copy in Envoyés is the very
 * bytes that were sent. No User-Agent header: it tells strangers which
 * software, hence which flaws, a person runs.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <glib/gi18n-lib.h>
#include <string.h>

#include "cr-compose-encode.h"
#include "cr-message-builder.h"

typedef struct
{
  char   *filename;
  char   *content_type;
  GBytes *data;
} Attachment;

struct _CrMessageBuilder
{
  GObject        parent_instance;

  CrMimeAddress *from;
  GPtrArray     *to;
  GPtrArray     *cc;
  GPtrArray     *bcc;
  GPtrArray     *reply_to;
  char          *subject;
  char          *body;
  char          *organization;
  char          *in_reply_to;
  GStrv          references;
  GDateTime     *date;
  char          *message_id;
  GPtrArray     *attachments;
};

G_DEFINE_FINAL_TYPE (CrMessageBuilder, cr_message_builder, G_TYPE_OBJECT)

G_DEFINE_QUARK (cr-compose-error-quark, cr_compose_error)

static void
attachment_free (Attachment *attachment)
{
  g_free (attachment->filename);
  g_free (attachment->content_type);
  g_bytes_unref (attachment->data);
  g_free (attachment);
}

static void
cr_message_builder_finalize (GObject *object)
{
  CrMessageBuilder *self = CR_MESSAGE_BUILDER (object);

  g_clear_pointer (&self->from, cr_mime_address_free);
  g_clear_pointer (&self->to, g_ptr_array_unref);
  g_clear_pointer (&self->cc, g_ptr_array_unref);
  g_clear_pointer (&self->bcc, g_ptr_array_unref);
  g_clear_pointer (&self->reply_to, g_ptr_array_unref);
  g_clear_pointer (&self->subject, g_free);
  g_clear_pointer (&self->body, g_free);
  g_clear_pointer (&self->organization, g_free);
  g_clear_pointer (&self->in_reply_to, g_free);
  g_clear_pointer (&self->references, g_strfreev);
  g_clear_pointer (&self->date, g_date_time_unref);
  g_clear_pointer (&self->message_id, g_free);
  g_clear_pointer (&self->attachments, g_ptr_array_unref);

  G_OBJECT_CLASS (cr_message_builder_parent_class)->finalize (object);
}

static void
cr_message_builder_class_init (CrMessageBuilderClass *klass)
{
  G_OBJECT_CLASS (klass)->finalize = cr_message_builder_finalize;
}

static GPtrArray *
address_array_new (void)
{
  return g_ptr_array_new_with_free_func ((GDestroyNotify) cr_mime_address_free);
}

static void
cr_message_builder_init (CrMessageBuilder *self)
{
  self->to = address_array_new ();
  self->cc = address_array_new ();
  self->bcc = address_array_new ();
  self->reply_to = address_array_new ();
  self->subject = g_strdup ("");
  self->body = g_strdup ("");
  self->references = g_new0 (char *, 1);
  self->attachments = g_ptr_array_new_with_free_func ((GDestroyNotify) attachment_free);
}

CrMessageBuilder *
cr_message_builder_new (void)
{
  return g_object_new (CR_TYPE_MESSAGE_BUILDER, NULL);
}

void
cr_message_builder_set_from (CrMessageBuilder *self,
                             const char       *name,
                             const char       *address)
{
  g_return_if_fail (CR_IS_MESSAGE_BUILDER (self));
  g_return_if_fail (address != NULL);

  g_clear_pointer (&self->from, cr_mime_address_free);
  self->from = cr_mime_address_new (name, address);
}

const CrMimeAddress *
cr_message_builder_get_from (CrMessageBuilder *self)
{
  g_return_val_if_fail (CR_IS_MESSAGE_BUILDER (self), NULL);
  return self->from;
}

void
cr_message_builder_add_to (CrMessageBuilder *self,
                           const char       *name,
                           const char       *address)
{
  g_return_if_fail (CR_IS_MESSAGE_BUILDER (self));
  g_ptr_array_add (self->to, cr_mime_address_new (name, address));
}

void
cr_message_builder_add_cc (CrMessageBuilder *self,
                           const char       *name,
                           const char       *address)
{
  g_return_if_fail (CR_IS_MESSAGE_BUILDER (self));
  g_ptr_array_add (self->cc, cr_mime_address_new (name, address));
}

void
cr_message_builder_add_bcc (CrMessageBuilder *self,
                            const char       *name,
                            const char       *address)
{
  g_return_if_fail (CR_IS_MESSAGE_BUILDER (self));
  g_ptr_array_add (self->bcc, cr_mime_address_new (name, address));
}

void
cr_message_builder_add_reply_to (CrMessageBuilder *self,
                                 const char       *name,
                                 const char       *address)
{
  g_return_if_fail (CR_IS_MESSAGE_BUILDER (self));
  g_ptr_array_add (self->reply_to, cr_mime_address_new (name, address));
}

GPtrArray *
cr_message_builder_get_to (CrMessageBuilder *self)
{
  g_return_val_if_fail (CR_IS_MESSAGE_BUILDER (self), NULL);
  return self->to;
}

GPtrArray *
cr_message_builder_get_cc (CrMessageBuilder *self)
{
  g_return_val_if_fail (CR_IS_MESSAGE_BUILDER (self), NULL);
  return self->cc;
}

GPtrArray *
cr_message_builder_get_bcc (CrMessageBuilder *self)
{
  g_return_val_if_fail (CR_IS_MESSAGE_BUILDER (self), NULL);
  return self->bcc;
}

void
cr_message_builder_set_subject (CrMessageBuilder *self,
                                const char       *subject)
{
  g_return_if_fail (CR_IS_MESSAGE_BUILDER (self));
  g_free (self->subject);
  self->subject = g_strdup (subject != NULL ? subject : "");
}

const char *
cr_message_builder_get_subject (CrMessageBuilder *self)
{
  g_return_val_if_fail (CR_IS_MESSAGE_BUILDER (self), NULL);
  return self->subject;
}

void
cr_message_builder_set_body (CrMessageBuilder *self,
                             const char       *text)
{
  g_return_if_fail (CR_IS_MESSAGE_BUILDER (self));
  g_free (self->body);
  self->body = g_strdup (text != NULL ? text : "");
}

const char *
cr_message_builder_get_body (CrMessageBuilder *self)
{
  g_return_val_if_fail (CR_IS_MESSAGE_BUILDER (self), NULL);
  return self->body;
}

void
cr_message_builder_set_organization (CrMessageBuilder *self,
                                     const char       *organization)
{
  g_return_if_fail (CR_IS_MESSAGE_BUILDER (self));
  g_free (self->organization);
  self->organization = g_strdup (organization);
}

void
cr_message_builder_set_in_reply_to (CrMessageBuilder *self,
                                    const char       *message_id)
{
  g_return_if_fail (CR_IS_MESSAGE_BUILDER (self));
  g_free (self->in_reply_to);
  self->in_reply_to = g_strdup (message_id);
}

const char *
cr_message_builder_get_in_reply_to (CrMessageBuilder *self)
{
  g_return_val_if_fail (CR_IS_MESSAGE_BUILDER (self), NULL);
  return self->in_reply_to;
}

void
cr_message_builder_set_references (CrMessageBuilder   *self,
                                   const char * const *message_ids)
{
  g_return_if_fail (CR_IS_MESSAGE_BUILDER (self));
  g_strfreev (self->references);
  self->references = message_ids != NULL ? g_strdupv ((char **) message_ids) : g_new0 (char *, 1);
}

const char * const *
cr_message_builder_get_references (CrMessageBuilder *self)
{
  g_return_val_if_fail (CR_IS_MESSAGE_BUILDER (self), NULL);
  return (const char * const *) self->references;
}

void
cr_message_builder_set_date (CrMessageBuilder *self,
                             GDateTime        *date)
{
  g_return_if_fail (CR_IS_MESSAGE_BUILDER (self));
  g_clear_pointer (&self->date, g_date_time_unref);
  if (date != NULL)
    self->date = g_date_time_ref (date);
}

void
cr_message_builder_set_message_id (CrMessageBuilder *self,
                                   const char       *message_id)
{
  g_return_if_fail (CR_IS_MESSAGE_BUILDER (self));
  g_free (self->message_id);
  self->message_id = g_strdup (message_id);
}

const char *
cr_message_builder_get_message_id (CrMessageBuilder *self)
{
  g_return_val_if_fail (CR_IS_MESSAGE_BUILDER (self), NULL);
  return self->message_id;
}

void
cr_message_builder_add_attachment (CrMessageBuilder *self,
                                   const char       *filename,
                                   const char       *content_type,
                                   GBytes           *data)
{
  Attachment *attachment;

  g_return_if_fail (CR_IS_MESSAGE_BUILDER (self));
  g_return_if_fail (filename != NULL);
  g_return_if_fail (data != NULL);

  attachment = g_new0 (Attachment, 1);
  attachment->filename = g_strdup (filename);
  attachment->data = g_bytes_ref (data);
  if (content_type != NULL)
    attachment->content_type = g_strdup (content_type);
  else
    {
      gsize size;
      gconstpointer bytes = g_bytes_get_data (data, &size);
      g_autofree char *guessed = g_content_type_guess (filename, bytes, MIN (size, 4096), NULL);

      attachment->content_type = g_content_type_get_mime_type (guessed);
      if (attachment->content_type == NULL)
        attachment->content_type = g_strdup ("application/octet-stream");
    }
  g_ptr_array_add (self->attachments, attachment);
}

gboolean
cr_message_builder_add_attachment_file (CrMessageBuilder  *self,
                                        GFile             *file,
                                        GCancellable      *cancellable,
                                        GError           **error)
{
  g_autoptr(GBytes) data = NULL;
  g_autofree char *basename = NULL;

  g_return_val_if_fail (CR_IS_MESSAGE_BUILDER (self), FALSE);
  g_return_val_if_fail (G_IS_FILE (file), FALSE);

  data = g_file_load_bytes (file, cancellable, NULL, error);
  if (data == NULL)
    return FALSE;
  basename = g_file_get_basename (file);
  cr_message_builder_add_attachment (self, basename, NULL, data);
  return TRUE;
}

void
cr_message_builder_add_message_attachment (CrMessageBuilder *self,
                                           const char       *filename,
                                           GBytes           *raw)
{
  cr_message_builder_add_attachment (self, filename, "message/rfc822", raw);
}

guint
cr_message_builder_get_n_attachments (CrMessageBuilder *self)
{
  g_return_val_if_fail (CR_IS_MESSAGE_BUILDER (self), 0);
  return self->attachments->len;
}

const char *
cr_message_builder_get_attachment_name (CrMessageBuilder *self,
                                        guint             index)
{
  g_return_val_if_fail (CR_IS_MESSAGE_BUILDER (self), NULL);
  g_return_val_if_fail (index < self->attachments->len, NULL);
  return ((Attachment *) g_ptr_array_index (self->attachments, index))->filename;
}

GBytes *
cr_message_builder_get_attachment_data (CrMessageBuilder *self,
                                        guint             index)
{
  g_return_val_if_fail (CR_IS_MESSAGE_BUILDER (self), NULL);
  g_return_val_if_fail (index < self->attachments->len, NULL);
  return ((Attachment *) g_ptr_array_index (self->attachments, index))->data;
}

void
cr_message_builder_remove_attachment (CrMessageBuilder *self,
                                      guint             index)
{
  g_return_if_fail (CR_IS_MESSAGE_BUILDER (self));
  g_return_if_fail (index < self->attachments->len);
  g_ptr_array_remove_index (self->attachments, index);
}

void
cr_message_builder_copy_attachments (CrMessageBuilder *self,
                                     CrMessageBuilder *from)
{
  g_return_if_fail (CR_IS_MESSAGE_BUILDER (self));
  g_return_if_fail (CR_IS_MESSAGE_BUILDER (from));

  for (guint i = 0; i < from->attachments->len; i++)
    {
      Attachment *attachment = g_ptr_array_index (from->attachments, i);

      cr_message_builder_add_attachment (self, attachment->filename, attachment->content_type, attachment->data);
    }
}

gsize
cr_message_builder_get_attachments_size (CrMessageBuilder *self)
{
  gsize total = 0;

  g_return_val_if_fail (CR_IS_MESSAGE_BUILDER (self), 0);
  for (guint i = 0; i < self->attachments->len; i++)
    total += g_bytes_get_size (((Attachment *) g_ptr_array_index (self->attachments, i))->data);
  return total;
}

static void
add_unique (GPtrArray  *list,
            GPtrArray  *addresses)
{
  for (guint i = 0; i < addresses->len; i++)
    {
      const CrMimeAddress *address = g_ptr_array_index (addresses, i);
      gboolean seen = FALSE;

      for (guint j = 0; j < list->len && !seen; j++)
        seen = g_ascii_strcasecmp (g_ptr_array_index (list, j), address->address) == 0;
      if (!seen)
        g_ptr_array_add (list, g_strdup (address->address));
    }
}

char **
cr_message_builder_dup_recipients (CrMessageBuilder *self)
{
  GPtrArray *list = g_ptr_array_new ();

  g_return_val_if_fail (CR_IS_MESSAGE_BUILDER (self), NULL);

  add_unique (list, self->to);
  add_unique (list, self->cc);
  add_unique (list, self->bcc);
  g_ptr_array_add (list, NULL);
  return (char **) g_ptr_array_free (list, FALSE);
}

/* Building ---------------------------------------------------------------- */

static gboolean
check_addresses (GPtrArray  *addresses,
                 GError    **error)
{
  for (guint i = 0; i < addresses->len; i++)
    {
      const CrMimeAddress *address = g_ptr_array_index (addresses, i);

      if (!cr_compose_is_valid_address (address->address))
        {
          g_set_error (error, CR_COMPOSE_ERROR, CR_COMPOSE_ERROR_INVALID_ADDRESS,
                       /* Translators: %s is what was typed as an address */
                       _("“%s” is not a valid email address."),
                       address->address != NULL ? address->address : "");
          return FALSE;
        }
    }
  return TRUE;
}

static gboolean
check (CrMessageBuilder  *self,
       gboolean           for_sending,
       GError           **error)
{
  if (self->from == NULL)
    {
      g_set_error_literal (error, CR_COMPOSE_ERROR, CR_COMPOSE_ERROR_NO_SENDER,
                           _("The message has no sender."));
      return FALSE;
    }
  if (!g_utf8_validate (self->subject, -1, NULL) || !g_utf8_validate (self->body, -1, NULL))
    {
      g_set_error_literal (error, CR_COMPOSE_ERROR, CR_COMPOSE_ERROR_INVALID_MESSAGE,
                           _("The message contains text that is not valid UTF-8."));
      return FALSE;
    }
  if (for_sending && self->to->len + self->cc->len + self->bcc->len == 0)
    {
      g_set_error_literal (error, CR_COMPOSE_ERROR, CR_COMPOSE_ERROR_NO_RECIPIENT,
                           _("The message has no recipient."));
      return FALSE;
    }

  {
    g_autoptr(GPtrArray) from = g_ptr_array_new ();

    g_ptr_array_add (from, self->from);
    return check_addresses (from, error) && check_addresses (self->to, error) &&
           check_addresses (self->cc, error) && check_addresses (self->bcc, error) &&
           check_addresses (self->reply_to, error);
  }
}

/* RFC 5322 dates are in English whatever the person's language. */
static char *
format_date (GDateTime *date)
{
  static const char * const days[] = { "Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun" };
  static const char * const months[] = { "Jan", "Feb", "Mar", "Apr", "May", "Jun",
                                         "Jul", "Aug", "Sep", "Oct", "Nov", "Dec" };
  gint64 offset = g_date_time_get_utc_offset (date) / G_TIME_SPAN_MINUTE;
  char sign = offset < 0 ? '-' : '+';

  offset = ABS (offset);
  return g_strdup_printf ("%s, %d %s %d %02d:%02d:%02d %c%02d%02d",
                          days[g_date_time_get_day_of_week (date) - 1],
                          g_date_time_get_day_of_month (date),
                          months[g_date_time_get_month (date) - 1],
                          g_date_time_get_year (date),
                          g_date_time_get_hour (date),
                          g_date_time_get_minute (date),
                          g_date_time_get_second (date),
                          sign, (int) (offset / 60), (int) (offset % 60));
}

static char *
random_token (void)
{
  g_autofree char *uuid = g_uuid_string_random ();
  GString *token = g_string_new (NULL);

  for (const char *p = uuid; *p != '\0'; p++)
    if (*p != '-')
      g_string_append_c (token, *p);
  return g_string_free (token, FALSE);
}

static void
ensure_message_id (CrMessageBuilder *self)
{
  const char *domain;
  g_autofree char *token = NULL;

  if (self->message_id != NULL)
    return;
  domain = strrchr (self->from->address, '@') + 1;
  token = random_token ();
  self->message_id = g_strdup_printf ("%s@%s", token, domain);
}

static void
append_id_list (GString            *out,
                const char         *name,
                const char * const *ids)
{
  g_autoptr(GPtrArray) tokens = g_ptr_array_new_with_free_func (g_free);
  g_autofree char *header = NULL;

  for (guint i = 0; ids[i] != NULL; i++)
    g_ptr_array_add (tokens, g_strdup_printf ("<%s>", ids[i]));
  if (tokens->len == 0)
    return;

  /* Same folding as the other headers, without encoding. */
  {
    GString *line = g_string_new (name);
    gsize line_start = 0;

    g_string_append_c (line, ':');
    for (guint i = 0; i < tokens->len; i++)
      {
        const char *token = g_ptr_array_index (tokens, i);

        if (line->len - line_start + 1 + strlen (token) > CR_COMPOSE_LINE_LENGTH && i > 0)
          {
            g_string_append (line, "\r\n");
            line_start = line->len;
          }
        g_string_append_c (line, ' ');
        g_string_append (line, token);
      }
    g_string_append (line, "\r\n");
    header = g_string_free (line, FALSE);
  }
  g_string_append (out, header);
}

static void
append_header (GString    *out,
               char       *header)
{
  g_string_append (out, header);
  g_free (header);
}

static void
append_headers (CrMessageBuilder *self,
                GString          *out)
{
  g_autoptr(GPtrArray) from = g_ptr_array_new ();
  g_autoptr(GDateTime) now = g_date_time_new_now_local ();
  const char *in_reply_to[] = { self->in_reply_to, NULL };
  g_autofree char *date = format_date (self->date != NULL ? self->date : now);

  g_ptr_array_add (from, self->from);
  append_header (out, g_strdup_printf ("Date: %s\r\n", date));
  append_header (out, cr_compose_header_addresses ("From", from));
  if (self->reply_to->len > 0)
    append_header (out, cr_compose_header_addresses ("Reply-To", self->reply_to));
  if (self->to->len > 0)
    append_header (out, cr_compose_header_addresses ("To", self->to));
  if (self->cc->len > 0)
    append_header (out, cr_compose_header_addresses ("Cc", self->cc));
  /* Kept for the draft and the Envoyés copy; cr_smtp_send_raw() leaves
   * it out of what travels. */
  if (self->bcc->len > 0)
    append_header (out, cr_compose_header_addresses ("Bcc", self->bcc));
  append_header (out, cr_compose_header_unstructured ("Subject", self->subject));
  append_header (out, g_strdup_printf ("Message-ID: <%s>\r\n", self->message_id));
  if (self->in_reply_to != NULL)
    append_id_list (out, "In-Reply-To", in_reply_to);
  append_id_list (out, "References", (const char * const *) self->references);
  if (self->organization != NULL && *self->organization != '\0')
    append_header (out, cr_compose_header_unstructured ("Organization", self->organization));
  g_string_append (out, "MIME-Version: 1.0\r\n");
}

static void
append_text_part (CrMessageBuilder *self,
                  GString          *out)
{
  g_autofree char *flowed = NULL;

  /* Every line ends, the last one too: the text is read back as typed
   * plus a final newline. */
  if (*self->body != '\0' && !g_str_has_suffix (self->body, "\n"))
    {
      g_autofree char *ended = g_strconcat (self->body, "\n", NULL);
      flowed = cr_compose_flow_text (ended);
    }
  else
    flowed = cr_compose_flow_text (self->body);

  g_string_append (out, "Content-Type: text/plain; charset=UTF-8; format=flowed\r\n");
  if (cr_compose_needs_qp (flowed))
    {
      g_autofree char *qp = cr_compose_encode_qp (flowed, strlen (flowed));

      g_string_append (out, "Content-Transfer-Encoding: quoted-printable\r\n\r\n");
      g_string_append (out, qp);
    }
  else
    {
      g_string_append (out, "Content-Transfer-Encoding: 7bit\r\n\r\n");
      for (const char *p = flowed; *p != '\0'; p++)
        {
          if (*p == '\n')
            g_string_append_c (out, '\r');
          g_string_append_c (out, *p);
        }
    }
}

/* The old “name=” for clients without RFC 2231: encoded words inside a
 * quoted string, which RFC 2047 does not bless but everyone reads. */
static void
append_name_parameter (GString    *out,
                       const char *filename)
{
  g_autofree char *header = cr_compose_header_unstructured ("X", filename);
  gsize length = strlen (header);

  g_string_append (out, ";\r\n name=\"");
  /* Skip “X: ”, drop the CRLF; folds stay inside the quotes. */
  g_string_append_len (out, header + 3, (gssize) (length - 5));
  g_string_append_c (out, '"');
}

static gboolean
is_7bit_message (GBytes *data)
{
  gsize size;
  const guchar *bytes = g_bytes_get_data (data, &size);
  gsize column = 0;

  for (gsize i = 0; i < size; i++)
    {
      if (bytes[i] >= 0x80 || bytes[i] == 0 || (bytes[i] == '\n' && (i == 0 || bytes[i - 1] != '\r')))
        return FALSE;
      column = bytes[i] == '\n' ? 0 : column + 1;
      if (column > 998)
        return FALSE;
    }
  return size == 0 || bytes[size - 1] == '\n';
}

static void
append_attachment (GString    *out,
                   Attachment *attachment)
{
  gsize size;
  const guint8 *data = g_bytes_get_data (attachment->data, &size);
  gboolean message = g_ascii_strcasecmp (attachment->content_type, "message/rfc822") == 0;
  g_autoptr(GString) disposition = g_string_new ("Content-Disposition: attachment");

  g_string_append_printf (out, "Content-Type: %s", attachment->content_type);
  append_name_parameter (out, attachment->filename);
  g_string_append (out, "\r\n");
  cr_compose_append_parameter (disposition, "filename", attachment->filename);
  g_string_append (out, disposition->str);
  g_string_append (out, "\r\n");

  /* RFC 2046 wants message/rfc822 unencoded; a message that would need
   * 8BITMIME travels in base64, which readers take too. */
  if (message && is_7bit_message (attachment->data))
    {
      g_string_append (out, "Content-Transfer-Encoding: 7bit\r\n\r\n");
      g_string_append_len (out, (const char *) data, (gssize) size);
    }
  else
    {
      g_autofree char *b64 = cr_compose_encode_base64 (data, size);

      g_string_append (out, "Content-Transfer-Encoding: base64\r\n\r\n");
      g_string_append (out, b64);
    }
}

/**
 * cr_message_builder_build:
 * @self: a builder
 * @for_sending: FALSE for a draft (no recipient needed)
 * @error: a CR_COMPOSE_ERROR
 *
 * Returns: (transfer full): the message, CRLF line ends, 7-bit clean
 */
GBytes *
cr_message_builder_build (CrMessageBuilder  *self,
                          gboolean           for_sending,
                          GError           **error)
{
  GString *out;
  g_autofree char *token = NULL;
  g_autofree char *boundary = NULL;

  g_return_val_if_fail (CR_IS_MESSAGE_BUILDER (self), NULL);

  if (!check (self, for_sending, error))
    return NULL;
  ensure_message_id (self);

  out = g_string_sized_new (4096 + cr_message_builder_get_attachments_size (self) * 4 / 3);
  append_headers (self, out);

  if (self->attachments->len == 0)
    {
      append_text_part (self, out);
      return g_string_free_to_bytes (out);
    }

  /* “=_” never occurs in quoted-printable nor base64 text. */
  token = random_token ();
  boundary = g_strdup_printf ("=_courrier_%s", token);
  g_string_append_printf (out, "Content-Type: multipart/mixed;\r\n boundary=\"%s\"\r\n\r\n", boundary);
  g_string_append_printf (out, "--%s\r\n", boundary);
  append_text_part (self, out);
  for (guint i = 0; i < self->attachments->len; i++)
    {
      if (!g_str_has_suffix (out->str, "\r\n"))
        g_string_append (out, "\r\n");
      g_string_append_printf (out, "--%s\r\n", boundary);
      append_attachment (out, g_ptr_array_index (self->attachments, i));
    }
  if (!g_str_has_suffix (out->str, "\r\n"))
    g_string_append (out, "\r\n");
  g_string_append_printf (out, "--%s--\r\n", boundary);

  return g_string_free_to_bytes (out);
}
