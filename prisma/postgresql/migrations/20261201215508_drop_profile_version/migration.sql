-- AlterTable
ALTER TABLE "User" DROP COLUMN "profileVersion";
