/* cr-background.h — starting hidden at login: the Background portal or an
 * XDG autostart file
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gio/gio.h>

G_BEGIN_DECLS

#define CR_BACKGROUND_ERROR (cr_background_error_quark ())

typedef enum
{
  CR_BACKGROUND_ERROR_DENIED,
  CR_BACKGROUND_ERROR_FAILED,
} CrBackgroundError;

typedef enum
{
  CR_BACKGROUND_METHOD_NONE,
  CR_BACKGROUND_METHOD_PORTAL,
  CR_BACKGROUND_METHOD_AUTOSTART_FILE,
} CrBackgroundMethod;

#define CR_TYPE_BACKGROUND (cr_background_get_type ())

G_DECLARE_FINAL_TYPE (CrBackground, cr_background, CR, BACKGROUND, GObject)

GQuark              cr_background_error_quark       (void);
CrBackground       *cr_background_new               (void);
char               *cr_background_get_autostart_path (void);
void                cr_background_request_async     (CrBackground        *self,
                                                     gboolean             autostart,
                                                     GCancellable        *cancellable,
                                                     GAsyncReadyCallback  callback,
                                                     gpointer             user_data);
gboolean            cr_background_request_finish    (CrBackground        *self,
                                                     GAsyncResult        *result,
                                                     GError             **error);
CrBackgroundMethod  cr_background_get_last_method   (CrBackground        *self);
guint               cr_background_get_n_pending     (CrBackground        *self);

G_END_DECLS
