/**
 * `npm run bench`: the app benchmarks, then the emulator's (raw HTTP throughput, CPU per
 * operation, flat lists, memory after 100,000 objects). Figures are medians on a shared
 * machine: compare the ratios, not the absolute times.
 */
import { spawnSync } from "node:child_process";

const run = (script: string, ...args: string[]) => {
  const result = spawnSync(
    process.execPath,
    ["--conditions=react-server", "--import", "tsx", script, ...args],
    { stdio: "inherit" },
  );
  if (result.status !== 0) process.exit(result.status ?? 1);
};

run("bench/app.ts");
run("emulator/bench/run.ts", ...process.argv.slice(2));
