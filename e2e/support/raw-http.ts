import { Agent, request as httpRequest, type IncomingMessage } from "node:http";
import { E2E_APP_URL } from "./servers";

export interface UploadResult {
  /** null: the server closed the connection without an answer. */
  status: number | null;
  body: string;
  /** Body bytes the client had handed to the socket when the answer came (or the server hung up). */
  bytesSent: number;
}

const CHUNK = Buffer.alloc(64 * 1024, " ");

/** Reads an answer's whole body as text, then calls `done` with its status. */
function readAnswer(
  response: IncomingMessage,
  done: (answer: { status: number; body: string }) => void,
  fail: (error: Error) => void,
): void {
  const chunks: Buffer[] = [];
  response.on("data", (chunk: Buffer) => chunks.push(chunk));
  response.on("end", () =>
    done({ status: response.statusCode ?? 0, body: Buffer.concat(chunks).toString("utf8") }),
  );
  response.on("error", fail);
}

/**
 * Streams `totalBytes` of body to the app with Node's own HTTP client, chunk by
 * chunk with backpressure, and stops as soon as the server answers. Without
 * `contentLength` the body goes out chunked (no Content-Length at all), as a
 * client that never says how much it will send does; with it, that header is
 * sent whatever the real size. Answers with the status (null if the server hung
 * up instead) and how much of the body had gone out by then.
 */
export function uploadUntilAnswered(
  path: string,
  options: {
    method?: string;
    headers?: Record<string, string>;
    totalBytes: number;
    contentLength?: number;
  },
): Promise<UploadResult> {
  const { method = "POST", headers = {}, totalBytes, contentLength } = options;
  return new Promise((resolve, reject) => {
    let bytesSent = 0;
    let answered = false;
    const request = httpRequest(`${E2E_APP_URL}${path}`, {
      method,
      headers: {
        "content-type": "application/json",
        ...headers,
        ...(contentLength === undefined ? {} : { "content-length": String(contentLength) }),
      },
    });
    request.on("response", (response) => {
      answered = true;
      readAnswer(
        response,
        (answer) => {
          resolve({ ...answer, bytesSent });
          request.destroy();
        },
        reject,
      );
    });
    // A server that stops reading may close the connection under a client still writing.
    request.on("error", () => {
      if (!answered) resolve({ status: null, body: "", bytesSent });
    });
    const writeMore = () => {
      while (!answered && !request.destroyed && bytesSent < totalBytes) {
        const chunk = CHUNK.subarray(0, Math.min(CHUNK.length, totalBytes - bytesSent));
        bytesSent += chunk.length;
        if (!request.write(chunk)) {
          request.once("drain", writeMore);
          return;
        }
      }
      if (!answered && !request.destroyed) request.end();
    };
    writeMore();
  });
}

/** Connections kept open between requests, as a browser or an API client keeps them. */
const keptAlive = new Agent({ keepAlive: true });

/**
 * One request to the app with Node's own HTTP client over kept-alive connections: a fraction of
 * the CPU `fetch` costs per request, for tests that send thousands (the fuzzer). The body goes
 * out with its Content-Length, or `chunked` without one. Redirects are answered, not followed.
 * The path is encoded as `fetch` and browsers encode it (a space becomes %20). Rejects when the
 * server hangs up without an answer.
 */
export function send(
  path: string,
  options: { method: string; headers?: Record<string, string>; body?: string; chunked?: boolean },
): Promise<{ status: number; body: string }> {
  const { method, headers = {}, body, chunked = false } = options;
  return new Promise((resolve, reject) => {
    let answered = false;
    const request = httpRequest(new URL(`${E2E_APP_URL}${path}`), {
      method,
      agent: keptAlive,
      headers: {
        ...headers,
        // Chunked said outright: Node frames a DELETE's body only when told (GET/DELETE default to none).
        ...(body === undefined
          ? {}
          : chunked
            ? { "transfer-encoding": "chunked" }
            : { "content-length": String(Buffer.byteLength(body)) }),
      },
    });
    request.on("response", (response) => {
      answered = true;
      readAnswer(response, resolve, reject);
    });
    // A server that answered before reading a whole (oversized) body may close under the writer.
    request.on("error", (error) => {
      if (!answered) reject(error);
    });
    // A chunked body goes out in the pieces a streaming client sends, not as one chunk.
    if (chunked && body !== undefined) {
      for (let at = 0; at < body.length; at += CHUNK.length) request.write(body.slice(at, at + CHUNK.length));
      request.end();
    } else {
      request.end(body);
    }
  });
}
