import { describe, expect, it } from "vitest";
import { checkoutMove, ImpossibleTransitionError, orderMove, refundState } from "@/lib/checkout/lifecycle";

describe("checkout transitions", () => {
  it("moves an open checkout to complete or expired", () => {
    expect(checkoutMove("open", "complete")).toBe("move");
    expect(checkoutMove("open", "expired")).toBe("move");
  });

  it("treats a repeated transition as already done", () => {
    expect(checkoutMove("complete", "complete")).toBe("unchanged");
    expect(checkoutMove("expired", "expired")).toBe("unchanged");
  });

  it("refuses the moves Stripe never makes: a closed session does not reopen or change its end", () => {
    expect(() => checkoutMove("expired", "complete")).toThrow(ImpossibleTransitionError);
    expect(() => checkoutMove("complete", "expired")).toThrow(
      "checkout cannot move from complete to expired",
    );
    expect(() => checkoutMove("complete", "open")).toThrow(ImpossibleTransitionError);
    expect(() => checkoutMove("bogus", "complete")).toThrow(ImpossibleTransitionError);
  });
});

describe("order transitions", () => {
  it("goes paid → partially refunded → refunded, and paid → refunded at once", () => {
    expect(orderMove("paid", "partially_refunded")).toBe("move");
    expect(orderMove("partially_refunded", "refunded")).toBe("move");
    expect(orderMove("paid", "refunded")).toBe("move");
    expect(orderMove("partially_refunded", "partially_refunded")).toBe("unchanged");
  });

  it("never moves a refund back", () => {
    expect(() => orderMove("refunded", "paid")).toThrow(ImpossibleTransitionError);
    expect(() => orderMove("refunded", "partially_refunded")).toThrow(ImpossibleTransitionError);
    expect(() => orderMove("partially_refunded", "paid")).toThrow(ImpossibleTransitionError);
  });

  it("reads the refund state from the larger amount, capped at what was paid", () => {
    expect(refundState(1000, 0, 0)).toEqual({ amountRefunded: 0, status: "paid" });
    expect(refundState(1000, 0, 400)).toEqual({ amountRefunded: 400, status: "partially_refunded" });
    // A stale report (an older event) keeps the newer, larger amount.
    expect(refundState(1000, 400, 100)).toEqual({ amountRefunded: 400, status: "partially_refunded" });
    expect(refundState(1000, 400, 1000)).toEqual({ amountRefunded: 1000, status: "refunded" });
    expect(refundState(1000, 0, 5000)).toEqual({ amountRefunded: 1000, status: "refunded" });
  });
});
