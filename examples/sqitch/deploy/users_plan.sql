-- Deploy shop:users_plan to pg

BEGIN;

ALTER TABLE users ADD COLUMN plan text NOT NULL;
CREATE INDEX CONCURRENTLY users_plan_idx ON users (plan);

COMMIT;
