/* test-mime-message.c — the display model beyond the corpus: cid lookup,
 * decoded bytes, the async parse, and the caps against hostile messages
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include <string.h>

#include "cr-mime-message.h"
#include "cr-test-env.h"

static GBytes *
load (const char *dir,
      const char *name)
{
  g_autofree char *path = g_build_filename (g_getenv ("CR_TEST_SRCDIR"), dir, name, NULL);
  g_autoptr(GError) error = NULL;
  char *contents = NULL;
  gsize length = 0;

  g_file_get_contents (path, &contents, &length, &error);
  g_assert_no_error (error);

  return g_bytes_new_take (contents, length);
}

static CrMimeMessage *
parse_string (const char       *text,
              CrMimeParseFlags  flags)
{
  g_autoptr(GBytes) raw = g_bytes_new (text, strlen (text));

  return cr_mime_message_new_from_bytes (raw, flags);
}

static void
test_cid_lookup (void)
{
  g_autoptr(GBytes) raw = load ("data/mime", "related-cid.eml");
  g_autoptr(CrMimeMessage) message = cr_mime_message_new_from_bytes (raw, CR_MIME_PARSE_DEFAULT);
  CrMimePart *logo = cr_mime_message_get_part_by_cid (message, "cid:logo.png@01DB4C2A");
  gsize size = 0;
  const guchar *png;

  g_assert_nonnull (logo);
  g_assert_cmpint (cr_mime_part_get_kind (logo), ==, CR_MIME_PART_IMAGE);
  g_assert_cmpstr (cr_mime_part_get_content_type (logo), ==, "image/png");
  g_assert_cmpstr (cr_mime_part_get_filename (logo), ==, "logo.png");
  png = g_bytes_get_data (cr_mime_part_get_bytes (logo), &size);
  g_assert_cmpuint (size, ==, 70);
  g_assert_cmpmem (png, 8, "\x89PNG\r\n\x1a\n", 8);

  /* The same part however the HTML spells the reference. */
  g_assert_true (cr_mime_message_get_part_by_cid (message, "<logo.png@01DB4C2A>") == logo);
  g_assert_true (cr_mime_message_get_part_by_cid (message, "logo.png@01db4c2a") == logo);
  g_assert_true (cr_mime_message_get_part_by_cid (message, "cid:logo.png%4001DB4C2A") == logo);
  g_assert_nonnull (cr_mime_message_get_part_by_cid (message, "unused@01DB4C2A"));
  g_assert_null (cr_mime_message_get_part_by_cid (message, "cid:missing@example"));
  g_assert_null (cr_mime_message_get_part_by_cid (message, "cid:"));

  g_assert_finalize_object (g_steal_pointer (&message));
}

static void
test_cid_escaped_reference (void)
{
  g_autoptr(CrMimeMessage) message =
    parse_string ("Content-Type: multipart/related; boundary=r\r\n\r\n"
                  "--r\r\nContent-Type: text/html\r\n\r\n<img src=\"CID:Photo%40Example\"><img src='cid:b@x'>\r\n"
                  "--r\r\nContent-Type: image/gif\r\nContent-ID: <photo@example>\r\n\r\nGIF89a\r\n"
                  "--r\r\nContent-Type: image/gif\r\nContent-ID: <b@x>\r\n\r\nGIF89a\r\n"
                  "--r\r\nContent-Type: image/gif\r\nContent-ID: <never@x>\r\n\r\nGIF89a\r\n"
                  "--r--\r\n",
                  CR_MIME_PARSE_DEFAULT);
  GPtrArray *attachments = cr_mime_message_get_attachments (message);

  /* Shown by the HTML, however escaped: not listed again. */
  g_assert_cmpuint (attachments->len, ==, 1);
  g_assert_cmpstr (cr_mime_part_get_content_id (g_ptr_array_index (attachments, 0)), ==, "never@x");
  g_assert_nonnull (cr_mime_message_get_part_by_cid (message, "cid:Photo%40Example"));
}

static void
test_attachment_bytes (void)
{
  g_autoptr(GBytes) raw = load ("data/mime", "rfc2231-filename.eml");
  g_autoptr(CrMimeMessage) message = cr_mime_message_new_from_bytes (raw, CR_MIME_PARSE_DEFAULT);
  GPtrArray *attachments = cr_mime_message_get_attachments (message);
  CrMimePart *pdf = g_ptr_array_index (attachments, 0);
  CrMimePart *latin = g_ptr_array_index (attachments, 2);
  gsize size = 0;
  const char *data = g_bytes_get_data (cr_mime_part_get_bytes (pdf), &size);
  g_autofree char *type = NULL;
  guint64 property_size = 0;

  /* Base64 undone: the file as it was. */
  g_assert_cmpuint (size, ==, cr_mime_part_get_size (pdf));
  g_assert_true (size > 5 && memcmp (data, "%PDF-", 5) == 0);
  g_assert_cmpint (cr_mime_part_get_disposition (pdf), ==, CR_MIME_DISPOSITION_ATTACHMENT);

  /* An attachment in Latin-1 keeps its bytes: it is a file, not text. */
  data = g_bytes_get_data (cr_mime_part_get_bytes (latin), &size);
  g_assert_cmpmem (data, size, "Un fichier d'\xe9t\xe9.", 17);

  g_object_get (pdf, "content-type", &type, "size", &property_size, NULL);
  g_assert_cmpstr (type, ==, "application/pdf");
  g_assert_cmpuint (property_size, ==, cr_mime_part_get_size (pdf));

  g_assert_finalize_object (g_steal_pointer (&message));
}

static void
test_guessed_type (void)
{
  g_autoptr(CrMimeMessage) message =
    parse_string ("Subject: t\r\nMIME-Version: 1.0\r\n"
                  "Content-Type: multipart/mixed; boundary=b\r\n\r\n"
                  "--b\r\nContent-Type: application/octet-stream; name=\"photo.png\"\r\n"
                  "Content-Disposition: attachment\r\n\r\nnot really a png\r\n"
                  "--b\r\nContent-Type: application/octet-stream\r\n\r\nno name\r\n"
                  "--b\r\nContent-Type: application/octet-stream; name=\"../../etc/passwd\"\r\n\r\nx\r\n"
                  "--b--\r\n",
                  CR_MIME_PARSE_DEFAULT);
  GPtrArray *attachments = cr_mime_message_get_attachments (message);

  g_assert_cmpuint (attachments->len, ==, 3);
  g_assert_cmpstr (cr_mime_part_get_content_type (g_ptr_array_index (attachments, 0)), ==, "image/png");
  g_assert_cmpstr (cr_mime_part_get_content_type (g_ptr_array_index (attachments, 1)), ==, "application/octet-stream");
  g_assert_cmpstr (cr_mime_part_get_filename (g_ptr_array_index (attachments, 1)), ==, "attachment");
  /* A name is never a path. */
  g_assert_cmpstr (cr_mime_part_get_filename (g_ptr_array_index (attachments, 2)), ==, ".._.._etc_passwd");
}

static void
parsed_cb (GObject      *source,
           GAsyncResult *result,
           gpointer      user_data)
{
  CrMimeMessage **out = user_data;
  g_autoptr(GError) error = NULL;

  *out = cr_mime_message_new_from_bytes_finish (result, &error);
  g_assert_no_error (error);
}

static void
test_async (void)
{
  g_autoptr(GBytes) raw = load ("data/mime", "forward-nested.eml");
  CrMimeMessage *message = NULL;

  cr_mime_message_new_from_bytes_async (raw, CR_MIME_PARSE_DEFAULT, NULL, parsed_cb, &message);
  while (message == NULL)
    g_main_context_iteration (NULL, TRUE);

  g_assert_cmpstr (cr_mime_message_get_subject (message), ==, "Fwd: Fwd: L’origine");
  g_assert_finalize_object (message);
}

static void
result_cb (GObject      *source,
           GAsyncResult *result,
           gpointer      user_data)
{
  GAsyncResult **out = user_data;

  *out = g_object_ref (result);
}

static void
test_cancelled (void)
{
  g_autoptr(GBytes) raw = load ("data/mime", "latin1.eml");
  g_autoptr(GCancellable) cancellable = g_cancellable_new ();
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GError) error = NULL;
  CrMimeMessage *message;

  g_cancellable_cancel (cancellable);
  cr_mime_message_new_from_bytes_async (raw, CR_MIME_PARSE_DEFAULT, cancellable,
                                        result_cb, &result);
  while (result == NULL)
    g_main_context_iteration (NULL, TRUE);

  message = cr_mime_message_new_from_bytes_finish (result, &error);
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_CANCELLED);
  g_assert_null (message);
}

static void
assert_note_and_copy (CrMimeMessage *message,
                      gsize          raw_size)
{
  GPtrArray *attachments = cr_mime_message_get_attachments (message);
  CrMimePart *copy;

  g_assert_cmpuint (g_strv_length ((GStrv) cr_mime_message_get_notes (message)), ==, 1);
  g_assert_cmpuint (attachments->len, >, 0);
  copy = g_ptr_array_index (attachments, attachments->len - 1);
  g_assert_cmpstr (cr_mime_part_get_filename (copy), ==, "message.eml");
  g_assert_cmpuint (cr_mime_part_get_size (copy), ==, raw_size);
}

static void
test_too_many_parts (void)
{
  g_autoptr(GString) text = g_string_new ("Subject: many\r\nContent-Type: multipart/mixed; boundary=b\r\n\r\n");
  g_autoptr(GBytes) raw = NULL;
  g_autoptr(CrMimeMessage) message = NULL;
  GPtrArray *body;

  for (guint i = 0; i < CR_MIME_MAX_PARTS * 2; i++)
    g_string_append_printf (text, "--b\r\nContent-Type: text/plain\r\n\r\npart %u\r\n", i);
  g_string_append (text, "--b--\r\n");
  raw = g_bytes_new (text->str, text->len);

  message = cr_mime_message_new_from_bytes (raw, CR_MIME_PARSE_DEFAULT);
  body = cr_mime_message_get_body_parts (message);

  /* The first parts are shown, the rest is in the attached copy. */
  g_assert_cmpuint (body->len, >, CR_MIME_MAX_PARTS / 2);
  g_assert_cmpuint (body->len, <, CR_MIME_MAX_PARTS);
  g_assert_cmpstr (cr_mime_part_get_text (g_ptr_array_index (body, 0)), ==, "part 0");
  assert_note_and_copy (message, text->len);
}

static void
test_too_deep (void)
{
  g_autoptr(GString) text = g_string_new ("Subject: deep\r\n");
  g_autoptr(CrMimeMessage) message = NULL;
  const guint levels = CR_MIME_MAX_DEPTH * 3;
  GPtrArray *attachments;

  for (guint i = 0; i < levels; i++)
    g_string_append_printf (text, "Content-Type: multipart/mixed; boundary=b%u\r\n\r\n--b%u\r\n", i, i);
  g_string_append (text, "Content-Type: text/plain\r\n\r\nau fond\r\n");
  for (guint i = levels; i > 0; i--)
    g_string_append_printf (text, "--b%u--\r\n", i - 1);

  message = parse_string (text->str, CR_MIME_PARSE_DEFAULT);
  attachments = cr_mime_message_get_attachments (message);

  /* What lies deeper is offered as it was sent, not shown. */
  g_assert_cmpuint (cr_mime_message_get_body_parts (message)->len, ==, 0);
  g_assert_cmpuint (attachments->len, ==, 1);
  g_assert_cmpstr (cr_mime_part_get_content_type (g_ptr_array_index (attachments, 0)), ==, "message/rfc822");
  g_assert_cmpuint (g_strv_length ((GStrv) cr_mime_message_get_notes (message)), ==, 1);
}

static void
test_nested_messages_capped (void)
{
  g_autofree char *text = g_strdup ("Subject: niveau 0\r\n\r\nfond\r\n");
  g_autoptr(CrMimeMessage) message = NULL;
  CrMimeMessage *current;
  guint depth = 0;

  for (guint i = 1; i <= CR_MIME_MAX_MESSAGE_DEPTH + 3; i++)
    {
      char *outer = g_strdup_printf ("Subject: niveau %u\r\nContent-Type: message/rfc822\r\n\r\n%s", i, text);

      g_free (text);
      text = outer;
    }

  message = parse_string (text, CR_MIME_PARSE_DEFAULT);
  current = message;
  for (;;)
    {
      GPtrArray *body = cr_mime_message_get_body_parts (current);

      if (body->len == 0)
        break;
      g_assert_cmpuint (body->len, ==, 1);
      current = cr_mime_part_get_message (g_ptr_array_index (body, 0));
      g_assert_nonnull (current);
      depth++;
    }

  /* Shown nested up to the cap; the deepest one is an attachment. */
  g_assert_cmpuint (depth, ==, CR_MIME_MAX_MESSAGE_DEPTH);
  g_assert_cmpuint (cr_mime_message_get_attachments (current)->len, ==, 1);
  g_assert_cmpuint (g_strv_length ((GStrv) cr_mime_message_get_notes (current)), ==, 1);
}

static void
test_too_large (void)
{
  const gsize size = CR_MIME_MAX_SIZE + 1024 * 1024;
  const char *head = "Subject: gros\r\nContent-Type: text/plain; charset=utf-8\r\n\r\n";
  char *data = g_malloc (size);
  g_autoptr(GBytes) raw = NULL;
  g_autoptr(CrMimeMessage) message = NULL;
  GPtrArray *body;

  /* Long lines of text, as a big log file pasted into a message. */
  memset (data, 'a', size);
  memcpy (data, head, strlen (head));
  for (gsize i = strlen (head) + 1000; i < size; i += 1000)
    data[i] = '\n';
  raw = g_bytes_new_take (data, size);

  message = cr_mime_message_new_from_bytes (raw, CR_MIME_PARSE_DEFAULT);
  body = cr_mime_message_get_body_parts (message);

  g_assert_cmpstr (cr_mime_message_get_subject (message), ==, "gros");
  g_assert_cmpuint (body->len, ==, 1);
  g_assert_cmpuint (strlen (cr_mime_part_get_text (g_ptr_array_index (body, 0))), <=, CR_MIME_MAX_TEXT_LENGTH);
  /* Too large, and its text too long: two notes; the copy is whole. */
  g_assert_cmpuint (g_strv_length ((GStrv) cr_mime_message_get_notes (message)), ==, 2);
  {
    GPtrArray *attachments = cr_mime_message_get_attachments (message);
    CrMimePart *copy = g_ptr_array_index (attachments, attachments->len - 1);

    g_assert_cmpuint (cr_mime_part_get_size (copy), ==, size);
  }
}

static void
test_header_flood (void)
{
  g_autoptr(GString) text = g_string_new ("Subject: =?utf-8?q?d=C3=A9luge?=\r\n");
  g_autoptr(CrMimeMessage) message = NULL;
  GPtrArray *from;

  /* Short lines by the hundred thousand, the shown fields after them, and
   * a subject of unclosed encoded words. */
  for (guint i = 0; i < 300000; i++)
    g_string_append (text, "X-A: b\r\n");
  g_string_append (text, "From: Zo\xc3\xa9 <zoe@example.fr>\r\nSubject: second\r\n"
                         "Content-Type: text/plain; charset=utf-8\r\n\r\nle corps\r\n");

  message = parse_string (text->str, CR_MIME_PARSE_DEFAULT);
  from = cr_mime_message_get_from (message);

  g_assert_cmpstr (cr_mime_message_get_subject (message), ==, "déluge");
  g_assert_cmpuint (from->len, ==, 1);
  g_assert_cmpstr (((CrMimeAddress *) g_ptr_array_index (from, 0))->name, ==, "Zoé");
  g_assert_cmpstr (cr_mime_part_get_text (g_ptr_array_index (cr_mime_message_get_body_parts (message), 0)), ==, "le corps");
  g_assert_cmpuint (g_strv_length ((GStrv) cr_mime_message_get_notes (message)), ==, 1);

  {
    g_autoptr(GString) subject = g_string_new (NULL);
    g_autofree char *decoded = NULL;

    for (guint i = 0; i < 20000; i++)
      g_string_append (subject, "=?utf-8?q?x");
    decoded = cr_mime_decode_header (subject->str);
    g_assert_cmpstr (decoded, ==, subject->str);
  }
}

static void
test_part_header_flood (void)
{
  g_autoptr(GString) text = g_string_new ("Subject: parties\r\nContent-Type: multipart/mixed; boundary=b\r\n\r\n"
                                          "--b\r\nContent-Type: text/plain\r\n\r\nlisible\r\n"
                                          "--b\r\nContent-Type: text/plain\r\n");
  g_autoptr(GBytes) raw = NULL;
  g_autoptr(CrMimeMessage) message = NULL;

  /* A part header of a million lines: libetpan would keep them all. */
  for (guint i = 0; i < 1000000; i++)
    g_string_append (text, "X:a\r\n");
  g_string_append (text, "\r\ncorps\r\n--b--\r\n");
  raw = g_bytes_new (text->str, text->len);

  message = cr_mime_message_new_from_bytes (raw, CR_MIME_PARSE_DEFAULT);

  g_assert_cmpstr (cr_mime_part_get_text (g_ptr_array_index (cr_mime_message_get_body_parts (message), 0)), ==, "lisible");
  assert_note_and_copy (message, text->len);
}

static void
test_never_empty_handed (void)
{
  const char *inputs[] = {
    "",
    "\r\n",
    "no header at all, just text",
    "Subject: =?utf-8?q?caf=C3=A9?=",
    "Content-Type: multipart/mixed\r\n\r\nno boundary parameter\r\n",
    "Content-Type: multipart/alternative; boundary=x\r\n\r\n--x--\r\n",
    "Content-Type: text/plain; charset=x-nonsense\r\n\r\nd\xe9j\xe0\r\n",
    "Content-Type: text/plain\r\nContent-Transfer-Encoding: base64\r\n\r\n!!!notbase64***\r\n",
    "Content-Type: message/rfc822\r\n\r\n",
    "From: \"unterminated <a@b\r\nTo: ,,,;;;<>\r\nDate: not a date\r\n\r\nbody\r\n",
  };

  for (guint i = 0; i < G_N_ELEMENTS (inputs); i++)
    {
      g_autoptr(CrMimeMessage) message = parse_string (inputs[i], CR_MIME_PARSE_DEFAULT);
      g_autofree char *search = cr_mime_message_get_text_for_search (message);

      g_assert_true (g_utf8_validate (cr_mime_message_get_subject (message), -1, NULL));
      g_assert_true (g_utf8_validate (search, -1, NULL));
      g_assert_nonnull (cr_mime_message_get_preview (message));
    }

  {
    g_autoptr(CrMimeMessage) latin = parse_string (inputs[6], CR_MIME_PARSE_DEFAULT);

    g_assert_cmpstr (cr_mime_part_get_text (g_ptr_array_index (cr_mime_message_get_body_parts (latin), 0)), ==, "déjà");
  }
}

/* Every corpus message cut short anywhere still gives a model; and the
 * inputs the fuzzer once crashed on stay fixed. */
static void
test_truncations_and_regressions (void)
{
  const char *dirs[] = { "data/mime", "fuzz/regressions" };

  for (guint d = 0; d < G_N_ELEMENTS (dirs); d++)
    {
      g_autofree char *path = g_build_filename (g_getenv ("CR_TEST_SRCDIR"), dirs[d], NULL);
      g_autoptr(GDir) dir = g_dir_open (path, 0, NULL);
      const char *name;
      guint count = 0;

      g_assert_nonnull (dir);
      while ((name = g_dir_read_name (dir)) != NULL)
        {
          g_autoptr(GBytes) raw = NULL;
          gsize size;
          gsize step;

          if (d == 0 && !g_str_has_suffix (name, ".eml"))
            continue;
          raw = load (dirs[d], name);
          size = g_bytes_get_size (raw);
          step = MAX (size / 40, 1);
          count++;

          for (gsize cut = 0; cut <= size; cut += step)
            {
              g_autoptr(GBytes) part = g_bytes_new_from_bytes (raw, 0, cut);
              g_autoptr(CrMimeMessage) message = cr_mime_message_new_from_bytes (part, CR_MIME_PARSE_DEFAULT);

              g_assert_true (g_utf8_validate (cr_mime_message_get_preview (message), -1, NULL));
            }
        }
      g_assert_cmpuint (count, >, 0);
    }
}

int
main (int   argc,
      char *argv[])
{
  g_autofree char *env_dir = cr_test_env_setup ();
  int ret;

  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/mime-message/cid-lookup", test_cid_lookup);
  g_test_add_func ("/mime-message/cid-escaped-reference", test_cid_escaped_reference);
  g_test_add_func ("/mime-message/attachment-bytes", test_attachment_bytes);
  g_test_add_func ("/mime-message/guessed-type", test_guessed_type);
  g_test_add_func ("/mime-message/async", test_async);
  g_test_add_func ("/mime-message/cancelled", test_cancelled);
  g_test_add_func ("/mime-message/caps/too-many-parts", test_too_many_parts);
  g_test_add_func ("/mime-message/caps/too-deep", test_too_deep);
  g_test_add_func ("/mime-message/caps/nested-messages", test_nested_messages_capped);
  g_test_add_func ("/mime-message/caps/too-large", test_too_large);
  g_test_add_func ("/mime-message/caps/header-flood", test_header_flood);
  g_test_add_func ("/mime-message/caps/part-header-flood", test_part_header_flood);
  g_test_add_func ("/mime-message/never-empty-handed", test_never_empty_handed);
  g_test_add_func ("/mime-message/truncations-and-regressions", test_truncations_and_regressions);

  ret = g_test_run ();
  cr_test_env_teardown (env_dir);

  return ret;
}
