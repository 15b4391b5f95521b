-- Unsafe: validating the foreign key scans orders while both tables are locked.
ALTER TABLE orders ADD CONSTRAINT orders_user_id_fk FOREIGN KEY (user_id) REFERENCES users (id);
