-- AlterTable
ALTER TABLE "User" ADD COLUMN     "stripeDataVersion" INTEGER NOT NULL DEFAULT 0;
