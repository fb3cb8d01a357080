/* main.c — Courrier's entry point: set up gettext, pick GTK's renderer and
 * run the application.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <glib/gi18n.h>
#include <locale.h>

#include "cr-application.h"

/* Without a GPU render node, GTK's GL renderer runs on Mesa's software
 * rasteriser: there it showed the first window 2.4× later than cairo, at
 * 80 MB more (build-aux/bench-startup.c). The person's choice stays. */
static void
choose_renderer (void)
{
  g_autoptr(GDir) dri = NULL;
  const char *name;

  if (g_getenv ("GSK_RENDERER") != NULL)
    return;

  if ((dri = g_dir_open ("/dev/dri", 0, NULL)) != NULL)
    while ((name = g_dir_read_name (dri)) != NULL)
      if (g_str_has_prefix (name, "renderD"))
        return;

  g_setenv ("GSK_RENDERER", "cairo", FALSE);
}

int
main (int   argc,
      char *argv[])
{
  g_autoptr(CrApplication) app = NULL;

  setlocale (LC_ALL, "");
  bindtextdomain (GETTEXT_PACKAGE, LOCALEDIR);
  bind_textdomain_codeset (GETTEXT_PACKAGE, "UTF-8");
  textdomain (GETTEXT_PACKAGE);
  choose_renderer ();

  app = cr_application_new ();

  return g_application_run (G_APPLICATION (app), argc, argv);
}
