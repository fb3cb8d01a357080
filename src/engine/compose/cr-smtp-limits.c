/* cr-smtp-limits.c — what each account's outgoing server said it accepts
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <glib/gi18n-lib.h>

#include "cr-smtp-limits.h"

#define KEY_SIZE "size"

/* Threads of one process; between processes the file is replaced
 * atomically, the last writer wins (both wrote what a server said). */
static GMutex limits_mutex;

static char *
limits_path (CrPaths *paths)
{
  return cr_paths_build (paths, CR_PATH_DATA, "smtp-limits.ini");
}

void
cr_smtp_limits_note (CrPaths    *paths,
                     const char *account_id,
                     guint64     size)
{
  g_autoptr(GKeyFile) keyfile = g_key_file_new ();
  g_autofree char *path = limits_path (paths);
  g_autofree char *dir = g_path_get_dirname (path);
  g_autofree char *data = NULL;
  g_autoptr(GError) error = NULL;
  gsize length;

  g_return_if_fail (account_id != NULL);

  g_mutex_lock (&limits_mutex);
  g_key_file_load_from_file (keyfile, path, G_KEY_FILE_NONE, NULL);
  /* Written only when it changed: most connections learn nothing new. */
  if (g_key_file_get_uint64 (keyfile, account_id, KEY_SIZE, NULL) != size ||
      (size == 0) == g_key_file_has_group (keyfile, account_id))
    {
      if (size > 0)
        g_key_file_set_uint64 (keyfile, account_id, KEY_SIZE, size);
      else
        g_key_file_remove_group (keyfile, account_id, NULL);
      data = g_key_file_to_data (keyfile, &length, NULL);
      if (g_mkdir_with_parents (dir, 0700) != 0 ||
          !g_file_set_contents_full (path, data, (gssize) length, G_FILE_SET_CONTENTS_CONSISTENT, 0600, &error))
        g_debug ("Server limits not kept: %s", error != NULL ? error->message : dir);
    }
  g_mutex_unlock (&limits_mutex);
}

guint64
cr_smtp_limits_get_size (CrPaths    *paths,
                         const char *account_id)
{
  g_autoptr(GKeyFile) keyfile = g_key_file_new ();
  g_autofree char *path = limits_path (paths);
  gboolean loaded;

  g_return_val_if_fail (account_id != NULL, 0);

  g_mutex_lock (&limits_mutex);
  loaded = g_key_file_load_from_file (keyfile, path, G_KEY_FILE_NONE, NULL);
  g_mutex_unlock (&limits_mutex);
  if (!loaded)
    return 0;
  return g_key_file_get_uint64 (keyfile, account_id, KEY_SIZE, NULL);
}

guint64
cr_smtp_limits_estimate (guint64 text_size,
                         guint64 attachments_size)
{
  guint64 encoded = (attachments_size + 2) / 3 * 4;

  /* CRLF after every 76 characters, and a little for each part's
   * headers and boundaries. */
  return text_size + encoded + encoded / 76 * 2 + 1024;
}

char *
cr_smtp_limits_check (CrPaths    *paths,
                      const char *account_id,
                      guint64     estimate)
{
  guint64 limit = cr_smtp_limits_get_size (paths, account_id);
  g_autofree char *size = NULL;
  g_autofree char *most = NULL;

  if (estimate <= (limit > 0 ? limit : CR_SMTP_LIMITS_DEFAULT_SIZE))
    return NULL;

  size = g_format_size (estimate);
  most = g_format_size (limit > 0 ? limit : CR_SMTP_LIMITS_DEFAULT_SIZE);
  if (limit > 0)
    /* Translators: both %s are sizes, like “31,2 Mo” */
    return g_strdup_printf (_("With its attachments the message will be about %s, more than the %s the outgoing "
                              "server accepts: it will be refused. Remove or shrink attachments, or share "
                              "large files by a link."),
                            size, most);
  /* Translators: both %s are sizes, like “31,2 Mo” */
  return g_strdup_printf (_("With its attachments the message will be about %s. Many servers refuse messages "
                            "over %s: remove or shrink attachments, or share large files by a link."),
                          size, most);
}
