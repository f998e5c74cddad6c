"use client";

import { useRouter } from "next/navigation";
import { useState, type FormEvent } from "react";
import { FormAlert, FormStatus } from "@/components/ui/form-alert";
import { SelectField } from "@/components/ui/select-field";
import { SubmitButton } from "@/components/ui/submit-button";
import { TextField } from "@/components/ui/text-field";
import { sendJson } from "@/lib/client/send-json";
import type { Country } from "@/lib/countries";
import { profileInputSchema } from "@/lib/customers/profile-input";
import type { SharedProfile } from "@/lib/customers/strategy";

type Errors = Record<string, string | undefined>;

const ADDRESS_TEXT_FIELDS = [
  ["line1", "Address line 1", "address-line1"],
  ["line2", "Address line 2", "address-line2"],
  ["city", "City", "address-level2"],
  ["state", "State or region", "address-level1"],
  ["postal_code", "Postal code", "postal-code"],
] as const;
const ADDRESS_KEYS = [...ADDRESS_TEXT_FIELDS.map(([key]) => key), "country"] as const;

/** The picker's choices: every country, and a stored code the list does not know kept as it is. */
function countryOptions(countries: readonly Country[], stored: string | null | undefined) {
  const options = countries.map((country) => ({ value: country.code, label: country.name }));
  if (!stored || countries.some((country) => country.code === stored)) return options;
  return [{ value: stored, label: stored }, ...options];
}

type Props = {
  profile: SharedProfile;
  /**
   * The countries to pick from, named on the server (`COUNTRIES`): the browser's own country
   * names differ from Node's ("Hong Kong" for "Hong Kong SAR China"), and a page whose text
   * changes as it hydrates is rendered again from scratch, losing what was typed into it.
   */
  countries: readonly Country[];
  /** The route handler that takes the PATCH. */
  endpoint: string;
  /** The form's accessible name. */
  label: string;
  submitLabel: string;
  emailHint: string;
  /**
   * The shopper's own form lets the browser autofill their details; an
   * admin editing someone else's profile must not get their own filled in.
   */
  autofill: boolean;
};

/**
 * The editor of a customer's shared profile, for the shopper (account page)
 * and for an admin (org dashboard): one schema, one set of messages.
 */
export function SharedProfileForm({
  profile,
  countries,
  endpoint,
  label,
  submitLabel,
  emailHint,
  autofill,
}: Props) {
  const router = useRouter();
  const [pending, setPending] = useState(false);
  const [errors, setErrors] = useState<Errors>({});
  const [formError, setFormError] = useState<string | null>(null);
  const [saved, setSaved] = useState(false);
  const autoComplete = (token: string) => (autofill ? token : "off");

  async function onSubmit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const data = new FormData(event.currentTarget);
    const text = (name: string) => String(data.get(name) ?? "");
    const parsed = profileInputSchema.safeParse({
      name: text("name"),
      email: text("email"),
      phone: text("phone"),
      address: Object.fromEntries(ADDRESS_KEYS.map((key) => [key, text(`address.${key}`)])),
    });
    setSaved(false);
    if (!parsed.success) {
      const next: Errors = {};
      for (const issue of parsed.error.issues) next[issue.path.join(".")] ??= issue.message;
      setErrors(next);
      setFormError("Some fields need your attention.");
      return;
    }
    setPending(true);
    setErrors({});
    setFormError(null);
    const result = await sendJson(
      endpoint,
      "PATCH",
      parsed.data,
      "We couldn't save the profile. Please try again.",
    );
    setPending(false);
    if (!result.ok) {
      setErrors(result.fields);
      setFormError(result.message);
      return;
    }
    setSaved(true);
    router.refresh();
  }

  return (
    <form noValidate onSubmit={onSubmit} aria-label={label} className="space-y-4">
      <FormAlert message={formError} />
      <FormStatus message={saved ? "Saved. Every Rocket brand now sees these details." : null} />
      <div className="grid gap-4 sm:grid-cols-2">
        <TextField
          name="name"
          label="Name"
          autoComplete={autoComplete("name")}
          defaultValue={profile.name ?? ""}
          error={errors.name}
        />
        <TextField
          name="email"
          label="Email"
          type="email"
          autoComplete={autoComplete("email")}
          defaultValue={profile.email ?? ""}
          error={errors.email}
          hint={emailHint}
        />
        <TextField
          name="phone"
          label="Phone"
          type="tel"
          autoComplete={autoComplete("tel")}
          defaultValue={profile.phone ?? ""}
          error={errors.phone}
        />
        {ADDRESS_TEXT_FIELDS.map(([key, fieldLabel, token]) => (
          <TextField
            key={key}
            name={`address.${key}`}
            label={fieldLabel}
            autoComplete={autoComplete(token)}
            defaultValue={profile.address?.[key] ?? ""}
            error={errors[`address.${key}`]}
          />
        ))}
        <SelectField
          name="address.country"
          label="Country"
          placeholder="No country"
          options={countryOptions(countries, profile.address?.country)}
          autoComplete={autoComplete("country")}
          defaultValue={profile.address?.country ?? ""}
          error={errors["address.country"]}
        />
      </div>
      <div className="sm:w-56">
        <SubmitButton pending={pending}>{pending ? "Saving…" : submitLabel}</SubmitButton>
      </div>
    </form>
  );
}
