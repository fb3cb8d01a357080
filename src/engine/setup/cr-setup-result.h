/* cr-setup-result.h — the servers found for an address, and where from
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <glib-object.h>

#include "cr-server.h"

G_BEGIN_DECLS

/* Ordered from the most to the least trustworthy answer: the detector
 * keeps the first one, in this order, that found something. */
typedef enum
{
  CR_SETUP_SOURCE_BUILTIN,          /*< nick=builtin >*/
  CR_SETUP_SOURCE_AUTOCONFIG_HTTPS, /*< nick=autoconfig-https >*/
  CR_SETUP_SOURCE_ISPDB,            /*< nick=ispdb >*/
  CR_SETUP_SOURCE_MX,               /*< nick=mx >*/
  CR_SETUP_SOURCE_SRV,              /*< nick=srv >*/
  CR_SETUP_SOURCE_PROBE,            /*< nick=probe >*/
  CR_SETUP_SOURCE_AUTOCONFIG_HTTP,  /*< nick=autoconfig-http >*/
} CrSetupSource;

#define CR_SETUP_N_SOURCES (CR_SETUP_SOURCE_AUTOCONFIG_HTTP + 1)

#define CR_TYPE_SETUP_RESULT (cr_setup_result_get_type ())

G_DECLARE_FINAL_TYPE (CrSetupResult, cr_setup_result, CR, SETUP_RESULT, GObject)

CrSetupResult      *cr_setup_result_new                   (CrSetupSource  source);
CrSetupSource       cr_setup_result_get_source            (CrSetupResult *self);
gboolean            cr_setup_result_is_verified           (CrSetupResult *self);
const char         *cr_setup_result_get_provider_name     (CrSetupResult *self);
void                cr_setup_result_set_provider_name     (CrSetupResult *self,
                                                           const char    *name);
const char         *cr_setup_result_get_webmail_url       (CrSetupResult *self);
void                cr_setup_result_set_webmail_url       (CrSetupResult *self,
                                                           const char    *url);
const char         *cr_setup_result_get_documentation_url (CrSetupResult *self);
void                cr_setup_result_set_documentation_url (CrSetupResult *self,
                                                           const char    *url);
const char *const  *cr_setup_result_get_notes             (CrSetupResult *self);
void                cr_setup_result_add_note              (CrSetupResult *self,
                                                           const char    *note);
GPtrArray          *cr_setup_result_get_incoming          (CrSetupResult *self);
GPtrArray          *cr_setup_result_get_outgoing          (CrSetupResult *self);
void                cr_setup_result_add_server            (CrSetupResult *self,
                                                           CrServer      *server);
CrServer           *cr_setup_result_get_first             (CrSetupResult *self,
                                                           CrProtocol     protocol);
gboolean            cr_setup_result_is_usable             (CrSetupResult *self);

const char         *cr_setup_source_to_label              (CrSetupSource  source);

G_END_DECLS
