CREATE TABLE orders (id bigint PRIMARY KEY, user_id bigint NOT NULL, total numeric(10, 2));
