/* cr-outbox-private.h — what cr-outbox.c (the entries on disk) and
 * cr-outbox-send.c (sending them) share
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include "cr-outbox.h"

G_BEGIN_DECLS

struct _CrOutbox
{
  GObject  parent_instance;

  CrPaths *paths;
  char    *dir;
  GMutex   mutex; /* the read-modify-write of a state, between threads */
};

/* Durably; the caller holds the mutex. */
gboolean cr_outbox_save_entry   (CrOutbox       *self,
                                 CrOutboxEntry  *entry,
                                 GError        **error);
/* The caller holds the mutex. */
void     cr_outbox_delete_entry (CrOutbox       *self,
                                 const char     *id);
/* The entry's lock between processes, taken without waiting: a file
 * descriptor for cr_outbox_unlock_entry(), or -1 when another thread or
 * process holds it (or the entry is gone). */
int      cr_outbox_lock_entry   (CrOutbox       *self,
                                 const char     *id);
void     cr_outbox_unlock_entry (int             fd);
gboolean cr_outbox_entry_is_due (CrOutboxEntry  *entry,
                                 gint64          now);

G_END_DECLS
