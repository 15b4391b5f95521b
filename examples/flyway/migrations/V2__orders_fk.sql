ALTER TABLE orders ADD CONSTRAINT orders_user_id_fk FOREIGN KEY (user_id) REFERENCES users (id);
CREATE INDEX orders_total_idx ON orders (total);
