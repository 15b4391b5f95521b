-- Deploy shop:users_email_idx to pg
-- No BEGIN/COMMIT: CREATE INDEX CONCURRENTLY cannot run in a transaction, and sqitch adds none.

CREATE INDEX CONCURRENTLY users_email_idx ON users (email);
