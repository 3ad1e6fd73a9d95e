/**
 * A process-wide cap on uploads in flight: each one streams a body to disk,
 * reads its files in a sandbox and may rebuild the index, so their number,
 * not only their rate per client, bounds the server's memory and disk.
 */
import { processWide } from '../memo';

const inFlight = processWide('upload-slots', () => ({ count: 0 }));

/** A release function when a slot is free, else undefined. */
export function takeUploadSlot(max: number): (() => void) | undefined {
  if (inFlight.count >= max) return undefined;
  inFlight.count++;
  let released = false;
  return () => {
    if (released) return;
    released = true;
    inFlight.count--;
  };
}
