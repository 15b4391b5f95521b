-- Revert shop:users_plan from pg

BEGIN;

ALTER TABLE users DROP COLUMN plan;

COMMIT;
