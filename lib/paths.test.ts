import { describe, expect, it } from "vitest";
import { isWellFormedPath } from "@/lib/paths";

describe("a well-formed path", () => {
  it("is any path whose percent-encoding decodes to printable text", () => {
    expect(isWellFormedPath("/rides/checkout")).toBe(true);
    expect(isWellFormedPath("/caf%C3%A9")).toBe(true);
    expect(isWellFormedPath("/rides/%20")).toBe(true);
  });

  it("is not one that cannot be decoded, or decodes to a control character", () => {
    expect(isWellFormedPath("/rides/%ff")).toBe(false);
    expect(isWellFormedPath("/%E2%82")).toBe(false);
    expect(isWellFormedPath("/rides/%00")).toBe(false);
    expect(isWellFormedPath("/rides/%0A/return")).toBe(false);
  });
});
