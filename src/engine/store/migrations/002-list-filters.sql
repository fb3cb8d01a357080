-- 002-list-filters.sql — the "Non lus" and "Suivis" filters of the list
--
-- SPDX-License-Identifier: GPL-3.0-or-later
--
-- Partial indexes: a folder's unread or flagged messages are found
-- without walking its whole date index. The WHERE terms must stay
-- word for word those of cr-store-list.c. Flag 1 is SEEN, 4 FLAGGED.

CREATE INDEX messages_folder_unread ON messages (folder_id, date)
  WHERE (flags & 1) = 0;
CREATE INDEX messages_folder_flagged ON messages (folder_id, date)
  WHERE (flags & 4) != 0;
