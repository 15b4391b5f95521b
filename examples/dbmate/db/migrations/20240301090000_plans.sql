-- migrate:up
ALTER TABLE users ADD COLUMN plan_id bigint;
ALTER TABLE users ALTER COLUMN email TYPE varchar(100);

-- migrate:down
ALTER TABLE users ALTER COLUMN email TYPE text;
ALTER TABLE users DROP COLUMN plan_id;
