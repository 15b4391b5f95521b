DROP INDEX users_full_name_idx;
ALTER TABLE users RENAME COLUMN full_name TO name;
