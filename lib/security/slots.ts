/**
 * A process-wide cap on uploads in flight: each one streams a body to disk,
 * reads its files in a sandbox and may rebuild the index, so their number,
 * not only their rate per client, bounds the server's memory and disk. One
 * client address holds at most one slot, so a client cannot take them all;
 * a body that stalls gives its slot back (see lib/multipart's pace limits).
 */
import { processWide } from '../memo';

const inFlight = processWide('upload-slots', () => ({ count: 0, clients: new Set<string>() }));

export type SlotRefusal = 'busy' | 'client-busy';

/** A release function when a slot is free for this client, else why not. */
export function takeUploadSlot(max: number, client: string): (() => void) | SlotRefusal {
  if (inFlight.clients.has(client)) return 'client-busy';
  if (inFlight.count >= max) return 'busy';
  inFlight.count++;
  inFlight.clients.add(client);
  let released = false;
  return () => {
    if (released) return;
    released = true;
    inFlight.count--;
    inFlight.clients.delete(client);
  };
}
