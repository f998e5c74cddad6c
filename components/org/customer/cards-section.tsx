import { SavedCardList } from "@/components/cards/saved-card-list";
import { AddCardButton, type CardSetupConfig } from "@/components/org/add-card-dialog";
import { RemoveCardButton } from "@/components/org/remove-card-button";
import { Panel } from "@/components/ui/panel";
import type { SavedCard } from "@/lib/customers/strategy";

/** The customer's saved cards, shared by every brand: remove one, or add one with their consent. */
export function CardsSection({
  customerId,
  cards,
  cardSetup,
  offeringBrands,
}: {
  customerId: string;
  /** The brands the customer lets offer their saved cards. */
  offeringBrands: readonly string[];
  /** null when Stripe could not be read just now. */
  cards: SavedCard[] | null;
  cardSetup: CardSetupConfig;
}) {
  return (
    <Panel title="Saved cards, shared across every brand" titleId="cards-heading" className="space-y-3">
      <SavedCardList
        cards={cards}
        unavailable="We couldn't load the saved cards from Stripe right now. Reload to try again."
        empty="No saved cards."
        action={(card, label) => <RemoveCardButton customerId={customerId} cardId={card.id} label={label} />}
      />
      <div className="flex flex-wrap items-center justify-between gap-3">
        <p className="text-sm text-slate-600">
          Shoppers save cards at checkout; with their consent you can add one here.
        </p>
        <AddCardButton customerId={customerId} config={cardSetup} offeringBrands={offeringBrands} />
      </div>
    </Panel>
  );
}
