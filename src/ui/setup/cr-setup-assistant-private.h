/* cr-setup-assistant-private.h — what the assistant's files share
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include "cr-imap-sync.h"
#include "cr-pop3-sync.h"
#include "cr-setup-assistant.h"

G_BEGIN_DECLS

typedef enum
{
  CR_SETUP_PAGE_IDENTITY,
  CR_SETUP_PAGE_PASSWORD,
  CR_SETUP_PAGE_DETECT,
  CR_SETUP_PAGE_PROTOCOL,
  CR_SETUP_PAGE_SERVERS,
  CR_SETUP_PAGE_VERIFY,
  CR_SETUP_PAGE_CERTIFICATE,
  CR_SETUP_PAGE_DONE,
} CrSetupPage;

/* What the "way out" button of the checking page does. */
typedef enum
{
  CR_WAY_OUT_NONE,
  CR_WAY_OUT_PASSWORD,
  CR_WAY_OUT_SERVERS,
  CR_WAY_OUT_USE_TLS,
} CrWayOut;

struct _CrSetupAssistant
{
  AdwWindow           parent_instance;

  CrContext          *context;
  /* The account being edited, NULL when adding one. */
  CrAccount          *original;
  /* What the pages describe, rebuilt from them before each check. */
  CrAccount          *account;
  CrSetupDetector    *detector;
  CrSetupResult      *result;
  CrCertificateInfo  *certificate;
  GCancellable       *cancellable;
  GArray             *history;
  CrSetupPage         page;
  CrWayOut            way_out;
  gboolean            way_out_incoming;
  guint               checks_pending;
  guint               checks_failed;
  gboolean            in_ok;
  gboolean            out_ok;
  gboolean            detect_done;
  gboolean            updating_servers;
  /* The person confirmed the password may travel in clear. */
  gboolean            in_insecure_ok;
  gboolean            out_insecure_ok;
  gboolean            saved;
  /* The incoming protocol the server rows were filled for, or -1. */
  int                 filled_protocol;
  GObject            *sync;
  GtkWidget          *source_rows[CR_SETUP_N_SOURCES];
  GPtrArray          *note_rows;

  /* Template widgets */
  AdwWindowTitle     *window_title;
  GtkWidget          *cancel_button;
  GtkWidget          *back_button;
  GtkWidget          *next_button;
  GtkStack           *stack;
  AdwEntryRow        *name_row;
  AdwEntryRow        *address_row;
  AdwEntryRow        *organisation_row;
  GtkTextView        *signature_view;
  GtkLabel           *identity_error;
  AdwActionRow       *identifier_row;
  GtkLabel           *identifier_note;
  AdwPasswordEntryRow *password_row;
  GtkCheckButton     *remember_check;
  GtkLabel           *password_error;
  AdwPreferencesGroup *detect_group;
  GtkSpinner         *detect_spinner;
  GtkWidget          *found_group;
  AdwActionRow       *found_source_row;
  AdwActionRow       *found_incoming_row;
  AdwActionRow       *found_outgoing_row;
  GtkWidget          *found_webmail_row;
  GtkLinkButton      *found_webmail_link;
  AdwPreferencesGroup *notes_group;
  GtkCheckButton     *imap_check;
  GtkCheckButton     *pop_check;
  GtkWidget          *pop_group;
  GtkSwitch          *leave_switch;
  GtkWidget          *days_row;
  GtkSpinButton      *days_spin;
  GtkWidget          *delete_here_row;
  GtkSwitch          *delete_here_switch;
  AdwComboRow        *in_protocol_row;
  AdwEntryRow        *in_host_row;
  AdwEntryRow        *in_port_row;
  AdwComboRow        *in_security_row;
  AdwComboRow        *in_auth_row;
  AdwEntryRow        *in_login_row;
  AdwEntryRow        *out_host_row;
  AdwEntryRow        *out_port_row;
  AdwComboRow        *out_security_row;
  AdwComboRow        *out_auth_row;
  AdwEntryRow        *out_login_row;
  GtkLabel           *servers_error;
  AdwActionRow       *verify_in_row;
  GtkSpinner         *verify_in_spinner;
  GtkImage           *verify_in_icon;
  AdwActionRow       *verify_out_row;
  GtkSpinner         *verify_out_spinner;
  GtkImage           *verify_out_icon;
  GtkWidget          *problem_group;
  GtkLabel           *problem_label;
  GtkButton          *way_out_button;
  AdwPreferencesGroup *certificate_group;
  AdwActionRow       *cert_server_row;
  AdwActionRow       *cert_reasons_row;
  AdwActionRow       *cert_fingerprint_row;
  AdwActionRow       *cert_subject_row;
  AdwActionRow       *cert_issuer_row;
  AdwActionRow       *cert_validity_row;
  AdwStatusPage      *done_page;
  GtkSpinner         *sync_spinner;
  GtkLabel           *sync_label;
  GtkLinkButton      *webmail_link;
};

/* cr-setup-assistant.c */
void      cr_setup_assistant_go_to            (CrSetupAssistant *self,
                                               CrSetupPage       page);
void      cr_setup_assistant_update_buttons   (CrSetupAssistant *self);
gboolean  cr_setup_assistant_uses_pop         (CrSetupAssistant *self);
char     *cr_setup_assistant_dup_signature    (CrSetupAssistant *self);
void      cr_setup_assistant_emit_saved    (CrSetupAssistant *self);
void      cr_setup_mark_row                   (GtkWidget        *row,
                                               gboolean          wrong);

/* cr-setup-assistant-identity.c */
gboolean  cr_setup_assistant_has_typed        (CrSetupAssistant *self);
gboolean  cr_setup_assistant_check_identity   (CrSetupAssistant *self);
gboolean  cr_setup_assistant_check_password   (CrSetupAssistant *self);
void      cr_setup_assistant_update_identifier (CrSetupAssistant *self);
void      cr_setup_assistant_load_account     (CrSetupAssistant *self,
                                               CrAccount        *account);

/* cr-setup-assistant-detect.c */
void      cr_setup_assistant_detect_start     (CrSetupAssistant *self);
void      cr_setup_assistant_renew_cancellable (CrSetupAssistant *self);
void      cr_setup_assistant_detect_stop      (CrSetupAssistant *self);

/* cr-setup-assistant-servers.c */
void      cr_setup_assistant_servers_init     (CrSetupAssistant *self);
void      cr_setup_assistant_servers_fill     (CrSetupAssistant *self);
gboolean  cr_setup_assistant_servers_check    (CrSetupAssistant *self);
CrAccount *cr_setup_assistant_build_account   (CrSetupAssistant *self);

/* cr-setup-assistant-verify.c */
void      cr_setup_assistant_verify_start     (CrSetupAssistant *self);
void      cr_setup_assistant_way_out          (CrSetupAssistant *self);
void      cr_setup_assistant_trust            (CrSetupAssistant *self);
void      cr_setup_assistant_save             (CrSetupAssistant *self);

G_END_DECLS
