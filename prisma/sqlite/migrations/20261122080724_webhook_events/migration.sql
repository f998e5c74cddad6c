-- CreateTable
CREATE TABLE "WebhookEvent" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "eventId" TEXT NOT NULL,
    "account" TEXT NOT NULL,
    "brand" TEXT,
    "type" TEXT NOT NULL,
    "apiVersion" TEXT,
    "created" INTEGER NOT NULL,
    "payload" TEXT NOT NULL,
    "receivedAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "processedAt" DATETIME,
    "outcome" TEXT NOT NULL,
    "detail" TEXT,
    "attempts" INTEGER NOT NULL DEFAULT 1
);

-- CreateIndex
CREATE INDEX "WebhookEvent_receivedAt_idx" ON "WebhookEvent"("receivedAt");

-- CreateIndex
CREATE INDEX "WebhookEvent_type_idx" ON "WebhookEvent"("type");

-- CreateIndex
CREATE INDEX "WebhookEvent_account_idx" ON "WebhookEvent"("account");

-- CreateIndex
CREATE UNIQUE INDEX "WebhookEvent_eventId_account_key" ON "WebhookEvent"("eventId", "account");
