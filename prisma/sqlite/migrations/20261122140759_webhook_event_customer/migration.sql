-- AlterTable
ALTER TABLE "WebhookEvent" ADD COLUMN "customer" TEXT;

-- CreateIndex
CREATE INDEX "WebhookEvent_customer_receivedAt_idx" ON "WebhookEvent"("customer", "receivedAt");

-- Backfill: events recorded before the column existed keep showing in a customer's event log.
UPDATE "WebhookEvent" SET "customer" = CASE
  WHEN json_extract("payload", '$.data.object.object') = 'customer' THEN json_extract("payload", '$.data.object.id')
  WHEN json_type("payload", '$.data.object.customer') = 'text' THEN json_extract("payload", '$.data.object.customer')
  WHEN json_type("payload", '$.data.object.customer.id') = 'text' THEN json_extract("payload", '$.data.object.customer.id')
END
WHERE json_valid("payload");
