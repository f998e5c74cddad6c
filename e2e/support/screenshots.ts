/**
 * Where a screenshot goes. The README's pictures are rewritten only by
 * `npm run screenshots` (E2E_README_SCREENSHOTS=1, organization strategy): an
 * ordinary test run keeps its pictures beside its own results and never touches
 * tracked files, so two runs side by side never write the same file.
 */
export function screenshotPath(name: string): string {
  const strategy = process.env.SHARING_STRATEGY ?? "organization";
  return process.env.E2E_README_SCREENSHOTS === "1" && strategy === "organization"
    ? `docs/screenshots/${name}`
    : `test-results/${strategy}/screenshots/${name}`;
}

/** Tags the tests that take the README's pictures: `npm run screenshots` runs just these. */
export const README_SCREENSHOTS = "@readme-screenshots";
