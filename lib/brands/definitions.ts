import type { BrandDefinition } from "@/lib/brands/registry";

/**
 * The brands of the company, as configuration. Account ids and keys name the
 * variables a deployment sets; the defaults are the local emulator's accounts
 * and keys (emulator/config/default-world.json), which a production server
 * refuses unless it talks to a local emulator (lib/env.ts).
 */
export const brandDefinitions: readonly BrandDefinition[] = [
  {
    slug: "rides",
    name: "Rocket Rides",
    tagline: "Rides across town in minutes, with drivers you can rate.",
    logo: "/brands/rides.svg",
    theme: { primary: "#4f46e5", soft: "#eef2ff" },
    currency: "usd",
    stripe: {
      account: { env: "STRIPE_RIDES_ACCOUNT", default: "acct_1RocketRides00001" },
      secretKey: { env: "STRIPE_RIDES_SECRET_KEY", default: "sk_test_rides_emulator_0001" },
      publishableKey: { env: "STRIPE_RIDES_PUBLISHABLE_KEY", default: "pk_test_rides_emulator_0001" },
      connectedAccount: { env: "STRIPE_RIDES_CONNECTED_ACCOUNT", default: "acct_1RocketRidesCnct01" },
    },
    catalog: [
      {
        id: "city-ride",
        name: "City ride",
        description: "A ride anywhere within the city limits.",
        image: "/brands/rides.svg",
        unitAmount: 1850,
      },
      {
        id: "airport-transfer",
        name: "Airport transfer",
        description: "Door to terminal, luggage included.",
        image: "/brands/rides.svg",
        unitAmount: 4900,
      },
      {
        id: "ride-pass",
        name: "Weekly ride pass",
        description: "Ten rides to use within seven days.",
        image: "/brands/rides.svg",
        unitAmount: 7500,
      },
    ],
  },
  {
    slug: "deliveries",
    name: "Rocket Deliveries",
    tagline: "Groceries and parcels at your door the same day.",
    logo: "/brands/deliveries.svg",
    theme: { primary: "#047857", soft: "#ecfdf5" },
    currency: "usd",
    stripe: {
      account: { env: "STRIPE_DELIVERIES_ACCOUNT", default: "acct_1RocketDeliver0001" },
      secretKey: { env: "STRIPE_DELIVERIES_SECRET_KEY", default: "sk_test_deliveries_emulator_0001" },
      publishableKey: {
        env: "STRIPE_DELIVERIES_PUBLISHABLE_KEY",
        default: "pk_test_deliveries_emulator_0001",
      },
      connectedAccount: { env: "STRIPE_DELIVERIES_CONNECTED_ACCOUNT", default: "acct_1RocketDelivCnct01" },
    },
    catalog: [
      {
        id: "same-day-parcel",
        name: "Same-day parcel",
        description: "One parcel up to 10 kg, delivered today.",
        image: "/brands/deliveries.svg",
        unitAmount: 1200,
      },
      {
        id: "grocery-run",
        name: "Grocery run",
        description: "We shop your list and deliver within two hours.",
        image: "/brands/deliveries.svg",
        unitAmount: 2500,
      },
      {
        id: "delivery-pass",
        name: "Monthly delivery pass",
        description: "Free delivery on every order for 30 days.",
        image: "/brands/deliveries.svg",
        unitAmount: 5000,
      },
    ],
  },
];
