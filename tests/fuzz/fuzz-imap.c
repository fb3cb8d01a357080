/* fuzz-imap.c — libFuzzer target: bytes from an IMAP server → rows
 *
 * What the header sync does with the answers a server sends: framing
 * (also when the bytes come in two reads), the values read in place,
 * and the row made of a FETCH answer, BODYSTRUCTURE included. A hostile
 * server must not crash, hang or leak it, nor get text that is not
 * UTF-8 into a row.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include <stdint.h>
#include <string.h>

#include "cr-imap-message.h"
#include "cr-imap-response.h"

int LLVMFuzzerTestOneInput (const uint8_t *data,
                            size_t         size);

static void
check_text (const char *text)
{
  g_assert (text == NULL || g_utf8_validate (text, -1, NULL));
}

static void
check_row (CrMessageInfo *info)
{
  check_text (info->subject);
  check_text (info->from_name);
  check_text (info->from_address);
  check_text (info->message_id);
  check_text (info->references);
  for (guint i = 0; i < info->to->len; i++)
    check_text (((CrAddress *) g_ptr_array_index (info->to, i))->name);
  for (char **name = info->attachment_names; name != NULL && *name != NULL; name++)
    check_text (*name);
}

/* The same end, whether the bytes came at once or in two reads. */
static CrImapFrame
frame (const char *bytes,
       gsize       length,
       gsize      *end)
{
  CrImapFramer whole = { 0, 0 }, split = { 0, 0 };
  gsize split_end = 0;
  CrImapFrame result = cr_imap_response_frame (bytes, length, &whole, end);
  CrImapFrame first = cr_imap_response_frame (bytes, length / 2, &split, &split_end);

  if (first == CR_IMAP_FRAME_MORE)
    first = cr_imap_response_frame (bytes, length, &split, &split_end);
  g_assert (first == result && (result != CR_IMAP_FRAME_COMPLETE || split_end == *end));
  g_assert (result != CR_IMAP_FRAME_COMPLETE || (*end > 0 && *end <= length && bytes[*end - 1] == '\n'));

  return result;
}

static void
read_answer (char  *answer,
             gsize  length)
{
  g_autoptr(GArray) values = g_array_new (FALSE, FALSE, sizeof (CrImapValue));
  const char *open = memchr (answer, '(', length);
  gsize pos;

  if (open == NULL)
    return;
  pos = (gsize) (open - answer);
  if (!cr_imap_response_parse_value (answer, length, &pos, values))
    return;
  g_assert (pos <= length);

  for (guint i = 0; i < values->len; i++)
    {
      const CrImapValue *value = &g_array_index (values, CrImapValue, i);

      g_assert (value->next > i && value->next <= values->len);
      g_assert (value->text == NULL ||
                (value->text >= answer && value->text + value->length <= answer + length));
    }

  if (g_array_index (values, CrImapValue, 0).kind == CR_IMAP_VALUE_LIST)
    {
      g_autoptr(CrMessageInfo) info = cr_imap_message_from_values ((CrImapValue *) (gpointer) values->data, 0);

      if (info != NULL)
        check_row (info);
    }
}

int
LLVMFuzzerTestOneInput (const uint8_t *data,
                        size_t         size)
{
  /* Exactly as long as the input, so that a read past it is caught. */
  g_autofree char *bytes = g_memdup2 (data, size);
  gsize start = 0;

  while (start < size)
    {
      gsize end = 0;

      if (frame (bytes + start, size - start, &end) != CR_IMAP_FRAME_COMPLETE)
        break;
      read_answer (bytes + start, end);
      start += end;
    }

  return 0;
}
