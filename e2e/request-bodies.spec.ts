import { expect, test } from "@playwright/test";
import { uploadUntilAnswered } from "./support/raw-http";
import { E2E_APP_URL } from "./support/servers";

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

  test("a client's next request after a refused upload gets its own answer", async () => {
    // fetch sends the whole body before it reads the answer, and reuses its connection.
    for (const path of ["/api/auth/signup", "/api/auth/signup", "/api/webhooks/stripe", "/api/auth/signup"]) {
      const response = await fetch(`${E2E_APP_URL}${path}`, {
        method: "POST",
        headers: { "content-type": "application/json", ...SIGNATURE },
        body: new Blob([" ".repeat(600 * 1024)]).stream(),
        duplex: "half",
      } as RequestInit);
      expect(response.status, path).toBe(413);
      await response.body?.cancel();
    }
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

  test("a Content-Length smaller than the body sent: only the declared bytes reach the route", async () => {
    for (const path of ["/api/auth/signup", "/api/webhooks/stripe"]) {
      const result = await uploadUntilAnswered(path, {
        totalBytes: HUGE,
        contentLength: 100,
        headers: SIGNATURE,
      });
      // Node's HTTP parser hands the route the declared 100 bytes, then reads the rest as a
      // broken next request: a 4xx, or (if that comes first) the connection closed.
      if (result.status !== null) {
        expect(result.status, path).toBeGreaterThanOrEqual(400);
        expect(result.status, path).toBeLessThan(500);
      }
      expect(result.bytesSent, path).toBeLessThan(IN_FLIGHT_AT_MOST);
    }
  });
});
