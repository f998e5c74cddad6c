import { createServer } from "node:http";
import type { AddressInfo } from "node:net";

export interface WebhookSink {
  /** Where the emulator delivers (the world's `appUrl`). */
  url: string;
  close(): Promise<void>;
}

/**
 * A real HTTP server the emulator delivers webhooks to, handing each request to `route` (the
 * app's webhook route handler, imported once the world has set the environment). While `route`
 * answers null the sink answers 503, as an app that is down would, and the emulator retries.
 */
export async function startWebhookSink(
  route: () => ((request: Request) => Promise<Response>) | null,
): Promise<WebhookSink> {
  const server = createServer(async (req, res) => {
    const chunks: Buffer[] = [];
    for await (const chunk of req) chunks.push(chunk as Buffer);
    const handler = route();
    if (!handler) return res.writeHead(503).end();
    const headers = new Headers();
    for (const [name, value] of Object.entries(req.headers))
      if (typeof value === "string") headers.set(name, value);
    const response = await handler(
      new Request(`http://127.0.0.1${req.url}`, { method: "POST", headers, body: Buffer.concat(chunks) }),
    );
    res.writeHead(response.status, { "content-type": "application/json" }).end(await response.text());
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    close: () => new Promise((resolve) => server.close(() => resolve())),
  };
}
