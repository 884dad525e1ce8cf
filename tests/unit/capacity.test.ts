import { describe, expect, it } from "vitest";
import { canChangePartySize, decideStatus, placesLeft, planPromotions } from "~/domain/capacity";

describe("capacity counts people", () => {
  it("confirms a party that fits and waitlists one that does not", () => {
    expect(decideStatus({ capacity: 50, confirmedPeople: 46, waiting: 0, partySize: 4 })).toBe(
      "confirmed",
    );
    expect(decideStatus({ capacity: 50, confirmedPeople: 47, waiting: 0, partySize: 4 })).toBe(
      "waitlisted",
    );
  });

  it("sends a newcomer to the back of the queue while anyone is waiting, even if they would fit", () => {
    expect(decideStatus({ capacity: 50, confirmedPeople: 48, waiting: 1, partySize: 1 })).toBe(
      "waitlisted",
    );
  });

  it("has no limit without a capacity", () => {
    expect(decideStatus({ capacity: null, confirmedPeople: 1000, waiting: 0, partySize: 9 })).toBe(
      "confirmed",
    );
    expect(placesLeft(null, 5)).toBeNull();
    expect(placesLeft(10, 12)).toBe(0);
  });
});

describe("waitlist promotion", () => {
  it("promotes in order while parties fit and stops at the first that does not", () => {
    const waitlist = [
      { id: 1, partySize: 2 },
      { id: 2, partySize: 3 },
      { id: 3, partySize: 1 },
    ];
    expect(planPromotions({ capacity: 10, confirmedPeople: 5, waitlist })).toEqual([1, 2]);
    expect(planPromotions({ capacity: 10, confirmedPeople: 7, waitlist })).toEqual([1]);
    expect(planPromotions({ capacity: 10, confirmedPeople: 9, waitlist })).toEqual([]);
  });

  it("promotes everyone when the capacity is removed", () => {
    expect(
      planPromotions({ capacity: null, confirmedPeople: 9, waitlist: [{ id: 4, partySize: 30 }] }),
    ).toEqual([4]);
  });
});

describe("changing party size", () => {
  it("allows shrinking always and growing only into free places", () => {
    expect(canChangePartySize({ capacity: 10, confirmedPeople: 10, from: 3, to: 1 })).toBe(true);
    expect(canChangePartySize({ capacity: 10, confirmedPeople: 8, from: 3, to: 5 })).toBe(true);
    expect(canChangePartySize({ capacity: 10, confirmedPeople: 8, from: 3, to: 6 })).toBe(false);
  });
});
