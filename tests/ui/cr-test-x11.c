/* cr-test-x11.c — another program's windows, seen through the X server
 *
 * There is no window manager on the test's Xvfb: top-level windows are
 * the root's children, and closing one is the WM_DELETE_WINDOW message a
 * window manager would send. Windows come and go while they are looked
 * at: a request about one that has just gone is not an error here.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <X11/Xatom.h>
#include <X11/Xutil.h>

#include "cr-test-x11.h"

typedef int (*ErrorHandler) (Display *, XErrorEvent *);

static ErrorHandler previous_handler;
static guint trap_depth;

static int
ignore_vanished_window (Display     *display,
                        XErrorEvent *event)
{
  if (event->error_code == BadWindow)
    return 0;

  return previous_handler (display, event);
}

static void
trap_push (Display *display)
{
  if (trap_depth++ == 0)
    previous_handler = XSetErrorHandler (ignore_vanished_window);
}

/* Errors come asynchronously: the sync makes those of our requests
 * arrive while the handler is still ours. */
static void
trap_pop (Display *display)
{
  XSync (display, False);
  if (--trap_depth == 0)
    XSetErrorHandler (previous_handler);
}

gboolean
cr_test_x11_window_has_pid (Display *display,
                            Window   window,
                            GPid     pid)
{
  Atom wm_pid = XInternAtom (display, "_NET_WM_PID", False);
  Atom type = None;
  int format = 0;
  unsigned long n_items = 0;
  unsigned long after = 0;
  unsigned char *data = NULL;
  gboolean found = FALSE;

  trap_push (display);
  if (XGetWindowProperty (display, window, wm_pid, 0, 1, False, XA_CARDINAL, &type, &format,
                          &n_items, &after, &data) == Success &&
      type == XA_CARDINAL && format == 32 && n_items == 1)
    found = *(unsigned long *) data == (unsigned long) pid;
  if (data != NULL)
    XFree (data);
  trap_pop (display);

  return found;
}

Window
cr_test_x11_find_window (Display *display,
                         GPid     pid,
                         gboolean transient)
{
  Window root_return = None;
  Window parent = None;
  Window *children = NULL;
  unsigned int n_children = 0;
  Window found = None;

  if (!XQueryTree (display, DefaultRootWindow (display), &root_return, &parent, &children, &n_children))
    return None;

  trap_push (display);

  for (unsigned int i = 0; i < n_children && found == None; i++)
    {
      XWindowAttributes attributes;
      Window parent_window = None;

      if (XGetWindowAttributes (display, children[i], &attributes) &&
          attributes.map_state == IsViewable &&
          cr_test_x11_window_has_pid (display, children[i], pid) &&
          (XGetTransientForHint (display, children[i], &parent_window) != 0) == (transient != FALSE))
        found = children[i];
    }
  if (children != NULL)
    XFree (children);
  trap_pop (display);

  return found;
}

void
cr_test_x11_close_window (Display *display,
                          Window   window)
{
  XEvent event = { 0 };

  event.xclient.type = ClientMessage;
  event.xclient.window = window;
  event.xclient.message_type = XInternAtom (display, "WM_PROTOCOLS", False);
  event.xclient.format = 32;
  event.xclient.data.l[0] = (long) XInternAtom (display, "WM_DELETE_WINDOW", False);
  event.xclient.data.l[1] = CurrentTime;
  XSendEvent (display, window, False, NoEventMask, &event);
  XFlush (display);
}
