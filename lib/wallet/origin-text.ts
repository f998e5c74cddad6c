import { formatDateTime } from "@/lib/time";

/** Where and when a card was saved, as one line: "Saved at Rocket Rides on Dec 1, 2026, 9:30 AM UTC". */
export function originText(
  origin: { brand: string | null; at: Date },
  brandName: (slug: string) => string,
): string {
  const when = formatDateTime(origin.at);
  return origin.brand
    ? `Saved at ${brandName(origin.brand)} on ${when}`
    : `Added for you by Rocket support on ${when}`;
}
