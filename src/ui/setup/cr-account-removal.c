/* cr-account-removal.c — removing an account: its settings, its mail on
 * this computer and its stored password
 *
 * The account leaves the account manager first, so that nothing syncs it
 * again; then its rows (and the cached bodies with them) leave the store,
 * and its passwords the keyring. Mail on the server is not touched.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <glib/gi18n.h>

#include <adwaita.h>

#include "cr-account-removal.h"

typedef struct
{
  CrContext *context;
  CrAccount *account;
  guint      pending;
} Removal;

static void
removal_free (Removal *removal)
{
  g_clear_object (&removal->context);
  g_clear_object (&removal->account);
  g_free (removal);
}

static void
on_secret_cleared (GObject      *source,
                   GAsyncResult *result,
                   gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  Removal *removal = g_task_get_task_data (task);
  g_autoptr(GError) error = NULL;

  /* A keyring that is gone keeps nothing: not worth failing for. */
  if (!cr_secrets_clear_finish (CR_SECRETS (source), result, &error) &&
      !g_error_matches (error, CR_SECRETS_ERROR, CR_SECRETS_ERROR_UNAVAILABLE))
    g_debug ("Could not clear a password: %s", error->message);

  if (--removal->pending == 0)
    g_task_return_boolean (task, TRUE);
}

/**
 * cr_account_remove_async:
 *
 * Removes @account from the account manager, deletes its folders,
 * messages and cached bodies from the store, and clears the passwords of
 * its servers. Does not ask: see cr_account_confirm_removal().
 */
void
cr_account_remove_async (CrContext           *context,
                         CrAccount           *account,
                         GCancellable        *cancellable,
                         GAsyncReadyCallback  callback,
                         gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;
  g_autoptr(GError) error = NULL;
  CrSecrets *secrets;
  CrStore *store;
  Removal *removal;

  g_return_if_fail (CR_IS_CONTEXT (context));
  g_return_if_fail (CR_IS_ACCOUNT (account));

  task = g_task_new (context, cancellable, callback, user_data);
  g_task_set_source_tag (task, cr_account_remove_async);
  removal = g_new0 (Removal, 1);
  removal->context = g_object_ref (context);
  removal->account = g_object_ref (account);
  g_task_set_task_data (task, removal, (GDestroyNotify) removal_free);

  if (!cr_account_manager_remove (cr_context_get_account_manager (context), account, &error))
    {
      g_task_return_error (task, g_steal_pointer (&error));
      return;
    }

  if ((store = cr_context_get_store (context, &error)) == NULL ||
      !cr_store_delete_account (store, cr_account_get_id (account), &error))
    {
      g_task_return_error (task, g_steal_pointer (&error));
      return;
    }

  secrets = cr_context_get_secrets (context);
  removal->pending = 2;
  cr_secrets_clear_async (secrets, account, cr_account_get_incoming (account),
                          cancellable, on_secret_cleared, g_object_ref (task));
  cr_secrets_clear_async (secrets, account, cr_account_get_outgoing (account),
                          cancellable, on_secret_cleared, g_object_ref (task));
}

gboolean
cr_account_remove_finish (GAsyncResult  *result,
                          GError       **error)
{
  g_return_val_if_fail (G_IS_TASK (result), FALSE);
  g_return_val_if_fail (g_task_get_source_tag (G_TASK (result)) == cr_account_remove_async, FALSE);

  return g_task_propagate_boolean (G_TASK (result), error);
}

static void
on_removed (GObject      *source,
            GAsyncResult *result,
            gpointer      user_data)
{
  g_autoptr(GtkWindow) parent = user_data;
  g_autoptr(GError) error = NULL;

  if (!cr_account_remove_finish (result, &error) && parent != NULL)
    {
      GtkWidget *dialog = adw_message_dialog_new (parent, _("The Account Could Not Be Removed"),
                                                  error->message);

      adw_message_dialog_add_response (ADW_MESSAGE_DIALOG (dialog), "close", _("_Close"));
      gtk_window_present (GTK_WINDOW (dialog));
    }
}

static void
on_confirm_response (AdwMessageDialog *dialog,
                     const char       *response,
                     gpointer          user_data)
{
  CrContext *context = g_object_get_data (G_OBJECT (dialog), "context");
  CrAccount *account = g_object_get_data (G_OBJECT (dialog), "account");
  GtkWindow *parent = gtk_window_get_transient_for (GTK_WINDOW (dialog));

  if (g_strcmp0 (response, "remove") != 0)
    return;

  cr_account_remove_async (context, account, NULL, on_removed,
                           parent != NULL ? g_object_ref (parent) : NULL);
}

/**
 * cr_account_confirm_removal:
 *
 * Asks, then removes the account (cr_account_remove_async()).
 */
void
cr_account_confirm_removal (GtkWindow *parent,
                            CrContext *context,
                            CrAccount *account)
{
  g_autofree char *heading = NULL;
  GtkWidget *dialog;

  g_return_if_fail (CR_IS_CONTEXT (context));
  g_return_if_fail (CR_IS_ACCOUNT (account));

  /* Translators: %s is an e-mail address. */
  heading = g_strdup_printf (_("Remove “%s”?"), cr_account_get_address (account));
  dialog = adw_message_dialog_new (parent, heading,
                                   _("Its settings, its password and the copy of its mail on this computer will be deleted. The mail on the server is kept: you can add the account again later."));
  adw_message_dialog_add_responses (ADW_MESSAGE_DIALOG (dialog),
                                    "cancel", _("_Cancel"),
                                    "remove", _("_Remove"),
                                    NULL);
  adw_message_dialog_set_response_appearance (ADW_MESSAGE_DIALOG (dialog), "remove",
                                              ADW_RESPONSE_DESTRUCTIVE);
  adw_message_dialog_set_default_response (ADW_MESSAGE_DIALOG (dialog), "cancel");
  adw_message_dialog_set_close_response (ADW_MESSAGE_DIALOG (dialog), "cancel");
  g_object_set_data_full (G_OBJECT (dialog), "context", g_object_ref (context), g_object_unref);
  g_object_set_data_full (G_OBJECT (dialog), "account", g_object_ref (account), g_object_unref);
  g_signal_connect (dialog, "response", G_CALLBACK (on_confirm_response), NULL);
  gtk_window_present (GTK_WINDOW (dialog));
}
