"use client";

// eslint-disable-next-line no-restricted-imports -- the one place that wraps next/link
import NextLink from "next/link";
import { useRouter } from "next/navigation";
import type { ComponentProps, FocusEvent, MouseEvent, TouchEvent } from "react";

type LinkProps = Omit<ComponentProps<typeof NextLink>, "prefetch" | "href"> & { href: string };

/**
 * A link that prefetches its page when the visitor shows they may follow it (pointer over it,
 * a touch, keyboard focus), not when it scrolls into view. Our pages are dynamic (they read the
 * session), so Next's viewport prefetch rendered every linked page on the server for each page
 * view: about six extra renders per page, almost all of them never visited.
 */
export function Link({ href, onMouseEnter, onTouchStart, onFocus, ...props }: LinkProps) {
  const router = useRouter();
  const prefetch = () => router.prefetch(href);
  return (
    <NextLink
      href={href}
      prefetch={false}
      onMouseEnter={(event: MouseEvent<HTMLAnchorElement>) => {
        onMouseEnter?.(event);
        prefetch();
      }}
      onTouchStart={(event: TouchEvent<HTMLAnchorElement>) => {
        onTouchStart?.(event);
        prefetch();
      }}
      onFocus={(event: FocusEvent<HTMLAnchorElement>) => {
        onFocus?.(event);
        prefetch();
      }}
      {...props}
    />
  );
}
