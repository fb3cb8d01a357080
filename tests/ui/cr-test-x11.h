/* cr-test-x11.h — another program's windows, seen through the X server
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <glib.h>
#include <X11/Xlib.h>

G_BEGIN_DECLS

/* A viewable top-level window whose _NET_WM_PID is @pid, or None; a
 * dialog (WM_TRANSIENT_FOR set) when @transient, a main window else. */
Window   cr_test_x11_find_window   (Display *display,
                                    GPid     pid,
                                    gboolean transient);
/* Whether @window belongs to @pid (_NET_WM_PID). */
gboolean cr_test_x11_window_has_pid (Display *display,
                                     Window   window,
                                     GPid     pid);
/* What the window manager sends when the close button is clicked. */
void     cr_test_x11_close_window  (Display *display,
                                    Window   window);

G_END_DECLS
