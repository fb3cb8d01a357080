/* cr-mime-test-json.h — a display model as JSON, to compare with the corpus
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <json-glib/json-glib.h>

#include "cr-mime-message.h"

G_BEGIN_DECLS

JsonNode *cr_mime_test_message_to_json (CrMimeMessage *message);
gboolean  cr_mime_test_json_matches    (JsonNode      *expected,
                                        JsonNode      *actual,
                                        GString       *path);

G_END_DECLS
