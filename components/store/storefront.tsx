"use client";

import Image from "next/image";
import Link from "next/link";
import { useCart } from "@/components/store/use-cart";
import type { PublicBrand } from "@/lib/brands/public";
import { MAX_QUANTITY } from "@/lib/checkout/cart-line";
import { formatMoney } from "@/lib/money";

export function Storefront({ brand }: { brand: PublicBrand }) {
  const cart = useCart(brand.slug);
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
            <li
              key={product.id}
              className="flex flex-col gap-3 rounded-xl bg-white p-5 shadow-sm ring-1 ring-slate-200"
            >
              <div className="flex items-center gap-3">
                <Image src={product.image} alt="" width={40} height={40} />
                <h3 className="font-semibold">{product.name}</h3>
              </div>
              <p className="text-sm text-slate-600">{product.description}</p>
              <div className="mt-auto flex items-center justify-between">
                <p className="text-lg font-semibold">{formatMoney(product.unitAmount, brand.currency)}</p>
                <button
                  type="button"
                  onClick={() => cart.add(product.id)}
                  className="rounded-md px-3 py-2 text-sm font-medium text-white"
                  style={{ backgroundColor: brand.theme.primary }}
                  aria-label={`Add to cart: ${product.name}`}
                >
                  Add to cart
                </button>
              </div>
            </li>
          ))}
        </ul>
      </section>

      <aside
        aria-labelledby="cart-heading"
        className="h-fit rounded-xl bg-white p-5 shadow-sm ring-1 ring-slate-200"
      >
        <h2 id="cart-heading" className="text-xl font-semibold">
          Your cart
        </h2>
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
                    <input
                      id={`qty-${line.productId}`}
                      type="number"
                      inputMode="numeric"
                      min={1}
                      max={MAX_QUANTITY}
                      value={line.quantity}
                      onChange={(event) => {
                        const value = event.currentTarget.valueAsNumber;
                        if (Number.isFinite(value) && value >= 1) cart.setQuantity(line.productId, value);
                      }}
                      className="w-16 rounded-md border border-slate-300 px-2 py-1 text-right"
                    />
                    <button
                      type="button"
                      onClick={() => cart.remove(line.productId)}
                      className="text-sm text-slate-600 underline hover:text-slate-900"
                      aria-label={`Remove ${product.name}`}
                    >
                      Remove
                    </button>
                  </li>
                );
              })}
            </ul>
            <p className="mt-4 flex justify-between border-t border-slate-200 pt-4 font-semibold">
              <span>Total</span>
              <span data-testid="cart-total">{formatMoney(total, brand.currency)}</span>
            </p>
            <Link
              href={`/${brand.slug}/checkout`}
              className="mt-4 block rounded-md px-4 py-2.5 text-center font-medium text-white"
              style={{ backgroundColor: brand.theme.primary }}
            >
              Checkout
            </Link>
          </>
        )}
      </aside>
    </div>
  );
}
