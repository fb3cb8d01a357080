-- 004-index-watermark.sql — where the full-text pass starts, not an index
--
-- SPDX-License-Identifier: GPL-3.0-or-later
--
-- Every new row went into the partial index messages_unindexed and came
-- out of it again when the full-text pass indexed it: two B-tree writes a
-- row, 16 % of the cost of a header insert (bench-store). Rows wait for
-- the pass only from their insertion, so the lowest id that may wait is
-- enough: the pass walks the table from there. The code that inserts
-- lowers it to its first new row (an id can come back after the highest
-- row is deleted), the pass raises it past what it indexed.
CREATE TABLE index_state (
  next_id INTEGER NOT NULL
);

INSERT INTO index_state (next_id)
  SELECT coalesce ((SELECT min (id) FROM messages WHERE indexed = 0),
                   (SELECT coalesce (max (id), 0) + 1 FROM messages));

DROP INDEX messages_unindexed;
