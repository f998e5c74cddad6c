/**
 * Where a screenshot goes: the README's come from the default (organization)
 * run; a run with another strategy (CI runs both at once) keeps its own beside
 * its test results, so the two never write the same file.
 */
export function screenshotPath(name: string): string {
  const strategy = process.env.SHARING_STRATEGY ?? "organization";
  return strategy === "organization"
    ? `docs/screenshots/${name}`
    : `test-results/${strategy}/screenshots/${name}`;
}
