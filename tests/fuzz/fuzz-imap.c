/* fuzz-imap.c — libFuzzer target: bytes from an IMAP server → rows
 *
 * What the header sync does with the answers a server sends: framing
 * (also when the bytes come in two reads), the values read in place,
 * and the row made of a FETCH answer, BODYSTRUCTURE included; then the
 * same bytes through the reader of a session (over a socket pair), as
 * the sync reads them, counts, tagged answers and BYE included. A
 * hostile server must not crash, hang or leak it, nor get text that is
 * not UTF-8 into a row.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include <stdint.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>

#include "cr-imap-fetch-reader.h"
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

static void
take_answer (const CrImapValue *values,
             guint              list,
             gpointer           user_data)
{
  g_autoptr(CrMessageInfo) info = cr_imap_message_from_values (values, list);
  CrUidFlags flags;

  if (info != NULL)
    check_row (info);
  cr_imap_message_flags_from_values (values, list, &flags);
}

/* The tag of the first tagged line, so that the reader expects it. */
static int
first_tag (const char *bytes,
           gsize       size)
{
  for (gsize at = 0; at < size;)
    {
      const char *newline = memchr (bytes + at, '\n', size - at);

      if (bytes[at] != '*' && bytes[at] != '+')
        {
          int tag = 0;

          for (gsize i = at; i < size && i < at + 6 && g_ascii_isdigit (bytes[i]); i++)
            tag = tag * 10 + (bytes[i] - '0');
          return tag;
        }
      if (newline == NULL)
        break;
      at = (gsize) (newline - bytes) + 1;
    }

  return 1;
}

/* The input as a server's side of a session; at most 64 KB, which the
 * socket takes without a reader. */
static void
read_as_session (const char *bytes,
                 gsize       size)
{
  mailimap *imap;
  CrImapFetchReader *reader;
  int fds[2];
  int tag = first_tag (bytes, size);

  if (size > 65536 || socketpair (AF_UNIX, SOCK_STREAM, 0, fds) != 0)
    return;
  if (size > 0 && write (fds[1], bytes, size) != (gssize) size)
    g_error ("socket pair write");
  close (fds[1]);

  imap = mailimap_new (0, NULL);
  imap->imap_stream = mailstream_socket_open (fds[0]);
  imap->imap_state = MAILIMAP_STATE_SELECTED;
  imap->imap_selection_info = mailimap_selection_info_new ();
  reader = cr_imap_fetch_reader_new (imap);
  /* Answers to commands in a row, until the bytes run out or go wrong. */
  for (int r = MAILIMAP_NO_ERROR; r == MAILIMAP_NO_ERROR || r == MAILIMAP_ERROR_UID_FETCH; tag++)
    r = cr_imap_fetch_reader_receive (reader, tag, take_answer, NULL);
  cr_imap_fetch_reader_free (reader);

  mailstream_close (imap->imap_stream);
  imap->imap_stream = NULL;
  mailimap_free (imap);
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
  /* read_answer() unescaped quoted strings in place: from the input again. */
  if (size > 0)
    memcpy (bytes, data, size);
  read_as_session (bytes, size);

  return 0;
}
