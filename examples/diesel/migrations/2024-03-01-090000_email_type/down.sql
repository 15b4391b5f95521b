DROP INDEX users_name_idx;
ALTER TABLE users ALTER COLUMN id TYPE bigint;
