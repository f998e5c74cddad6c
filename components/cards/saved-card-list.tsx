import type { ReactNode } from "react";
import { cardExpiry, cardLabel } from "@/lib/cards";
import type { SavedCard } from "@/lib/customers/strategy";

type Props = {
  /** `null` when Stripe could not be read: said, never shown as "no cards". */
  cards: SavedCard[] | null;
  unavailable: string;
  empty: ReactNode;
  /** What can be done with a card (e.g. remove it). */
  action?: (card: SavedCard, label: string) => ReactNode;
  /** More about a card, under its expiry (e.g. where it was saved). */
  detail?: (card: SavedCard) => ReactNode;
};

/** The cards a customer has saved, as the shopper and the org admin both see them. */
export function SavedCardList({ cards, unavailable, empty, action, detail }: Props) {
  if (cards === null) {
    return (
      <p role="alert" className="text-amber-900">
        {unavailable}
      </p>
    );
  }
  if (cards.length === 0) return <p className="text-slate-600">{empty}</p>;
  return (
    <ul className="space-y-2" aria-label="Saved cards">
      {cards.map((card) => {
        const label = cardLabel(card);
        return (
          <li
            key={card.id}
            className="flex flex-wrap items-center justify-between gap-3 rounded-md bg-slate-50 px-4 py-3 ring-1 ring-slate-200"
          >
            <span>
              <span className="font-medium">{label}</span>
              <span className="block text-sm text-slate-600">Expires {cardExpiry(card)}</span>
              {detail && <span className="block text-sm text-slate-600">{detail(card)}</span>}
            </span>
            {action?.(card, label)}
          </li>
        );
      })}
    </ul>
  );
}
