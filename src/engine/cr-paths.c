/* cr-paths.c — where Courrier keeps its configuration, data and cache
 *
 * Each directory defaults to the XDG base directory plus "courrier"; the
 * command-line client and the tests override them one by one.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <errno.h>
#include <gio/gio.h>
#include <glib/gi18n-lib.h>
#include <glib/gstdio.h>

#include "cr-paths.h"

#define CR_PATHS_SUBDIR "courrier"

struct _CrPaths
{
  gatomicrefcount  ref_count;
  char            *dirs[3];
};

G_DEFINE_BOXED_TYPE (CrPaths, cr_paths, cr_paths_ref, cr_paths_unref)

static char *
default_dir (CrPathKind kind)
{
  const char *base = NULL;

  switch (kind)
    {
    case CR_PATH_CONFIG:
      base = g_get_user_config_dir ();
      break;
    case CR_PATH_DATA:
      base = g_get_user_data_dir ();
      break;
    case CR_PATH_CACHE:
      base = g_get_user_cache_dir ();
      break;
    default:
      g_return_val_if_reached (NULL);
    }

  return g_build_filename (base, CR_PATHS_SUBDIR, NULL);
}

static char *
dir_or_default (const char *dir,
                CrPathKind  kind)
{
  if (dir != NULL && *dir != '\0')
    return g_canonicalize_filename (dir, NULL);

  return default_dir (kind);
}

/**
 * cr_paths_new:
 * @config_dir: (nullable): overrides `$XDG_CONFIG_HOME/courrier`
 * @data_dir: (nullable): overrides `$XDG_DATA_HOME/courrier`
 * @cache_dir: (nullable): overrides `$XDG_CACHE_HOME/courrier`
 *
 * Nothing is created on disk until cr_paths_ensure() is called.
 */
CrPaths *
cr_paths_new (const char *config_dir,
              const char *data_dir,
              const char *cache_dir)
{
  CrPaths *self = g_new0 (CrPaths, 1);

  g_atomic_ref_count_init (&self->ref_count);
  self->dirs[CR_PATH_CONFIG] = dir_or_default (config_dir, CR_PATH_CONFIG);
  self->dirs[CR_PATH_DATA] = dir_or_default (data_dir, CR_PATH_DATA);
  self->dirs[CR_PATH_CACHE] = dir_or_default (cache_dir, CR_PATH_CACHE);

  return self;
}

CrPaths *
cr_paths_ref (CrPaths *self)
{
  g_return_val_if_fail (self != NULL, NULL);

  g_atomic_ref_count_inc (&self->ref_count);

  return self;
}

void
cr_paths_unref (CrPaths *self)
{
  g_return_if_fail (self != NULL);

  if (!g_atomic_ref_count_dec (&self->ref_count))
    return;

  for (guint i = 0; i < G_N_ELEMENTS (self->dirs); i++)
    g_free (self->dirs[i]);
  g_free (self);
}

const char *
cr_paths_get (CrPaths    *self,
              CrPathKind  kind)
{
  g_return_val_if_fail (self != NULL, NULL);
  g_return_val_if_fail (kind <= CR_PATH_CACHE, NULL);

  return self->dirs[kind];
}

/**
 * cr_paths_build:
 *
 * Returns: (transfer full): @name inside the directory of @kind
 */
char *
cr_paths_build (CrPaths    *self,
                CrPathKind  kind,
                const char *name)
{
  g_return_val_if_fail (name != NULL, NULL);

  return g_build_filename (cr_paths_get (self, kind), name, NULL);
}

/**
 * cr_paths_ensure:
 *
 * Creates the directory of @kind (and its parents) private to the user:
 * it will hold mail and account details.
 */
gboolean
cr_paths_ensure (CrPaths    *self,
                 CrPathKind  kind,
                 GError    **error)
{
  const char *dir = cr_paths_get (self, kind);

  g_return_val_if_fail (dir != NULL, FALSE);

  if (g_mkdir_with_parents (dir, 0700) != 0)
    {
      int saved_errno = errno;

      g_set_error (error, G_IO_ERROR, g_io_error_from_errno (saved_errno),
                   /* Translators: %s is a folder, the second %s the reason */
                   _("Could not create the folder “%s”: %s"),
                   dir, g_strerror (saved_errno));
      return FALSE;
    }

  return TRUE;
}
