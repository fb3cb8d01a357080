/* cr-imap-response.h — IMAP server responses framed and read in place
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* One response is never allowed to grow past this (its literals included). */
#define CR_IMAP_RESPONSE_MAX (16 * 1024 * 1024)

typedef enum
{
  CR_IMAP_VALUE_NIL,
  CR_IMAP_VALUE_ATOM,    /* atoms and numbers; a BODY[…]<…> name is one atom */
  CR_IMAP_VALUE_STRING,  /* quoted (unescaped) or literal */
  CR_IMAP_VALUE_LIST,
} CrImapValueKind;

/**
 * CrImapValue:
 * @kind: what it is
 * @next: for a list, the index of the value after its last child; for the
 *   others, their own index plus one. A list's children start right
 *   after it.
 * @text: (nullable): an atom's or a string's bytes, inside the response;
 *   not NUL-terminated, and a literal may hold NUL bytes
 * @length: the length of @text
 */
typedef struct
{
  CrImapValueKind kind;
  guint           next;
  const char     *text;
  gsize           length;
} CrImapValue;

/**
 * CrImapFramer:
 *
 * Where cr_imap_response_frame() stopped; zeroed for each new response.
 */
typedef struct
{
  gsize   scanned;        /* no line end before this */
  gsize   line_start;     /* after the last line end or literal */
  gsize   literal_start;  /* CR_IMAP_FRAME_INVALID for a literal too large: */
  guint64 literal_size;   /* where it starts and its size, else 0 */
} CrImapFramer;

typedef enum
{
  CR_IMAP_FRAME_MORE,      /* not all there yet */
  CR_IMAP_FRAME_COMPLETE,
  CR_IMAP_FRAME_INVALID,   /* a literal too large, or a response past CR_IMAP_RESPONSE_MAX */
} CrImapFrame;

CrImapFrame cr_imap_response_frame      (const char    *data,
                                         gsize          length,
                                         CrImapFramer  *framer,
                                         gsize         *out_end);
gboolean    cr_imap_response_parse_value (char          *data,
                                          gsize          length,
                                          gsize         *pos,
                                          GArray        *values);

gboolean    cr_imap_value_is           (const CrImapValue *value,
                                        const char        *word);
gboolean    cr_imap_value_has_prefix   (const CrImapValue *value,
                                        const char        *prefix);
gboolean    cr_imap_value_number       (const CrImapValue *value,
                                        guint64            max,
                                        guint64           *out);
char       *cr_imap_value_dup          (const CrImapValue *value);

G_END_DECLS
