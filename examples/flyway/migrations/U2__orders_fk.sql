DROP INDEX orders_total_idx;
ALTER TABLE orders DROP CONSTRAINT orders_user_id_fk;
