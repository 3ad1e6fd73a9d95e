/** When something happened, the same way everywhere on the page: "29 Nov 2026, 17:14 UTC". */
export function formatWhen(iso: string): string {
  return `${new Date(iso).toLocaleString('en-GB', { dateStyle: 'medium', timeStyle: 'short', timeZone: 'UTC' })} UTC`;
}
