/**
 * Capacity counts people, not sign-ups. The waitlist is strictly first come, first served: a new
 * sign-up joins the queue whenever someone is already waiting, and promotion stops at the first
 * waiting party that does not fit (a smaller party behind it does not jump ahead).
 */

export type WaitingParty = { id: number; partySize: number };

export function placesLeft(capacity: number | null, confirmedPeople: number): number | null {
  return capacity === null ? null : Math.max(0, capacity - confirmedPeople);
}

export function decideStatus(input: {
  capacity: number | null;
  confirmedPeople: number;
  waiting: number;
  partySize: number;
}): "confirmed" | "waitlisted" {
  if (input.capacity === null) return "confirmed";
  if (input.waiting > 0) return "waitlisted";
  return input.confirmedPeople + input.partySize <= input.capacity ? "confirmed" : "waitlisted";
}

/** The waiting parties to confirm now, in order. */
export function planPromotions(input: {
  capacity: number | null;
  confirmedPeople: number;
  waitlist: WaitingParty[];
}): number[] {
  const promoted: number[] = [];
  let confirmed = input.confirmedPeople;
  for (const party of input.waitlist) {
    if (input.capacity !== null && confirmed + party.partySize > input.capacity) break;
    promoted.push(party.id);
    confirmed += party.partySize;
  }
  return promoted;
}

/** Whether a confirmed party may grow from `from` to `to` people. */
export function canChangePartySize(input: {
  capacity: number | null;
  confirmedPeople: number;
  from: number;
  to: number;
}): boolean {
  if (input.capacity === null || input.to <= input.from) return true;
  return input.confirmedPeople - input.from + input.to <= input.capacity;
}
