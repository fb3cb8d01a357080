/* cr-secrets-test-util.h — run CrSecrets operations to the end in a test
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include "cr-secrets.h"

G_BEGIN_DECLS

gboolean    cr_secrets_test_store  (CrSecrets   *secrets,
                                    CrAccount   *account,
                                    CrServer    *server,
                                    const char  *password,
                                    gboolean     remember,
                                    GError     **error);
CrPassword *cr_secrets_test_lookup (CrSecrets   *secrets,
                                    CrAccount   *account,
                                    CrServer    *server,
                                    GError     **error);
CrPassword *cr_secrets_test_lookup_cancellable (CrSecrets     *secrets,
                                                CrAccount     *account,
                                                CrServer      *server,
                                                GCancellable  *cancellable,
                                                GError       **error);
gboolean    cr_secrets_test_clear  (CrSecrets   *secrets,
                                    CrAccount   *account,
                                    CrServer    *server,
                                    GError     **error);
CrAccount  *cr_secrets_test_account (const char *address);

G_END_DECLS
