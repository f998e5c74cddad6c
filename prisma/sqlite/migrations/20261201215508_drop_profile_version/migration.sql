-- AlterTable
-- A plain DROP COLUMN (SQLite ≥ 3.35) rather than a rebuild of "User", so migrations that add
-- other columns to "User" apply in any order.
ALTER TABLE "User" DROP COLUMN "profileVersion";
