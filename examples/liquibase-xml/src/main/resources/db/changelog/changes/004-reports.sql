--liquibase formatted sql

--changeset shop:004-report-view
CREATE VIEW ${schema}.order_totals AS SELECT user_id, sum(total) AS total FROM ${schema}.orders GROUP BY user_id;
--rollback DROP VIEW ${schema}.order_totals;

--changeset shop:004-rename-total
-- Unsafe: clients still reading "total" break.
ALTER TABLE ${schema}.orders RENAME COLUMN total TO amount;
--rollback ALTER TABLE ${schema}.orders RENAME COLUMN amount TO total;
