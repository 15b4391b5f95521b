-- Contract step: the column is no longer read by any deployed code (checked in review).
-- migralint-disable-next-line ban-drop-column -- unused since release 2026.10, see PR 412
ALTER TABLE users DROP COLUMN country;
-- This one was not reviewed:
ALTER TABLE orders RENAME COLUMN total TO amount;
