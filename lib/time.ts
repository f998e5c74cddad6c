/**
 * The one way the app shows a moment to people: date, time and the time zone, so a shopper
 * or an admin never has to guess which clock it is. Pages render on the server, which does
 * not know the reader's zone, so every time is shown in UTC and says so.
 */
const DATE_TIME = new Intl.DateTimeFormat("en-US", {
  year: "numeric",
  month: "short",
  day: "numeric",
  hour: "numeric",
  minute: "2-digit",
  timeZone: "UTC",
  timeZoneName: "short",
});

const DATE_TIME_SECONDS = new Intl.DateTimeFormat("en-US", {
  year: "numeric",
  month: "short",
  day: "numeric",
  hour: "numeric",
  minute: "2-digit",
  second: "2-digit",
  timeZone: "UTC",
  timeZoneName: "short",
});

/** "Nov 14, 2023, 10:13 PM UTC"; with `seconds`, "Nov 14, 2023, 10:13:20 PM UTC". */
export function formatDateTime(value: Date | string | number, { seconds = false } = {}): string {
  const date = value instanceof Date ? value : new Date(value);
  return (seconds ? DATE_TIME_SECONDS : DATE_TIME).format(date);
}
