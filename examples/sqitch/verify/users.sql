-- Verify shop:users on pg

BEGIN;

SELECT id, email, name FROM users WHERE false;

ROLLBACK;
