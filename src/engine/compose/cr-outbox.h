/* cr-outbox.h — messages waiting to be sent, kept on disk
 *
 * “Envoyer” puts the message here first: its raw bytes and a small state
 * file are written durably in the data directory (outbox/) before any
 * network traffic, so a crash or a lost connection never loses it.
 *
 * States: queued (waiting, maybe for the “Annuler l'envoi” delay or a
 * retry), sending (written just before DATA), sent (the server answered
 * 250; only the Envoyés copy may be left), failed (a permanent error the
 * person must fix; cr_outbox_retry() queues it again). Exactly once, as
 * far as SMTP allows: a message found “sending” after a crash is sent
 * again, so a crash between the server's final 250 and the write of
 * “sent” (a few milliseconds) gives a duplicate, never a loss.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gio/gio.h>

#include "cr-context.h"

G_BEGIN_DECLS

#define CR_OUTBOX_ERROR (cr_outbox_error_quark ())

typedef enum
{
  CR_OUTBOX_ERROR_NOT_FOUND,
  CR_OUTBOX_ERROR_BUSY,
  CR_OUTBOX_ERROR_CORRUPT,
} CrOutboxError;

typedef enum
{
  CR_OUTBOX_STATE_QUEUED,
  CR_OUTBOX_STATE_SENDING,
  CR_OUTBOX_STATE_SENT,
  CR_OUTBOX_STATE_FAILED,
} CrOutboxState;

typedef struct
{
  char          *id;
  char          *account_id;
  CrOutboxState  state;
  char          *from;
  char         **recipients;
  gint64         created;      /* Unix time */
  gint64         next_attempt; /* Unix time; not before, for queued */
  guint          attempts;
  char          *last_error;   /* (nullable) translated, for the person */
  gboolean       copy_done;    /* the Envoyés copy is made (or not wanted) */
} CrOutboxEntry;

#define CR_TYPE_OUTBOX (cr_outbox_get_type ())

G_DECLARE_FINAL_TYPE (CrOutbox, cr_outbox, CR, OUTBOX, GObject)

GQuark         cr_outbox_error_quark      (void);
void           cr_outbox_entry_free       (CrOutboxEntry   *entry);

CrOutbox      *cr_outbox_new              (CrPaths         *paths);

/* Returns the new entry's id; @delay seconds of “Annuler l'envoi”. */
char          *cr_outbox_enqueue          (CrOutbox        *self,
                                           const char      *account_id,
                                           const char      *from,
                                           const char * const *recipients,
                                           GBytes          *raw,
                                           guint            delay,
                                           GError         **error);
/* Takes a message back (undo, or the person gives up): refused with
 * CR_OUTBOX_ERROR_BUSY once it is being sent or sent. */
gboolean       cr_outbox_cancel           (CrOutbox        *self,
                                           const char      *id,
                                           GError         **error);
/* A failed message is queued again, due now. */
gboolean       cr_outbox_retry            (CrOutbox        *self,
                                           const char      *id,
                                           GError         **error);
/* The network is back: messages waiting for a retry (not those in
 * their “Annuler l'envoi” delay, nor failed ones) are due now. */
gboolean       cr_outbox_wake             (CrOutbox        *self,
                                           GError         **error);
/* (element-type CrOutboxEntry): oldest first; @account_id NULL: all.
 * A damaged entry is left aside (and on disk): the others still go. */
GPtrArray     *cr_outbox_list             (CrOutbox        *self,
                                           const char      *account_id,
                                           GError         **error);
CrOutboxEntry *cr_outbox_get              (CrOutbox        *self,
                                           const char      *id,
                                           GError         **error);
GBytes        *cr_outbox_load_message     (CrOutbox        *self,
                                           const char      *id,
                                           GError         **error);
/* The earliest next_attempt of a queued or sending entry of
 * @account_id, 0 when none waits: when the caller should call
 * cr_outbox_send_due_async() next. */
gint64         cr_outbox_get_next_due     (CrOutbox        *self,
                                           const char      *account_id);

/* Sends every entry of @account that is due at @now, one connection
 * for all, then makes the Envoyés copies. Synchronous: a worker thread.
 * Per-message failures are kept in the entries; the first one is also
 * returned. */
gboolean       cr_outbox_send_due_sync    (CrOutbox        *self,
                                           CrContext       *context,
                                           CrAccount       *account,
                                           const char      *password,
                                           gint64           now,
                                           guint           *out_sent,
                                           GCancellable    *cancellable,
                                           GError         **error);
void           cr_outbox_send_due_async   (CrOutbox        *self,
                                           CrContext       *context,
                                           CrAccount       *account,
                                           const char      *password,
                                           GCancellable    *cancellable,
                                           GAsyncReadyCallback callback,
                                           gpointer         user_data);
gboolean       cr_outbox_send_due_finish  (CrOutbox        *self,
                                           GAsyncResult    *result,
                                           guint           *out_sent,
                                           GError         **error);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (CrOutboxEntry, cr_outbox_entry_free)

G_END_DECLS
