-- Flyway sees that every statement here is non-transactional and runs the script outside a transaction.
CREATE INDEX CONCURRENTLY orders_user_id_idx ON orders (user_id);
