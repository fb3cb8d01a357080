/* cr-drafts.h — messages being written, kept while they are written
 *
 * Each composer has a key (cr_drafts_new_key()). Saving writes the
 * latest version durably in the data directory first (drafts/KEY.eml,
 * replaced atomically: a crash leaves the previous or the new version,
 * never half of one), then puts it in the account's Brouillons (IMAP
 * APPEND with \Draft, then the previous version deleted by UID; the local
 * folder for POP3). After a crash, cr_drafts_list_crashed() gives what
 * was being written. Closing the composer releases the draft
 * (cr_drafts_release_sync(): the local copy goes once Brouillons has
 * it). Once the message is in the outbox, cr_drafts_discard_sync()
 * removes every copy.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gio/gio.h>

#include "cr-context.h"
#include "cr-message-builder.h"

G_BEGIN_DECLS

#define CR_TYPE_DRAFTS (cr_drafts_get_type ())

G_DECLARE_FINAL_TYPE (CrDrafts, cr_drafts, CR, DRAFTS, GObject)

CrDrafts  *cr_drafts_new          (CrPaths       *paths);
char      *cr_drafts_new_key      (void);

/* Local and durable only: fast, safe to call on every pause in typing
 * (the UI debounces). */
gboolean   cr_drafts_save_local   (CrDrafts      *self,
                                   const char    *key,
                                   const char    *account_id,
                                   GBytes        *raw,
                                   GError       **error);
/* (element-type utf8): the keys of the drafts on disk, oldest first. */
GPtrArray *cr_drafts_list         (CrDrafts      *self);
GBytes    *cr_drafts_load         (CrDrafts      *self,
                                   const char    *key,
                                   char         **out_account_id,
                                   GError       **error);

/* The latest local version to the account's Brouillons, replacing the
 * one uploaded before. Synchronous (network): a worker thread. */
gboolean   cr_drafts_upload_sync  (CrDrafts      *self,
                                   CrContext     *context,
                                   CrAccount     *account,
                                   const char    *password,
                                   const char    *key,
                                   GCancellable  *cancellable,
                                   GError       **error);
/* cr_drafts_save_local() then cr_drafts_upload_sync() on a thread. */
void       cr_drafts_save_async   (CrDrafts      *self,
                                   CrContext     *context,
                                   CrAccount     *account,
                                   const char    *password,
                                   const char    *key,
                                   GBytes        *raw,
                                   GCancellable  *cancellable,
                                   GAsyncReadyCallback callback,
                                   gpointer       user_data);
gboolean   cr_drafts_save_finish  (CrDrafts      *self,
                                   GAsyncResult  *result,
                                   GError       **error);
/* Sent or thrown away: the server's copy, then the local one. */
gboolean   cr_drafts_discard_sync (CrDrafts      *self,
                                   CrContext     *context,
                                   CrAccount     *account,
                                   const char    *password,
                                   const char    *key,
                                   GCancellable  *cancellable,
                                   GError       **error);

/* The person closed the composer: the draft goes to Brouillons (if it
 * is not there yet) and, once there, its local copy is removed. When the
 * server cannot be reached the local copy stays, pending. */
gboolean   cr_drafts_release_sync (CrDrafts      *self,
                                   CrContext     *context,
                                   CrAccount     *account,
                                   const char    *password,
                                   const char    *key,
                                   GCancellable  *cancellable,
                                   GError       **error);
/* (element-type utf8): drafts closed before they reached Brouillons
 * (offline, no password): to release again, at start-up. */
GPtrArray *cr_drafts_list_pending (CrDrafts      *self);

/* Open drafts. A composer marks its draft open (drafts/KEY.open, under a
 * flock() it holds while the window is open) and closed again when the
 * person closes the window, sends or discards. A draft still marked open
 * whose lock nobody holds was left by a process that died: a crash. */
gboolean   cr_drafts_mark_open    (CrDrafts      *self,
                                   const char    *key,
                                   GError       **error);
void       cr_drafts_mark_closed  (CrDrafts      *self,
                                   const char    *key);
/* (element-type utf8): keys of the drafts left open by a crashed
 * composer, oldest first. */
GPtrArray *cr_drafts_list_crashed (CrDrafts      *self);
/* The draft as a builder to fill a composer again: From, To, Cc, Bcc,
 * Subject, the text, In-Reply-To, References and the attachments. */
CrMessageBuilder *cr_drafts_load_builder (CrDrafts   *self,
                                          const char *key,
                                          char      **out_account_id,
                                          GError    **error);

G_END_DECLS
