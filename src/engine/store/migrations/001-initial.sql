-- 001-initial.sql — the first schema of store.db
--
-- SPDX-License-Identifier: GPL-3.0-or-later
--
-- Accounts are not stored here: account_id is the id in accounts.ini.
-- Every migration runs inside one transaction with PRAGMA user_version.

CREATE TABLE folders (
  id            INTEGER PRIMARY KEY,
  account_id    TEXT    NOT NULL,
  path          TEXT    NOT NULL,
  name          TEXT    NOT NULL,
  delimiter     TEXT,
  role          INTEGER NOT NULL DEFAULT 0,
  flags         INTEGER NOT NULL DEFAULT 0,
  uidvalidity   INTEGER NOT NULL DEFAULT 0,
  uidnext       INTEGER NOT NULL DEFAULT 0,
  highestmodseq INTEGER NOT NULL DEFAULT 0,
  total         INTEGER NOT NULL DEFAULT 0,
  unread        INTEGER NOT NULL DEFAULT 0,
  UNIQUE (account_id, path)
);

-- One table for the messages of every folder (Camel paid dearly for
-- a table per folder). sender_key and subject_key are folded sort keys.
-- indexed: whether the row is in messages_fts yet (headers are indexed
-- in large batches after sync, see cr-store-search.c).
CREATE TABLE messages (
  id               INTEGER PRIMARY KEY,
  folder_id        INTEGER NOT NULL REFERENCES folders (id) ON DELETE CASCADE,
  uid              INTEGER,
  message_id       TEXT,
  subject          TEXT,
  from_name        TEXT,
  from_address     TEXT,
  to_list          TEXT,
  cc_list          TEXT,
  date             INTEGER NOT NULL DEFAULT 0,
  internal_date    INTEGER NOT NULL DEFAULT 0,
  size             INTEGER NOT NULL DEFAULT 0,
  flags            INTEGER NOT NULL DEFAULT 0,
  has_attachment   INTEGER NOT NULL DEFAULT 0,
  attachment_names TEXT,
  refs             TEXT,
  in_reply_to      TEXT,
  preview          TEXT,
  body_state       INTEGER NOT NULL DEFAULT 0,
  body_file        TEXT,
  body_size        INTEGER NOT NULL DEFAULT 0,
  modseq           INTEGER NOT NULL DEFAULT 0,
  thread_key       TEXT,
  sender_key       TEXT    NOT NULL DEFAULT '',
  subject_key      TEXT    NOT NULL DEFAULT '',
  indexed          INTEGER NOT NULL DEFAULT 0
);

-- NULL uids (not yet on the server) do not collide.
--
-- Only indexes whose keys arrive in order (UIDs, dates: sync goes newest
-- first): an index on a random key (subject, sender, size) costs a write
-- of a random page per row and batch, which measured 6× slower header
-- inserts at 100,000 rows. Sorting by those is done when asked.
CREATE UNIQUE INDEX messages_folder_uid ON messages (folder_id, uid);
CREATE INDEX messages_folder_date ON messages (folder_id, date);
CREATE INDEX messages_unindexed ON messages (id) WHERE indexed = 0;

-- Counts kept by triggers so that no caller can forget them.
-- Flag 1 is CR_MESSAGE_FLAG_SEEN.
CREATE TRIGGER messages_count_insert AFTER INSERT ON messages BEGIN
  UPDATE folders SET total = total + 1,
                     unread = unread + ((NEW.flags & 1) = 0)
   WHERE id = NEW.folder_id;
END;

CREATE TRIGGER messages_count_delete AFTER DELETE ON messages BEGIN
  UPDATE folders SET total = total - 1,
                     unread = unread - ((OLD.flags & 1) = 0)
   WHERE id = OLD.folder_id;
END;

CREATE TRIGGER messages_count_update AFTER UPDATE OF flags, folder_id ON messages
  WHEN OLD.folder_id != NEW.folder_id OR (OLD.flags & 1) != (NEW.flags & 1)
BEGIN
  UPDATE folders SET total = total - 1,
                     unread = unread - ((OLD.flags & 1) = 0)
   WHERE id = OLD.folder_id;
  UPDATE folders SET total = total + 1,
                     unread = unread + ((NEW.flags & 1) = 0)
   WHERE id = NEW.folder_id;
END;

-- rowid = messages.id; sender is the From: name and address, recipients
-- To: and Cc:. Its own copy of the text: deleting a row needs no
-- knowledge of what was indexed. Diacritics folded: "reunion" finds
-- "réunion".
CREATE VIRTUAL TABLE messages_fts USING fts5 (
  subject, sender, recipients, body,
  tokenize = "unicode61 remove_diacritics 2"
);

CREATE TRIGGER messages_fts_delete AFTER DELETE ON messages
  WHEN OLD.indexed != 0
BEGIN
  DELETE FROM messages_fts WHERE rowid = OLD.id;
END;

CREATE TABLE pop_uidl (
  account_id        TEXT    NOT NULL,
  uidl              TEXT    NOT NULL,
  message_id        INTEGER REFERENCES messages (id) ON DELETE SET NULL,
  first_seen        INTEGER NOT NULL,
  deleted_on_server INTEGER NOT NULL DEFAULT 0,
  PRIMARY KEY (account_id, uidl)
);
CREATE INDEX pop_uidl_message ON pop_uidl (message_id);

CREATE TABLE operations (
  id               INTEGER PRIMARY KEY,
  account_id       TEXT    NOT NULL,
  kind             TEXT    NOT NULL,
  folder_id        INTEGER REFERENCES folders (id) ON DELETE CASCADE,
  uids             TEXT    NOT NULL DEFAULT '',
  message_ids      TEXT    NOT NULL DEFAULT '',
  flags            INTEGER NOT NULL DEFAULT 0,
  target_folder_id INTEGER REFERENCES folders (id) ON DELETE CASCADE,
  created          INTEGER NOT NULL,
  attempts         INTEGER NOT NULL DEFAULT 0,
  next_attempt     INTEGER NOT NULL DEFAULT 0,
  last_error       TEXT
);
CREATE INDEX operations_account ON operations (account_id, next_attempt, id);
