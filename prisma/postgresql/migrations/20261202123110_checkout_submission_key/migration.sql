-- AlterTable
ALTER TABLE "Checkout" ADD COLUMN     "submissionKey" TEXT;
