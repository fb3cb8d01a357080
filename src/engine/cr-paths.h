/* cr-paths.h — where Courrier keeps its configuration, data and cache
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <glib-object.h>

G_BEGIN_DECLS

typedef enum
{
  CR_PATH_CONFIG, /* accounts, certificate exceptions */
  CR_PATH_DATA,   /* the message store */
  CR_PATH_CACHE,  /* message bodies; can always be rebuilt */
} CrPathKind;

#define CR_TYPE_PATHS (cr_paths_get_type ())

typedef struct _CrPaths CrPaths;

GType        cr_paths_get_type    (void) G_GNUC_CONST;
CrPaths     *cr_paths_new         (const char *config_dir,
                                   const char *data_dir,
                                   const char *cache_dir);
CrPaths     *cr_paths_ref         (CrPaths    *self);
void         cr_paths_unref       (CrPaths    *self);
const char  *cr_paths_get         (CrPaths    *self,
                                   CrPathKind  kind);
char        *cr_paths_build       (CrPaths    *self,
                                   CrPathKind  kind,
                                   const char *name);
gboolean     cr_paths_ensure      (CrPaths    *self,
                                   CrPathKind  kind,
                                   GError    **error);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (CrPaths, cr_paths_unref)

G_END_DECLS
