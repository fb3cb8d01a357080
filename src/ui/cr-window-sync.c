/* cr-window-sync.c — the window's view of the sync scheduler
 *
 * “Relever” (F5 and the sidebar's button) asks the scheduler for a check
 * of every account. Each account's state goes to its line in the sidebar,
 * and the first problem that needs the person is shown in a bar over the
 * message list, with what to do about it: a password refused or missing
 * and a certificate not trusted open the account's settings (the setup
 * assistant, where both are dealt with), another error offers to try
 * again. Offline, the bar says how many changes wait to be sent.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <glib/gi18n.h>

#include "cr-net-error.h"
#include "cr-setup-assistant.h"
#include "cr-window-private.h"

typedef enum
{
  BANNER_NONE,
  BANNER_OFFLINE,
  BANNER_ERROR,
  BANNER_CERTIFICATE,
  BANNER_PASSWORD,
} BannerKind;

enum {
  RESPONSE_FIX = 1,
};

static BannerKind
banner_kind_for (CrSyncScheduler *scheduler,
                 const char      *account_id)
{
  const GError *error = cr_sync_scheduler_get_error (scheduler, account_id);

  switch (cr_sync_scheduler_get_state (scheduler, account_id))
    {
    case CR_SYNC_STATE_NEEDS_PASSWORD:
      return BANNER_PASSWORD;
    case CR_SYNC_STATE_OFFLINE:
      return BANNER_OFFLINE;
    case CR_SYNC_STATE_ERROR:
      if (g_error_matches (error, CR_NET_ERROR, CR_NET_ERROR_AUTH_FAILED))
        return BANNER_PASSWORD;
      if (g_error_matches (error, CR_NET_ERROR, CR_NET_ERROR_CERTIFICATE_UNTRUSTED))
        return BANNER_CERTIFICATE;
      return BANNER_ERROR;
    case CR_SYNC_STATE_IDLE:
    case CR_SYNC_STATE_SYNCING:
    default:
      return BANNER_NONE;
    }
}

static char *
banner_text (CrWindow   *self,
             BannerKind  kind,
             CrAccount  *account)
{
  const char *name = cr_account_get_display_name (account);
  const GError *error = cr_sync_scheduler_get_error (self->scheduler, cr_account_get_id (account));
  guint waiting;

  switch (kind)
    {
    case BANNER_PASSWORD:
      if (g_error_matches (error, CR_NET_ERROR, CR_NET_ERROR_AUTH_FAILED))
        /* Translators: %s is the account's name */
        return g_strdup_printf (_("The password of “%s” was refused."), name);
      if (error != NULL)
        /* Translators: %s is the account's name, then why the keyring could not give its password */
        return g_strdup_printf (_("Enter the password of “%s” to get its mail. %s"), name, error->message);
      /* Translators: %s is the account's name */
      return g_strdup_printf (_("Enter the password of “%s” to get its mail."), name);
    case BANNER_CERTIFICATE:
      /* Translators: %s is the account's name */
      return g_strdup_printf (_("The certificate of the server of “%s” is not trusted."), name);
    case BANNER_ERROR:
      /* Translators: %s is the account's name, then the reason */
      return g_strdup_printf (_("“%s” could not be checked: %s"), name, error->message);
    case BANNER_OFFLINE:
      waiting = self->store != NULL ? cr_store_count_operations (self->store, NULL, NULL) : 0;
      if (waiting == 0)
        return g_strdup (_("Offline. Mail will be checked when the network is back."));
      return g_strdup_printf (g_dngettext (GETTEXT_PACKAGE,
                                           "Offline. %u change will be sent when the network is back.",
                                           "Offline. %u changes will be sent when the network is back.",
                                           waiting),
                              waiting);
    case BANNER_NONE:
    default:
      return NULL;
    }
}

static const char *
banner_button_label (BannerKind kind)
{
  switch (kind)
    {
    case BANNER_PASSWORD:
      return _("_Enter Password…");
    case BANNER_CERTIFICATE:
      return _("_Review…");
    case BANNER_ERROR:
      return _("_Try Again");
    case BANNER_OFFLINE:
    case BANNER_NONE:
    default:
      return NULL;
    }
}

/* The problem most in need of the person, over all accounts. */
static void
update_banner (CrWindow *self)
{
  GListModel *accounts = G_LIST_MODEL (cr_context_get_account_manager (self->context));
  g_autoptr(CrAccount) worst_account = NULL;
  g_autofree char *text = NULL;
  BannerKind worst = BANNER_NONE;
  const char *label;

  for (guint i = 0; i < g_list_model_get_n_items (accounts); i++)
    {
      g_autoptr(CrAccount) account = g_list_model_get_item (accounts, i);
      BannerKind kind = banner_kind_for (self->scheduler, cr_account_get_id (account));

      if (kind > worst)
        {
          worst = kind;
          g_set_object (&worst_account, account);
        }
    }

  g_clear_pointer (&self->banner_account_id, g_free);
  gtk_info_bar_set_revealed (self->banner, worst != BANNER_NONE);
  if (worst == BANNER_NONE)
    return;

  self->banner_account_id = g_strdup (cr_account_get_id (worst_account));
  text = banner_text (self, worst, worst_account);
  gtk_label_set_label (self->banner_label, text);
  gtk_info_bar_set_message_type (self->banner, worst == BANNER_OFFLINE ? GTK_MESSAGE_INFO : GTK_MESSAGE_WARNING);
  label = banner_button_label (worst);
  gtk_widget_set_visible (self->banner_button, label != NULL);
  if (label != NULL)
    gtk_button_set_label (GTK_BUTTON (self->banner_button), label);
  self->banner_fixes_account = worst == BANNER_PASSWORD || worst == BANNER_CERTIFICATE;
}

static void
update_account_state (CrWindow   *self,
                      const char *account_id)
{
  CrAccountState *state = cr_folder_sidebar_get_account_state (self->sidebar, account_id);
  const GError *error = cr_sync_scheduler_get_error (self->scheduler, account_id);
  CrImapSync *imap = cr_sync_scheduler_get_imap_sync (self->scheduler, account_id);
  guint64 used = 0, limit = 0;
  guint done = 0, total = 0;

  if (state == NULL)
    return;

  /* Known after a check, when the server has QUOTA. */
  if (imap != NULL && cr_imap_sync_get_quota (imap, &used, &limit))
    cr_account_state_set_quota (state, used, limit);

  switch (cr_sync_scheduler_get_state (self->scheduler, account_id))
    {
    case CR_SYNC_STATE_SYNCING:
      cr_sync_scheduler_get_progress (self->scheduler, account_id, &done, &total);
      cr_account_state_set_syncing (state, done, total);
      break;
    case CR_SYNC_STATE_OFFLINE:
      cr_account_state_set_offline (state);
      break;
    case CR_SYNC_STATE_NEEDS_PASSWORD:
      cr_account_state_set_error (state, _("Password needed"));
      break;
    case CR_SYNC_STATE_ERROR:
      cr_account_state_set_error (state, error != NULL ? error->message : NULL);
      break;
    case CR_SYNC_STATE_IDLE:
    default:
      cr_account_state_set_idle (state);
      break;
    }
}

static void
on_state_changed (CrSyncScheduler *scheduler,
                  const char      *account_id,
                  CrWindow        *self)
{
  update_account_state (self, account_id);
  update_banner (self);
}

static void
on_banner_response (GtkInfoBar *banner,
                    int         response,
                    CrWindow   *self)
{
  CrAccount *account;
  CrSetupAssistant *assistant;

  if (response != RESPONSE_FIX || self->banner_account_id == NULL)
    return;

  if (!self->banner_fixes_account)
    {
      cr_sync_scheduler_check_now (self->scheduler, self->banner_account_id);
      return;
    }

  account = cr_account_manager_lookup (cr_context_get_account_manager (self->context),
                                       self->banner_account_id);
  if (account == NULL)
    return;
  /* Saving there changes the account: the scheduler checks it again. */
  assistant = cr_setup_assistant_new_for_account (GTK_WINDOW (self), self->context, account);
  gtk_window_present (GTK_WINDOW (assistant));
}

static void
check_mail (GtkWidget  *widget,
            const char *action_name,
            GVariant   *parameter)
{
  CrWindow *self = CR_WINDOW (widget);

  if (self->scheduler != NULL)
    cr_sync_scheduler_check_now (self->scheduler, NULL);
}

/**
 * cr_window_watch_sync:
 *
 * Once the store is open: follows the scheduler, which the application
 * starts (the window never does, so that a window alone checks nothing).
 */
void
cr_window_watch_sync (CrWindow *self)
{
  GListModel *accounts = G_LIST_MODEL (cr_context_get_account_manager (self->context));

  self->scheduler = cr_context_get_scheduler (self->context, NULL);
  if (self->scheduler == NULL)
    return;

  g_object_ref (self->scheduler);
  g_signal_connect_object (self->scheduler, "state-changed", G_CALLBACK (on_state_changed), self, 0);
  for (guint i = 0; i < g_list_model_get_n_items (accounts); i++)
    {
      g_autoptr(CrAccount) account = g_list_model_get_item (accounts, i);

      update_account_state (self, cr_account_get_id (account));
    }
  update_banner (self);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "win.check-mail", TRUE);
}

void
cr_window_init_sync (CrWindow *self)
{
  GtkWidget *header = gtk_widget_get_first_child (self->message_list_pane);

  self->banner = GTK_INFO_BAR (gtk_info_bar_new ());
  gtk_info_bar_set_revealed (self->banner, FALSE);
  self->banner_label = GTK_LABEL (gtk_label_new (NULL));
  gtk_label_set_wrap (self->banner_label, TRUE);
  gtk_label_set_xalign (self->banner_label, 0);
  gtk_widget_set_hexpand (GTK_WIDGET (self->banner_label), TRUE);
  gtk_info_bar_add_child (self->banner, GTK_WIDGET (self->banner_label));
  self->banner_button = gtk_info_bar_add_button (self->banner, "", RESPONSE_FIX);
  gtk_button_set_use_underline (GTK_BUTTON (self->banner_button), TRUE);
  g_signal_connect_object (self->banner, "response", G_CALLBACK (on_banner_response), self, 0);
  gtk_box_insert_child_after (GTK_BOX (self->message_list_pane), GTK_WIDGET (self->banner), header);

  gtk_widget_action_set_enabled (GTK_WIDGET (self), "win.check-mail", FALSE);
}

void
cr_window_dispose_sync (CrWindow *self)
{
  if (self->scheduler != NULL)
    g_signal_handlers_disconnect_by_data (self->scheduler, self);
  g_clear_object (&self->scheduler);
  g_clear_pointer (&self->banner_account_id, g_free);
}

void
cr_window_class_init_sync (GtkWidgetClass *widget_class)
{
  gtk_widget_class_install_action (widget_class, "win.check-mail", NULL, check_mail);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_F5, 0, "win.check-mail", NULL);
}
