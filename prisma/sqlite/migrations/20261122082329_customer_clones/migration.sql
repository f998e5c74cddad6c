-- CreateTable
CREATE TABLE "CustomerClone" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "userId" TEXT NOT NULL,
    "account" TEXT NOT NULL,
    "platformCustomerId" TEXT NOT NULL,
    "customerId" TEXT NOT NULL,
    "paymentMethodId" TEXT,
    "sourcePaymentMethodId" TEXT,
    "method" TEXT NOT NULL DEFAULT 'payment_method',
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" DATETIME NOT NULL,
    CONSTRAINT "CustomerClone_userId_fkey" FOREIGN KEY ("userId") REFERENCES "User" ("id") ON DELETE CASCADE ON UPDATE CASCADE
);

-- CreateIndex
CREATE INDEX "CustomerClone_platformCustomerId_idx" ON "CustomerClone"("platformCustomerId");

-- CreateIndex
CREATE UNIQUE INDEX "CustomerClone_userId_account_key" ON "CustomerClone"("userId", "account");
