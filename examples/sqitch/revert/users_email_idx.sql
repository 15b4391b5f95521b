-- Revert shop:users_email_idx from pg

DROP INDEX CONCURRENTLY users_email_idx;
