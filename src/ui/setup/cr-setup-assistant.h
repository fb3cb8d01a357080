/* cr-setup-assistant.h — adding or editing a mail account, step by step
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <adwaita.h>

#include "cr-context.h"
#include "cr-setup-detector.h"

G_BEGIN_DECLS

#define CR_TYPE_SETUP_ASSISTANT (cr_setup_assistant_get_type ())

G_DECLARE_FINAL_TYPE (CrSetupAssistant, cr_setup_assistant, CR, SETUP_ASSISTANT, AdwWindow)

CrSetupAssistant *cr_setup_assistant_new             (GtkWindow        *parent,
                                                      CrContext        *context);
CrSetupAssistant *cr_setup_assistant_new_for_account (GtkWindow        *parent,
                                                      CrContext        *context,
                                                      CrAccount        *account);
CrContext        *cr_setup_assistant_get_context     (CrSetupAssistant *self);
CrAccount        *cr_setup_assistant_get_account     (CrSetupAssistant *self);
gboolean          cr_setup_assistant_is_editing      (CrSetupAssistant *self);
void              cr_setup_assistant_set_detector    (CrSetupAssistant *self,
                                                      CrSetupDetector  *detector);
const char       *cr_setup_assistant_get_page        (CrSetupAssistant *self);

G_END_DECLS
