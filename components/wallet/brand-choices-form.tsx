"use client";

import { useRouter } from "next/navigation";
import { useId, useState } from "react";
import { FormAlert, FormStatus } from "@/components/ui/form-alert";
import { sendJson } from "@/lib/client/send-json";
import type { BrandChoice } from "@/lib/wallet/brand-choice-input";

/**
 * The shopper's switch, per brand, for whether that brand's checkout offers their saved cards.
 * Each change is saved at once and takes effect at the next checkout there.
 */
export function BrandChoicesForm({ choices }: { choices: BrandChoice[] }) {
  const router = useRouter();
  const id = useId();
  const [shown, setShown] = useState(choices);
  const [pending, setPending] = useState<string | null>(null);
  const [status, setStatus] = useState<string | null>(null);
  const [error, setError] = useState<string | null>(null);

  const show = (slug: string, offerSavedCards: boolean) =>
    setShown((current) => current.map((item) => (item.slug === slug ? { ...item, offerSavedCards } : item)));

  async function change(choice: BrandChoice, offerSavedCards: boolean) {
    if (pending) return;
    // The switch moves at once; a failure puts it back and says so.
    show(choice.slug, offerSavedCards);
    setPending(choice.slug);
    setStatus(null);
    setError(null);
    const result = await sendJson<{ choice: BrandChoice }>(
      `/api/account/wallet/brands/${encodeURIComponent(choice.slug)}`,
      "PUT",
      { offerSavedCards },
      `We couldn't save your choice for ${choice.name}. Try again.`,
    );
    setPending(null);
    if (!result.ok) {
      show(choice.slug, !offerSavedCards);
      return setError(result.message);
    }
    setStatus(
      offerSavedCards
        ? `Saved: ${choice.name} offers your saved cards again from your next checkout there.`
        : `Saved: ${choice.name} no longer offers your saved cards, from your next checkout there.`,
    );
    router.refresh();
  }

  return (
    <div className="space-y-3">
      <ul className="space-y-2" aria-label="Brands that may offer your saved cards">
        {shown.map((choice) => (
          <li
            key={choice.slug}
            className="flex items-center gap-3 rounded-md bg-slate-50 px-4 py-3 ring-1 ring-slate-200"
          >
            <input
              id={`${id}-${choice.slug}`}
              type="checkbox"
              checked={choice.offerSavedCards}
              disabled={pending !== null}
              onChange={(event) => void change(choice, event.target.checked)}
              className="h-5 w-5 accent-slate-900"
            />
            <label htmlFor={`${id}-${choice.slug}`} className="font-medium">
              {choice.name} may offer my saved cards
            </label>
          </li>
        ))}
      </ul>
      <FormStatus message={status} />
      <FormAlert message={error} />
    </div>
  );
}
