import { describe, expect, it } from "vitest";
import { POST } from "@/app/api/webhooks/stripe/route";

const KIB = 1024;

/** A delivery whose body arrives in pieces as they are pulled; `pulled()` says how much was read. */
function delivery(totalBytes: number, headers: Record<string, string>) {
  let sent = 0;
  const body = new ReadableStream<Uint8Array>(
    {
      pull(controller) {
        if (sent >= totalBytes) return controller.close();
        const size = Math.min(16 * KIB, totalBytes - sent);
        sent += size;
        controller.enqueue(new Uint8Array(size).fill(0x20));
      },
    },
    { highWaterMark: 0 },
  );
  const request = new Request("http://127.0.0.1/api/webhooks/stripe", {
    method: "POST",
    headers: { "content-type": "application/json", "stripe-signature": "t=1,v1=00", ...headers },
    body,
    duplex: "half",
  } as RequestInit);
  // Settles once the server lets go of the body for good (it stops reading).
  const abandoned = () => expect.poll(() => request.body?.locked).toBe(false);
  return { request, pulled: () => sent, abandoned };
}

describe("the webhook route's body", () => {
  it("is refused at 512 KiB whatever Content-Length says, and soon no more of it is read", async () => {
    for (const headers of [{}, { "content-length": "10" }] as Record<string, string>[]) {
      const { request, pulled, abandoned } = delivery(16 * 1024 * KIB, headers);
      const response = await POST(request);
      expect(response.status).toBe(413);
      expect(await response.json()).toEqual({
        error: { code: "payload_too_large", message: "The request body is larger than 524288 bytes." },
      });
      // Past the limit, at most 1 MiB more is read and dropped.
      await abandoned();
      expect(pulled()).toBeLessThanOrEqual(512 * KIB + 1024 * KIB + 2 * 16 * KIB);
    }
  });

  it("keeps its 400 answer for a delivery within the limit that fails the signature check", async () => {
    const { request } = delivery(KIB, {});
    const response = await POST(request);
    expect(response.status).toBe(400);
    expect((await response.json()).error.code).toBe("bad_webhook");
  });
});
