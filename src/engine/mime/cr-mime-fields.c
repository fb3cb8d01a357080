/* cr-mime-fields.c — the header block of a message, bounded
 *
 * Read by hand rather than through libetpan’s mailimf: it must survive
 * any header (a From libetpan cannot parse is still shown), and it caps
 * the number and the length of fields so huge headers cost little.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <string.h>
#include <libetpan/libetpan.h>

#include "cr-mime-fields.h"
#include "cr-mime-message.h"

static void
field_free (CrMimeField *field)
{
  g_free (field->name);
  g_free (field->value);
  g_free (field);
}

static const char *
line_end (const char *p,
          const char *end,
          const char **next)
{
  const char *nl = memchr (p, '\n', (gsize) (end - p));

  if (nl == NULL)
    {
      *next = end;
      return end;
    }
  *next = nl + 1;
  return (nl > p && nl[-1] == '\r') ? nl - 1 : nl;
}

/* “Subject :” is obsolete syntax but still sent. */
static gboolean
valid_name (const char *p,
            const char *colon)
{
  const char *q = colon;

  while (q > p && (q[-1] == ' ' || q[-1] == '\t'))
    q--;
  if (q == p)
    return FALSE;
  for (; p < q; p++)
    if ((guchar) *p <= ' ' || (guchar) *p >= 0x7f)
      return FALSE;

  return TRUE;
}

static const char *const shown_fields[] = {
  "From", "To", "Cc", "Reply-To", "Subject", "Date", "Message-ID",
  "In-Reply-To", "References", "MIME-Version", "Content-Type",
  "Content-Transfer-Encoding", "Content-Disposition",
};

static int
shown_index (const char *name,
             const char *colon)
{
  gsize length = (gsize) (colon - name);

  while (length > 0 && (name[length - 1] == ' ' || name[length - 1] == '\t'))
    length--;
  for (guint i = 0; i < G_N_ELEMENTS (shown_fields); i++)
    if (strlen (shown_fields[i]) == length && g_ascii_strncasecmp (name, shown_fields[i], length) == 0)
      return (int) i;

  return -1;
}

/* Past the cap (thousands of Received lines come first), the fields the
 * reader shows are still kept, the first of each name only. @seen has a
 * bit per shown field already kept, so this costs the same per line. */
static gboolean
is_kept_beyond_cap (const char *name,
                    const char *colon,
                    guint      *seen)
{
  int index = shown_index (name, colon);

  if (index < 0 || (*seen & (1u << index)) != 0)
    return FALSE;

  *seen |= 1u << index;
  return TRUE;
}

/**
 * cr_mime_fields_parse:
 * @data: the message
 * @length: its length
 * @body_offset: (out): where the body starts
 * @truncated: (out): whether fields were cut or dropped by the caps
 *
 * Returns: (transfer full) (element-type CrMimeField): the fields in
 *   order, values still folded and undecoded
 */
GPtrArray *
cr_mime_fields_parse (const char *data,
                      gsize       length,
                      gsize      *body_offset,
                      gboolean   *truncated)
{
  GPtrArray *fields = g_ptr_array_new_with_free_func ((GDestroyNotify) field_free);
  const char *end = data + length;
  const char *p = data;
  GString *value = NULL;
  gboolean dropping = FALSE;
  guint seen = 0;

  *truncated = FALSE;

  while (p < end)
    {
      const char *next;
      const char *stop = line_end (p, end, &next);
      const char *colon;

      if (stop == p)
        {
          p = next;
          break;
        }

      if (*p == ' ' || *p == '\t')
        {
          /* A continuation of the field before, if we kept it. */
          if (value != NULL && !dropping)
            {
              if (value->len + (gsize) (stop - p) + 1 > CR_MIME_MAX_HEADER_LENGTH)
                {
                  dropping = TRUE;
                  *truncated = TRUE;
                }
              else
                {
                  g_string_append_c (value, '\n');
                  g_string_append_len (value, p, stop - p);
                }
            }
          p = next;
          continue;
        }

      if (value != NULL)
        {
          CrMimeField *last = g_ptr_array_index (fields, fields->len - 1);

          last->value = g_string_free (value, FALSE);
          value = NULL;
        }

      colon = memchr (p, ':', (gsize) (stop - p));
      dropping = FALSE;
      if (colon == NULL || !valid_name (p, colon))
        {
          /* An mbox “From ” line or garbage: not a field. */
          p = next;
          continue;
        }
      if (fields->len >= CR_MIME_MAX_HEADERS && !is_kept_beyond_cap (p, colon, &seen))
        {
          *truncated = TRUE;
          p = next;
          continue;
        }
      {
        int shown = shown_index (p, colon);

        if (shown >= 0)
          seen |= 1u << shown;
      }

      {
        CrMimeField *field = g_new0 (CrMimeField, 1);
        gsize value_length = (gsize) (stop - colon - 1);

        field->name = g_strstrip (g_strndup (p, (gsize) (colon - p)));
        if (value_length > CR_MIME_MAX_HEADER_LENGTH)
          {
            value_length = CR_MIME_MAX_HEADER_LENGTH;
            dropping = TRUE;
            *truncated = TRUE;
          }
        value = g_string_new_len (colon + 1, (gssize) value_length);
        g_ptr_array_add (fields, field);
      }
      p = next;
    }

  if (value != NULL)
    {
      CrMimeField *last = g_ptr_array_index (fields, fields->len - 1);

      last->value = g_string_free (value, FALSE);
    }

  *body_offset = (gsize) (p - data);
  return fields;
}

/**
 * cr_mime_fields_lookup:
 *
 * Returns: (nullable): the raw value of the first field called @name
 */
const char *
cr_mime_fields_lookup (GPtrArray  *fields,
                       const char *name)
{
  for (guint i = 0; i < fields->len; i++)
    {
      CrMimeField *field = g_ptr_array_index (fields, i);

      if (g_ascii_strcasecmp (field->name, name) == 0)
        return field->value;
    }

  return NULL;
}

/**
 * cr_mime_fields_parse_date:
 *
 * Returns: (transfer full) (nullable): the date of an RFC 5322 Date field
 */
GDateTime *
cr_mime_fields_parse_date (const char *value)
{
  struct mailimf_date_time *date = NULL;
  g_autoptr(GTimeZone) zone = NULL;
  g_autofree char *padded = NULL;
  gsize length;
  size_t index = 0;
  GDateTime *result;
  int sign;
  int zone_value;

  if (value == NULL)
    return NULL;

  /* Zeros after the text: libetpan 1.9.4 may read past its end. */
  length = strlen (value);
  padded = g_malloc0 (length + 64);
  memcpy (padded, value, length);

  if (mailimf_date_time_parse (padded, length, &index, &date) != MAILIMF_NO_ERROR)
    {
      g_autofree char *trimmed = g_strstrip (g_strdup (value));

      return g_date_time_new_from_iso8601 (trimmed, NULL);
    }

  /* “+0200” arrives as 200. */
  sign = date->dt_zone < 0 ? -1 : 1;
  zone_value = ABS (date->dt_zone);
  if (zone_value % 100 >= 60 || zone_value / 100 > 14)
    zone_value = 0;
  zone = g_time_zone_new_offset (sign * ((zone_value / 100) * 3600 + (zone_value % 100) * 60));

  /* Two-digit years, as RFC 5322 §4.3 reads them. */
  if (date->dt_year < 50)
    date->dt_year += 2000;
  else if (date->dt_year < 1000)
    date->dt_year += 1900;

  result = g_date_time_new (zone, date->dt_year, date->dt_month, date->dt_day,
                            date->dt_hour, date->dt_min, date->dt_sec);
  mailimf_date_time_free (date);

  return result;
}

/**
 * cr_mime_fields_parse_ids:
 *
 * Returns: (transfer full): the message ids of a Message-ID, In-Reply-To
 *   or References field, without angle brackets
 */
GStrv
cr_mime_fields_parse_ids (const char *value)
{
  g_autoptr(GStrvBuilder) builder = g_strv_builder_new ();
  const char *p = value;

  while (p != NULL && (p = strchr (p, '<')) != NULL)
    {
      const char *close = strchr (p, '>');
      g_autofree char *id = NULL;

      if (close == NULL)
        break;
      id = g_strndup (p + 1, (gsize) (close - p - 1));
      g_strstrip (id);
      if (*id != '\0' && strpbrk (id, "<\r\n") == NULL)
        g_strv_builder_add (builder, id);
      p = close + 1;
    }

  return g_strv_builder_end (builder);
}

/**
 * cr_mime_fields_mime_only:
 * @fields: the fields of a message
 * @body: its body
 * @body_length: the length of @body
 * @body_offset: (out): where the body starts in the result
 *
 * libetpan keeps a structure for every header line it reads: a header of
 * a million lines would cost it gigabytes. It gets this instead: the MIME
 * fields alone (already bounded), then the body.
 *
 * Returns: (transfer full): a message to give libetpan
 */
GBytes *
cr_mime_fields_mime_only (GPtrArray  *fields,
                          const char *body,
                          gsize       body_length,
                          gsize      *body_offset)
{
  GString *message = g_string_sized_new (body_length + 1024);

  for (guint i = 0; i < fields->len; i++)
    {
      CrMimeField *field = g_ptr_array_index (fields, i);

      if (g_ascii_strncasecmp (field->name, "Content-", 8) == 0 ||
          g_ascii_strcasecmp (field->name, "MIME-Version") == 0)
        g_string_append_printf (message, "%s:%s\r\n", field->name, field->value);
    }
  g_string_append (message, "\r\n");
  *body_offset = message->len;
  g_string_append_len (message, body, (gssize) body_length);

  return g_string_free_to_bytes (message);
}
