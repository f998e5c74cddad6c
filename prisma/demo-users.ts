// The demo accounts `npm run db:seed` creates: the one list the seed, the README and the tests use.
// Demo passwords only: they are public, so never seed these accounts into a real deployment.

export interface DemoUser {
  email: string;
  name: string;
  role: "shopper" | "admin";
  password: string;
}

export const DEMO_USERS = [
  { email: "jenny@example.com", name: "Jenny Rosen", role: "shopper", password: "jenny-demo-password" },
  { email: "admin@example.com", name: "Avery Admin", role: "admin", password: "admin-demo-password" },
  // A second shopper, so tests can check that one shopper cannot see another's data.
  { email: "sam@example.com", name: "Sam Shopper", role: "shopper", password: "sam-demo-password" },
] as const satisfies readonly DemoUser[];
