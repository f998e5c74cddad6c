import Stripe from "stripe";
import { E2E_EMULATOR_URL } from "./servers";

const url = new URL(E2E_EMULATOR_URL);

/** SDK clients on the e2e emulator, to check what the app did in each brand account. */
export function stripeAs(secretKey: string): Stripe {
  return new Stripe(secretKey, { host: url.hostname, port: Number(url.port), protocol: "http" });
}

export const ridesStripe = () => stripeAs("sk_test_rides_emulator_0001");
export const deliveriesStripe = () => stripeAs("sk_test_deliveries_emulator_0001");
