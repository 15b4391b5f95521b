-- sqlx runs this file in a transaction: -- no-transaction only counts as the file's first bytes.
-- no-transaction
CREATE UNIQUE INDEX CONCURRENTLY users_name_key ON users (name);
