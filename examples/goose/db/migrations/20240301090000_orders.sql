-- +goose Up
CREATE TABLE orders (id bigint PRIMARY KEY, user_id bigint NOT NULL);

-- +goose StatementBegin
CREATE FUNCTION touch_user() RETURNS trigger AS $$
BEGIN
  NEW.name := trim(NEW.name);
  RETURN NEW;
END;
$$ LANGUAGE plpgsql;
-- +goose StatementEnd

ALTER TABLE users ADD COLUMN plan text NOT NULL;
CREATE INDEX users_plan_idx ON users (plan);

-- +goose Down
ALTER TABLE users DROP COLUMN plan;
DROP FUNCTION touch_user();
DROP TABLE orders;
