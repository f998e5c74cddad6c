import { describe, expect, it } from "vitest";
import { formatDateTime } from "@/lib/time";

describe("formatDateTime", () => {
  it("shows the time zone, the same for every reader", () => {
    expect(formatDateTime(new Date(1_700_000_000_000))).toBe("Nov 14, 2023, 10:13 PM UTC");
    expect(formatDateTime("2023-11-14T22:13:20.000Z", { seconds: true })).toBe(
      "Nov 14, 2023, 10:13:20 PM UTC",
    );
  });
});
