ALTER TABLE users RENAME COLUMN name TO full_name;
CREATE INDEX CONCURRENTLY users_full_name_idx ON users (full_name);
