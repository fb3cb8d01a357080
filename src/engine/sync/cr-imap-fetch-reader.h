/* cr-imap-fetch-reader.h — FETCH answers read off an IMAP session
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <libetpan/libetpan.h>

#include "cr-imap-response.h"

G_BEGIN_DECLS

typedef struct _CrImapFetchReader CrImapFetchReader;

/**
 * CrImapFetchFunc:
 * @values: the answer's values, valid during the call only
 * @list: the index of the answer's list of items in @values
 *
 * Called for each "* N FETCH (…)" answer.
 */
typedef void (*CrImapFetchFunc) (const CrImapValue *values,
                                 guint              list,
                                 gpointer           user_data);

CrImapFetchReader *cr_imap_fetch_reader_new     (mailimap           *imap);
int                cr_imap_fetch_reader_receive (CrImapFetchReader  *self,
                                                 int                 tag,
                                                 CrImapFetchFunc     func,
                                                 gpointer            user_data);
gboolean           cr_imap_fetch_reader_free    (CrImapFetchReader  *self);

G_END_DECLS
