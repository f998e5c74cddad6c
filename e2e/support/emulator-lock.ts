import { mkdirSync, readdirSync, rmSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { setTimeout as wait } from "node:timers/promises";

/**
 * Tests in several workers share one emulator. Most only add objects of their own and run side
 * by side (a shared hold); a test tagged RUNS_ALONE stops or slows the emulator for everyone
 * (faults, latency), so it holds it alone: it waits until the tests in flight end, and the
 * others wait until it ends. A readers–writer lock over files in one directory per run
 * (E2E_EMULATOR_LOCK_DIR, set by playwright.config.ts), checked every POLL_MS.
 */
const POLL_MS = 100;
const WRITER = "alone";

function lockDir(): string {
  const dir = process.env.E2E_EMULATOR_LOCK_DIR;
  if (!dir) throw new Error("E2E_EMULATOR_LOCK_DIR is not set (playwright.config.ts sets it)");
  return dir;
}

/** Empties the run's lock directory: called once, before any worker starts. */
export function resetEmulatorLock(dir: string): void {
  rmSync(dir, { recursive: true, force: true });
  mkdirSync(join(dir, "shared"), { recursive: true });
}

/** Holds this worker took and has not released: dropped if the worker ends without releasing. */
const held = new Set<string>();
process.on("exit", () => {
  for (const file of held) rmSync(file, { force: true });
});

function taken(file: string): () => void {
  held.add(file);
  return () => {
    rmSync(file, { force: true });
    held.delete(file);
  };
}

function writerWaiting(dir: string): boolean {
  return readdirSync(dir).includes(WRITER);
}

/** Holds the emulator beside other tests; resolves to the release. */
export async function holdShared(holder: string): Promise<() => void> {
  const dir = lockDir();
  const mine = join(dir, "shared", holder);
  for (;;) {
    writeFileSync(mine, "");
    const release = taken(mine);
    // Announced first, checked second: a test going alone either sees this hold or is seen.
    if (!writerWaiting(dir)) return release;
    release();
    while (writerWaiting(dir)) await wait(POLL_MS);
  }
}

/** Holds the emulator alone, once every shared hold has ended; resolves to the release. */
export async function holdAlone(holder: string): Promise<() => void> {
  const dir = lockDir();
  const writer = join(dir, WRITER);
  for (;;) {
    try {
      writeFileSync(writer, holder, { flag: "wx" });
      break;
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== "EEXIST") throw error;
      await wait(POLL_MS);
    }
  }
  const release = taken(writer);
  while (readdirSync(join(dir, "shared")).length > 0) await wait(POLL_MS);
  return release;
}
