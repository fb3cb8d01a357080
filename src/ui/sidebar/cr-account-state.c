/* cr-account-state.c — what the sidebar shows of an account's connection
 *
 * A small object per account that the sync scheduler feeds (synchronising
 * n/N, offline, an error, the quota) and the sidebar watches through its
 * "changed" signal, so the UI does not depend on how the sync layer works.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <glib/gi18n.h>

#include "cr-account-state.h"

struct _CrAccountState
{
  GObject          parent_instance;

  CrAccountStatus  status;
  guint            done;
  guint            total;
  char            *error;
  guint64          quota_used;
  guint64          quota_limit;
};

G_DEFINE_FINAL_TYPE (CrAccountState, cr_account_state, G_TYPE_OBJECT)

enum {
  CHANGED,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

static void
cr_account_state_finalize (GObject *object)
{
  CrAccountState *self = CR_ACCOUNT_STATE (object);

  g_clear_pointer (&self->error, g_free);

  G_OBJECT_CLASS (cr_account_state_parent_class)->finalize (object);
}

static void
cr_account_state_class_init (CrAccountStateClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->finalize = cr_account_state_finalize;

  signals[CHANGED] =
    g_signal_new ("changed", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL, G_TYPE_NONE, 0);
}

static void
cr_account_state_init (CrAccountState *self)
{
}

CrAccountState *
cr_account_state_new (void)
{
  return g_object_new (CR_TYPE_ACCOUNT_STATE, NULL);
}

CrAccountStatus
cr_account_state_get_status (CrAccountState *self)
{
  g_return_val_if_fail (CR_IS_ACCOUNT_STATE (self), CR_ACCOUNT_STATUS_IDLE);

  return self->status;
}

static void
set_status (CrAccountState  *self,
            CrAccountStatus  status,
            const char      *error)
{
  self->status = status;
  g_free (self->error);
  self->error = g_strdup (error);
  g_signal_emit (self, signals[CHANGED], 0);
}

void
cr_account_state_set_syncing (CrAccountState *self,
                              guint           done,
                              guint           total)
{
  g_return_if_fail (CR_IS_ACCOUNT_STATE (self));

  self->done = done;
  self->total = total;
  set_status (self, CR_ACCOUNT_STATUS_SYNCING, NULL);
}

void
cr_account_state_set_idle (CrAccountState *self)
{
  g_return_if_fail (CR_IS_ACCOUNT_STATE (self));

  set_status (self, CR_ACCOUNT_STATUS_IDLE, NULL);
}

void
cr_account_state_set_offline (CrAccountState *self)
{
  g_return_if_fail (CR_IS_ACCOUNT_STATE (self));

  set_status (self, CR_ACCOUNT_STATUS_OFFLINE, NULL);
}

void
cr_account_state_set_error (CrAccountState *self,
                            const char     *message)
{
  g_return_if_fail (CR_IS_ACCOUNT_STATE (self));
  g_return_if_fail (message != NULL);

  set_status (self, CR_ACCOUNT_STATUS_ERROR, message);
}

void
cr_account_state_set_quota (CrAccountState *self,
                            guint64         used,
                            guint64         limit)
{
  g_return_if_fail (CR_IS_ACCOUNT_STATE (self));

  self->quota_used = used;
  self->quota_limit = limit;
  g_signal_emit (self, signals[CHANGED], 0);
}

char *
cr_account_state_dup_summary (CrAccountState *self)
{
  g_return_val_if_fail (CR_IS_ACCOUNT_STATE (self), NULL);

  switch (self->status)
    {
    case CR_ACCOUNT_STATUS_SYNCING:
      if (self->total == 0)
        return g_strdup (_("Synchronising…"));
      /* Translators: folders synchronised so far, out of all */
      return g_strdup_printf (_("Synchronising %u/%u"), self->done, self->total);
    case CR_ACCOUNT_STATUS_OFFLINE:
      return g_strdup (_("Offline"));
    case CR_ACCOUNT_STATUS_ERROR:
      return g_strdup (self->error);
    case CR_ACCOUNT_STATUS_IDLE:
    default:
      return NULL;
    }
}

double
cr_account_state_get_quota_fraction (CrAccountState *self)
{
  g_return_val_if_fail (CR_IS_ACCOUNT_STATE (self), -1);

  if (self->quota_limit == 0)
    return -1;

  return MIN (1.0, (double) self->quota_used / (double) self->quota_limit);
}
