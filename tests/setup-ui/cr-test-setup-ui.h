/* cr-test-setup-ui.h — finding the assistant's controls by their words,
 * as a person does, and waiting for them
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <adwaita.h>

G_BEGIN_DECLS

gboolean   cr_test_setup_is_shown      (GtkWidget  *widget);
/* These fail the test when nothing shown matches. */
GtkWidget *cr_test_setup_find_group    (GtkWidget  *root,
                                        const char *title);
GtkWidget *cr_test_setup_find_row      (GtkWidget  *root,
                                        const char *title);
GtkWidget *cr_test_setup_find_button   (GtkWidget  *root,
                                        const char *label);
GtkWidget *cr_test_setup_lookup_button (GtkWidget  *root,
                                        const char *label);
void       cr_test_setup_wait_button   (GtkWidget  *root,
                                        const char *label);
void       cr_test_setup_click         (GtkWidget  *root,
                                        const char *label);
/* @group: (nullable): the title of the group holding the row */
void       cr_test_setup_type_in       (GtkWidget  *root,
                                        const char *group,
                                        const char *row,
                                        const char *text);
GtkWidget *cr_test_setup_find_dialog   (void);
GtkWidget *cr_test_setup_wait_dialog   (void);
void       cr_test_setup_assert_named  (GtkWidget  *root);

G_END_DECLS
