import type { HTMLAttributes, ReactNode } from "react";

const PADDING = {
  none: "",
  compact: "p-4",
  normal: "p-4 sm:p-6",
  roomy: "p-6 sm:p-8",
} as const;

type PanelProps = Omit<HTMLAttributes<HTMLElement>, "title"> & {
  /** The element: a titled `section` is a landmark named by its heading. */
  as?: "section" | "div" | "aside" | "li";
  /** The panel's heading (an h2), and the id that names the panel after it. */
  title?: ReactNode;
  titleId?: string;
  /** Shown beside the heading, wrapping under it on a narrow screen (filters, actions). */
  titleAside?: ReactNode;
  padding?: keyof typeof PADDING;
  /** Extra classes: spacing and layout of the content, never the card itself. */
  className?: string;
  children: ReactNode;
};

/** The white card every page is built from: one look, one heading style, phone-sized padding. */
export function Panel({
  as: Element = "section",
  title,
  titleId,
  titleAside,
  padding = "normal",
  className = "",
  children,
  ...rest
}: PanelProps) {
  const heading = title ? (
    <h2 id={titleId} className="text-lg font-semibold">
      {title}
    </h2>
  ) : null;
  return (
    <Element
      aria-labelledby={title && titleId ? titleId : undefined}
      {...rest}
      className={`min-w-0 rounded-2xl bg-white shadow-sm ring-1 ring-slate-200 ${PADDING[padding]} ${className}`.trim()}
    >
      {heading && titleAside ? (
        <div className="flex flex-wrap items-center justify-between gap-3">
          {heading}
          {titleAside}
        </div>
      ) : (
        heading
      )}
      {children}
    </Element>
  );
}
