import { describe, expect, it } from "vitest";
import { HYDRATE, hydrates, NO_SCRIPTS } from "~/utils/hydration";

describe("hydrates", () => {
  it("loads no scripts unless a matched route asks, and the deepest route that says decides", () => {
    expect(hydrates([{ handle: undefined }, {}])).toBe(false);
    expect(hydrates([{}, { handle: HYDRATE }, { handle: { other: 1 } }])).toBe(true);
    expect(hydrates([{}, { handle: HYDRATE }, { handle: NO_SCRIPTS }])).toBe(false);
    expect(hydrates([{ handle: NO_SCRIPTS }, { handle: HYDRATE }])).toBe(true);
    expect(hydrates([{ handle: { hydrate: "yes" } }])).toBe(false);
  });
});
