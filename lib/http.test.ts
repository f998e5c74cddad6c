import { describe, expect, it } from "vitest";
import { z } from "zod";
import { AppError } from "@/lib/errors";
import { handle, readBody, readJson } from "@/lib/http";

const KIB = 1024;

/** After a refusal the reader drops up to this much more, then stops (see readBody). */
const DISCARDED_AT_MOST = 1024 * KIB;

/**
 * A request whose body arrives in `chunkBytes` pieces, pulled one at a time, as a
 * chunked upload does; `pulled()` says how much of it the server asked for, and
 * `abandoned()` settles when the server stops reading for good.
 */
function streamedRequest(totalBytes: number, headers: Record<string, string> = {}, chunkBytes = 4 * KIB) {
  let sent = 0;
  const body = new ReadableStream<Uint8Array>(
    {
      pull(controller) {
        if (sent >= totalBytes) return controller.close();
        const size = Math.min(chunkBytes, totalBytes - sent);
        sent += size;
        controller.enqueue(new Uint8Array(size).fill(0x20));
      },
    },
    { highWaterMark: 0 },
  );
  const request = new Request("http://app.test/api/anything", {
    method: "POST",
    headers: { "content-type": "application/json", ...headers },
    body,
    duplex: "half",
  } as RequestInit);
  // Settles once the server lets go of the body for good (it stops reading).
  const abandoned = () => expect.poll(() => request.body?.locked).toBe(false);
  return { request, pulled: () => sent, abandoned };
}

async function refusal(promise: Promise<unknown>): Promise<AppError> {
  const error = await promise.then(
    () => null,
    (caught: unknown) => caught,
  );
  expect(error).toBeInstanceOf(AppError);
  return error as AppError;
}

describe("readBody", () => {
  it("refuses a chunked body (no Content-Length) at the limit and soon stops reading it", async () => {
    const { request, pulled, abandoned } = streamedRequest(64 * 1024 * KIB);
    const error = await refusal(readBody(request, 16 * KIB));
    expect(error.status).toBe(413);
    expect(error.message).toBe("The request body is larger than 16384 bytes.");
    await abandoned();
    expect(pulled()).toBeLessThanOrEqual(16 * KIB + DISCARDED_AT_MOST + 8 * KIB);
  });

  it("counts the bytes that arrive, not the Content-Length the client declares", async () => {
    const { request, pulled, abandoned } = streamedRequest(8 * 1024 * KIB, { "content-length": "10" });
    const error = await refusal(readBody(request, 512 * KIB));
    expect(error.status).toBe(413);
    await abandoned();
    expect(pulled()).toBeLessThanOrEqual(512 * KIB + DISCARDED_AT_MOST + 8 * KIB);
  });

  it("refuses a declared Content-Length over the limit without waiting for the body", async () => {
    // A client that declares 64 MiB and then sends nothing still gets its answer.
    const silent = new ReadableStream<Uint8Array>({ pull: () => new Promise<void>(() => {}) });
    const request = new Request("http://app.test/", {
      method: "POST",
      headers: { "content-length": String(64 * 1024 * KIB) },
      body: silent,
      duplex: "half",
    } as RequestInit);
    const error = await refusal(readBody(request, 16 * KIB));
    expect(error.status).toBe(413);
  });

  it("returns a body within the limit, with characters split across chunks intact", async () => {
    const text = JSON.stringify({ name: "Zoë 💳 Ødegård" }).repeat(50);
    const bytes = new TextEncoder().encode(text);
    const body = new ReadableStream<Uint8Array>({
      start(controller) {
        for (let at = 0; at < bytes.length; at += 3) controller.enqueue(bytes.slice(at, at + 3));
        controller.close();
      },
    });
    const request = new Request("http://app.test/", { method: "POST", body, duplex: "half" } as RequestInit);
    expect(await readBody(request, bytes.length)).toBe(text);
  });

  it("reads an empty body as an empty string", async () => {
    expect(await readBody(new Request("http://app.test/", { method: "POST" }), 16)).toBe("");
  });
});

describe("readJson", () => {
  const schema = z.object({ name: z.string() });

  it("refuses an oversized chunked body with 413 before reading all of it", async () => {
    const { request, pulled, abandoned } = streamedRequest(64 * 1024 * KIB);
    const error = await refusal(readJson(request, schema));
    expect(error.status).toBe(413);
    await abandoned();
    expect(pulled()).toBeLessThanOrEqual(16 * KIB + DISCARDED_AT_MOST + 8 * KIB);
  });

  it("reads a body that is only a little too large to its end, so the connection stays usable", async () => {
    const { request, pulled } = streamedRequest(64 * KIB);
    const error = await refusal(readJson(request, schema));
    expect(error.status).toBe(413);
    await expect.poll(pulled).toBe(64 * KIB);
  });

  it("parses and validates a body within the limit", async () => {
    const request = new Request("http://app.test/", {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ name: "Jenny" }),
    });
    expect(await readJson(request, schema)).toEqual({ name: "Jenny" });
  });
});

describe("handle() and requests from other sites", () => {
  // APP_URL's default in tests: http://localhost:3000.
  const app = "http://localhost:3000";
  let reached = 0;
  const route = handle(async () => {
    reached += 1;
    return Response.json({ changed: true });
  });
  const call = (method: string, headers: Record<string, string>) =>
    route(new Request(`${app}/api/thing`, { method, headers }), undefined);

  it("refuses a change a browser says comes from another origin, before the handler runs", async () => {
    const before = reached;
    for (const headers of [
      { origin: "https://evil.example" },
      { origin: "http://127.0.0.1:3001" },
      { origin: "null" },
      { origin: "https://evil.example", "sec-fetch-site": "same-origin" },
      { "sec-fetch-site": "same-site" },
      { "sec-fetch-site": "cross-site" },
    ] as Record<string, string>[]) {
      for (const method of ["POST", "PUT", "PATCH", "DELETE"]) {
        const response = await call(method, headers);
        expect(response.status, `${method} ${JSON.stringify(headers)}`).toBe(403);
        expect(await response.json()).toEqual({
          error: {
            code: "forbidden",
            message: `This request came from another site. Changes can only be made from ${app}.`,
          },
        });
      }
    }
    expect(reached).toBe(before);
  });

  it("lets through the app's own origin, reads, and clients that send no browser headers", async () => {
    for (const [method, headers] of [
      ["POST", { origin: app }],
      ["DELETE", { "sec-fetch-site": "same-origin" }],
      ["PATCH", {}],
      ["GET", { origin: "https://evil.example", "sec-fetch-site": "cross-site" }],
    ] as const) {
      const response = await call(method, headers);
      expect(response.status, `${method} ${JSON.stringify(headers)}`).toBe(200);
    }
  });
});
