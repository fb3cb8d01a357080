/* cr-compose-reply.c — replies and forwards, prepared from the message
 * being read
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <glib/gi18n-lib.h>
#include <string.h>

#include "cr-compose-encode.h"
#include "cr-compose-reply.h"
#include "cr-mime-part.h"
#include "cr-mime-text.h"

/* References kept in a reply: the thread's root and the latest ones are
 * what threading needs (RFC 5322 §3.6.4 allows trimming). */
#define MAX_REFERENCES 20

/* Prefixes that already say “reply” or “forward”, in the languages
 * our correspondents write in. */
static const char * const reply_prefixes[] = { "re:", "ré:", "réf:", "aw:", "sv:", NULL };
static const char * const forward_prefixes[] = { "fwd:", "fw:", "tr:", "wg:", NULL };

static gboolean
has_prefix (const char         *subject,
            const char * const *prefixes)
{
  g_autofree char *folded = g_utf8_casefold (subject, -1);

  for (guint i = 0; prefixes[i] != NULL; i++)
    {
      g_autofree char *prefix = g_utf8_casefold (prefixes[i], -1);
      const char *p = folded;

      if (g_str_has_prefix (p, prefix))
        return TRUE;
      /* “Re :” with the French space. */
      if (strncmp (p, prefix, strlen (prefix) - 1) == 0 && strncmp (p + strlen (prefix) - 1, " :", 2) == 0)
        return TRUE;
    }
  return FALSE;
}

char *
cr_compose_reply_subject (const char *subject)
{
  g_autofree char *stripped = g_strstrip (g_strdup (subject != NULL ? subject : ""));

  if (has_prefix (stripped, reply_prefixes))
    return g_steal_pointer (&stripped);
  return g_strconcat ("Re: ", stripped, NULL);
}

char *
cr_compose_forward_subject (const char *subject)
{
  g_autofree char *stripped = g_strstrip (g_strdup (subject != NULL ? subject : ""));

  if (has_prefix (stripped, forward_prefixes))
    return g_steal_pointer (&stripped);
  return g_strconcat ("Fwd: ", stripped, NULL);
}

static const char *
display_name (const CrMimeAddress *from)
{
  if (from == NULL)
    return _("someone");
  if (from->name != NULL && *from->name != '\0')
    return from->name;
  return from->address != NULL ? from->address : _("someone");
}

char *
cr_compose_quote_header (GDateTime           *date,
                         const CrMimeAddress *from)
{
  g_autoptr(GDateTime) local = NULL;
  g_autofree char *when = NULL;

  if (date == NULL)
    /* Translators: the line before a quoted message; %s is a name */
    return g_strdup_printf (_("%s wrote:"), display_name (from));

  local = g_date_time_to_local (date);
  /* Translators: a date in the line before a quoted message, in
   * g_date_time_format() form: French “%-d %B %Y à %H:%M” */
  when = g_date_time_format (local, C_("quote header", "%B %-d, %Y at %H:%M"));
  /* Translators: the line before a quoted message: the first %s is the
   * date, the second a name; French “Le %s, %s a écrit :” */
  return g_strdup_printf (_("On %s, %s wrote:"), when, display_name (from));
}

static void
append_block (GString               *out,
              const CrMimeTextBlock *block)
{
  g_auto(GStrv) lines = g_strsplit (block->text, "\n", -1);
  g_autofree char *marks = g_strnfill (block->quote_level, '>');

  for (guint i = 0; lines[i] != NULL; i++)
    {
      if (block->quote_level > 0)
        g_string_append_printf (out, "%s %s\n", marks, lines[i]);
      else
        g_string_append_printf (out, "%s\n", lines[i]);
    }
}

char *
cr_compose_message_text (CrMimeMessage *message)
{
  GPtrArray *parts = cr_mime_message_get_body_parts (message);
  GString *out = g_string_new (NULL);

  for (guint i = 0; i < parts->len; i++)
    {
      CrMimePart *part = g_ptr_array_index (parts, i);

      if (cr_mime_part_get_kind (part) == CR_MIME_PART_TEXT)
        {
          GPtrArray *blocks = cr_mime_part_get_text_blocks (part);

          for (guint j = 0; j < blocks->len; j++)
            append_block (out, g_ptr_array_index (blocks, j));
          break;
        }
      if (cr_mime_part_get_kind (part) == CR_MIME_PART_HTML)
        {
          g_autofree char *text = cr_mime_html_to_text (cr_mime_part_get_html (part));

          g_string_append (out, text);
          break;
        }
    }
  return g_string_free (out, FALSE);
}

char *
cr_compose_quote_text (const char *text)
{
  g_auto(GStrv) lines = g_strsplit (text, "\n", -1);
  GString *out = g_string_new (NULL);
  guint n = g_strv_length (lines);

  if (n > 0 && *lines[n - 1] == '\0')
    n--;
  for (guint i = 0; i < n; i++)
    {
      /* “>>” for a line already quoted, as mail clients do. */
      if (lines[i][0] == '>')
        g_string_append_printf (out, ">%s\n", lines[i]);
      else if (lines[i][0] == '\0')
        g_string_append (out, ">\n");
      else
        g_string_append_printf (out, "> %s\n", lines[i]);
    }
  return g_string_free (out, FALSE);
}

static void
set_identity (CrMessageBuilder *builder,
              CrAccount        *account)
{
  const char *reply_to = cr_account_get_reply_to (account);

  cr_message_builder_set_from (builder, cr_account_get_display_name (account), cr_account_get_address (account));
  cr_message_builder_set_organization (builder, cr_account_get_organisation (account));
  if (reply_to != NULL && *reply_to != '\0')
    cr_message_builder_add_reply_to (builder, NULL, reply_to);
}

typedef void (*AddFunc) (CrMessageBuilder *builder,
                         const char       *name,
                         const char       *address);

static gboolean
is_listed (CrMessageBuilder *builder,
           const char       *address)
{
  GPtrArray *lists[] = { cr_message_builder_get_to (builder), cr_message_builder_get_cc (builder) };

  for (guint l = 0; l < G_N_ELEMENTS (lists); l++)
    for (guint i = 0; i < lists[l]->len; i++)
      if (g_ascii_strcasecmp (((CrMimeAddress *) g_ptr_array_index (lists[l], i))->address, address) == 0)
        return TRUE;
  return FALSE;
}

/* Adds the addresses that are neither already there nor @self_address. */
static void
add_others (CrMessageBuilder *builder,
            GPtrArray        *addresses,
            const char       *self_address,
            AddFunc           add)
{
  for (guint i = 0; addresses != NULL && i < addresses->len; i++)
    {
      const CrMimeAddress *address = g_ptr_array_index (addresses, i);

      if (address->address == NULL || *address->address == '\0' ||
          g_ascii_strcasecmp (address->address, self_address) == 0 || is_listed (builder, address->address))
        continue;
      add (builder, address->name, address->address);
    }
}

static void
set_thread (CrMessageBuilder *builder,
            CrMimeMessage    *original)
{
  const char *message_id = cr_mime_message_get_message_id (original);
  const char * const *references = cr_mime_message_get_references (original);
  g_autoptr(GPtrArray) kept = g_ptr_array_new ();
  guint n = g_strv_length ((char **) references);

  if (message_id == NULL)
    return;
  cr_message_builder_set_in_reply_to (builder, message_id);

  /* The root, then the most recent ones. */
  for (guint i = 0; i < n; i++)
    if (i == 0 || i + MAX_REFERENCES - 2 >= n)
      g_ptr_array_add (kept, (gpointer) references[i]);
  g_ptr_array_add (kept, (gpointer) message_id);
  g_ptr_array_add (kept, NULL);
  cr_message_builder_set_references (builder, (const char * const *) kept->pdata);
}

static const CrMimeAddress *
first_address (GPtrArray *addresses)
{
  return addresses != NULL && addresses->len > 0 ? g_ptr_array_index (addresses, 0) : NULL;
}

CrMessageBuilder *
cr_compose_reply (CrMimeMessage *original,
                  CrAccount     *account,
                  CrReplyMode    mode)
{
  CrMessageBuilder *builder = cr_message_builder_new ();
  const char *self_address = cr_account_get_address (account);
  GPtrArray *reply_to = cr_mime_message_get_reply_to (original);
  GPtrArray *from = cr_mime_message_get_from (original);
  const CrMimeAddress *sender = first_address (from);
  g_autofree char *subject = cr_compose_reply_subject (cr_mime_message_get_subject (original));
  g_autofree char *header = cr_compose_quote_header (cr_mime_message_get_date (original), sender);
  g_autofree char *text = cr_compose_message_text (original);
  g_autofree char *quoted = cr_compose_quote_text (text);
  g_autofree char *body = NULL;
  gboolean from_self = sender != NULL && sender->address != NULL &&
                       g_ascii_strcasecmp (sender->address, self_address) == 0;

  set_identity (builder, account);

  /* A reply to one's own message goes on to its recipients. */
  if (from_self)
    add_others (builder, cr_mime_message_get_to (original), self_address, cr_message_builder_add_to);
  else if (reply_to != NULL && reply_to->len > 0)
    add_others (builder, reply_to, "", cr_message_builder_add_to);
  else
    add_others (builder, from, "", cr_message_builder_add_to);

  if (mode == CR_REPLY_ALL)
    {
      if (!from_self)
        add_others (builder, cr_mime_message_get_to (original), self_address, cr_message_builder_add_cc);
      add_others (builder, cr_mime_message_get_cc (original), self_address, cr_message_builder_add_cc);
    }

  cr_message_builder_set_subject (builder, subject);
  set_thread (builder, original);
  body = g_strdup_printf ("\n\n%s\n%s", header, quoted);
  cr_message_builder_set_body (builder, body);
  return builder;
}

static char *
format_addresses (GPtrArray *addresses)
{
  g_autoptr(GPtrArray) parts = g_ptr_array_new_with_free_func (g_free);

  for (guint i = 0; addresses != NULL && i < addresses->len; i++)
    g_ptr_array_add (parts, cr_mime_address_to_string (g_ptr_array_index (addresses, i)));
  g_ptr_array_add (parts, NULL);
  return g_strjoinv (", ", (char **) parts->pdata);
}

static char *
forward_header (CrMimeMessage *original)
{
  g_autofree char *from = format_addresses (cr_mime_message_get_from (original));
  g_autofree char *to = format_addresses (cr_mime_message_get_to (original));
  g_autofree char *date = NULL;
  GDateTime *when = cr_mime_message_get_date (original);
  GString *out = g_string_new (NULL);

  if (when != NULL)
    {
      g_autoptr(GDateTime) local = g_date_time_to_local (when);

      date = g_date_time_format (local, C_("quote header", "%B %-d, %Y at %H:%M"));
    }

  g_string_append_printf (out, "-------- %s --------\n", _("Forwarded Message"));
  /* Translators: the headers shown above a forwarded message */
  g_string_append_printf (out, _("Subject: %s\n"), cr_mime_message_get_subject (original) != NULL ? cr_mime_message_get_subject (original) : "");
  if (date != NULL)
    g_string_append_printf (out, _("Date: %s\n"), date);
  g_string_append_printf (out, _("From: %s\n"), from);
  g_string_append_printf (out, _("To: %s\n"), to);
  return g_string_free (out, FALSE);
}

CrMessageBuilder *
cr_compose_forward (CrMimeMessage *original,
                    GBytes        *raw,
                    CrAccount     *account,
                    CrForwardMode  mode)
{
  CrMessageBuilder *builder = cr_message_builder_new ();
  g_autofree char *subject = cr_compose_forward_subject (cr_mime_message_get_subject (original));

  set_identity (builder, account);
  cr_message_builder_set_subject (builder, subject);

  if (mode == CR_FORWARD_ATTACHMENT)
    {
      const char *original_subject = cr_mime_message_get_subject (original);
      g_autofree char *filename = g_strdup_printf ("%s.eml", original_subject != NULL && *original_subject != '\0'
                                                             ? original_subject : _("message"));

      /* A “/” would make the name a path for whoever saves it. */
      g_strdelimit (filename, "/\\", '_');
      g_return_val_if_fail (raw != NULL, builder);
      cr_message_builder_add_message_attachment (builder, filename, raw);
    }
  else
    {
      g_autofree char *header = forward_header (original);
      g_autofree char *text = cr_compose_message_text (original);
      g_autofree char *body = g_strdup_printf ("\n\n%s\n%s", header, text);
      GPtrArray *attachments = cr_mime_message_get_attachments (original);

      cr_message_builder_set_body (builder, body);
      for (guint i = 0; i < attachments->len; i++)
        {
          CrMimePart *part = g_ptr_array_index (attachments, i);
          const char *filename = cr_mime_part_get_filename (part);

          /* A part the reader truncated has no bytes to send on. */
          if (cr_mime_part_get_bytes (part) == NULL)
            continue;
          cr_message_builder_add_attachment (builder, filename != NULL ? filename : _("attachment"),
                                             cr_mime_part_get_content_type (part), cr_mime_part_get_bytes (part));
        }
    }
  return builder;
}

/* Reopening ---------------------------------------------------------------- */

/* Bcc is in what Courrier built (draft, outbox) but not in what the
 * reader shows. */
static void
add_bcc_from_headers (CrMessageBuilder *builder,
                      GBytes           *raw)
{
  gsize size;
  const char *data = g_bytes_get_data (raw, &size);
  g_autofree char *text = g_strndup (data, size);
  g_auto(GStrv) lines = NULL;
  g_autoptr(GString) value = NULL;
  g_autoptr(GPtrArray) addresses = NULL;

  /* Not a regex: the bytes may not be UTF-8 (a damaged file, an 8-bit
   * message given to courrier-cli), and GRegex gives up on those. */
  lines = g_strsplit (text, "\n", -1);
  for (guint i = 0; lines[i] != NULL; i++)
    {
      g_strchomp (lines[i]);
      if (lines[i][0] == '\0')
        break;
      if (value != NULL && (lines[i][0] == ' ' || lines[i][0] == '\t'))
        g_string_append (value, lines[i]);
      else if (value != NULL)
        break;
      else if (g_ascii_strncasecmp (lines[i], "Bcc:", 4) == 0)
        value = g_string_new (lines[i] + 4);
    }
  if (value == NULL || !cr_mime_parse_address_list (value->str, &addresses))
    return;
  for (guint i = 0; i < addresses->len; i++)
    {
      const CrMimeAddress *address = g_ptr_array_index (addresses, i);

      cr_message_builder_add_bcc (builder, address->name, address->address);
    }
}

static void
add_addresses (CrMessageBuilder *builder,
               GPtrArray        *addresses,
               void            (*add) (CrMessageBuilder *, const char *, const char *))
{
  for (guint i = 0; addresses != NULL && i < addresses->len; i++)
    {
      const CrMimeAddress *address = g_ptr_array_index (addresses, i);

      add (builder, address->name, address->address);
    }
}

CrMessageBuilder *
cr_compose_reopen (GBytes *raw)
{
  g_autoptr(CrMimeMessage) message = NULL;
  g_autoptr(CrMessageBuilder) builder = NULL;
  g_autofree char *text = NULL;
  GPtrArray *from;
  GPtrArray *attachments;

  g_return_val_if_fail (raw != NULL, NULL);

  message = cr_mime_message_new_from_bytes (raw, CR_MIME_PARSE_DEFAULT);
  builder = cr_message_builder_new ();
  from = cr_mime_message_get_from (message);
  if (from != NULL && from->len > 0)
    {
      const CrMimeAddress *sender = g_ptr_array_index (from, 0);

      cr_message_builder_set_from (builder, sender->name, sender->address);
    }
  add_addresses (builder, cr_mime_message_get_to (message), cr_message_builder_add_to);
  add_addresses (builder, cr_mime_message_get_cc (message), cr_message_builder_add_cc);
  add_bcc_from_headers (builder, raw);
  cr_message_builder_set_subject (builder, cr_mime_message_get_subject (message));
  cr_message_builder_set_in_reply_to (builder, cr_mime_message_get_in_reply_to (message));
  cr_message_builder_set_references (builder, cr_mime_message_get_references (message));

  /* With its “> ” marks: a reply's quote is text being written too. */
  text = cr_compose_message_text (message);
  if (g_str_has_suffix (text, "\n"))
    text[strlen (text) - 1] = '\0';
  cr_message_builder_set_body (builder, text);
  attachments = cr_mime_message_get_attachments (message);
  for (guint i = 0; i < attachments->len; i++)
    {
      CrMimePart *part = g_ptr_array_index (attachments, i);

      cr_message_builder_add_attachment (builder, cr_mime_part_get_filename (part),
                                         cr_mime_part_get_content_type (part), cr_mime_part_get_bytes (part));
    }
  return g_steal_pointer (&builder);
}
