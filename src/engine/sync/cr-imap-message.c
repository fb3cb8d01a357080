/* cr-imap-message.c — IMAP FETCH answers as store rows
 *
 * The row's headers come as one literal, BODY.PEEK[HEADER.FIELDS (…)],
 * raw (RFC 2047 words, 8-bit bytes), read by the mime module as the
 * reader reads them. Not ENVELOPE: the same fields as dozens of quoted
 * strings each, which libetpan parses a character at a time — with
 * ENVELOPE and References its parser alone took 0.63 s of CPU for
 * 20,000 answers, with the header fields 0.33 s (bench-sync, Dovecot
 * warm). BODYSTRUCTURE tells whether there are attachments and their
 * names, but no text: the preview comes with the body. The answers are
 * read by cr-imap-response.c, not by libetpan (see there why).
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <string.h>

#include "cr-imap-bodystructure.h"
#include "cr-imap-message.h"
#include "cr-mime-fields.h"
#include "cr-mime-header.h"

/* What a row of the message list needs from the header. */
static const char *const row_headers[] = {
  "Date", "Subject", "From", "To", "Cc", "Message-ID", "In-Reply-To", "References",
};

/**
 * cr_imap_message_header_fetch_type:
 *
 * UID FLAGS INTERNALDATE RFC822.SIZE BODYSTRUCTURE
 * BODY.PEEK[HEADER.FIELDS (Date Subject From To Cc Message-ID In-Reply-To
 * References)]: everything a row of the message list needs, without
 * marking anything read.
 *
 * Returns: (transfer full): free with mailimap_fetch_type_free()
 */
struct mailimap_fetch_type *
cr_imap_message_header_fetch_type (void)
{
  struct mailimap_fetch_type *type = mailimap_fetch_type_new_fetch_att_list_empty ();
  clist *headers = clist_new ();
  struct mailimap_section *section;

  mailimap_fetch_type_new_fetch_att_list_add (type, mailimap_fetch_att_new_uid ());
  mailimap_fetch_type_new_fetch_att_list_add (type, mailimap_fetch_att_new_flags ());
  mailimap_fetch_type_new_fetch_att_list_add (type, mailimap_fetch_att_new_internaldate ());
  mailimap_fetch_type_new_fetch_att_list_add (type, mailimap_fetch_att_new_rfc822_size ());
  mailimap_fetch_type_new_fetch_att_list_add (type, mailimap_fetch_att_new_bodystructure ());

  for (guint i = 0; i < G_N_ELEMENTS (row_headers); i++)
    clist_append (headers, strdup (row_headers[i]));
  section = mailimap_section_new_header_fields (mailimap_header_list_new (headers));
  mailimap_fetch_type_new_fetch_att_list_add (type, mailimap_fetch_att_new_body_peek_section (section));

  return type;
}

/**
 * cr_imap_message_flags_fetch_type:
 * @with_modseq: also ask for MODSEQ (CONDSTORE)
 *
 * Returns: (transfer full): UID FLAGS [MODSEQ]
 */
struct mailimap_fetch_type *
cr_imap_message_flags_fetch_type (gboolean with_modseq)
{
  struct mailimap_fetch_type *type = mailimap_fetch_type_new_fetch_att_list_empty ();

  mailimap_fetch_type_new_fetch_att_list_add (type, mailimap_fetch_att_new_uid ());
  mailimap_fetch_type_new_fetch_att_list_add (type, mailimap_fetch_att_new_flags ());
  if (with_modseq)
    mailimap_fetch_type_new_fetch_att_list_add (type, mailimap_fetch_att_new_modseq ());

  return type;
}

static gboolean
same_word (const char *text,
           gsize       length,
           const char *word)
{
  return length == strlen (word) && g_ascii_strncasecmp (text, word, length) == 0;
}

static CrMessageFlags
keyword_flag (const char *keyword,
              gsize       length)
{
  if (same_word (keyword, length, "$Forwarded"))
    return CR_MESSAGE_FLAG_FORWARDED;
  if (same_word (keyword, length, "$Junk") || same_word (keyword, length, "Junk"))
    return CR_MESSAGE_FLAG_JUNK;

  return CR_MESSAGE_FLAG_NONE;
}

/* The FLAGS item of a FETCH answer: the flags Courrier keeps; other
 * keywords are ignored. */
static CrMessageFlags
flags_of_att (struct mailimap_msg_att_dynamic *dynamic)
{
  CrMessageFlags flags = CR_MESSAGE_FLAG_NONE;

  if (dynamic == NULL || dynamic->att_list == NULL)
    return flags;

  for (clistiter *it = clist_begin (dynamic->att_list); it != NULL; it = clist_next (it))
    {
      struct mailimap_flag_fetch *fetch = clist_content (it);

      if (fetch->fl_type != MAILIMAP_FLAG_FETCH_OTHER || fetch->fl_flag == NULL)
        continue;

      switch (fetch->fl_flag->fl_type)
        {
        case MAILIMAP_FLAG_SEEN:
          flags |= CR_MESSAGE_FLAG_SEEN;
          break;
        case MAILIMAP_FLAG_ANSWERED:
          flags |= CR_MESSAGE_FLAG_ANSWERED;
          break;
        case MAILIMAP_FLAG_FLAGGED:
          flags |= CR_MESSAGE_FLAG_FLAGGED;
          break;
        case MAILIMAP_FLAG_DELETED:
          flags |= CR_MESSAGE_FLAG_DELETED;
          break;
        case MAILIMAP_FLAG_DRAFT:
          flags |= CR_MESSAGE_FLAG_DRAFT;
          break;
        case MAILIMAP_FLAG_KEYWORD:
          flags |= keyword_flag (fetch->fl_flag->fl_data.fl_keyword, strlen (fetch->fl_flag->fl_data.fl_keyword));
          break;
        default:
          break;
        }
    }

  return flags;
}

static guint64
att_item_modseq (struct mailimap_msg_att_item *item)
{
  struct mailimap_extension_data *ext = item->att_data.att_extension_data;

  if (ext == NULL || ext->ext_extension != &mailimap_extension_condstore ||
      ext->ext_type != MAILIMAP_CONDSTORE_TYPE_FETCH_DATA)
    return 0;

  return ((struct mailimap_condstore_fetch_mod_resp *) ext->ext_data)->cs_modseq_value;
}

/**
 * cr_imap_message_att_flags:
 * @out: (out caller-allocates): UID, flags and MODSEQ of the answer
 *
 * Returns: %FALSE when the answer has no UID or no FLAGS (an unsolicited
 *   FETCH about something else)
 */
gboolean
cr_imap_message_att_flags (struct mailimap_msg_att *att,
                           CrUidFlags              *out)
{
  gboolean has_flags = FALSE;

  g_return_val_if_fail (att != NULL, FALSE);
  g_return_val_if_fail (out != NULL, FALSE);

  memset (out, 0, sizeof *out);

  for (clistiter *it = clist_begin (att->att_list); it != NULL; it = clist_next (it))
    {
      struct mailimap_msg_att_item *item = clist_content (it);

      if (item->att_type == MAILIMAP_MSG_ATT_ITEM_DYNAMIC)
        {
          out->flags = flags_of_att (item->att_data.att_dyn);
          has_flags = TRUE;
        }
      else if (item->att_type == MAILIMAP_MSG_ATT_ITEM_STATIC &&
               item->att_data.att_static->att_type == MAILIMAP_MSG_ATT_UID)
        out->uid = item->att_data.att_static->att_data.att_uid;
      else if (item->att_type == MAILIMAP_MSG_ATT_ITEM_EXTENSION)
        out->modseq = att_item_modseq (item);
    }

  return out->uid != 0 && has_flags;
}

/* Arithmetic, not a GDateTime: a header sync converts two dates a
 * message. Days from 1970-01-01 in the proleptic Gregorian calendar, as
 * in H. Hinnant's days_from_civil. */
static gint64
unix_time (int year,
           int month,
           int day,
           int hour,
           int minute,
           int second,
           int zone)
{
  int sign = zone < 0 ? -1 : 1;
  int hhmm = ABS (zone);
  gint64 y, era, year_of_era, day_of_year, day_of_era;

  /* A zone no one lives in reads as +0000, as the reader reads it. */
  if (hhmm % 100 >= 60 || hhmm / 100 > 14)
    hhmm = 0;

  if (year < 1900 || year > 9999 || month < 1 || month > 12 || day < 1 ||
      day > g_date_get_days_in_month ((GDateMonth) month, (GDateYear) year) ||
      hour < 0 || hour > 23 || minute < 0 || minute > 59 || second < 0 || second > 60)
    return 0;

  y = year - (month <= 2 ? 1 : 0);
  era = y / 400;
  year_of_era = y - era * 400;
  day_of_year = (153 * (month > 2 ? month - 3 : month + 9) + 2) / 5 + day - 1;
  day_of_era = year_of_era * 365 + year_of_era / 4 - year_of_era / 100 + day_of_year;

  return (era * 146097 + day_of_era - 719468) * 86400 + hour * 3600 + minute * 60 + MIN (second, 59) -
         sign * ((hhmm / 100) * 3600 + (hhmm % 100) * 60);
}

/**
 * cr_imap_message_parse_date:
 * @rfc5322_date: (nullable): a Date: header value
 *
 * Returns: Unix time, or 0 when there is no usable date
 */
gint64
cr_imap_message_parse_date (const char *rfc5322_date)
{
  struct mailimf_date_time *dt = NULL;
  g_autofree char *padded = NULL;
  size_t index = 0;
  gsize length;
  gint64 t;

  if (rfc5322_date == NULL)
    return 0;

  /* Zeros after the text: libetpan 1.9.4 may read past its end. (The
   * reader's cr_mime_fields_parse_date() reads the same way, through a
   * GDateTime that cost a header sync 5 % of its worker's CPU.) */
  length = strlen (rfc5322_date);
  padded = g_malloc0 (length + 64);
  memcpy (padded, rfc5322_date, length);
  if (mailimf_date_time_parse (padded, length, &index, &dt) != MAILIMF_NO_ERROR)
    {
      /* What the reader also accepts: an ISO 8601 date. */
      g_autofree char *trimmed = g_strstrip (g_strdup (rfc5322_date));
      g_autoptr(GDateTime) iso = g_date_time_new_from_iso8601 (trimmed, NULL);

      return iso != NULL && g_date_time_get_year (iso) >= 1900 ? g_date_time_to_unix (iso) : 0;
    }

  /* Two-digit years, as RFC 5322 §4.3 reads them. */
  if (dt->dt_year < 50)
    dt->dt_year += 2000;
  else if (dt->dt_year < 1000)
    dt->dt_year += 1900;

  t = unix_time (dt->dt_year, dt->dt_month, dt->dt_day, dt->dt_hour, dt->dt_min, dt->dt_sec, dt->dt_zone);
  mailimf_date_time_free (dt);

  return t;
}

/* "<id@host>" → "id@host"; NULL when there is none. */
static char *
strip_message_id (const char *raw)
{
  const char *start, *end;

  if (raw == NULL)
    return NULL;

  if ((start = strchr (raw, '<')) == NULL || (end = strchr (start, '>')) == NULL)
    {
      g_autofree char *trimmed = g_strstrip (g_strdup (raw));

      return *trimmed != '\0' ? g_utf8_make_valid (trimmed, -1) : NULL;
    }

  if (end == start + 1)
    return NULL;

  return g_utf8_make_valid (start + 1, end - start - 1);
}

static char *
decode_or_null (const char *raw)
{
  g_autofree char *decoded = NULL;

  if (raw == NULL)
    return NULL;

  decoded = cr_mime_decode_header (raw);
  g_strstrip (decoded);

  return *decoded != '\0' ? g_steal_pointer (&decoded) : NULL;
}

typedef void (*AddAddress) (CrMessageInfo *info,
                            const char    *name,
                            const char    *address);

static void
add_addresses (CrMessageInfo *info,
               const char    *raw,
               AddAddress     add)
{
  g_autoptr(GPtrArray) addresses = NULL;

  if (!cr_mime_parse_address_list (raw, &addresses))
    return;

  for (guint i = 0; i < addresses->len; i++)
    {
      const CrMimeAddress *address = g_ptr_array_index (addresses, i);

      add (info, address->name, address->address);
    }
}

static void
set_sender (CrMessageInfo *info,
            const char    *raw)
{
  g_autoptr(GPtrArray) addresses = NULL;
  const CrMimeAddress *first;

  if (!cr_mime_parse_address_list (raw, &addresses))
    return;

  first = g_ptr_array_index (addresses, 0);
  info->from_name = first->name != NULL && *first->name != '\0' ? g_strdup (first->name) : NULL;
  info->from_address = g_strdup (first->address);
}

/* References: <id1> <id2> … → "id1 id2 …"; NULL when there is none. */
static char *
references_of (const char *raw)
{
  g_auto(GStrv) ids = NULL;
  g_autofree char *joined = NULL;

  if (raw == NULL)
    return NULL;

  ids = cr_mime_fields_parse_ids (raw);
  if (ids[0] == NULL)
    return NULL;
  joined = g_strjoinv (" ", ids);

  return g_utf8_validate (joined, -1, NULL) ? g_steal_pointer (&joined) : NULL;
}

/* The HEADER.FIELDS literal: a header block, possibly empty. */
static void
apply_headers (CrMessageInfo *info,
               const char    *block,
               gsize          length)
{
  g_autoptr(GPtrArray) fields = NULL;
  gsize body_offset = 0;
  gboolean truncated = FALSE;

  if (block == NULL)
    return;

  fields = cr_mime_fields_parse (block, length, &body_offset, &truncated);
  /* A server that sends the section twice: the last one counts. */
  g_clear_pointer (&info->subject, g_free);
  g_clear_pointer (&info->message_id, g_free);
  g_clear_pointer (&info->in_reply_to, g_free);
  g_clear_pointer (&info->references, g_free);
  g_clear_pointer (&info->from_name, g_free);
  g_clear_pointer (&info->from_address, g_free);
  g_ptr_array_set_size (info->to, 0);
  g_ptr_array_set_size (info->cc, 0);

  info->subject = decode_or_null (cr_mime_fields_lookup (fields, "Subject"));
  info->message_id = strip_message_id (cr_mime_fields_lookup (fields, "Message-ID"));
  info->in_reply_to = strip_message_id (cr_mime_fields_lookup (fields, "In-Reply-To"));
  info->references = references_of (cr_mime_fields_lookup (fields, "References"));
  info->date = cr_imap_message_parse_date (cr_mime_fields_lookup (fields, "Date"));
  set_sender (info, cr_mime_fields_lookup (fields, "From"));
  add_addresses (info, cr_mime_fields_lookup (fields, "To"), cr_message_info_add_to);
  add_addresses (info, cr_mime_fields_lookup (fields, "Cc"), cr_message_info_add_cc);
}

/* Answers read by cr-imap-response.c ------------------------------- */

static CrMessageFlags
flags_of (const CrImapValue *values,
          guint              list)
{
  static const struct { const char *name; CrMessageFlags flag; } system_flags[] = {
    { "\\Seen", CR_MESSAGE_FLAG_SEEN },
    { "\\Answered", CR_MESSAGE_FLAG_ANSWERED },
    { "\\Flagged", CR_MESSAGE_FLAG_FLAGGED },
    { "\\Deleted", CR_MESSAGE_FLAG_DELETED },
    { "\\Draft", CR_MESSAGE_FLAG_DRAFT },
  };
  CrMessageFlags flags = CR_MESSAGE_FLAG_NONE;

  for (guint c = list + 1; c < values[list].next; c = values[c].next)
    {
      const CrImapValue *flag = &values[c];

      if (flag->kind != CR_IMAP_VALUE_ATOM)
        continue;
      if (flag->text[0] != '\\')
        {
          flags |= keyword_flag (flag->text, flag->length);
          continue;
        }
      for (guint i = 0; i < G_N_ELEMENTS (system_flags); i++)
        if (cr_imap_value_is (flag, system_flags[i].name))
          flags |= system_flags[i].flag;
    }

  return flags;
}

static gboolean
fixed_number (const char *text,
              guint       digits,
              int        *out)
{
  int n = 0;

  for (guint i = 0; i < digits; i++)
    {
      if (!g_ascii_isdigit (text[i]))
        return FALSE;
      n = n * 10 + (text[i] - '0');
    }

  *out = n;
  return TRUE;
}

/* "17-Jul-1996 02:44:25 -0700" (a day below 10 as " 7", "07" or "7"),
 * in Unix time; 0 when it is not that. */
static gint64
internal_date_of (const CrImapValue *value)
{
  static const char months[] = "JanFebMarAprMayJunJulAugSepOctNovDec";
  char padded[27];
  const char *t = padded;
  int day, month = 0, year, hour, minute, second, zone;

  if (value->kind != CR_IMAP_VALUE_STRING || value->length < 25 || value->length > 26)
    return 0;
  /* An unpadded day gets its space back. */
  padded[0] = ' ';
  memcpy (padded + 26 - value->length, value->text, value->length);
  padded[26] = '\0';

  if (t[2] != '-' || t[6] != '-' || t[11] != ' ' || t[14] != ':' || t[17] != ':' || t[20] != ' ' ||
      (t[21] != '+' && t[21] != '-'))
    return 0;

  for (int m = 0; m < 12 && month == 0; m++)
    if (g_ascii_strncasecmp (t + 3, months + 3 * m, 3) == 0)
      month = m + 1;
  if (!(t[0] == ' ' ? fixed_number (t + 1, 1, &day) : fixed_number (t, 2, &day)) ||
      month == 0 || !fixed_number (t + 7, 4, &year) || !fixed_number (t + 12, 2, &hour) ||
      !fixed_number (t + 15, 2, &minute) || !fixed_number (t + 18, 2, &second) ||
      !fixed_number (t + 22, 4, &zone))
    return 0;

  return unix_time (year, month, day, hour, minute, second, t[21] == '-' ? -zone : zone);
}

/* MODSEQ (n) */
static guint64
modseq_of (const CrImapValue *values,
           guint              list)
{
  guint64 modseq = 0;

  if (values[list].kind == CR_IMAP_VALUE_LIST && list + 1 < values[list].next)
    cr_imap_value_number (&values[list + 1], G_MAXUINT64, &modseq);

  return modseq;
}

/* One item of the answer: @name followed by the value at @index. */
static void
apply_item (CrMessageInfo     *info,
            const CrImapValue *values,
            const CrImapValue *name,
            guint              index,
            gboolean          *has_headers)
{
  const CrImapValue *value = &values[index];
  guint64 n;

  if (cr_imap_value_is (name, "UID") && cr_imap_value_number (value, G_MAXUINT32, &n))
    info->uid = (guint32) n;
  else if (cr_imap_value_is (name, "FLAGS") && value->kind == CR_IMAP_VALUE_LIST)
    info->flags = flags_of (values, index);
  else if (cr_imap_value_is (name, "INTERNALDATE"))
    info->internal_date = internal_date_of (value);
  else if (cr_imap_value_is (name, "RFC822.SIZE") && cr_imap_value_number (value, G_MAXINT64, &n))
    info->size = (gint64) n;
  else if (cr_imap_value_is (name, "BODYSTRUCTURE") && value->kind == CR_IMAP_VALUE_LIST)
    {
      g_clear_pointer (&info->attachment_names, g_strfreev);
      info->has_attachment = cr_imap_bodystructure_attachments (values, index, &info->attachment_names);
    }
  else if (cr_imap_value_has_prefix (name, "BODY["))
    {
      *has_headers = TRUE;
      if (value->kind == CR_IMAP_VALUE_STRING)
        apply_headers (info, value->text, value->length);
    }
  else if (cr_imap_value_is (name, "MODSEQ"))
    info->modseq = modseq_of (values, index);
}

/**
 * cr_imap_message_from_values:
 * @values: what cr_imap_response_parse_value() made of the list of a
 *   FETCH answer to cr_imap_message_header_fetch_type()
 * @list: the index of that list in @values
 *
 * Returns: (transfer full) (nullable): the row, or %NULL when the answer
 *   has no UID or no header section (it answered something else)
 */
CrMessageInfo *
cr_imap_message_from_values (const CrImapValue *values,
                             guint              list)
{
  g_autoptr(CrMessageInfo) info = cr_message_info_new ();
  gboolean has_headers = FALSE;
  guint end;

  g_return_val_if_fail (values != NULL, NULL);
  g_return_val_if_fail (values[list].kind == CR_IMAP_VALUE_LIST, NULL);

  /* Name, value, name, value…; a name without a value is dropped. */
  end = values[list].next;
  for (guint c = list + 1; c < end && values[c].next < end; c = values[values[c].next].next)
    apply_item (info, values, &values[c], values[c].next, &has_headers);

  /* An unsolicited FETCH amid the answers (another client changed some
   * flags) has no header section: as a row it would blank the message's
   * headers. The next resync brings its flags. */
  if (info->uid == 0 || !has_headers)
    return NULL;

  /* The list sorts by date: a missing Date: header falls back to arrival. */
  if (info->date == 0)
    info->date = info->internal_date;

  return g_steal_pointer (&info);
}

/**
 * cr_imap_message_flags_from_values:
 * @values: what cr_imap_response_parse_value() made of a FETCH answer
 * @list: the index of the answer's list in @values
 * @out: (out caller-allocates): UID, flags and MODSEQ of the answer
 *
 * Returns: %FALSE when the answer has no UID or no FLAGS
 */
gboolean
cr_imap_message_flags_from_values (const CrImapValue *values,
                                   guint              list,
                                   CrUidFlags        *out)
{
  gboolean has_flags = FALSE;
  guint end;

  g_return_val_if_fail (values != NULL && values[list].kind == CR_IMAP_VALUE_LIST, FALSE);
  g_return_val_if_fail (out != NULL, FALSE);

  memset (out, 0, sizeof *out);
  end = values[list].next;
  for (guint c = list + 1; c < end && values[c].next < end; c = values[values[c].next].next)
    {
      const CrImapValue *name = &values[c];
      guint index = name->next;
      guint64 n;

      if (cr_imap_value_is (name, "UID") && cr_imap_value_number (&values[index], G_MAXUINT32, &n))
        out->uid = (guint32) n;
      else if (cr_imap_value_is (name, "FLAGS") && values[index].kind == CR_IMAP_VALUE_LIST)
        {
          out->flags = flags_of (values, index);
          has_flags = TRUE;
        }
      else if (cr_imap_value_is (name, "MODSEQ"))
        out->modseq = modseq_of (values, index);
    }

  return out->uid != 0 && has_flags;
}
