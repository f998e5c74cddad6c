import type { InputHTMLAttributes } from "react";
import { Field } from "./field";

type TextFieldProps = InputHTMLAttributes<HTMLInputElement> & {
  name: string;
  label: string;
  error?: string | undefined;
  hint?: string | undefined;
};

/** A labelled input whose error is tied to it for screen readers. */
export function TextField({ name, label, error, hint, ...input }: TextFieldProps) {
  return (
    <Field name={name} label={label} error={error} hint={hint}>
      {(control) => <input {...control} {...input} />}
    </Field>
  );
}
