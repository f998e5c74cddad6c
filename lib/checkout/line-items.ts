import { z } from "zod";

/** The line-item snapshot stored on checkouts and orders (JSON in the database). */
export const lineItemSnapshotSchema = z.array(
  z.object({
    productId: z.string(),
    name: z.string(),
    quantity: z.number().int(),
    unitAmount: z.number().int(),
  }),
);
export type LineItemSnapshot = z.infer<typeof lineItemSnapshotSchema>;

export function parseLineItems(json: string): LineItemSnapshot {
  const parsed = lineItemSnapshotSchema.safeParse(JSON.parse(json));
  return parsed.success ? parsed.data : [];
}
