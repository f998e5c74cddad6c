import { describe, expect, it } from "vitest";
import { z } from "zod";
import { isPrintableText, printableText, UNPRINTABLE_TEXT_MESSAGE } from "@/lib/text";

describe("printable text", () => {
  it("accepts names and addresses in every script, with punctuation and emoji", () => {
    for (const text of [
      "Jenny Rosen",
      "Zoë Ødegård-Smith",
      "李小龍",
      "O'Brien, Jr.",
      "👩‍👩‍👧 family",
      "Straße 5 · 2/F",
      "",
    ]) {
      expect(isPrintableText(text), JSON.stringify(text)).toBe(true);
    }
  });

  it("refuses NUL, control characters, separators and lone surrogate halves", () => {
    for (const text of [
      "a\u0000b",
      "tab\there",
      "line\nbreak",
      "cr\r",
      "\u001b[31m",
      "del\u007f",
      "c1\u0085",
      "ls\u2028",
      "ps\u2029",
      "\ud800",
      "x\udfff",
      "\udc00\ud800",
    ]) {
      expect(isPrintableText(text), JSON.stringify(text)).toBe(false);
    }
  });

  it("adds the rule to a schema with one clear message, keeping the schema's own rules", () => {
    const name = printableText(z.string().trim().min(1, "Enter your name."));
    expect(name.safeParse("  Jenny  ").data).toBe("Jenny");
    expect(name.safeParse("Jen\u0000ny").error?.issues.map((issue) => issue.message)).toEqual([
      UNPRINTABLE_TEXT_MESSAGE,
    ]);
    expect(name.safeParse("").error?.issues.map((issue) => issue.message)).toEqual(["Enter your name."]);
  });
});
