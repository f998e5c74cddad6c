import type Stripe from "stripe";
import type { SavedCard, SharedProfile } from "@/lib/customers/strategy";

/** The shared fields of a Stripe customer, as the app shows and stores them. */
export function profileFromCustomer(customer: Stripe.Customer): SharedProfile {
  const address = customer.address;
  return {
    name: customer.name ?? null,
    email: customer.email ?? null,
    phone: customer.phone ?? null,
    address: address
      ? {
          line1: address.line1 ?? null,
          line2: address.line2 ?? null,
          city: address.city ?? null,
          state: address.state ?? null,
          postal_code: address.postal_code ?? null,
          country: address.country ?? null,
        }
      : null,
  };
}

/** Update params for the shared fields; "" clears a field, as Stripe expects. */
export function customerUpdateFromProfile(profile: SharedProfile): Stripe.CustomerUpdateParams {
  const address = profile.address;
  return {
    name: profile.name ?? "",
    email: profile.email ?? "",
    phone: profile.phone ?? "",
    address: address
      ? {
          line1: address.line1 ?? "",
          line2: address.line2 ?? "",
          city: address.city ?? "",
          state: address.state ?? "",
          postal_code: address.postal_code ?? "",
          country: address.country ?? "",
        }
      : "",
  };
}

/** Reusable cards, newest first, each once however many accounts list it. */
export function uniqueCards(lists: Stripe.PaymentMethod[][]): SavedCard[] {
  const seen = new Map<string, Stripe.PaymentMethod>();
  for (const list of lists) for (const method of list) if (!seen.has(method.id)) seen.set(method.id, method);
  return [...seen.values()]
    .filter((method) => method.type === "card" && method.card)
    .sort((a, b) => b.created - a.created)
    .map((method) => ({
      id: method.id,
      brand: method.card?.display_brand ?? method.card?.brand ?? "card",
      last4: method.card?.last4 ?? "????",
      expMonth: method.card?.exp_month ?? 0,
      expYear: method.card?.exp_year ?? 0,
    }));
}
