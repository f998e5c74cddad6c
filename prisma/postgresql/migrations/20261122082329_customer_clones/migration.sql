-- CreateTable
CREATE TABLE "CustomerClone" (
    "id" TEXT NOT NULL,
    "userId" TEXT NOT NULL,
    "account" TEXT NOT NULL,
    "platformCustomerId" TEXT NOT NULL,
    "customerId" TEXT NOT NULL,
    "paymentMethodId" TEXT,
    "sourcePaymentMethodId" TEXT,
    "method" TEXT NOT NULL DEFAULT 'payment_method',
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "CustomerClone_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE INDEX "CustomerClone_platformCustomerId_idx" ON "CustomerClone"("platformCustomerId");

-- CreateIndex
CREATE UNIQUE INDEX "CustomerClone_userId_account_key" ON "CustomerClone"("userId", "account");

-- AddForeignKey
ALTER TABLE "CustomerClone" ADD CONSTRAINT "CustomerClone_userId_fkey" FOREIGN KEY ("userId") REFERENCES "User"("id") ON DELETE CASCADE ON UPDATE CASCADE;
