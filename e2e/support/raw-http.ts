import { request as httpRequest } from "node:http";
import { E2E_APP_URL } from "./servers";

export interface UploadResult {
  /** null: the server closed the connection without an answer. */
  status: number | null;
  body: string;
  /** Body bytes the client had handed to the socket when the answer came (or the server hung up). */
  bytesSent: number;
}

const CHUNK = Buffer.alloc(64 * 1024, " ");

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
      const chunks: Buffer[] = [];
      response.on("data", (chunk: Buffer) => chunks.push(chunk));
      response.on("end", () => {
        resolve({
          status: response.statusCode ?? 0,
          body: Buffer.concat(chunks).toString("utf8"),
          bytesSent,
        });
        request.destroy();
      });
      response.on("error", reject);
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
