/* cr-test-desktop.h — desktop services faked on the private bus
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gio/gio.h>

G_BEGIN_DECLS

/* Notifications on the session bus: "summary\nbody" of each one shown. */
GPtrArray    *cr_test_notifications_start (void);
gboolean      cr_test_notifications_has   (GPtrArray          *notified,
                                           const char         *text);

typedef enum
{
  CR_TEST_PORTAL_GRANT,
  /* Running allowed, not starting at login (autostart false). */
  CR_TEST_PORTAL_GRANT_WITHOUT_AUTOSTART,
  CR_TEST_PORTAL_DENY,
} CrTestPortalAnswer;

typedef struct
{
  GDBusConnection    *bus;
  guint               object_id;
  CrTestPortalAnswer  answer;
  GPtrArray          *requests;  /* the options (a{sv}) of each request */
  guint               wanted;    /* for the tests' predicates */
} CrTestPortal;

/* Owns org.freedesktop.portal.Desktop on its own connection to the bus. */
CrTestPortal *cr_test_portal_start        (const char         *bus_address,
                                           CrTestPortalAnswer  answer);
void          cr_test_portal_stop         (CrTestPortal       *portal);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (CrTestPortal, cr_test_portal_stop)

G_END_DECLS
