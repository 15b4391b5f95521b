-- Unsafe: users already exists, so this index build blocks every write to it.
CREATE UNIQUE INDEX users_email_idx ON users (email);
