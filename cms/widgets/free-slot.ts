/**
 * Choosing a new award's status-list slot: at random among the slots no award uses. Random, so a
 * slot says nothing about when or in which order credentials were issued (the W3C Bitstring Status
 * List's herd privacy); among the free ones, so it never collides with an issued credential. Pure;
 * status-slot.ts reads the taken slots from the CMS backend.
 */
import { STATUS_LIST_SIZE } from '../../src/schemas/award.ts';

/** The k-th free slot for a uniformly random k; undefined when every slot is taken. */
export function freeSlot(taken: ReadonlySet<number>, random: () => number, size = STATUS_LIST_SIZE): number | undefined {
  const used = [...taken].filter((slot) => Number.isInteger(slot) && slot >= 0 && slot < size).length;
  const free = size - used;
  if (free <= 0) return undefined;
  let k = random() % free;
  for (let slot = 0; slot < size; slot += 1) {
    if (taken.has(slot)) continue;
    if (k === 0) return slot;
    k -= 1;
  }
  return undefined;
}

/** A uniformly random 32-bit number from the browser's cryptographic generator. */
export const randomUint32 = () => crypto.getRandomValues(new Uint32Array(1))[0]!;
