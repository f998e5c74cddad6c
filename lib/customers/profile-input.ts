import { z } from "zod";
import { emailSchema } from "@/lib/auth/validation";
import { printableText } from "@/lib/text";

const optionalText = (max: number, label: string) =>
  printableText(z.string().trim().max(max, `${label} can be at most ${max} characters.`))
    .transform((value) => (value === "" ? null : value))
    .nullable()
    .optional()
    .transform((value) => value ?? null);

/** The shared profile form (account page) and PATCH /api/account/profile. */
export const profileInputSchema = z.object({
  name: printableText(
    z
      .string({ error: "Enter your name." })
      .trim()
      .min(1, "Enter your name.")
      .max(80, "Use at most 80 characters."),
  ),
  email: emailSchema,
  phone: optionalText(20, "Phone").refine(
    (phone) => phone === null || /^\+?[0-9 ()-]{6,20}$/.test(phone),
    "Enter a phone number with digits, spaces, dashes or a leading +.",
  ),
  address: z
    .object({
      line1: optionalText(200, "Address line 1"),
      line2: optionalText(200, "Address line 2"),
      city: optionalText(100, "City"),
      state: optionalText(100, "State"),
      postal_code: optionalText(20, "Postal code"),
      country: optionalText(100, "Country")
        .transform((country) => country?.toUpperCase() ?? null)
        .refine(
          (country) => country === null || /^[A-Z]{2}$/.test(country),
          "Use a two-letter country code, like US.",
        ),
    })
    .optional()
    .transform((address) => address ?? null),
});
export type ProfileInput = z.infer<typeof profileInputSchema>;
