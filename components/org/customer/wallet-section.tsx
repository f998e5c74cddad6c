import { Panel } from "@/components/ui/panel";
import { AuditTrail } from "@/components/wallet/audit-trail";
import type { TrailEntry } from "@/lib/audit/entries";
import type { BrandChoice } from "@/lib/wallet/brand-choice-input";

/**
 * The customer's own choices of where their saved cards are offered (theirs to change, so
 * read-only here) and the trail of every change to their wallet and profile.
 */
export function WalletSection({ choices, trail }: { choices: BrandChoice[]; trail: TrailEntry[] }) {
  return (
    <Panel title="Wallet choices and history" titleId="wallet-heading" className="space-y-4">
      <div className="space-y-2">
        <h3 className="font-medium">Where the customer lets their saved cards be offered</h3>
        <ul className="flex flex-wrap gap-2 text-sm" aria-label="Brands offering the saved cards">
          {choices.map((choice) => (
            <li
              key={choice.slug}
              aria-label={choice.name}
              className="rounded-full px-3 py-1 ring-1 ring-slate-300"
            >
              {choice.name}:{" "}
              {choice.offerSavedCards ? "offers the saved cards" : "switched off by the customer"}
            </li>
          ))}
        </ul>
        <p className="text-xs text-slate-600">Only the customer changes these, on their account page.</p>
      </div>
      <div className="space-y-2">
        <h3 className="font-medium">History, newest first</h3>
        <AuditTrail entries={trail} reader="admin" />
      </div>
    </Panel>
  );
}
