/* cr-setup-assistant-verify.c — logging in for real, the certificate
 * question, saving the account and the first sync
 *
 * A failure is explained in plain words with the way out: the password
 * page, the servers page, or the SSL/TLS port. An untrusted certificate is
 * shown in full and trusted only when the person says so, for that host
 * and port only.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <glib/gi18n.h>

#include "cr-account-validate.h"
#include "cr-net-error.h"
#include "cr-setup-assistant-private.h"

typedef struct
{
  CrSetupAssistant *self;
  GCancellable     *cancellable;
  gboolean          incoming;
} Check;

static void
check_free (Check *check)
{
  g_clear_object (&check->self);
  g_clear_object (&check->cancellable);
  g_free (check);
}

G_DEFINE_AUTOPTR_CLEANUP_FUNC (Check, check_free)

static void
set_row_state (CrSetupAssistant *self,
               gboolean          incoming,
               gboolean          running,
               const char       *icon,
               const char       *subtitle)
{
  GtkSpinner *spinner = incoming ? self->verify_in_spinner : self->verify_out_spinner;
  GtkImage *image = incoming ? self->verify_in_icon : self->verify_out_icon;

  gtk_spinner_set_spinning (spinner, running);
  gtk_widget_set_visible (GTK_WIDGET (spinner), running);
  gtk_widget_set_visible (GTK_WIDGET (image), icon != NULL);
  if (icon != NULL)
    gtk_image_set_from_icon_name (image, icon);
  adw_action_row_set_subtitle (incoming ? self->verify_in_row : self->verify_out_row, subtitle);
  if (icon != NULL)
    gtk_accessible_update_property (GTK_ACCESSIBLE (image),
                                    GTK_ACCESSIBLE_PROPERTY_LABEL, subtitle, -1);
}

static void
show_problem (CrSetupAssistant *self,
              const char       *message,
              CrWayOut          way_out,
              gboolean          incoming)
{
  const char *button = NULL;

  /* The first problem is the one to solve first. */
  if (gtk_widget_get_visible (self->problem_group))
    return;

  self->way_out = way_out;
  self->way_out_incoming = incoming;
  gtk_label_set_text (self->problem_label, message);
  switch (way_out)
    {
    case CR_WAY_OUT_PASSWORD:
      button = _("Change the _Password");
      break;
    case CR_WAY_OUT_SERVERS:
      button = _("_Check the Servers");
      break;
    case CR_WAY_OUT_USE_TLS:
      button = _("Use _SSL/TLS");
      break;
    case CR_WAY_OUT_NONE:
    default:
      break;
    }
  gtk_widget_set_visible (GTK_WIDGET (self->way_out_button), button != NULL);
  if (button != NULL)
    gtk_button_set_label (self->way_out_button, button);
  gtk_widget_set_visible (self->problem_group, TRUE);
}

static char *
format_date (GDateTime *date)
{
  if (date == NULL)
    return g_strdup ("—");

  return g_date_time_format (date, "%x %X");
}

static void
show_certificate (CrSetupAssistant  *self,
                  CrCertificateInfo *info)
{
  g_autofree char *server = g_strdup_printf ("%s:%u", cr_certificate_info_get_host (info),
                                             (guint) cr_certificate_info_get_port (info));
  g_auto(GStrv) reasons = cr_certificate_info_get_reasons (info);
  g_autofree char *joined = g_strjoinv ("\n", reasons);
  g_autofree char *not_before = format_date (cr_certificate_info_get_not_before (info));
  g_autofree char *not_after = format_date (cr_certificate_info_get_not_after (info));
  /* Translators: the validity of a certificate, from one date to another. */
  g_autofree char *validity = g_strdup_printf (_("From %s to %s"), not_before, not_after);
  g_autofree char *intro = NULL;

  g_set_object (&self->certificate, info);

  intro = g_strdup_printf (cr_certificate_info_get_changed (info)
                           /* Translators: %s is a server name. */
                           ? _("The certificate of “%s” is not the one you trusted before. Someone may be pretending to be your server. Trust it only if your provider announced a change and the fingerprint is the one they give.")
                           : _("Courrier cannot check that this server is really “%s”. This is normal for a server with a certificate of its own; otherwise someone may be pretending to be it. Compare the fingerprint with the one your provider gives before trusting it."),
                           cr_certificate_info_get_host (info));
  adw_preferences_group_set_description (self->certificate_group, intro);
  adw_action_row_set_subtitle (self->cert_server_row, server);
  adw_action_row_set_subtitle (self->cert_reasons_row, joined);
  adw_action_row_set_subtitle (self->cert_fingerprint_row, cr_certificate_info_get_fingerprint (info));
  adw_action_row_set_subtitle (self->cert_subject_row, cr_certificate_info_get_subject (info));
  adw_action_row_set_subtitle (self->cert_issuer_row, cr_certificate_info_get_issuer (info));
  adw_action_row_set_subtitle (self->cert_validity_row, validity);

  cr_setup_assistant_go_to (self, CR_SETUP_PAGE_CERTIFICATE);
}

static CrServer *
checked_server (CrSetupAssistant *self,
                gboolean          incoming)
{
  return incoming ? cr_account_get_incoming (self->account) : cr_account_get_outgoing (self->account);
}

/* The error in plain words, and where to go to fix it. */
static void
explain (CrSetupAssistant  *self,
         gboolean           incoming,
         const GError      *error,
         CrCertificateInfo *info)
{
  CrServer *server = checked_server (self, incoming);
  const char *host = cr_server_get_host (server);
  guint port = cr_server_get_port (server);
  g_autofree char *message = NULL;
  CrWayOut way_out = CR_WAY_OUT_SERVERS;

  if (error->domain != CR_NET_ERROR)
    {
      show_problem (self, error->message, way_out, incoming);
      return;
    }

  switch (error->code)
    {
    case CR_NET_ERROR_CERTIFICATE_UNTRUSTED:
      if (info != NULL && self->certificate == NULL && self->page == CR_SETUP_PAGE_VERIFY)
        {
          show_certificate (self, info);
          return;
        }
      message = g_strdup (error->message);
      break;
    case CR_NET_ERROR_AUTH_FAILED:
      message = g_strdup (_("The server refused the identifier or the password. Check the password, and that the identifier is your full email address."));
      way_out = CR_WAY_OUT_PASSWORD;
      break;
    case CR_NET_ERROR_AUTH_METHOD_UNAVAILABLE:
      message = g_strdup (_("The server does not accept this authentication method. Choose “Normal password” with SSL/TLS or STARTTLS."));
      break;
    case CR_NET_ERROR_HOST_NOT_FOUND:
      /* Translators: %s is a server name. */
      message = g_strdup_printf (_("No server is known by the name “%s”. Check the server name your provider gives."), host);
      break;
    case CR_NET_ERROR_CONNECTION_REFUSED:
    case CR_NET_ERROR_TIMEOUT:
      /* Translators: a port number, then a server name. */
      message = g_strdup_printf (_("Nothing answers on port %u of “%s”. Check the port and the connection security."), port, host);
      break;
    case CR_NET_ERROR_STARTTLS_UNAVAILABLE:
      /* Translators: a server name, a port number, then the SSL/TLS port. */
      message = g_strdup_printf (_("“%s” offers no encryption (STARTTLS) on port %u. Use SSL/TLS on port %u instead."),
                                 host, port,
                                 (guint) cr_server_default_port (cr_server_get_protocol (server), CR_SECURITY_TLS));
      way_out = CR_WAY_OUT_USE_TLS;
      break;
    default:
      message = g_strdup (error->message);
      break;
    }

  show_problem (self, message, way_out, incoming);
}

static void
check_done (Check        *check,
            gboolean      ok,
            const GError *error,
            CrCertificateInfo *info)
{
  CrSetupAssistant *self = check->self;

  if (g_cancellable_is_cancelled (check->cancellable))
    return;

  if (check->incoming)
    self->in_ok = ok;
  else
    self->out_ok = ok;

  if (ok)
    set_row_state (self, check->incoming, FALSE, "object-select-symbolic", _("Logged in"));
  else
    {
      set_row_state (self, check->incoming, FALSE, "dialog-error-symbolic", _("Failed"));
      explain (self, check->incoming, error, info);
    }

  cr_setup_assistant_update_buttons (self);
}

static void
on_imap_checked (GObject      *source,
                 GAsyncResult *result,
                 gpointer      user_data)
{
  g_autoptr(Check) check = user_data;
  g_autoptr(GError) error = NULL;
  gboolean ok = cr_session_connect_finish (CR_SESSION (source), result, &error);

  check_done (check, ok, error, cr_session_get_certificate_info (CR_SESSION (source)));
}

static void
on_pop3_checked (GObject      *source,
                 GAsyncResult *result,
                 gpointer      user_data)
{
  g_autoptr(Check) check = user_data;
  g_autoptr(GError) error = NULL;
  gboolean ok = cr_session_connect_finish (CR_SESSION (source), result, &error);

  check_done (check, ok, error, cr_session_get_certificate_info (CR_SESSION (source)));
}

static void
on_smtp_checked (GObject      *source,
                 GAsyncResult *result,
                 gpointer      user_data)
{
  g_autoptr(Check) check = user_data;
  g_autoptr(GError) error = NULL;
  gboolean ok = cr_session_connect_finish (CR_SESSION (source), result, &error);

  check_done (check, ok, error, cr_session_get_certificate_info (CR_SESSION (source)));
}

static Check *
check_new (CrSetupAssistant *self,
           gboolean          incoming)
{
  Check *check = g_new0 (Check, 1);

  check->self = g_object_ref (self);
  check->cancellable = g_object_ref (self->cancellable);
  check->incoming = incoming;

  return check;
}

/* “Re-tester”: both servers, for real, with the typed password. */
void
cr_setup_assistant_verify_start (CrSetupAssistant *self)
{
  const char *password = gtk_editable_get_text (GTK_EDITABLE (self->password_row));
  CrServer *incoming = cr_account_get_incoming (self->account);
  g_autofree char *in_protocol = NULL;
  g_autofree char *in_label = NULL;
  g_autofree char *out_label = NULL;

  cr_setup_assistant_renew_cancellable (self);
  self->in_ok = self->out_ok = FALSE;
  g_clear_object (&self->certificate);
  gtk_widget_set_visible (self->problem_group, FALSE);

  /* Translators: a protocol and a server name, “IMAP — imaps.lautre.net”. */
  in_protocol = g_ascii_strup (cr_protocol_to_string (cr_server_get_protocol (incoming)), -1);
  in_label = g_strdup_printf (_("%s — %s"), in_protocol, cr_server_get_host (incoming));
  out_label = g_strdup_printf (_("%s — %s"), "SMTP", cr_server_get_host (cr_account_get_outgoing (self->account)));
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (self->verify_in_row), in_label);
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (self->verify_out_row), out_label);
  set_row_state (self, TRUE, TRUE, NULL, _("Logging in…"));
  set_row_state (self, FALSE, TRUE, NULL, _("Logging in…"));

  if (cr_server_get_protocol (incoming) == CR_PROTOCOL_POP3)
    {
      g_autoptr(CrPop3Session) session = cr_context_new_pop3_session (self->context, self->account);

      cr_session_connect_async (CR_SESSION (session), password, self->cancellable,
                                on_pop3_checked, check_new (self, TRUE));
    }
  else
    {
      g_autoptr(CrImapSession) session = cr_context_new_imap_session (self->context, self->account);

      cr_session_connect_async (CR_SESSION (session), password, self->cancellable,
                                on_imap_checked, check_new (self, TRUE));
    }

  {
    g_autoptr(CrSmtpSession) session = cr_context_new_smtp_session (self->context, self->account);

    cr_session_connect_async (CR_SESSION (session), password, self->cancellable,
                              on_smtp_checked, check_new (self, FALSE));
  }

  cr_setup_assistant_update_buttons (self);
}

void
cr_setup_assistant_way_out (CrSetupAssistant *self)
{
  switch (self->way_out)
    {
    case CR_WAY_OUT_PASSWORD:
      gtk_label_set_text (self->password_error,
                          _("The server refused this password. Type it again, and check that the identifier is your full email address."));
      gtk_widget_set_visible (GTK_WIDGET (self->password_error), TRUE);
      cr_setup_mark_row (GTK_WIDGET (self->password_row), TRUE);
      cr_setup_assistant_go_to (self, CR_SETUP_PAGE_PASSWORD);
      /* go_to focused the row; the wrong password is selected to retype. */
      gtk_editable_select_region (GTK_EDITABLE (self->password_row), 0, -1);
      break;
    case CR_WAY_OUT_USE_TLS:
      {
        AdwComboRow *security = self->way_out_incoming ? self->in_security_row : self->out_security_row;

        /* The port follows the security (cr-setup-assistant-servers.c). */
        adw_combo_row_set_selected (security, CR_SECURITY_TLS);
        if (cr_setup_assistant_servers_check (self))
          cr_setup_assistant_verify_start (self);
        else
          cr_setup_assistant_go_to (self, CR_SETUP_PAGE_SERVERS);
      }
      break;
    case CR_WAY_OUT_SERVERS:
    case CR_WAY_OUT_NONE:
    default:
      cr_setup_assistant_go_to (self, CR_SETUP_PAGE_SERVERS);
      break;
    }
}

/* “Faire confiance”: pinned for this host and port, then tested again. */
void
cr_setup_assistant_trust (CrSetupAssistant *self)
{
  CrCertificateStore *store = cr_context_get_certificate_store (self->context);
  g_autoptr(GError) error = NULL;

  if (self->certificate == NULL)
    return;

  if (!cr_certificate_store_trust (store, self->certificate, &error))
    {
      adw_action_row_set_subtitle (self->cert_reasons_row, error->message);
      return;
    }

  g_clear_object (&self->certificate);
  cr_setup_assistant_go_to (self, CR_SETUP_PAGE_VERIFY);
}
