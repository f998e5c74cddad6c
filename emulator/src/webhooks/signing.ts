import { createHmac } from "node:crypto";

/** Exactly what `stripe.webhooks.generateTestHeaderString` produces: `t=…,v1=HMAC-SHA256(secret, "t.payload")`. */
export function signatureHeader(payload: string, secret: string, timestamp: number): string {
  const v1 = createHmac("sha256", secret).update(`${timestamp}.${payload}`, "utf8").digest("hex");
  return `t=${timestamp},v1=${v1}`;
}
