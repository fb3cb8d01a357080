/* cr-test-ui-util.h — what the mail window tests share
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <adwaita.h>

G_BEGIN_DECLS

typedef struct
{
  const char *en;
  const char *fr;
} CrExpected;

/* Reads the locale from the environment and binds the catalogue. */
void        cr_test_ui_init_locale   (void);
gboolean    cr_test_ui_in_french     (void);
const char *cr_test_ui_expected      (const CrExpected *e);
void        cr_test_ui_shot          (GtkWidget        *widget,
                                      const char       *what);
void        cr_test_ui_collect       (GtkWidget        *widget,
                                      GType             type,
                                      GPtrArray        *out);
/* The drawn label under @root showing @text, or NULL. */
GtkWidget  *cr_test_ui_find_label    (GtkWidget        *root,
                                      const char       *text);
/* A mapped toplevel window of @type (the last listed), or NULL. */
GtkWidget  *cr_test_ui_find_toplevel (GType             type);
/* Every visible button, drop-down, search entry and list has a name. */
void        cr_test_ui_assert_named  (GtkWidget        *root);
/* A key pressed and released through the X server, as a person would. */
void        cr_test_ui_press_key     (GtkWidget        *widget,
                                      guint             keyval);
/* The same with @modifier (a keyval: GDK_KEY_Control_L) held down. */
void        cr_test_ui_press_chord   (GtkWidget        *widget,
                                      guint             modifier,
                                      guint             keyval);

G_END_DECLS
