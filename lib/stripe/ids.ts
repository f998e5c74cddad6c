/** The id of an expandable Stripe field, whether Stripe returned the id or the object. */
export const idOf = (ref: string | { id: string } | null | undefined): string | null =>
  ref ? (typeof ref === "string" ? ref : ref.id) : null;
