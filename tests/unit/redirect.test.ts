import { describe, expect, it } from "vitest";
import { safeRedirectPath } from "~/utils/redirect";

describe("safeRedirectPath", () => {
  it("keeps paths on our own site, with their query", () => {
    expect(safeRedirectPath("/places/soder?week=2026-W49")).toBe("/places/soder?week=2026-W49");
    expect(safeRedirectPath("/")).toBe("/");
  });

  it.each([
    "//evil.example",
    "/\\evil.example",
    "/\t/evil.example",
    "https://evil.example",
    "javascript:alert(1)",
    "",
    "places",
  ])("sends %j home instead of off the site", (target) => {
    expect(safeRedirectPath(target)).toBe("/");
  });

  it("does not decode an encoded tab into a protocol-relative URL", () => {
    expect(safeRedirectPath("/%09/evil.example")).toBe("/%09/evil.example");
  });
});
