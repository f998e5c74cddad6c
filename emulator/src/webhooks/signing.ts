import { createHmac } from "node:crypto";

/** Exactly what `stripe.webhooks.generateTestHeaderString` produces: `t=…,v1=HMAC-SHA256(secret, "t.payload")`. */
export function signatureHeader(payload: string | Buffer, secret: string, timestamp: number): string {
  const hmac = createHmac("sha256", secret).update(`${timestamp}.`, "utf8");
  const v1 = (typeof payload === "string" ? hmac.update(payload, "utf8") : hmac.update(payload)).digest(
    "hex",
  );
  return `t=${timestamp},v1=${v1}`;
}
