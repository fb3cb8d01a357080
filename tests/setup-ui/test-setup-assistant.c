/* test-setup-assistant.c — the setup assistant driven as a person would,
 * against a private Dovecot and SMTP sink, in English and in French
 *
 * The fixtures' domain example.test is known to nobody, so the flows go
 * through “Advanced Configuration”; the detection page is shown with an
 * address of the built-in provider list. The test CA is not trusted by
 * the context (the system database is), so every server first shows its
 * certificate, as a self-hosted server would.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <glib/gi18n.h>
#include <libsecret/secret.h>

#include "cr-account-removal.h"
#include "cr-fake-resolver.h"
#include "cr-resources.h"
#include "cr-setup-assistant.h"
#include "cr-test-ca.h"
#include "cr-test-display.h"
#include "cr-test-dovecot.h"
#include "cr-test-env.h"
#include "cr-test-session.h"
#include "cr-test-smtp-sink.h"
#include "cr-test-setup-ui.h"
#include "cr-test-ui-util.h"

#define N_SEEDED 5

static CrContext *context;
static CrTestDovecot *dovecot;
static CrTestSmtpSink *sink;

typedef struct
{
  CrSetupAssistant *assistant;
  const char       *page;
} WaitPage;

static gboolean
page_shown (gpointer data)
{
  WaitPage *wait = data;

  return g_strcmp0 (cr_setup_assistant_get_page (wait->assistant), wait->page) == 0;
}

static gboolean
page_settled (gpointer data)
{
  WaitPage *wait = data;
  g_autoptr(GPtrArray) stacks = g_ptr_array_new ();

  if (!page_shown (data))
    return FALSE;

  /* Screenshots show the page, not a cross-fade of two. */
  cr_test_ui_collect (GTK_WIDGET (wait->assistant), GTK_TYPE_STACK, stacks);
  for (guint i = 0; i < stacks->len; i++)
    if (gtk_stack_get_transition_running (stacks->pdata[i]))
      return FALSE;

  return TRUE;
}

static void
wait_page (CrSetupAssistant *assistant,
           const char       *page)
{
  WaitPage wait = { assistant, page };

  cr_test_iterate_until (page_settled, &wait, 30000);
  g_assert_cmpstr (cr_setup_assistant_get_page (assistant), ==, page);
  cr_test_iterate (100);
}

static gboolean
password_filled (gpointer data)
{
  return *gtk_editable_get_text (data) != '\0';
}

static gboolean
spinner_stopped (gpointer data)
{
  return !gtk_spinner_get_spinning (data);
}

static void
shot (CrSetupAssistant *assistant,
      const char       *what)
{
  g_autofree char *name = g_strconcat ("setup-", what, NULL);

  /* Entry rows animate their title when text arrives. */
  cr_test_iterate (250);
  cr_test_ui_shot (GTK_WIDGET (assistant), name);
}

static CrSetupAssistant *
open_assistant (void)
{
  CrSetupAssistant *assistant = cr_setup_assistant_new (NULL, context);

  gtk_window_present (GTK_WINDOW (assistant));
  gtk_test_widget_wait_for_draw (GTK_WIDGET (assistant));
  wait_page (assistant, "identity");

  return assistant;
}

static void
close_assistant (CrSetupAssistant *assistant)
{
  g_autoptr(GtkWidget) ref = g_object_ref (GTK_WIDGET (assistant));

  gtk_window_destroy (GTK_WINDOW (assistant));
  cr_test_iterate (100);
}

/* The steps ------------------------------------------------------------ */

static void
fill_identity (CrSetupAssistant *assistant,
               const char       *address,
               const char       *what)
{
  GtkWidget *root = GTK_WIDGET (assistant);

  cr_test_setup_type_in (root, NULL, _("Display Name"), "Bonvenon");
  cr_test_setup_type_in (root, NULL, _("Email Address"), address);
  cr_test_setup_type_in (root, NULL, _("Organisation (optional)"), "Association Bonvenon");
  if (what != NULL)
    shot (assistant, what);

  /* Enter goes on, as in any form. */
  gtk_widget_grab_focus (cr_test_setup_find_row (root, _("Email Address")));
  cr_test_ui_press_key (root, GDK_KEY_Return);
  wait_page (assistant, "password");
}

static void
fill_password (CrSetupAssistant *assistant,
               const char       *password,
               const char       *what)
{
  GtkWidget *root = GTK_WIDGET (assistant);

  cr_test_setup_type_in (root, NULL, _("Password"), password);
  if (what != NULL)
    shot (assistant, what);
  cr_test_setup_click (root, _("_Next"));
}

static void
fill_server (CrSetupAssistant *assistant,
             const char       *group,
             guint16           port,
             const char       *login)
{
  GtkWidget *root = GTK_WIDGET (assistant);
  g_autofree char *port_text = g_strdup_printf ("%u", (guint) port);

  cr_test_setup_type_in (root, group, _("Server Name"), "localhost");
  cr_test_setup_type_in (root, group, _("Port"), port_text);
  cr_test_setup_type_in (root, group, _("Identifier"), login);
}

/* Through “Advanced Configuration” to the servers page, then the checking
 * page. */
static void
fill_servers (CrSetupAssistant *assistant,
              gboolean          pop,
              const char       *what)
{
  GtkWidget *root = GTK_WIDGET (assistant);
  const char *login = cr_test_dovecot_get_user (dovecot);
  AdwComboRow *security;

  wait_page (assistant, "detect");
  cr_test_setup_click (root, _("_Advanced Configuration"));
  wait_page (assistant, "servers");

  /* Secure choices come first, and the port follows them. */
  security = ADW_COMBO_ROW (cr_test_setup_find_row (cr_test_setup_find_group (root, _("Incoming Server")), _("Connection Security")));
  g_assert_cmpuint (adw_combo_row_get_selected (security), ==, 0);
  g_assert_cmpstr (gtk_editable_get_text (GTK_EDITABLE (cr_test_setup_find_row (cr_test_setup_find_group (root, _("Incoming Server")), _("Port")))),
                   ==, pop ? "995" : "993");
  g_assert_cmpstr (gtk_editable_get_text (GTK_EDITABLE (cr_test_setup_find_row (cr_test_setup_find_group (root, _("Incoming Server")), _("Identifier")))),
                   ==, login);

  fill_server (assistant, _("Incoming Server"),
               cr_test_dovecot_get_port (dovecot, pop ? CR_TEST_POP3S : CR_TEST_IMAPS), login);
  fill_server (assistant, _("Outgoing Server (SMTP)"),
               cr_test_smtp_sink_get_port (sink, CR_TEST_SMTP_SMTPS), login);
  /* An unusual port keeps the security chosen. */
  g_assert_cmpuint (adw_combo_row_get_selected (security), ==, 0);
  if (what != NULL)
    shot (assistant, what);
  cr_test_setup_click (root, _("_Next"));
}

/* The untrusted test certificate of one server, trusted. */
static void
trust_certificate (CrSetupAssistant *assistant,
                   CrTestService     service,
                   const char       *what)
{
  GtkWidget *root = GTK_WIDGET (assistant);
  g_autofree char *fingerprint = NULL;
  g_autofree char *server = NULL;
  guint16 port;

  wait_page (assistant, "certificate");
  server = g_strdup (adw_action_row_get_subtitle (ADW_ACTION_ROW (cr_test_setup_find_row (root, _("Server")))));
  port = (guint16) g_ascii_strtoull (strrchr (server, ':') + 1, NULL, 10);
  g_assert_true (g_str_has_prefix (server, "localhost:"));
  g_assert_true (port == cr_test_dovecot_get_port (dovecot, service) ||
                 port == cr_test_smtp_sink_get_port (sink, CR_TEST_SMTP_SMTPS));

  /* The fingerprint shown is the server's own. */
  if (port == cr_test_dovecot_get_port (dovecot, service))
    fingerprint = cr_test_cert_sha256 (cr_test_dovecot_get_cert_path (dovecot));
  if (fingerprint != NULL)
    g_assert_cmpstr (adw_action_row_get_subtitle (ADW_ACTION_ROW (cr_test_setup_find_row (root, _("SHA-256 fingerprint")))),
                     ==, fingerprint);
  g_assert_nonnull (adw_action_row_get_subtitle (ADW_ACTION_ROW (cr_test_setup_find_row (root, _("Issued by")))));
  g_assert_nonnull (adw_action_row_get_subtitle (ADW_ACTION_ROW (cr_test_setup_find_row (root, _("Valid")))));
  if (what != NULL)
    shot (assistant, what);

  cr_test_setup_click (root, _("_Trust This Certificate"));
}

static gboolean
verified (gpointer data)
{
  CrSetupAssistant *assistant = data;
  const char *page = cr_setup_assistant_get_page (assistant);
  GtkWidget *button;

  if (g_strcmp0 (page, "certificate") == 0)
    return TRUE;

  button = cr_test_setup_lookup_button (GTK_WIDGET (assistant), _("_Finish"));

  return g_strcmp0 (page, "verify") == 0 && button != NULL && gtk_widget_is_sensitive (button);
}

/* Certificates until both servers log in. */
static void
verify (CrSetupAssistant *assistant,
        CrTestService     service,
        const char       *what)
{
  for (guint round = 0; round < 3; round++)
    {
      cr_test_iterate_until (verified, assistant, 30000);
      if (g_strcmp0 (cr_setup_assistant_get_page (assistant), "certificate") != 0)
        break;
      trust_certificate (assistant, service, round == 0 ? what : NULL);
    }

  wait_page (assistant, "verify");
  g_assert_true (gtk_widget_is_sensitive (cr_test_setup_find_button (GTK_WIDGET (assistant), _("_Finish"))));
}

static void
finish (CrSetupAssistant *assistant)
{
  GtkWidget *spinner;
  g_autoptr(GPtrArray) spinners = g_ptr_array_new ();

  cr_test_setup_click (GTK_WIDGET (assistant), _("_Finish"));
  wait_page (assistant, "done");

  /* The first sync runs; wait for its end. */
  cr_test_ui_collect (GTK_WIDGET (assistant), GTK_TYPE_SPINNER, spinners);
  for (guint i = 0; i < spinners->len; i++)
    if (cr_test_setup_is_shown (spinners->pdata[i]))
      {
        spinner = spinners->pdata[i];
        cr_test_iterate_until (spinner_stopped, spinner, 60000);
        g_assert_false (gtk_spinner_get_spinning (GTK_SPINNER (spinner)));
      }
}

/* What was saved ------------------------------------------------------- */

static CrAccount *
saved_account (CrProtocol protocol)
{
  GListModel *accounts = G_LIST_MODEL (cr_context_get_account_manager (context));

  for (guint i = 0; i < g_list_model_get_n_items (accounts); i++)
    {
      g_autoptr(CrAccount) account = g_list_model_get_item (accounts, i);

      if (cr_server_get_protocol (cr_account_get_incoming (account)) == protocol)
        return account;
    }

  return NULL;
}

typedef struct
{
  gboolean    done;
  CrPassword *password;
  GError     *error;
} Lookup;

static void
on_looked_up (GObject      *source,
              GAsyncResult *result,
              gpointer      user_data)
{
  Lookup *lookup = user_data;

  lookup->password = cr_secrets_lookup_finish (CR_SECRETS (source), result, &lookup->error);
  lookup->done = TRUE;
}

static gboolean
lookup_done (gpointer data)
{
  return ((Lookup *) data)->done;
}

/* The password as the keyring has it, read by a CrSecrets of its own. */
static CrPassword *
keyring_password (CrAccount *account,
                  CrServer  *server)
{
  g_autoptr(CrSecrets) secrets = cr_secrets_new ();
  Lookup lookup = { FALSE, NULL, NULL };

  cr_secrets_lookup_async (secrets, account, server, NULL, on_looked_up, &lookup);
  cr_test_iterate_until (lookup_done, &lookup, 10000);
  g_assert_true (lookup.done);
  g_assert_no_error (lookup.error);

  return lookup.password;
}

static guint
inbox_total (CrAccount *account)
{
  CrStore *store = cr_context_get_store (context, NULL);
  g_autoptr(GError) error = NULL;
  CrFolderInfo *inbox;
  guint total = 0;

  inbox = cr_store_lookup_folder_by_role (store, cr_account_get_id (account), CR_FOLDER_ROLE_INBOX, &error);
  g_assert_no_error (error);
  g_assert_true (cr_store_get_counts (store, inbox->id, &total, NULL, &error));
  g_assert_no_error (error);
  cr_folder_info_unref (inbox);

  return total;
}

static void
assert_saved (CrProtocol protocol)
{
  CrAccount *account = saved_account (protocol);
  g_autoptr(CrPassword) in_password = NULL;
  g_autoptr(CrPassword) out_password = NULL;

  g_assert_nonnull (account);
  g_assert_cmpstr (cr_account_get_display_name (account), ==, "Bonvenon");
  g_assert_cmpstr (cr_account_get_address (account), ==, cr_test_dovecot_get_user (dovecot));
  g_assert_cmpstr (cr_account_get_organisation (account), ==, "Association Bonvenon");
  g_assert_cmpint (cr_server_get_security (cr_account_get_incoming (account)), ==, CR_SECURITY_TLS);
  g_assert_true (cr_account_get_remember_password (account));

  in_password = keyring_password (account, cr_account_get_incoming (account));
  out_password = keyring_password (account, cr_account_get_outgoing (account));
  g_assert_cmpstr (in_password, ==, cr_test_dovecot_get_password (dovecot));
  g_assert_cmpstr (out_password, ==, cr_test_dovecot_get_password (dovecot));

  /* The first sync brought the seeded inbox. */
  g_assert_cmpuint (inbox_total (account), ==, N_SEEDED);
}

/* The tests ------------------------------------------------------------ */

static void
test_detect (void)
{
  /* No DNS answer leaves the test: the built-in list is enough. */
  g_autoptr(GResolver) previous = g_resolver_get_default ();
  g_autoptr(CrFakeResolver) fake = cr_fake_resolver_install ();
  CrSetupAssistant *assistant = open_assistant ();
  GtkWidget *root = GTK_WIDGET (assistant);
  GtkWidget *found;
  const char *incoming;

  fill_identity (assistant, "contact@lautre.net", "identity");
  fill_password (assistant, "not sent anywhere", "password");
  wait_page (assistant, "detect");

  /* The built-in list knows L'Autre Net: the guide's values. */
  found = cr_test_setup_find_group (root, _("The following settings were found…"));
  incoming = adw_action_row_get_subtitle (ADW_ACTION_ROW (cr_test_setup_find_row (found, _("Incoming server"))));
  g_assert_nonnull (strstr (incoming, "imaps.lautre.net"));
  g_assert_nonnull (strstr (incoming, "993"));
  g_assert_nonnull (strstr (adw_action_row_get_subtitle (ADW_ACTION_ROW (cr_test_setup_find_row (found, _("Outgoing server")))),
                            "smtps.lautre.net"));
  g_assert_nonnull (strstr (adw_action_row_get_subtitle (ADW_ACTION_ROW (cr_test_setup_find_row (found, _("Found by")))),
                            cr_setup_source_to_label (CR_SETUP_SOURCE_BUILTIN)));
  g_assert_true (gtk_widget_is_sensitive (cr_test_setup_find_button (root, _("_Next"))));
  shot (assistant, "detect");

  /* IMAP is recommended; POP shows its options. */
  cr_test_setup_click (root, _("_Next"));
  wait_page (assistant, "protocol");
  shot (assistant, "protocol");
  gtk_check_button_set_active (GTK_CHECK_BUTTON (adw_action_row_get_activatable_widget (ADW_ACTION_ROW (cr_test_setup_find_row (root, _("_POP"))))), TRUE);
  cr_test_iterate (100);
  g_assert_true (cr_test_setup_is_shown (cr_test_setup_find_group (root, _("POP Options"))));
  shot (assistant, "protocol-pop");

  /* The servers page shows what was found, POP3S here. */
  cr_test_setup_click (root, _("_Next"));
  wait_page (assistant, "servers");
  g_assert_cmpstr (gtk_editable_get_text (GTK_EDITABLE (cr_test_setup_find_row (cr_test_setup_find_group (root, _("Incoming Server")), _("Port")))),
                   ==, "995");
  g_assert_cmpstr (gtk_editable_get_text (GTK_EDITABLE (cr_test_setup_find_row (cr_test_setup_find_group (root, _("Outgoing Server (SMTP)")), _("Server Name")))),
                   ==, "smtps.lautre.net");
  g_assert_cmpstr (gtk_editable_get_text (GTK_EDITABLE (cr_test_setup_find_row (cr_test_setup_find_group (root, _("Incoming Server")), _("Identifier")))),
                   ==, "contact@lautre.net");
  shot (assistant, "servers-found");
  cr_test_setup_assert_named (root);

  /* Escape asks before throwing away what was typed. */
  cr_test_ui_press_key (root, GDK_KEY_Escape);
  adw_message_dialog_response (ADW_MESSAGE_DIALOG (cr_test_setup_wait_dialog ()), "continue");
  cr_test_iterate (100);
  g_assert_cmpstr (cr_setup_assistant_get_page (assistant), ==, "servers");
  g_assert_null (saved_account (CR_PROTOCOL_POP3));
  close_assistant (assistant);
  g_resolver_set_default (previous);
}

/* A custom domain hosted at a known provider, as bonvenon.fr at L'Autre
 * Net in the guide: found through its MX records. The fake resolver makes
 * every other source answer “not found” at once, without the network. */
static void
test_detect_custom_domain (void)
{
  g_autoptr(GResolver) previous = g_resolver_get_default ();
  g_autoptr(CrFakeResolver) fake = cr_fake_resolver_install ();
  CrSetupAssistant *assistant;
  GtkWidget *root;
  GtkWidget *found;

  cr_fake_resolver_add_mx (fake, "bonvenon.fr", 10, "mx1.lautre.net");
  assistant = open_assistant ();
  root = GTK_WIDGET (assistant);
  fill_identity (assistant, "contact@bonvenon.fr", NULL);
  fill_password (assistant, "not sent anywhere", NULL);
  wait_page (assistant, "detect");
  cr_test_setup_wait_button (root, _("_Next"));
  cr_test_iterate_until ((CrTestPredicate) gtk_widget_is_sensitive,
                         cr_test_setup_find_button (root, _("_Next")), 30000);

  found = cr_test_setup_find_group (root, _("The following settings were found…"));
  g_assert_nonnull (strstr (adw_action_row_get_subtitle (ADW_ACTION_ROW (cr_test_setup_find_row (found, _("Found by")))),
                            cr_setup_source_to_label (CR_SETUP_SOURCE_MX)));
  g_assert_nonnull (strstr (adw_action_row_get_subtitle (ADW_ACTION_ROW (cr_test_setup_find_row (found, _("Incoming server")))),
                            "imaps.lautre.net"));
  shot (assistant, "detect-mx");

  /* The identifier stays the full address of the custom domain. */
  cr_test_setup_click (root, _("_Next"));
  wait_page (assistant, "protocol");
  cr_test_setup_click (root, _("_Next"));
  wait_page (assistant, "servers");
  g_assert_cmpstr (gtk_editable_get_text (GTK_EDITABLE (cr_test_setup_find_row (cr_test_setup_find_group (root, _("Incoming Server")), _("Identifier")))),
                   ==, "contact@bonvenon.fr");

  close_assistant (assistant);
  g_resolver_set_default (previous);
}

static void
test_port_follows_security (void)
{
  CrSetupAssistant *assistant = open_assistant ();
  GtkWidget *root = GTK_WIDGET (assistant);
  GtkWidget *incoming;
  GtkWidget *outgoing;
  AdwComboRow *security;
  AdwComboRow *out_security;
  AdwComboRow *protocol;
  AdwComboRow *auth;
  GtkEditable *port;
  GtkEditable *out_port;

  fill_identity (assistant, cr_test_dovecot_get_user (dovecot), NULL);
  fill_password (assistant, "secret", NULL);
  wait_page (assistant, "detect");
  cr_test_setup_click (root, _("_Advanced Configuration"));
  wait_page (assistant, "servers");

  incoming = cr_test_setup_find_group (root, _("Incoming Server"));
  outgoing = cr_test_setup_find_group (root, _("Outgoing Server (SMTP)"));
  security = ADW_COMBO_ROW (cr_test_setup_find_row (incoming, _("Connection Security")));
  out_security = ADW_COMBO_ROW (cr_test_setup_find_row (outgoing, _("Connection Security")));
  port = GTK_EDITABLE (cr_test_setup_find_row (incoming, _("Port")));
  out_port = GTK_EDITABLE (cr_test_setup_find_row (outgoing, _("Port")));

  adw_combo_row_set_selected (security, CR_SECURITY_STARTTLS);
  g_assert_cmpstr (gtk_editable_get_text (port), ==, "143");
  gtk_editable_set_text (port, "993");
  g_assert_cmpuint (adw_combo_row_get_selected (security), ==, CR_SECURITY_TLS);
  g_assert_cmpstr (gtk_editable_get_text (out_port), ==, "465");
  gtk_editable_set_text (out_port, "587");
  g_assert_cmpuint (adw_combo_row_get_selected (out_security), ==, CR_SECURITY_STARTTLS);
  adw_combo_row_set_selected (out_security, CR_SECURITY_TLS);
  g_assert_cmpstr (gtk_editable_get_text (out_port), ==, "465");

  /* No encryption needs a yes; “keep encryption” goes back to STARTTLS. */
  adw_combo_row_set_selected (security, CR_SECURITY_NONE);
  cr_test_ui_shot (cr_test_setup_wait_dialog (), "setup-insecure");
  adw_message_dialog_response (ADW_MESSAGE_DIALOG (cr_test_setup_find_dialog ()), "cancel");
  cr_test_iterate (100);
  g_assert_cmpuint (adw_combo_row_get_selected (security), ==, CR_SECURITY_STARTTLS);
  g_assert_cmpstr (gtk_editable_get_text (port), ==, "143");

  /* A wrong value is shown on its row, and nothing goes on. */
  cr_test_setup_click (root, _("_Next"));
  g_assert_cmpstr (cr_setup_assistant_get_page (assistant), ==, "servers");
  g_assert_true (gtk_widget_has_css_class (cr_test_setup_find_row (incoming, _("Server Name")), "error"));
  cr_test_setup_type_in (root, _("Incoming Server"), _("Server Name"), "localhost");
  gtk_editable_set_text (port, "99999");
  cr_test_setup_click (root, _("_Next"));
  g_assert_cmpstr (cr_setup_assistant_get_page (assistant), ==, "servers");
  g_assert_true (gtk_widget_has_css_class (GTK_WIDGET (port), "error"));
  shot (assistant, "servers-error");

  /* APOP is offered for POP3 only, and not kept when IMAP is chosen. */
  protocol = ADW_COMBO_ROW (cr_test_setup_find_row (incoming, _("Protocol")));
  auth = ADW_COMBO_ROW (cr_test_setup_find_row (incoming, _("Authentication Method")));
  g_assert_cmpuint (g_list_model_get_n_items (adw_combo_row_get_model (auth)), ==, CR_AUTH_APOP);
  adw_combo_row_set_selected (protocol, 1);
  g_assert_cmpuint (g_list_model_get_n_items (adw_combo_row_get_model (auth)), ==, CR_AUTH_APOP + 1);
  adw_combo_row_set_selected (auth, CR_AUTH_APOP);
  g_assert_cmpuint (adw_combo_row_get_selected (auth), ==, CR_AUTH_APOP);
  adw_combo_row_set_selected (protocol, 0);
  g_assert_cmpuint (g_list_model_get_n_items (adw_combo_row_get_model (auth)), ==, CR_AUTH_APOP);
  g_assert_cmpuint (adw_combo_row_get_selected (auth), ==, CR_AUTH_PASSWORD);

  close_assistant (assistant);
}

static void
test_imap (void)
{
  CrSetupAssistant *assistant = open_assistant ();

  fill_identity (assistant, cr_test_dovecot_get_user (dovecot), NULL);
  fill_password (assistant, cr_test_dovecot_get_password (dovecot), NULL);
  fill_servers (assistant, FALSE, "servers");
  verify (assistant, CR_TEST_IMAPS, "certificate");
  shot (assistant, "verify");
  finish (assistant);
  shot (assistant, "done");

  assert_saved (CR_PROTOCOL_IMAP);
  cr_test_setup_click (GTK_WIDGET (assistant), _("_Close"));
  cr_test_iterate (100);
}

static void
test_wrong_password (void)
{
  CrSetupAssistant *assistant = open_assistant ();
  GtkWidget *root = GTK_WIDGET (assistant);
  guint n_accounts = g_list_model_get_n_items (G_LIST_MODEL (cr_context_get_account_manager (context)));

  fill_identity (assistant, cr_test_dovecot_get_user (dovecot), NULL);
  fill_password (assistant, "not the password", NULL);
  fill_servers (assistant, FALSE, NULL);

  /* The certificates were trusted by the IMAP test: the login fails. */
  cr_test_setup_wait_button (root, _("Change the _Password"));
  wait_page (assistant, "verify");
  shot (assistant, "verify-wrong-password");
  cr_test_setup_click (root, _("Change the _Password"));
  wait_page (assistant, "password");
  shot (assistant, "password-refused");

  /* The right password: straight back to the check, which passes. */
  fill_password (assistant, cr_test_dovecot_get_password (dovecot), NULL);
  verify (assistant, CR_TEST_IMAPS, NULL);

  /* Cancelled: nothing saved. */
  cr_test_ui_press_key (root, GDK_KEY_Escape);
  adw_message_dialog_response (ADW_MESSAGE_DIALOG (cr_test_setup_wait_dialog ()), "discard");
  cr_test_iterate (100);
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (cr_context_get_account_manager (context))),
                    ==, n_accounts);
}

/* A port where nothing listens: said so, and the way back to the servers. */
static void
test_nothing_answers (void)
{
  CrSetupAssistant *assistant = open_assistant ();
  GtkWidget *root = GTK_WIDGET (assistant);
  g_autofree char *port = g_strdup_printf ("%u", (guint) cr_test_free_port ());

  fill_identity (assistant, cr_test_dovecot_get_user (dovecot), NULL);
  fill_password (assistant, cr_test_dovecot_get_password (dovecot), NULL);
  wait_page (assistant, "detect");
  cr_test_setup_click (root, _("_Advanced Configuration"));
  wait_page (assistant, "servers");
  fill_server (assistant, _("Incoming Server"), (guint16) g_ascii_strtoull (port, NULL, 10),
               cr_test_dovecot_get_user (dovecot));
  fill_server (assistant, _("Outgoing Server (SMTP)"),
               cr_test_smtp_sink_get_port (sink, CR_TEST_SMTP_SMTPS), cr_test_dovecot_get_user (dovecot));
  cr_test_setup_click (root, _("_Next"));

  cr_test_setup_wait_button (root, _("_Check the Servers"));
  wait_page (assistant, "verify");
  g_assert_false (gtk_widget_is_sensitive (cr_test_setup_find_button (root, _("_Finish"))));
  shot (assistant, "verify-nothing-answers");
  cr_test_setup_click (root, _("_Check the Servers"));
  wait_page (assistant, "servers");

  cr_test_ui_press_key (root, GDK_KEY_Escape);
  adw_message_dialog_response (ADW_MESSAGE_DIALOG (cr_test_setup_wait_dialog ()), "discard");
  cr_test_iterate (100);
}

static void
test_pop (void)
{
  CrSetupAssistant *assistant = open_assistant ();
  GtkWidget *root = GTK_WIDGET (assistant);
  CrAccount *account;

  fill_identity (assistant, cr_test_dovecot_get_user (dovecot), NULL);
  fill_password (assistant, cr_test_dovecot_get_password (dovecot), NULL);
  wait_page (assistant, "detect");
  cr_test_setup_click (root, _("_Advanced Configuration"));
  wait_page (assistant, "servers");

  /* POP chosen on the servers page too. */
  adw_combo_row_set_selected (ADW_COMBO_ROW (cr_test_setup_find_row (root, _("Protocol"))), 1);
  g_assert_cmpstr (gtk_editable_get_text (GTK_EDITABLE (cr_test_setup_find_row (cr_test_setup_find_group (root, _("Incoming Server")), _("Port")))),
                   ==, "995");
  /* Back and forth keeps the choice. */
  cr_test_setup_click (root, _("_Back"));
  wait_page (assistant, "detect");
  cr_test_setup_click (root, _("_Advanced Configuration"));
  wait_page (assistant, "servers");
  g_assert_cmpuint (adw_combo_row_get_selected (ADW_COMBO_ROW (cr_test_setup_find_row (root, _("Protocol")))), ==, 1);
  fill_server (assistant, _("Incoming Server"),
               cr_test_dovecot_get_port (dovecot, CR_TEST_POP3S), cr_test_dovecot_get_user (dovecot));
  fill_server (assistant, _("Outgoing Server (SMTP)"),
               cr_test_smtp_sink_get_port (sink, CR_TEST_SMTP_SMTPS), cr_test_dovecot_get_user (dovecot));
  cr_test_setup_click (root, _("_Next"));
  verify (assistant, CR_TEST_POP3S, "certificate-pop");
  finish (assistant);
  shot (assistant, "done-pop");

  assert_saved (CR_PROTOCOL_POP3);
  account = saved_account (CR_PROTOCOL_POP3);
  /* CrAccount's POP defaults, kept. */
  g_assert_true (cr_account_get_leave_on_server (account));
  g_assert_cmpuint (cr_account_get_delete_after_days (account), ==, CR_ACCOUNT_DEFAULT_DELETE_AFTER_DAYS);
  close_assistant (assistant);
}

/* The same pages, prefilled, change an account that exists. */
static void
test_edit (void)
{
  CrAccount *account = saved_account (CR_PROTOCOL_POP3);
  g_autofree char *id = g_strdup (cr_account_get_id (account));
  CrSetupAssistant *assistant = cr_setup_assistant_new_for_account (NULL, context, account);
  GtkWidget *root = GTK_WIDGET (assistant);
  guint n_accounts = g_list_model_get_n_items (G_LIST_MODEL (cr_context_get_account_manager (context)));
  GtkEditable *password;

  gtk_window_present (GTK_WINDOW (assistant));
  wait_page (assistant, "identity");
  g_assert_cmpstr (gtk_editable_get_text (GTK_EDITABLE (cr_test_setup_find_row (root, _("Email Address")))),
                   ==, cr_test_dovecot_get_user (dovecot));
  cr_test_setup_type_in (root, NULL, _("Display Name"), "Bonvenon Contact");
  shot (assistant, "edit");
  cr_test_setup_click (root, _("_Next"));
  wait_page (assistant, "password");

  /* The stored password comes back from the keyring. */
  password = GTK_EDITABLE (cr_test_setup_find_row (root, _("Password")));
  cr_test_iterate_until (password_filled, password, 10000);
  g_assert_cmpstr (gtk_editable_get_text (password), ==, cr_test_dovecot_get_password (dovecot));

  /* Its servers are known: straight to the check, then saved in place. */
  cr_test_setup_click (root, _("_Next"));
  verify (assistant, CR_TEST_POP3S, NULL);
  finish (assistant);
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (cr_context_get_account_manager (context))),
                    ==, n_accounts);
  account = cr_account_manager_lookup (cr_context_get_account_manager (context), id);
  g_assert_cmpstr (cr_account_get_display_name (account), ==, "Bonvenon Contact");
  g_assert_cmpint (cr_server_get_protocol (cr_account_get_incoming (account)), ==, CR_PROTOCOL_POP3);
  close_assistant (assistant);
}

static void
on_removed (GObject      *source,
            GAsyncResult *result,
            gpointer      user_data)
{
  gboolean *done = user_data;
  g_autoptr(GError) error = NULL;

  g_assert_true (cr_account_remove_finish (result, &error));
  g_assert_no_error (error);
  *done = TRUE;
}

static gboolean
flag_set (gpointer data)
{
  return *(gboolean *) data;
}

static void
test_remove (void)
{
  g_autoptr(CrAccount) account = g_object_ref (saved_account (CR_PROTOCOL_IMAP));
  g_autoptr(GPtrArray) folders = NULL;
  g_autoptr(GError) error = NULL;
  CrPassword *password;
  gboolean done = FALSE;

  cr_account_remove_async (context, account, NULL, on_removed, &done);
  cr_test_iterate_until (flag_set, &done, 10000);
  g_assert_true (done);

  g_assert_null (cr_account_manager_lookup (cr_context_get_account_manager (context),
                                            cr_account_get_id (account)));
  password = keyring_password (account, cr_account_get_incoming (account));
  g_assert_null (password);
  folders = cr_store_list_folders (cr_context_get_store (context, NULL), cr_account_get_id (account), &error);
  g_assert_no_error (error);
  g_assert_cmpuint (folders->len, ==, 0);
}

int
main (int   argc,
      char *argv[])
{
  g_autofree char *env_dir = cr_test_env_setup ();
  g_autofree char *ca_dir = NULL;
  g_autoptr(CrTestSession) session = NULL;
  g_autoptr(CrTestDisplay) display = NULL;
  g_autoptr(CrTestCa) ca = NULL;
  g_autoptr(GError) error = NULL;
  int status;

  cr_test_ui_init_locale ();

  /* gnome-keyring-daemon aborts on its own warnings under the
   * environment's G_DEBUG=fatal-warnings: only the daemons go without. */
  g_unsetenv ("G_DEBUG");
  session = cr_test_session_start (TRUE, &error);
  g_assert_no_error (error);
  display = cr_test_display_start (&error);
  g_assert_no_error (error);
  gtk_test_init (&argc, &argv, NULL);
  adw_init ();
  /* The application registers the UI's resources; here, the test does. */
  cr_register_resource ();

  g_assert_true (cr_test_make_tmp_dir ("setup-ui-ca", &ca_dir, &error));
  ca = cr_test_ca_new (ca_dir, &error);
  g_assert_no_error (error);
  dovecot = cr_test_dovecot_start (ca, &error);
  g_assert_no_error (error);
  sink = cr_test_smtp_sink_start (ca, &error);
  g_assert_no_error (error);
  g_assert_true (cr_test_dovecot_seed (dovecot, "INBOX", N_SEEDED, &error));
  g_assert_no_error (error);

  context = cr_context_new (NULL);
  cr_context_load (context);

  g_test_add_func ("/setup-assistant/detect", test_detect);
  g_test_add_func ("/setup-assistant/detect-custom-domain", test_detect_custom_domain);
  g_test_add_func ("/setup-assistant/port-follows-security", test_port_follows_security);
  g_test_add_func ("/setup-assistant/imap", test_imap);
  g_test_add_func ("/setup-assistant/wrong-password", test_wrong_password);
  g_test_add_func ("/setup-assistant/nothing-answers", test_nothing_answers);
  g_test_add_func ("/setup-assistant/pop", test_pop);
  g_test_add_func ("/setup-assistant/edit", test_edit);
  g_test_add_func ("/setup-assistant/remove", test_remove);

  status = g_test_run ();

  cr_test_iterate (100);
  g_clear_object (&context);
  g_clear_pointer (&sink, cr_test_smtp_sink_stop);
  g_clear_pointer (&dovecot, cr_test_dovecot_stop);
  secret_service_disconnect ();
  g_clear_pointer (&session, cr_test_session_stop);
  cr_test_rm_rf (ca_dir, NULL);
  cr_test_env_teardown (env_dir);

  return status;
}
