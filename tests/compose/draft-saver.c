/* draft-saver.c — saves versions of a draft as fast as it can, saying
 * after each one which was saved, until it is killed: test-drafts kills
 * it with SIGKILL in the middle of a save
 *
 * Usage: draft-saver DATA_DIR KEY
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include <stdio.h>

#include "cr-drafts.h"
#include "cr-message-builder.h"

int
main (int argc, char *argv[])
{
  g_autoptr(CrPaths) paths = NULL;
  g_autoptr(CrDrafts) drafts = NULL;
  g_autofree char *padding = g_strnfill (256 * 1024, 'x');

  if (argc != 3)
    return 2;
  paths = cr_paths_new (argv[1], argv[1], argv[1]);
  drafts = cr_drafts_new (paths);

  for (guint version = 1; ; version++)
    {
      g_autoptr(CrMessageBuilder) builder = cr_message_builder_new ();
      g_autoptr(GBytes) raw = NULL;
      g_autoptr(GError) error = NULL;
      g_autofree char *body = g_strdup_printf ("version %u\n%s", version, padding);

      cr_message_builder_set_from (builder, "Amélie", "test@example.test");
      cr_message_builder_set_subject (builder, "Brouillon");
      cr_message_builder_set_body (builder, body);
      raw = cr_message_builder_build (builder, FALSE, &error);
      if (raw == NULL || !cr_drafts_save_local (drafts, argv[2], "compose", raw, &error))
        {
          fprintf (stderr, "%s\n", error->message);
          return 1;
        }
      printf ("saved %u\n", version);
      fflush (stdout);
    }
}
