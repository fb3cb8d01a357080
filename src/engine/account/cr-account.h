/* cr-account.h — an identity with its incoming and outgoing servers
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <glib-object.h>

#include "cr-server.h"

G_BEGIN_DECLS

/* POP defaults: see the comment above cr_account_init(). */
#define CR_ACCOUNT_DEFAULT_DELETE_AFTER_DAYS  14
#define CR_ACCOUNT_DEFAULT_CHECK_INTERVAL     10

#define CR_TYPE_ACCOUNT (cr_account_get_type ())

G_DECLARE_FINAL_TYPE (CrAccount, cr_account, CR, ACCOUNT, GObject)

CrAccount  *cr_account_new                          (const char *id);
CrAccount  *cr_account_copy                         (CrAccount  *self);
gboolean    cr_account_is_valid_id                  (const char *id);

const char *cr_account_get_id                       (CrAccount  *self);
const char *cr_account_get_display_name             (CrAccount  *self);
void        cr_account_set_display_name             (CrAccount  *self,
                                                     const char *display_name);
const char *cr_account_get_address                  (CrAccount  *self);
void        cr_account_set_address                  (CrAccount  *self,
                                                     const char *address);
const char *cr_account_get_organisation             (CrAccount  *self);
void        cr_account_set_organisation             (CrAccount  *self,
                                                     const char *organisation);
const char *cr_account_get_signature                (CrAccount  *self);
void        cr_account_set_signature                (CrAccount  *self,
                                                     const char *signature);
const char *cr_account_get_reply_to                 (CrAccount  *self);
void        cr_account_set_reply_to                 (CrAccount  *self,
                                                     const char *reply_to);

CrServer   *cr_account_get_incoming                 (CrAccount  *self);
void        cr_account_set_incoming                 (CrAccount  *self,
                                                     CrServer   *incoming);
CrServer   *cr_account_get_outgoing                 (CrAccount  *self);
void        cr_account_set_outgoing                 (CrAccount  *self,
                                                     CrServer   *outgoing);
const char *cr_account_get_login                    (CrAccount  *self,
                                                     CrServer   *server);

gboolean    cr_account_get_leave_on_server          (CrAccount  *self);
void        cr_account_set_leave_on_server          (CrAccount  *self,
                                                     gboolean    leave_on_server);
guint       cr_account_get_delete_after_days        (CrAccount  *self);
void        cr_account_set_delete_after_days        (CrAccount  *self,
                                                     guint       days);
gboolean    cr_account_get_delete_when_deleted_here (CrAccount  *self);
void        cr_account_set_delete_when_deleted_here (CrAccount  *self,
                                                     gboolean    delete_when_deleted_here);
guint       cr_account_get_check_interval           (CrAccount  *self);
void        cr_account_set_check_interval           (CrAccount  *self,
                                                     guint       minutes);
gboolean    cr_account_get_use_idle                 (CrAccount  *self);
void        cr_account_set_use_idle                 (CrAccount  *self,
                                                     gboolean    use_idle);
gboolean    cr_account_get_remember_password        (CrAccount  *self);
void        cr_account_set_remember_password        (CrAccount  *self,
                                                     gboolean    remember_password);

G_END_DECLS
