import { z } from "zod";

export const roleSchema = z.enum(["shopper", "admin"]);
export type Role = z.infer<typeof roleSchema>;

/** Unknown values in the database degrade to the least privileged role. */
export function toRole(value: unknown): Role {
  const parsed = roleSchema.safeParse(value);
  return parsed.success ? parsed.data : "shopper";
}
