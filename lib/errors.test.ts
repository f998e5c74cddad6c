import { describe, expect, it } from "vitest";
import { z } from "zod";
import { AppError } from "@/lib/errors";

describe("AppError", () => {
  it("answers with its status, a JSON body and Retry-After when given", async () => {
    const response = new AppError("rate_limited", "Slow down.", { retryAfterSeconds: 4.2 }).toResponse();
    expect(response.status).toBe(429);
    expect(response.headers.get("retry-after")).toBe("5");
    expect(await response.json()).toEqual({ error: { code: "rate_limited", message: "Slow down." } });
  });

  it("turns zod issues into per-field messages", () => {
    const result = z.object({ quantity: z.number().max(99, "At most 99.") }).safeParse({ quantity: 120 });
    const error = AppError.fromZod(result.error!);
    expect(error.status).toBe(400);
    expect(error.toJSON().error.fields).toEqual({ quantity: ["At most 99."] });
  });
});
