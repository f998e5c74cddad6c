-- AlterTable
ALTER TABLE "Checkout" ADD COLUMN     "cartKey" TEXT;

-- CreateIndex
CREATE INDEX "Checkout_userId_cartKey_status_idx" ON "Checkout"("userId", "cartKey", "status");
