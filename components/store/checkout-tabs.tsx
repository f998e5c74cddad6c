"use client";

import { useCallback, useEffect, useRef } from "react";
import { z } from "zod";
import type { CartLine } from "@/lib/checkout/cart-line";

/**
 * Tells a shopper's other tabs what happened to a cart they also have open at checkout. Only a
 * hint: the server already allows one payment per cart (a newer session expires the older ones),
 * and a tab that hears a hint asks the server about its own session before it changes anything,
 * except for "paid", which the paying tab only says once the order is recorded.
 */
const CHANNEL = "rocket-checkout";

const messageSchema = z.object({
  kind: z.enum(["session-started", "cart-paid"]),
  /** `cartSignature` of the cart the session sells. */
  cart: z.string().max(4096),
  sessionId: z.string().max(256),
});
export type CheckoutTabMessage = z.infer<typeof messageSchema>;

/** The same brand, products and quantities give the same signature, in any line order. */
export function cartSignature(
  brand: string,
  lines: readonly Pick<CartLine, "productId" | "quantity">[],
): string {
  const cart = [...lines]
    .sort((a, b) => a.productId.localeCompare(b.productId))
    .map((line) => `${line.productId}x${line.quantity}`)
    .join(",");
  return `${brand}:${cart}`;
}

function openChannel(): BroadcastChannel | null {
  return typeof BroadcastChannel === "function" ? new BroadcastChannel(CHANNEL) : null;
}

/**
 * Listens for the other tabs' messages (a tab never hears its own) and returns the function that
 * sends this tab's. Malformed messages are ignored.
 */
export function useCheckoutTabs(onMessage: (message: CheckoutTabMessage) => void) {
  const channel = useRef<BroadcastChannel | null>(null);
  const handler = useRef(onMessage);
  useEffect(() => {
    handler.current = onMessage;
  });
  useEffect(() => {
    const opened = openChannel();
    channel.current = opened;
    const listen = (event: MessageEvent<unknown>) => {
      const parsed = messageSchema.safeParse(event.data);
      if (parsed.success) handler.current(parsed.data);
    };
    opened?.addEventListener("message", listen);
    return () => {
      opened?.removeEventListener("message", listen);
      opened?.close();
      channel.current = null;
    };
  }, []);
  return useCallback((message: CheckoutTabMessage) => channel.current?.postMessage(message), []);
}

/** On the return page of a paid checkout: the cart's other tabs stop offering to pay it. */
export function AnnounceCartPaid({
  brand,
  lines,
  sessionId,
}: {
  brand: string;
  lines: readonly Pick<CartLine, "productId" | "quantity">[];
  sessionId: string;
}) {
  const cart = cartSignature(brand, lines);
  useEffect(() => {
    const channel = openChannel();
    channel?.postMessage({ kind: "cart-paid", cart, sessionId } satisfies CheckoutTabMessage);
    channel?.close();
  }, [cart, sessionId]);
  return null;
}
