-- A constant default is fine on PostgreSQL 11+; a volatile one rewrites the table,
-- and NOT NULL without a default fails as soon as the table has rows.
ALTER TABLE users
  ADD COLUMN active boolean NOT NULL DEFAULT true,
  ADD COLUMN api_key uuid DEFAULT gen_random_uuid(),
  ADD COLUMN country text NOT NULL;
