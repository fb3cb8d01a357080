/* cr-account-state.h — what the sidebar shows of an account's connection
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <glib-object.h>

G_BEGIN_DECLS

typedef enum
{
  CR_ACCOUNT_STATUS_IDLE,
  CR_ACCOUNT_STATUS_SYNCING,
  CR_ACCOUNT_STATUS_OFFLINE,
  CR_ACCOUNT_STATUS_ERROR,
} CrAccountStatus;

#define CR_TYPE_ACCOUNT_STATE (cr_account_state_get_type ())

G_DECLARE_FINAL_TYPE (CrAccountState, cr_account_state, CR, ACCOUNT_STATE, GObject)

CrAccountState  *cr_account_state_new         (void);
CrAccountStatus  cr_account_state_get_status  (CrAccountState *self);
/* The sync layer reports here; the sidebar shows it. */
void             cr_account_state_set_syncing (CrAccountState *self,
                                               guint           done,
                                               guint           total);
void             cr_account_state_set_idle    (CrAccountState *self);
void             cr_account_state_set_offline (CrAccountState *self);
void             cr_account_state_set_error   (CrAccountState *self,
                                               const char     *message);
/* Quota in KiB as GETQUOTAROOT gives it; limit 0: unknown. */
void             cr_account_state_set_quota   (CrAccountState *self,
                                               guint64         used,
                                               guint64         limit);
/* (nullable): the line under the account's name, NULL when all is well. */
char            *cr_account_state_dup_summary (CrAccountState *self);
/* -1 when unknown, else 0 to 1. */
double           cr_account_state_get_quota_fraction (CrAccountState *self);

G_END_DECLS
