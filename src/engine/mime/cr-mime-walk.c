/* cr-mime-walk.c — libetpan’s MIME tree into parts to show
 *
 * Decides what a person sees: which alternative, which parts are body
 * text, inline images, forwarded messages or attachments, and which
 * Content-IDs an HTML body can refer to. libetpan 1.9.4 has no limits of
 * its own, so the input is cut before it sees too many parts, and the
 * depth of the tree is bounded here.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <string.h>
#include <glib/gi18n-lib.h>
#include <libetpan/libetpan.h>

#include "cr-mime-charset.h"
#include "cr-mime-etpan.h"
#include "cr-mime-message-private.h"
#include "cr-mime-part-private.h"

/* Zeros after the copy libetpan reads; more than it was seen to overrun. */
#define ETPAN_PADDING 64

/* Header-like lines libetpan may keep a structure for, message-wide. */
#define MAX_FIELD_LINES 50000

typedef enum
{
  ROLE_NORMAL,
  ROLE_RELATED,
} Role;

static void walk_node (CrMimeWalk      *walk,
                       struct mailmime *mime,
                       guint            depth);

/* An HTML part without a MIME charset may declare one in a <meta>. */
static char *
sniff_html_charset (GBytes *bytes)
{
  gsize length = 0;
  const char *data = g_bytes_get_data (bytes, &length);
  g_autofree char *head = g_ascii_strdown (data != NULL ? data : "", MIN (length, 2048));
  const char *p = strstr (head, "charset=");
  gsize n = 0;

  if (p == NULL)
    return NULL;
  p += 8;
  if (*p == '"' || *p == '\'')
    p++;
  while (p[n] != '\0' && (g_ascii_isalnum (p[n]) || p[n] == '-' || p[n] == '_'))
    n++;

  return n > 0 ? g_strndup (p, n) : NULL;
}

static char *
text_of (struct mailmime *mime,
         GBytes          *bytes,
         gboolean         html)
{
  g_autofree char *charset = cr_mime_etpan_content_param (mime, "charset");
  gsize length = 0;
  const char *data = g_bytes_get_data (bytes, &length);

  if (charset == NULL && html)
    charset = sniff_html_charset (bytes);

  return cr_mime_charset_to_utf8 (data != NULL ? data : "", (gssize) length, charset);
}

static gboolean
is_shown_as_text (const char *type)
{
  static const char *const textual[] = {
    "text/plain", "text/rfc822-headers", "message/delivery-status",
    "message/disposition-notification", "message/feedback-report",
  };

  for (guint i = 0; i < G_N_ELEMENTS (textual); i++)
    if (g_str_equal (type, textual[i]))
      return TRUE;
  return FALSE;
}

static CrMimePartKind
kind_for (const char        *type,
          CrMimeDisposition  disposition,
          gboolean           named,
          Role               role)
{
  gboolean inline_text = disposition != CR_MIME_DISPOSITION_ATTACHMENT &&
                         (!named || disposition == CR_MIME_DISPOSITION_INLINE);

  if (role == ROLE_RELATED)
    return g_str_has_prefix (type, "image/") ? CR_MIME_PART_IMAGE : CR_MIME_PART_ATTACHMENT;
  if (is_shown_as_text (type) && inline_text)
    return CR_MIME_PART_TEXT;
  if (g_str_equal (type, "text/html") && inline_text)
    return CR_MIME_PART_HTML;
  if (g_str_has_prefix (type, "image/") && disposition == CR_MIME_DISPOSITION_INLINE)
    return CR_MIME_PART_IMAGE;

  return CR_MIME_PART_ATTACHMENT;
}

/* Files need a name to be saved; “.ics” lets a calendar open an invite. */
static char *
default_filename (const char *type)
{
  static const struct { const char *type; const char *extension; } extensions[] = {
    { "text/calendar", "ics" }, { "text/plain", "txt" }, { "text/html", "html" },
    { "image/png", "png" }, { "image/jpeg", "jpg" }, { "image/gif", "gif" },
    { "application/pdf", "pdf" }, { "message/rfc822", "eml" },
  };

  for (guint i = 0; i < G_N_ELEMENTS (extensions); i++)
    if (g_str_equal (type, extensions[i].type))
      /* Translators: the name of a file sent without a name; keep it short, no spaces */
      return g_strconcat (_("attachment"), ".", extensions[i].extension, NULL);

  return g_strdup (_("attachment"));
}

/* application/octet-stream says nothing: the name usually does. */
static char *
effective_type (const char *declared,
                const char *filename,
                GBytes     *bytes)
{
  g_autofree char *guessed = NULL;
  gsize length = 0;
  const guchar *data;

  if (!g_str_equal (declared, "application/octet-stream") || filename == NULL)
    return g_strdup (declared);

  data = g_bytes_get_data (bytes, &length);
  guessed = g_content_type_guess (filename, data, MIN (length, 4096), NULL);

  {
    g_autofree char *mime_type = g_content_type_get_mime_type (guessed);

    return g_strdup (mime_type != NULL ? mime_type : declared);
  }
}

static void
register_cid (CrMimeWalk *walk,
              CrMimePart *part)
{
  const char *cid = cr_mime_part_get_content_id (part);

  if (cid != NULL && !g_hash_table_contains (walk->by_cid, cid))
    g_hash_table_insert (walk->by_cid, g_strdup (cid), g_object_ref (part));
}

static gboolean
is_blank (const char *text)
{
  for (const char *p = text; *p != '\0'; p++)
    if (!g_ascii_isspace (*p))
      return FALSE;
  return TRUE;
}

static void
walk_single (CrMimeWalk      *walk,
             struct mailmime *mime,
             Role             role)
{
  g_autofree char *declared = cr_mime_etpan_content_type (mime->mm_content_type);
  g_autofree char *filename = cr_mime_etpan_filename (mime);
  g_autoptr(GBytes) bytes = cr_mime_etpan_decode (mime->mm_data.mm_single);
  g_autofree char *type = effective_type (declared, filename, bytes);
  CrMimeDisposition disposition = cr_mime_etpan_disposition (mime);
  CrMimePartKind kind = kind_for (type, disposition, filename != NULL, role);
  g_autoptr(CrMimePart) part = cr_mime_part_new (kind, type, bytes);

  cr_mime_part_set_disposition (part, disposition);
  cr_mime_part_set_content_id (part, cr_mime_etpan_content_id (mime));
  cr_mime_part_set_filename (part, filename);
  if (kind != CR_MIME_PART_TEXT && kind != CR_MIME_PART_HTML && cr_mime_part_get_filename (part) == NULL)
    {
      g_autofree char *fallback = default_filename (type);

      cr_mime_part_set_filename (part, fallback);
    }

  if (kind == CR_MIME_PART_TEXT || kind == CR_MIME_PART_HTML)
    {
      g_autofree char *text = text_of (mime, bytes, kind == CR_MIME_PART_HTML);

      /* An empty text part beside attachments is noise, not a body. */
      if (is_blank (text))
        return;

      /* Beyond what anyone reads, the text is cut and the part offered. */
      if (strlen (text) > CR_MIME_MAX_TEXT_LENGTH)
        {
          const char *cut = g_utf8_find_prev_char (text, text + CR_MIME_MAX_TEXT_LENGTH + 1);

          text[cut - text] = '\0';
          walk->text_cut = TRUE;
          g_ptr_array_add (walk->attachments, g_object_ref (part));
          if (cr_mime_part_get_filename (part) == NULL)
            {
              g_autofree char *fallback = default_filename (type);

              cr_mime_part_set_filename (part, fallback);
            }
        }

      if (kind == CR_MIME_PART_HTML)
        {
          cr_mime_part_set_html (part, text);
        }
      else
        {
          g_autofree char *format = cr_mime_etpan_content_param (mime, "format");
          g_autofree char *delsp = cr_mime_etpan_content_param (mime, "delsp");

          cr_mime_part_set_text (part, text,
                                 format != NULL && g_ascii_strcasecmp (format, "flowed") == 0,
                                 delsp != NULL && g_ascii_strcasecmp (delsp, "yes") == 0);
        }
    }

  register_cid (walk, part);

  if (role == ROLE_RELATED)
    g_ptr_array_add (walk->related, g_object_ref (part));
  else if (kind == CR_MIME_PART_ATTACHMENT)
    g_ptr_array_add (walk->attachments, g_object_ref (part));
  else if (kind == CR_MIME_PART_IMAGE)
    {
      g_ptr_array_add (walk->body_parts, g_object_ref (part));
      g_ptr_array_add (walk->attachments, g_object_ref (part));
    }
  else
    g_ptr_array_add (walk->body_parts, g_object_ref (part));
}

/* A forwarded message is read on its own, from its own bytes. */
static void
walk_nested (CrMimeWalk      *walk,
             struct mailmime *mime)
{
  g_autoptr(GBytes) bytes = cr_mime_etpan_decode (mime->mm_body);
  g_autofree char *filename = cr_mime_etpan_filename (mime);
  g_autoptr(CrMimePart) part = NULL;

  if (walk->message_depth + 1 > CR_MIME_MAX_MESSAGE_DEPTH)
    {
      walk->too_deep = TRUE;
      part = cr_mime_part_new (CR_MIME_PART_ATTACHMENT, "message/rfc822", bytes);
    }
  else
    {
      g_autoptr(CrMimeMessage) message = cr_mime_message_new_nested (bytes, walk->flags,
                                                                     walk->message_depth + 1);
      const char *subject = cr_mime_message_get_subject (message);

      part = cr_mime_part_new (CR_MIME_PART_MESSAGE, "message/rfc822", bytes);
      cr_mime_part_set_message (part, message);
      if (filename == NULL && *subject != '\0')
        filename = g_strconcat (subject, ".eml", NULL);
      g_ptr_array_add (walk->body_parts, g_object_ref (part));
    }

  cr_mime_part_set_disposition (part, cr_mime_etpan_disposition (mime));
  cr_mime_part_set_content_id (part, cr_mime_etpan_content_id (mime));
  cr_mime_part_set_filename (part, filename);
  if (cr_mime_part_get_filename (part) == NULL)
    {
      g_autofree char *fallback = default_filename ("message/rfc822");

      cr_mime_part_set_filename (part, fallback);
    }
  register_cid (walk, part);
  g_ptr_array_add (walk->attachments, g_object_ref (part));
}

/* What cannot be walked (too deep) is still offered, as it was sent. */
static void
add_raw_part (CrMimeWalk      *walk,
              struct mailmime *mime)
{
  g_autoptr(GBytes) bytes = g_bytes_new (mime->mm_mime_start, mime->mm_mime_start != NULL ? mime->mm_length : 0);
  g_autoptr(CrMimePart) part = cr_mime_part_new (CR_MIME_PART_ATTACHMENT, "message/rfc822", bytes);
  g_autofree char *fallback = default_filename ("message/rfc822");

  cr_mime_part_set_filename (part, fallback);
  g_ptr_array_add (walk->attachments, g_object_ref (part));
}

static char *
child_type (struct mailmime *child)
{
  return cr_mime_etpan_content_type (child->mm_content_type);
}

/* HTML (or a multipart holding it) unless plain text is preferred; an
 * invitation is never the text shown, but is kept as an attachment. */
static void
walk_alternative (CrMimeWalk      *walk,
                  struct mailmime *mime,
                  guint            depth)
{
  clist *children = mime->mm_data.mm_multipart.mm_mp_list;
  gboolean prefer_plain = (walk->flags & CR_MIME_PARSE_PREFER_PLAIN) != 0;
  struct mailmime *rich = NULL;
  struct mailmime *plain = NULL;
  struct mailmime *other = NULL;
  struct mailmime *chosen;

  for (clistiter *it = clist_begin (children); it != NULL; it = clist_next (it))
    {
      struct mailmime *child = clist_content (it);
      g_autofree char *type = child_type (child);

      if (g_str_equal (type, "text/calendar"))
        walk_single (walk, child, ROLE_NORMAL);
      else if (g_str_equal (type, "text/html") || g_str_has_prefix (type, "multipart/"))
        rich = child;
      else if (g_str_equal (type, "text/plain"))
        plain = child;
      else
        other = child;
    }

  if (prefer_plain)
    chosen = plain != NULL ? plain : rich != NULL ? rich : other;
  else
    chosen = rich != NULL ? rich : plain != NULL ? plain : other;

  if (chosen != NULL)
    walk_node (walk, chosen, depth + 1);
}

static gboolean
is_start (struct mailmime *child,
          const char      *start)
{
  const char *cid = cr_mime_etpan_content_id (child);
  g_autofree char *bare = NULL;

  if (cid == NULL || start == NULL)
    return FALSE;
  bare = g_strdup (start);
  g_strstrip (bare);
  if (*bare == '<')
    {
      gsize length = strlen (bare);

      if (length >= 2 && bare[length - 1] == '>')
        bare[length - 1] = '\0';
      return g_str_equal (cid, bare + 1);
    }

  return g_str_equal (cid, bare);
}

static void
walk_related (CrMimeWalk      *walk,
              struct mailmime *mime,
              guint            depth)
{
  clist *children = mime->mm_data.mm_multipart.mm_mp_list;
  g_autofree char *start = cr_mime_etpan_content_param (mime, "start");
  struct mailmime *root = clist_content (clist_begin (children));

  for (clistiter *it = clist_begin (children); it != NULL; it = clist_next (it))
    if (is_start (clist_content (it), start))
      root = clist_content (it);

  for (clistiter *it = clist_begin (children); it != NULL; it = clist_next (it))
    {
      struct mailmime *child = clist_content (it);

      if (child == root)
        continue;
      if (child->mm_type == MAILMIME_SINGLE && walk->n_parts < CR_MIME_MAX_PARTS)
        {
          walk->n_parts++;
          walk_single (walk, child, ROLE_RELATED);
        }
      else
        walk_node (walk, child, depth + 1);
    }

  walk_node (walk, root, depth + 1);
}

/* A multipart whose boundary never came: its text is still the message. */
static void
add_text_fallback (CrMimeWalk  *walk,
                   const char  *data,
                   gsize        length)
{
  g_autoptr(GBytes) bytes = g_bytes_new (data, length);
  g_autofree char *text = cr_mime_charset_to_utf8 (data != NULL ? data : "", (gssize) length, NULL);
  g_autoptr(CrMimePart) part = NULL;

  if (is_blank (text))
    return;

  part = cr_mime_part_new (CR_MIME_PART_TEXT, "text/plain", bytes);
  cr_mime_part_set_text (part, text, FALSE, FALSE);
  g_ptr_array_add (walk->body_parts, g_steal_pointer (&part));
}

static gboolean
contains (const char *data,
          gsize       length,
          const char *needle)
{
  gsize needle_length = strlen (needle);
  const char *end = data + length;
  const char *p = data;

  while (p != NULL && (gsize) (end - p) >= needle_length)
    {
      if (memcmp (p, needle, needle_length) == 0)
        return TRUE;
      p = memchr (p + 1, needle[0], (gsize) (end - p - 1));
    }

  return FALSE;
}

/* libetpan makes parts out of any “--” line when the declared boundary
 * never comes; then the body is better shown as it is. */
static gboolean
boundary_present (struct mailmime *mime)
{
  g_autofree char *boundary = cr_mime_etpan_content_param (mime, "boundary");
  g_autofree char *delimiter = NULL;
  struct mailmime_data *body = mime->mm_body;

  if (boundary == NULL || body == NULL || body->dt_type != MAILMIME_DATA_TEXT)
    return TRUE;

  delimiter = g_strconcat ("--", boundary, NULL);
  return contains (body->dt_data.dt_text.dt_data, body->dt_data.dt_text.dt_length, delimiter);
}

static void
walk_multipart (CrMimeWalk      *walk,
                struct mailmime *mime,
                guint            depth)
{
  clist *children = mime->mm_data.mm_multipart.mm_mp_list;
  g_autofree char *type = cr_mime_etpan_content_type (mime->mm_content_type);

  if (children == NULL || clist_isempty (children) || !boundary_present (mime))
    {
      struct mailmime_data *body = mime->mm_body;

      if (body != NULL && body->dt_type == MAILMIME_DATA_TEXT)
        add_text_fallback (walk, body->dt_data.dt_text.dt_data, body->dt_data.dt_text.dt_length);
      return;
    }

  if (g_str_equal (type, "multipart/alternative"))
    walk_alternative (walk, mime, depth);
  else if (g_str_equal (type, "multipart/related"))
    walk_related (walk, mime, depth);
  else
    for (clistiter *it = clist_begin (children); it != NULL; it = clist_next (it))
      walk_node (walk, clist_content (it), depth + 1);
}

static void
walk_node (CrMimeWalk      *walk,
           struct mailmime *mime,
           guint            depth)
{
  if (walk->n_parts >= CR_MIME_MAX_PARTS)
    {
      walk->too_many = TRUE;
      return;
    }
  walk->n_parts++;

  if (depth > CR_MIME_MAX_DEPTH)
    {
      walk->too_deep = TRUE;
      add_raw_part (walk, mime);
      return;
    }

  switch (mime->mm_type)
    {
    case MAILMIME_SINGLE:
      walk_single (walk, mime, ROLE_NORMAL);
      break;
    case MAILMIME_MULTIPLE:
      walk_multipart (walk, mime, depth);
      break;
    case MAILMIME_MESSAGE:
      walk_nested (walk, mime);
      break;
    default:
      break;
    }
}

/* A part cut right after its opening delimiter makes libetpan give up on
 * the whole multipart: cut before the delimiter line instead, if it is
 * among the header lines just above @line. */
static const char *
before_delimiter (const char *data,
                  const char *line)
{
  const char *q = line;

  for (guint i = 0; i < 100 && q > data; i++)
    {
      const char *start = q - 1;

      while (start > data && start[-1] != '\n')
        start--;
      if (q - start >= 2 && start[0] == '-' && start[1] == '-')
        return start;
      if (start[0] == '\n' || (start[0] == '\r' && q - start <= 2))
        break;
      q = start;
    }

  return line;
}

/* “Name:” at the start of a line: what libetpan keeps a structure for
 * when it is in a header. */
static gboolean
is_field_line (const char *p,
               const char *end)
{
  const char *q = p;

  while (q < end && (g_ascii_isalnum (*q) || *q == '-' || *q == '_'))
    q++;

  return q > p && q < end && *q == ':';
}

/* libetpan recurses once per nested part and keeps a structure for every
 * part and every header line: it only sees the message up to the part
 * after the last one we allow, or the line after the last field. Every
 * nested part needs its own Content-Type line, so counting those bounds
 * both its recursion and its allocations. */
static gsize
bounded_length (CrMimeWalk *walk,
                const char *data,
                gsize       length)
{
  const char *end = data + length;
  const char *p = data;
  guint parts = 0;
  guint fields = 0;

  while (p < end)
    {
      const char *nl;

      if (is_field_line (p, end))
        {
          if (++fields > MAX_FIELD_LINES)
            {
              walk->too_many = TRUE;
              return (gsize) (p - data);
            }
          if ((gsize) (end - p) > 12 && g_ascii_strncasecmp (p, "content-type", 12) == 0 &&
              ++parts > CR_MIME_MAX_PARTS)
            {
              walk->too_many = TRUE;
              return (gsize) (before_delimiter (data, p) - data);
            }
        }
      nl = memchr (p, '\n', (gsize) (end - p));
      if (nl == NULL)
        break;
      p = nl + 1;
    }

  return length;
}

/**
 * cr_mime_walk_message:
 * @walk: what to fill
 * @data: a whole message (header and body)
 * @length: its length
 * @body_offset: where its body starts, for when libetpan fails
 */
void
cr_mime_walk_message (CrMimeWalk *walk,
                      const char *data,
                      gsize       length,
                      gsize       body_offset)
{
  struct mailmime *mime = NULL;
  size_t index = 0;
  gsize parsed_length = bounded_length (walk, data, length);
  g_autofree char *padded = NULL;

  /* libetpan 1.9.4 reads past the end of its input, e.g. two bytes after
   * a quoted-printable “=” ending a part (found by fuzzing): it gets a copy
   * followed by zeros. Parts are copied out of it, so it dies here. */
  padded = g_malloc0 (parsed_length + ETPAN_PADDING);
  memcpy (padded, data, parsed_length);

  if (mailmime_parse (padded, parsed_length, &index, &mime) != MAILIMF_NO_ERROR || mime == NULL)
    {
      add_text_fallback (walk, data + body_offset, length - body_offset);
      return;
    }

  if (mime->mm_type == MAILMIME_MESSAGE && mime->mm_data.mm_message.mm_msg_mime != NULL)
    walk_node (walk, mime->mm_data.mm_message.mm_msg_mime, 0);
  else if (mime->mm_type != MAILMIME_MESSAGE)
    walk_node (walk, mime, 0);

  mailmime_free (mime);
}
