/* cr-imap-header-fetch.c — header batches fetched as rows, two at a time
 *
 * Each answer becomes a row as soon as libetpan has parsed it, and is
 * freed by libetpan right after. Why: libetpan registers every string it
 * parses in one global, mutex-guarded hash table until the answer is
 * freed; with whole batches of answers alive, its lookups and insertions
 * were ~20–27% of the sync's CPU (perf). Answer by answer, the table
 * holds one message's strings, and a batch is never all in memory.
 *
 * The sync sends the next batch's UID FETCH before it reads the answer
 * to the one before (send, then receive), so that the server works on
 * one while we parse the other: 8–15 % faster on a warm Dovecot
 * (bench-sync). libetpan's public calls send and read in one go; the
 * pieces used here are exported by libetpan 1.9.4 but declared only in
 * headers Debian does not install.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include "cr-imap-header-fetch.h"
#include "cr-imap-message.h"

/* libetpan's mailimap_sender.h. */
int mailimap_uid_fetch_send (mailstream                 *fd,
                             struct mailimap_set        *set,
                             struct mailimap_fetch_type *fetch_type);
int mailimap_crlf_send      (mailstream                 *fd);

static void
add_row (struct mailimap_msg_att *att,
         gpointer                 user_data)
{
  CrMessageInfo *info = cr_imap_message_from_att (att);

  if (info != NULL)
    g_ptr_array_add (user_data, info);
}

/* libetpan hands answers to the handler only with a progress callback. */
static void
items_progress (size_t   current,
                size_t   maximum,
                gpointer user_data)
{
}

/**
 * cr_imap_header_fetch_send:
 * @type: cr_imap_message_header_fetch_type()
 * @out_tag: (out): the command's tag, for cr_imap_header_fetch_receive()
 *
 * Sends UID FETCH of @set without waiting for the answer. Every command
 * sent must be received, in order, before any other command is sent.
 *
 * Returns: libetpan's result code
 */
int
cr_imap_header_fetch_send (mailimap                   *imap,
                           struct mailimap_set        *set,
                           struct mailimap_fetch_type *type,
                           int                        *out_tag)
{
  int r;

  if (imap->imap_state != MAILIMAP_STATE_SELECTED)
    return MAILIMAP_ERROR_BAD_STATE;

  if ((r = mailimap_send_current_tag (imap)) != MAILIMAP_NO_ERROR ||
      (r = mailimap_uid_fetch_send (imap->imap_stream, set, type)) != MAILIMAP_NO_ERROR ||
      (r = mailimap_crlf_send (imap->imap_stream)) != MAILIMAP_NO_ERROR)
    return r;
  if (mailstream_flush (imap->imap_stream) == -1)
    return MAILIMAP_ERROR_STREAM;

  *out_tag = imap->imap_tag;
  return MAILIMAP_NO_ERROR;
}

/**
 * cr_imap_header_fetch_receive:
 * @tag: what cr_imap_header_fetch_send() gave, the oldest not received
 * @out_rows: (out) (transfer full) (element-type CrMessageInfo): the
 *   rows, on success only
 *
 * Reads the answer to the UID FETCH tagged @tag.
 *
 * Returns: libetpan's result code
 */
int
cr_imap_header_fetch_receive (mailimap   *imap,
                              int         tag,
                              GPtrArray **out_rows)
{
  g_autoptr(GPtrArray) rows = g_ptr_array_new_with_free_func ((GDestroyNotify) cr_message_info_unref);
  struct mailimap_response *response = NULL;
  int latest = imap->imap_tag;
  int r;

  mailimap_set_msg_att_handler (imap, add_row, rows);
  mailimap_set_progress_callback (imap, NULL, items_progress, NULL);
  /* libetpan checks the tagged answer against its latest tag. */
  imap->imap_tag = tag;
  if (mailimap_read_line (imap) == NULL)
    r = MAILIMAP_ERROR_STREAM;
  else
    r = mailimap_parse_response (imap, &response);
  imap->imap_tag = latest;
  mailimap_set_progress_callback (imap, NULL, NULL, NULL);
  mailimap_set_msg_att_handler (imap, NULL, NULL);

  /* Answers a handler did not take would be left here. */
  if (imap->imap_response_info != NULL && imap->imap_response_info->rsp_fetch_list != NULL)
    {
      clist *rest = imap->imap_response_info->rsp_fetch_list;

      imap->imap_response_info->rsp_fetch_list = NULL;
      for (clistiter *it = clist_begin (rest); it != NULL; it = clist_next (it))
        add_row (clist_content (it), rows);
      mailimap_fetch_list_free (rest);
    }

  if (r != MAILIMAP_NO_ERROR)
    return r;
  if (response->rsp_resp_done->rsp_data.rsp_tagged->rsp_cond_state->rsp_type != MAILIMAP_RESP_COND_STATE_OK)
    r = MAILIMAP_ERROR_UID_FETCH;
  mailimap_response_free (response);

  if (r == MAILIMAP_NO_ERROR)
    *out_rows = g_steal_pointer (&rows);
  return r;
}

/**
 * cr_imap_header_fetch_rows:
 *
 * One batch, sent and received.
 *
 * Returns: libetpan's result code
 */
int
cr_imap_header_fetch_rows (mailimap                   *imap,
                           struct mailimap_set        *set,
                           struct mailimap_fetch_type *type,
                           GPtrArray                 **out_rows)
{
  int tag = 0;
  int r = cr_imap_header_fetch_send (imap, set, type, &tag);

  if (r != MAILIMAP_NO_ERROR)
    return r;

  return cr_imap_header_fetch_receive (imap, tag, out_rows);
}
