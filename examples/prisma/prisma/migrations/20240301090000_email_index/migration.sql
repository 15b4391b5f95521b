-- Edited by hand: the only statement of this migration, so Prisma runs it outside a transaction.
CREATE INDEX CONCURRENTLY "User_plan_idx" ON "User"("plan");
