/* cr-secrets.h — account passwords, in the keyring or for this session
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gio/gio.h>

#include "cr-account.h"

G_BEGIN_DECLS

#define CR_SECRETS_ERROR (cr_secrets_error_quark ())

/* In each case the password stays usable for this session. */
typedef enum
{
  /* No Secret Service (no keyring running, no session bus). */
  CR_SECRETS_ERROR_UNAVAILABLE,
  /* The keyring is locked and could not be unlocked. */
  CR_SECRETS_ERROR_LOCKED,
  /* The keyring answered with an error. */
  CR_SECRETS_ERROR_FAILED,
} CrSecretsError;

/* A password: wiped from memory when freed. */
typedef char CrPassword;

#define CR_TYPE_SECRETS (cr_secrets_get_type ())

G_DECLARE_FINAL_TYPE (CrSecrets, cr_secrets, CR, SECRETS, GObject)

GQuark      cr_secrets_error_quark  (void);
void        cr_password_free        (CrPassword           *password);

CrSecrets  *cr_secrets_new          (void);

void        cr_secrets_store_async  (CrSecrets            *self,
                                     CrAccount            *account,
                                     CrServer             *server,
                                     const char           *password,
                                     gboolean              remember,
                                     GCancellable         *cancellable,
                                     GAsyncReadyCallback   callback,
                                     gpointer              user_data);
gboolean    cr_secrets_store_finish (CrSecrets            *self,
                                     GAsyncResult         *result,
                                     GError              **error);
void        cr_secrets_lookup_async (CrSecrets            *self,
                                     CrAccount            *account,
                                     CrServer             *server,
                                     GCancellable         *cancellable,
                                     GAsyncReadyCallback   callback,
                                     gpointer              user_data);
CrPassword *cr_secrets_lookup_finish (CrSecrets           *self,
                                      GAsyncResult        *result,
                                      GError             **error);
void        cr_secrets_clear_async  (CrSecrets            *self,
                                     CrAccount            *account,
                                     CrServer             *server,
                                     GCancellable         *cancellable,
                                     GAsyncReadyCallback   callback,
                                     gpointer              user_data);
gboolean    cr_secrets_clear_finish (CrSecrets            *self,
                                     GAsyncResult         *result,
                                     GError              **error);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (CrPassword, cr_password_free)

G_END_DECLS
