"use client";

import { useState } from "react";
import { MAX_QUANTITY } from "@/lib/checkout/cart-line";
import { quantityChange } from "@/lib/checkout/quantity-input";

/**
 * A cart line's quantity. What the shopper types is kept while they type; a quantity the
 * cart cannot take is corrected or refused with a message (`onMessage`), never silently.
 */
export function QuantityField({
  id,
  productName,
  quantity,
  onQuantity,
  onMessage,
}: {
  id: string;
  productName: string;
  quantity: number;
  onQuantity: (quantity: number) => void;
  onMessage: (message: string | null) => void;
}) {
  // What the shopper is typing, until they leave the field; null shows the cart's quantity.
  const [draft, setDraft] = useState<string | null>(null);
  return (
    <input
      id={id}
      type="number"
      inputMode="numeric"
      min={1}
      max={MAX_QUANTITY}
      value={draft ?? String(quantity)}
      onChange={(event) => {
        const typed = event.currentTarget.value;
        const change = quantityChange(typed, productName);
        if (change.quantity !== null) onQuantity(change.quantity);
        // A corrected quantity shows the corrected number; anything else shows what was typed.
        setDraft(change.quantity !== null && String(change.quantity) !== typed.trim() ? null : typed);
        onMessage(change.message);
      }}
      onBlur={() => setDraft(null)}
      className="w-16 rounded-md border border-slate-300 px-2 py-1 text-right"
    />
  );
}
