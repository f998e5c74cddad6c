"use client";

import Image from "next/image";
import { Link } from "@/components/ui/link";
import { useState } from "react";
import { startCheckoutSession } from "@/components/store/checkout-session";
import { QuantityField } from "@/components/store/quantity-field";
import { useCart } from "@/components/store/use-cart";
import { Panel } from "@/components/ui/panel";
import type { PublicBrand } from "@/lib/brands/public";
import { MAX_QUANTITY } from "@/lib/checkout/cart-line";
import { addedMessage } from "@/lib/checkout/quantity-input";
import { formatMoney } from "@/lib/money";

/** The element the header's cart link and "View cart" go to. */
export const CART_ANCHOR = "cart";

export function Storefront({ brand }: { brand: PublicBrand }) {
  const cart = useCart(brand.slug);
  // What the last "Add to cart" did, announced and shown at the bottom of the screen (the cart
  // itself is far below the catalog on a phone).
  const [added, setAdded] = useState<{ message: string; serial: number } | null>(null);
  // What the last quantity change needs the shopper to know (corrected or refused).
  const [quantityMessage, setQuantityMessage] = useState<string | null>(null);
  const products = new Map(brand.catalog.map((product) => [product.id, product]));
  const total = cart.lines.reduce(
    (sum, line) => sum + (products.get(line.productId)?.unitAmount ?? 0) * line.quantity,
    0,
  );

  return (
    <div className="grid gap-8 lg:grid-cols-[1fr_22rem]">
      <section aria-labelledby="catalog-heading" className="space-y-4">
        <h2 id="catalog-heading" className="text-xl font-semibold">
          Catalog
        </h2>
        <ul className="grid gap-4 sm:grid-cols-2">
          {brand.catalog.map((product) => (
            <Panel as="li" key={product.id} padding="compact" className="flex flex-col gap-3">
              <div className="flex items-center gap-3">
                <Image src={product.image} alt="" width={40} height={40} />
                <h3 className="font-semibold">{product.name}</h3>
              </div>
              <p className="text-sm text-slate-600">{product.description}</p>
              <div className="mt-auto flex items-center justify-between">
                <p className="text-lg font-semibold">{formatMoney(product.unitAmount, brand.currency)}</p>
                <button
                  type="button"
                  onClick={() => {
                    const before = cart.lines.find((line) => line.productId === product.id)?.quantity ?? 0;
                    cart.add(product.id);
                    const after = Math.min(MAX_QUANTITY, before + 1);
                    setAdded((last) => ({
                      message: addedMessage(product.name, before, cart.count - before + after),
                      serial: (last?.serial ?? 0) + 1,
                    }));
                  }}
                  className="rounded-md px-3 py-2 text-sm font-medium text-white"
                  style={{ backgroundColor: brand.theme.primary }}
                  aria-label={`Add to cart: ${product.name}`}
                >
                  Add to cart
                </button>
              </div>
            </Panel>
          ))}
        </ul>
      </section>

      <div
        role="status"
        className="pointer-events-none fixed inset-x-0 bottom-4 z-40 flex justify-center px-4 lg:hidden"
      >
        {added && (
          <p
            key={added.serial}
            className="pointer-events-auto flex items-center gap-3 rounded-full bg-slate-900 px-4 py-2 text-sm text-white shadow-lg"
          >
            <span>{added.message}</span>
            <a href={`#${CART_ANCHOR}`} className="font-medium underline">
              View cart
            </a>
          </p>
        )}
      </div>
      {/* From lg up the cart is beside the catalog: the announcement alone says what happened. */}
      <p role="status" className="sr-only max-lg:hidden">
        {added?.message}
      </p>

      <Panel
        as="aside"
        id={CART_ANCHOR}
        title="Your cart"
        titleId="cart-heading"
        padding="compact"
        className="h-fit scroll-mt-4"
      >
        {!cart.hydrated ? (
          <p className="mt-3 text-sm text-slate-600">Loading your cart…</p>
        ) : cart.lines.length === 0 ? (
          <p className="mt-3 text-sm text-slate-600">Your cart is empty. Add something from the catalog.</p>
        ) : (
          <>
            <ul className="mt-4 divide-y divide-slate-200" aria-label="Cart items">
              {cart.lines.map((line) => {
                const product = products.get(line.productId);
                if (!product) return null;
                return (
                  <li key={line.productId} className="flex items-center gap-3 py-3">
                    <div className="flex-1">
                      <p className="font-medium">{product.name}</p>
                      <p className="text-sm text-slate-600">
                        {formatMoney(product.unitAmount * line.quantity, brand.currency)}
                      </p>
                    </div>
                    <label className="sr-only" htmlFor={`qty-${line.productId}`}>
                      Quantity of {product.name}
                    </label>
                    <QuantityField
                      id={`qty-${line.productId}`}
                      productName={product.name}
                      quantity={line.quantity}
                      onQuantity={(quantity) => cart.setQuantity(line.productId, quantity)}
                      onMessage={setQuantityMessage}
                    />
                    <button
                      type="button"
                      onClick={() => {
                        cart.remove(line.productId);
                        setQuantityMessage(null);
                      }}
                      className="text-sm text-slate-600 underline hover:text-slate-900"
                      aria-label={`Remove ${product.name}`}
                    >
                      Remove
                    </button>
                  </li>
                );
              })}
            </ul>
            <p role="status" className="mt-2 text-sm text-amber-900">
              {quantityMessage}
            </p>
            <p className="mt-4 flex justify-between border-t border-slate-200 pt-4 font-semibold">
              <span>Total</span>
              <span data-testid="cart-total">{formatMoney(total, brand.currency)}</span>
            </p>
            <Link
              href={`/${brand.slug}/checkout`}
              onClick={(event) => {
                // A plain click opens checkout here: its Stripe call starts while the page loads.
                const plain =
                  event.button === 0 && !event.metaKey && !event.ctrlKey && !event.shiftKey && !event.altKey;
                if (plain) startCheckoutSession(brand.slug, cart.lines);
              }}
              className="mt-4 block rounded-md px-4 py-2.5 text-center font-medium text-white"
              style={{ backgroundColor: brand.theme.primary }}
            >
              Checkout
            </Link>
          </>
        )}
      </Panel>
    </div>
  );
}
