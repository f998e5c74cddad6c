/**
 * A Stripe or record id shown short: the start is visible, the whole id stays in the text (so
 * it copies, searches and reads out in full) and in the tooltip.
 */
export function StripeId({ id, className = "" }: { id: string; className?: string }) {
  return (
    <span
      title={id}
      className={`inline-block max-w-[11rem] truncate align-bottom font-mono text-xs ${className}`.trim()}
    >
      {id}
    </span>
  );
}
