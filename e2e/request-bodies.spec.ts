import { expect, test } from "@playwright/test";
import { uploadUntilAnswered } from "./support/raw-http";

/**
 * A client can send a body of any size, declared or not. The server counts the
 * bytes as they arrive and answers 413 at the route's limit, so an anonymous
 * 64 MiB upload costs it a few kilobytes, not 64 MiB of memory. Bodies go out
 * through Node's own HTTP client, which sends exactly what it is told to.
 */
const MiB = 1024 * 1024;
const HUGE = 64 * MiB;
// What loopback socket buffers can hold while the server is not reading: far less than HUGE.
const IN_FLIGHT_AT_MOST = 16 * MiB;

const tooLarge = (limit: number) => ({
  error: { code: "payload_too_large", message: `The request body is larger than ${limit} bytes.` },
});
const SIGNATURE = { "stripe-signature": `t=${Math.floor(Date.now() / 1000)},v1=${"0".repeat(64)}` };

test.describe("oversized request bodies", () => {
  test("a chunked body with no Content-Length is refused at 16 KiB on a JSON route", async () => {
    const result = await uploadUntilAnswered("/api/auth/signup", { totalBytes: HUGE });
    expect(result.status).toBe(413);
    expect(JSON.parse(result.body)).toEqual(tooLarge(16 * 1024));
    expect(result.bytesSent).toBeLessThan(IN_FLIGHT_AT_MOST);
  });

  test("a chunked body with no Content-Length is refused at 512 KiB on the webhook", async () => {
    const result = await uploadUntilAnswered("/api/webhooks/stripe", {
      totalBytes: HUGE,
      headers: SIGNATURE,
    });
    expect(result.status).toBe(413);
    expect(JSON.parse(result.body)).toEqual(tooLarge(512 * 1024));
    expect(result.bytesSent).toBeLessThan(IN_FLIGHT_AT_MOST);
  });

  test("a chunked form body is refused at 16 KiB on next-auth's sign-in callback", async () => {
    const result = await uploadUntilAnswered("/api/auth/callback/credentials", {
      totalBytes: HUGE,
      headers: { "content-type": "application/x-www-form-urlencoded" },
    });
    expect(result.status).toBe(413);
    expect(JSON.parse(result.body)).toEqual(tooLarge(16 * 1024));
    expect(result.bytesSent).toBeLessThan(IN_FLIGHT_AT_MOST);
  });

  test("a declared Content-Length over the limit is refused before the body is read", async () => {
    for (const [path, limit] of [
      ["/api/auth/signup", 16 * 1024],
      ["/api/webhooks/stripe", 512 * 1024],
    ] as const) {
      const result = await uploadUntilAnswered(path, {
        totalBytes: HUGE,
        contentLength: HUGE,
        headers: SIGNATURE,
      });
      expect(result.status, path).toBe(413);
      expect(JSON.parse(result.body), path).toEqual(tooLarge(limit));
      expect(result.bytesSent, path).toBeLessThan(IN_FLIGHT_AT_MOST);
    }
  });

  test("a Content-Length smaller than the body sent gets the declared bytes read and a 4xx", async () => {
    for (const path of ["/api/auth/signup", "/api/webhooks/stripe"]) {
      const result = await uploadUntilAnswered(path, {
        totalBytes: HUGE,
        contentLength: 100,
        headers: SIGNATURE,
      });
      expect(result.status, path).toBeGreaterThanOrEqual(400);
      expect(result.status, path).toBeLessThan(500);
      expect(result.bytesSent, path).toBeLessThan(IN_FLIGHT_AT_MOST);
    }
  });
});
