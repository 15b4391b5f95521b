ALTER TABLE users ALTER COLUMN id TYPE integer;
CREATE INDEX CONCURRENTLY users_name_idx ON users (name);
