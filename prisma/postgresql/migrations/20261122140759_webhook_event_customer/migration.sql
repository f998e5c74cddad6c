-- AlterTable
ALTER TABLE "WebhookEvent" ADD COLUMN     "customer" TEXT;

-- CreateIndex
CREATE INDEX "WebhookEvent_customer_receivedAt_idx" ON "WebhookEvent"("customer", "receivedAt");

-- Backfill: events recorded before the column existed keep showing in a customer's event log.
UPDATE "WebhookEvent" SET "customer" = CASE
  WHEN ("payload"::jsonb #>> '{data,object,object}') = 'customer' THEN "payload"::jsonb #>> '{data,object,id}'
  WHEN jsonb_typeof("payload"::jsonb #> '{data,object,customer}') = 'string' THEN "payload"::jsonb #>> '{data,object,customer}'
  ELSE "payload"::jsonb #>> '{data,object,customer,id}'
END;
