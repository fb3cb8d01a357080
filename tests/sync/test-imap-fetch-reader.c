/* test-imap-fetch-reader.c — FETCH answers read off a session, no server
 *
 * The server's side is the other end of a socket pair: the test writes
 * what a server would send, all at once or a byte at a time.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include <string.h>
#include <sys/socket.h>
#include <unistd.h>

#include "cr-imap-fetch-reader.h"
#include "cr-imap-message.h"
#include "cr-test-env.h"

typedef struct
{
  mailimap *imap;
  int       server;
} Fixture;

static void
fixture_set_up (Fixture       *fixture,
                gconstpointer  data)
{
  int fds[2];

  g_assert_cmpint (socketpair (AF_UNIX, SOCK_STREAM, 0, fds), ==, 0);
  fixture->imap = mailimap_new (0, NULL);
  fixture->imap->imap_stream = mailstream_socket_open (fds[0]);
  fixture->imap->imap_state = MAILIMAP_STATE_SELECTED;
  fixture->imap->imap_selection_info = mailimap_selection_info_new ();
  fixture->server = fds[1];
}

static void
fixture_tear_down (Fixture       *fixture,
                   gconstpointer  data)
{
  /* Closed first: mailimap_free() would say goodbye to no one. */
  mailstream_close (fixture->imap->imap_stream);
  fixture->imap->imap_stream = NULL;
  mailimap_free (fixture->imap);
  if (fixture->server >= 0)
    close (fixture->server);
}

static void
send_text (Fixture    *fixture,
           const char *text)
{
  g_assert_cmpint (write (fixture->server, text, strlen (text)), ==, (gssize) strlen (text));
}

static void
add_row (const CrImapValue *values,
         guint              list,
         gpointer           user_data)
{
  CrMessageInfo *info = cr_imap_message_from_values (values, list);

  if (info != NULL)
    g_ptr_array_add (user_data, info);
}

static GPtrArray *
new_rows (void)
{
  return g_ptr_array_new_with_free_func ((GDestroyNotify) cr_message_info_unref);
}

#define HEADERS "Subject: =?UTF-8?Q?R=C3=A9union?=\r\n\r\n"
#define ANSWER(seq, uid) "* " #seq " FETCH (UID " #uid " FLAGS (\\Seen) BODY[HEADER.FIELDS (SUBJECT)] {37}\r\n" \
  HEADERS ")\r\n"

/* Two answers in flight, read one after the other; what is told in
 * passing is counted as libetpan would, an unsolicited FETCH is no row. */
static void
test_two_answers (Fixture       *fixture,
                  gconstpointer  data)
{
  CrImapFetchReader *reader = cr_imap_fetch_reader_new (fixture->imap);
  g_autoptr(GPtrArray) first = new_rows ();
  g_autoptr(GPtrArray) second = new_rows ();

  g_assert_cmpint (strlen (HEADERS), ==, 37);
  send_text (fixture, ANSWER (1, 10) "* 2 FETCH (UID 11 FLAGS ())\r\n" ANSWER (3, 12)
             "* 40 EXISTS\r\n* 5 EXPUNGE\r\n* OK [HIGHESTMODSEQ 9] noted\r\n7 OK done\r\n"
             ANSWER (4, 13) "8 OK [x] also done\r\n");

  g_assert_cmpint (cr_imap_fetch_reader_receive (reader, 7, add_row, first), ==, MAILIMAP_NO_ERROR);
  g_assert_cmpuint (first->len, ==, 2);
  g_assert_cmpuint (((CrMessageInfo *) first->pdata[0])->uid, ==, 10);
  g_assert_cmpstr (((CrMessageInfo *) first->pdata[1])->subject, ==, "Réunion");
  g_assert_cmpuint (fixture->imap->imap_selection_info->sel_exists, ==, 39);
  g_assert_cmpstr (fixture->imap->imap_response, ==, "done");

  g_assert_cmpint (cr_imap_fetch_reader_receive (reader, 8, add_row, second), ==, MAILIMAP_NO_ERROR);
  g_assert_cmpuint (second->len, ==, 1);
  g_assert_cmpuint (((CrMessageInfo *) second->pdata[0])->uid, ==, 13);
  g_assert_cmpstr (fixture->imap->imap_response, ==, "also done");
  g_assert_true (cr_imap_fetch_reader_free (reader));
}

/* The rows of the answer to @tag, which @server sends from a thread of
 * its own; the answer ends the reading cleanly. */
static GPtrArray *
receive_from (Fixture     *fixture,
              GThreadFunc  server,
              int          tag)
{
  CrImapFetchReader *reader = cr_imap_fetch_reader_new (fixture->imap);
  GPtrArray *rows = new_rows ();
  GThread *thread = g_thread_new ("server", server, fixture);

  g_assert_cmpint (cr_imap_fetch_reader_receive (reader, tag, add_row, rows), ==, MAILIMAP_NO_ERROR);
  g_thread_join (thread);
  g_assert_true (cr_imap_fetch_reader_free (reader));

  return rows;
}

static gpointer
trickle (gpointer data)
{
  Fixture *fixture = data;
  const char *text = ANSWER (1, 20) ANSWER (2, 21) "5 OK done\r\n";

  for (const char *p = text; *p != '\0'; p++)
    {
      g_assert_cmpint (write (fixture->server, p, 1), ==, 1);
      g_usleep (200);
    }

  return NULL;
}

/* A byte at a time: an answer is put together across reads, literals
 * and line ends included. */
static void
test_trickle (Fixture       *fixture,
              gconstpointer  data)
{
  g_autoptr(GPtrArray) rows = receive_from (fixture, trickle, 5);

  g_assert_cmpuint (rows->len, ==, 2);
  g_assert_cmpstr (((CrMessageInfo *) rows->pdata[1])->subject, ==, "Réunion");
}

/* What was read past the last answer goes back to libetpan's stream. */
static void
test_gives_back (Fixture       *fixture,
                 gconstpointer  data)
{
  CrImapFetchReader *reader = cr_imap_fetch_reader_new (fixture->imap);
  g_autoptr(GPtrArray) rows = new_rows ();
  MMAPString *line = mmap_string_new ("");

  send_text (fixture, ANSWER (1, 30) "3 OK done\r\n4 OK [READ-WRITE] next\r\n");
  g_assert_cmpint (cr_imap_fetch_reader_receive (reader, 3, add_row, rows), ==, MAILIMAP_NO_ERROR);
  g_assert_true (cr_imap_fetch_reader_free (reader));

  /* As libetpan reads its next answer. */
  g_assert_nonnull (mailstream_read_line (fixture->imap->imap_stream, line));
  g_assert_cmpstr (line->str, ==, "4 OK [READ-WRITE] next\r\n");
  mmap_string_free (line);
}

/* The server's refusals, in its own words. */
static void
test_refusals (Fixture       *fixture,
               gconstpointer  data)
{
  const struct { const char *text; int tag; int expected; const char *words; } cases[] = {
    { ANSWER (1, 40) "2 NO [SERVERBUG] Internal error\r\n", 2, MAILIMAP_ERROR_UID_FETCH, "Internal error" },
    { "3 BAD Error in IMAP command\r\n", 3, MAILIMAP_ERROR_UID_FETCH, "Error in IMAP command" },
    { "* BYE Server shutting down.\r\n", 4, MAILIMAP_ERROR_FATAL, "Server shutting down." },
    { "9 OK not yours\r\n", 5, MAILIMAP_ERROR_PROTOCOL, NULL },
    { "+ go on\r\n", 6, MAILIMAP_ERROR_PROTOCOL, NULL },
    { "6 MAYBE\r\n", 6, MAILIMAP_ERROR_PARSE, NULL },
    { "* 99999999999 EXISTS\r\n", 7, MAILIMAP_ERROR_PARSE, NULL },
    { "* 1 FETCH (BODY[] {99999999999999999999}\r\n", 7, MAILIMAP_ERROR_PARSE, NULL },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      CrImapFetchReader *reader = cr_imap_fetch_reader_new (fixture->imap);
      g_autoptr(GPtrArray) rows = new_rows ();

      g_test_message ("%s", cases[i].text);
      send_text (fixture, cases[i].text);
      g_assert_cmpint (cr_imap_fetch_reader_receive (reader, cases[i].tag, add_row, rows), ==, cases[i].expected);
      if (cases[i].words != NULL)
        g_assert_cmpstr (fixture->imap->imap_response, ==, cases[i].words);
      /* What is left of a broken answer: the session is abandoned. */
      cr_imap_fetch_reader_free (reader);
      fixture->imap->imap_stream->read_buffer_len = 0;
    }
}

/* What a sender or an odd server can put in an answer: an answer that
 * cannot be read is passed over and the others still make rows; a
 * structure nested past the parser's depth, a keyword with a "[", a {N}
 * in a status text are read as they are. */
static void
test_odd_answers (Fixture       *fixture,
                  gconstpointer  data)
{
  CrImapFetchReader *reader = cr_imap_fetch_reader_new (fixture->imap);
  g_autoptr(GPtrArray) rows = new_rows ();
  g_autoptr(GString) deep = g_string_new ("* 3 FETCH (UID 52 BODYSTRUCTURE ");
  CrMessageInfo *row;

  for (guint i = 0; i < 150; i++)
    g_string_append (deep, "(");
  g_string_append (deep, "\"text\" \"plain\" NIL NIL NIL \"7bit\" 1 1");
  for (guint i = 0; i < 149; i++)
    g_string_append (deep, " \"mixed\")");
  g_string_append (deep, ") BODY[HEADER.FIELDS (SUBJECT)] {37}\r\n" HEADERS ")\r\n");

  send_text (fixture, "* 1 FETCH (UID 50 (\r\n* 2 FETCH UID 51\r\n");
  send_text (fixture, deep->str);
  send_text (fixture, "* OK [ALERT] {5}\r\n"
             "* 4 FETCH (UID 53 FLAGS (\\Seen foo[bar $Forwarded) INTERNALDATE \"7-Jul-1996 02:44:25 -0700\" "
             "BODY[HEADER] {37}\r\n" HEADERS ")\r\n"
             "9 OK done {3}\r\n");

  g_assert_cmpint (cr_imap_fetch_reader_receive (reader, 9, add_row, rows), ==, MAILIMAP_NO_ERROR);
  g_assert_cmpuint (rows->len, ==, 2);
  row = rows->pdata[0];
  g_assert_cmpuint (row->uid, ==, 52);
  g_assert_cmpstr (row->subject, ==, "Réunion");
  row = rows->pdata[1];
  g_assert_cmpuint (row->uid, ==, 53);
  g_assert_cmpint (row->flags, ==, CR_MESSAGE_FLAG_SEEN | CR_MESSAGE_FLAG_FORWARDED);
  g_assert_cmpint (row->internal_date, ==, 836732665);
  g_assert_cmpstr (row->subject, ==, "Réunion");
  g_assert_cmpstr (fixture->imap->imap_response, ==, "done {3}");
  g_assert_true (cr_imap_fetch_reader_free (reader));
}

static gpointer
send_huge (gpointer data)
{
  Fixture *fixture = data;
  gsize size = CR_IMAP_RESPONSE_MAX + 1000;
  g_autofree char *filler = g_malloc (size);
  g_autofree char *head = g_strdup_printf ("* 1 FETCH (UID 60 BODY[HEADER.FIELDS (TO)] {%zu}\r\n", size);

  memset (filler, 'x', size);
  send_text (fixture, head);
  for (gsize sent = 0; sent < size;)
    {
      gssize n = write (fixture->server, filler + sent, size - sent);

      g_assert_cmpint (n, >, 0);
      sent += (gsize) n;
    }
  send_text (fixture, " UID 60)\r\n" ANSWER (2, 61) "3 OK done\r\n");

  return NULL;
}

/* A header too large to keep (a sender can make one): that answer is
 * stepped over without keeping it, the next ones are read. */
static void
test_huge_literal (Fixture       *fixture,
                   gconstpointer  data)
{
  g_autoptr(GPtrArray) rows = receive_from (fixture, send_huge, 3);

  g_assert_cmpuint (rows->len, ==, 1);
  g_assert_cmpuint (((CrMessageInfo *) rows->pdata[0])->uid, ==, 61);
}

/* The connection lost in the middle of a literal. */
static void
test_cut_in_literal (Fixture       *fixture,
                     gconstpointer  data)
{
  CrImapFetchReader *reader = cr_imap_fetch_reader_new (fixture->imap);
  g_autoptr(GPtrArray) rows = new_rows ();

  send_text (fixture, "* 1 FETCH (UID 1 BODY[HEADER.FIELDS (SUBJECT)] {500}\r\nSubject: cut");
  close (fixture->server);
  fixture->server = -1;

  g_assert_cmpint (cr_imap_fetch_reader_receive (reader, 2, add_row, rows), ==, MAILIMAP_ERROR_STREAM);
  g_assert_cmpuint (rows->len, ==, 0);
  cr_imap_fetch_reader_free (reader);
}

int
main (int   argc,
      char *argv[])
{
  g_autofree char *env_dir = cr_test_env_setup ();
  int ret;

  g_test_init (&argc, &argv, NULL);
  g_test_add ("/imap-fetch-reader/two-answers", Fixture, NULL, fixture_set_up, test_two_answers, fixture_tear_down);
  g_test_add ("/imap-fetch-reader/trickle", Fixture, NULL, fixture_set_up, test_trickle, fixture_tear_down);
  g_test_add ("/imap-fetch-reader/gives-back", Fixture, NULL, fixture_set_up, test_gives_back, fixture_tear_down);
  g_test_add ("/imap-fetch-reader/refusals", Fixture, NULL, fixture_set_up, test_refusals, fixture_tear_down);
  g_test_add ("/imap-fetch-reader/odd-answers", Fixture, NULL, fixture_set_up, test_odd_answers, fixture_tear_down);
  g_test_add ("/imap-fetch-reader/huge-literal", Fixture, NULL, fixture_set_up, test_huge_literal, fixture_tear_down);
  g_test_add ("/imap-fetch-reader/cut-in-literal", Fixture, NULL, fixture_set_up, test_cut_in_literal,
              fixture_tear_down);
  ret = g_test_run ();
  cr_test_env_teardown (env_dir);

  return ret;
}
