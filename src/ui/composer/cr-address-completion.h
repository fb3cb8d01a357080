/* cr-address-completion.h — recipients completed from addresses already
 * seen, under a To, Cc or Bcc entry
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gtk/gtk.h>

#include "cr-store.h"

G_BEGIN_DECLS

#define CR_TYPE_ADDRESS_COMPLETION (cr_address_completion_get_type ())

G_DECLARE_FINAL_TYPE (CrAddressCompletion, cr_address_completion, CR, ADDRESS_COMPLETION, GObject)

/* Attaches to @entry, which keeps the completion alive. @exclude:
 * (nullable) addresses never offered (one's own). */
CrAddressCompletion *cr_address_completion_attach      (GtkEntry            *entry,
                                                        CrStore             *store,
                                                        const char * const  *exclude);
/* The completion attached to @entry, if any. */
CrAddressCompletion *cr_address_completion_get         (GtkEntry            *entry);
/* The list shown under the entry; tests look at it. */
GtkPopover          *cr_address_completion_get_popover (CrAddressCompletion *self);
/* (element-type CrAddress) what is offered now, best first. */
GPtrArray           *cr_address_completion_get_matches (CrAddressCompletion *self);
/* The text of @text up to the address being typed (after the last comma
 * outside quotes), and where that address starts. */
gsize                cr_address_completion_last_start  (const char          *text);

G_END_DECLS
