import { ConfirmRemovalButton } from "@/components/ui/confirm-removal-button";

/** "Remove" on a saved card, confirmed in a dialog: the card disappears from every brand. */
export function RemoveCardButton({
  customerId,
  cardId,
  label,
}: {
  customerId: string;
  cardId: string;
  label: string;
}) {
  return (
    <ConfirmRemovalButton
      url={`/api/org/customers/${customerId}/cards/${cardId}`}
      buttonLabel={`Remove ${label}`}
      title={`Remove ${label}?`}
      confirmLabel="Remove card"
      failureMessage="We couldn't remove the card. Try again."
    >
      The card is shared: removing it takes it away from every Rocket brand. Past payments are kept.
    </ConfirmRemovalButton>
  );
}
