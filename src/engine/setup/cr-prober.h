/* cr-prober.h — find mail servers by trying the usual names and ports
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gio/gio.h>

#include "cr-setup-result.h"

G_BEGIN_DECLS

#define CR_PROBER_DEFAULT_MAX_PARALLEL 6
#define CR_PROBER_DEFAULT_TIMEOUT      8
#define CR_PROBER_DEFAULT_DEADLINE     30

#define CR_TYPE_PROBER (cr_prober_get_type ())

G_DECLARE_FINAL_TYPE (CrProber, cr_prober, CR, PROBER, GObject)

CrProber      *cr_prober_new              (void);
void           cr_prober_set_tls_database (CrProber             *self,
                                           GTlsDatabase         *database);
void           cr_prober_set_timeout      (CrProber             *self,
                                           guint                 seconds);
void           cr_prober_set_deadline     (CrProber             *self,
                                           guint                 seconds);
void           cr_prober_set_max_parallel (CrProber             *self,
                                           guint                 max_parallel);
void           cr_prober_map_port         (CrProber             *self,
                                           guint16               usual_port,
                                           guint16               actual_port);
GPtrArray     *cr_prober_list_candidates  (CrProber             *self,
                                           const char           *address,
                                           const char *const    *mx_hosts);
gboolean       cr_prober_probe_sync       (CrProber             *self,
                                           CrServer             *server,
                                           GCancellable         *cancellable,
                                           GError              **error);
void           cr_prober_run_async        (CrProber             *self,
                                           const char           *address,
                                           const char *const    *mx_hosts,
                                           GCancellable         *cancellable,
                                           GAsyncReadyCallback   callback,
                                           gpointer              user_data);
CrSetupResult *cr_prober_run_finish       (CrProber             *self,
                                           GAsyncResult         *result,
                                           GError              **error);

G_END_DECLS
