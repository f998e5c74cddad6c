import "server-only";
import type Stripe from "stripe";
import { profileFromCustomer } from "@/lib/customers/profile";
import type { SharedProfile } from "@/lib/customers/strategy";
import { isMissingCustomer } from "@/lib/stripe/errors";

/** A customer's card PaymentMethods in the account `stripe` acts in; none when Stripe no longer has the customer. */
export async function listCards(stripe: Stripe, customerId: string): Promise<Stripe.PaymentMethod[]> {
  try {
    return (await stripe.customers.listPaymentMethods(customerId, { type: "card", limit: 100 })).data;
  } catch (error) {
    if (isMissingCustomer(error)) return [];
    throw error;
  }
}

/** The shared profile of a customer in the account `stripe` acts in; empty for a deleted customer. */
export async function customerProfile(stripe: Stripe, customerId: string): Promise<SharedProfile> {
  const customer = await stripe.customers.retrieve(customerId);
  if (customer.deleted) return { name: null, email: null, phone: null, address: null };
  return profileFromCustomer(customer);
}
