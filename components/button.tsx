import type { ButtonHTMLAttributes, Ref } from 'react';

/**
 * The page's kinds of button; each says what it is for, the focus ring and the disabled look are shared.
 * A `className` may add to a variant (a margin, a colour) but not restate its size or shape: Tailwind resolves
 * two classes for one property by stylesheet order, not by the order they are written in.
 */
const VARIANTS = {
  // Header actions and secondary choices.
  outline: 'rounded-lg border border-zinc-300 px-3 py-1.5 text-sm hover:bg-zinc-50 dark:border-zinc-700 dark:hover:bg-zinc-900',
  // The same, small, inside a list.
  small: 'rounded-md border border-zinc-300 px-2 py-1 text-xs hover:bg-zinc-50 dark:border-zinc-700 dark:hover:bg-zinc-900',
  // The one thing to do here.
  primary: 'rounded-lg bg-sky-700 px-3 py-1.5 text-sm font-semibold text-white focus-visible:outline-offset-2',
  // What cannot be undone, and retrying after an error.
  danger: 'rounded-lg bg-red-700 px-3 py-1.5 text-sm font-semibold text-white focus-visible:outline-offset-2 focus-visible:outline-red-700',
  // The same, small, inside a list.
  smallDanger:
    'rounded-md bg-red-700 px-2 py-1 text-xs font-semibold text-white focus-visible:outline-offset-2 focus-visible:outline-red-700',
  // A whole row that opens something: a source, a related passage, a suggested question.
  card: 'w-full rounded-lg border border-zinc-200 px-3 py-2 text-left text-sm hover:bg-zinc-50 dark:border-zinc-800 dark:hover:bg-zinc-900',
  // A question to ask, as a pill.
  chip: 'rounded-full border border-zinc-300 px-3 py-1 text-sm hover:bg-zinc-50 dark:border-zinc-700 dark:hover:bg-zinc-900',
  // No frame: close, copy.
  ghost: 'rounded-md px-2 py-1 hover:bg-zinc-100 dark:hover:bg-zinc-800',
  // Reads as a link.
  link: 'text-left underline-offset-2 hover:underline',
} as const;

export type ButtonVariant = keyof typeof VARIANTS;

export function Button({
  variant = 'outline',
  className = '',
  type = 'button',
  ref,
  ...props
}: ButtonHTMLAttributes<HTMLButtonElement> & { variant?: ButtonVariant; ref?: Ref<HTMLButtonElement> }) {
  return (
    <button
      ref={ref}
      type={type}
      className={`focus-visible:outline-2 focus-visible:outline-sky-600 disabled:opacity-60 ${VARIANTS[variant]} ${className}`.trim()}
      {...props}
    />
  );
}
