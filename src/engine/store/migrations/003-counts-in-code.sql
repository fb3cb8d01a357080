-- 003-counts-in-code.sql — folder counts of new messages kept by the code
--
-- SPDX-License-Identifier: GPL-3.0-or-later
--
-- Folder counts of inserted messages are kept by the code that inserts
-- (cr-store-messages.c), one UPDATE per batch: this trigger ran a
-- sub-program for every row, a fifth of the CPU of a header batch.
-- Deletes and moves still count in their triggers.
DROP TRIGGER messages_count_insert;
