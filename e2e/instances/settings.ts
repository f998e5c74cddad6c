/**
 * Where the two-instance test runs: a PostgreSQL database it may reset (INSTANCES_DATABASE_URL,
 * e.g. postgresql://postgres:postgres@127.0.0.1:5433/rocket_instances from `bash scripts/postgres.sh`),
 * ports apart from the e2e suite's, and the sharing strategy.
 */
const databaseUrl = process.env.INSTANCES_DATABASE_URL ?? "";
if (!/^postgres(ql)?:\/\//.test(databaseUrl)) {
  throw new Error(
    "The two-instance test runs on PostgreSQL: set INSTANCES_DATABASE_URL=postgresql://… " +
      "(start a server with `PG_DATABASE=rocket_instances bash scripts/postgres.sh`).",
  );
}
export const INSTANCES_DATABASE_URL = databaseUrl;

const base = Number(process.env.INSTANCES_PORT ?? 3900);
export const INSTANCES_PORTS = {
  proxy: base,
  instances: [base + 1, base + 2] as [number, number],
  emulator: Number(process.env.INSTANCES_EMULATOR_PORT ?? 12921),
};

export const INSTANCES_STRATEGY = process.env.SHARING_STRATEGY ?? "organization";
