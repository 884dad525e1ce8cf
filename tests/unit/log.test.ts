import { afterEach, describe, expect, it, vi } from "vitest";
import { log, loggablePath } from "~/utils/log.server";

afterEach(() => {
  vi.restoreAllMocks();
});

describe("request logs", () => {
  it.each([
    ["/rsvp/abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQ?welcome=1", "/rsvp/:token"],
    ["/login/abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQ", "/login/:token"],
    ["/feeds/me/abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQ.ics", "/feeds/me/:token"],
    ["/places/soder?week=2026-W49", "/places/soder"],
    ["/login", "/login"],
  ])("keep secrets out of %s", (url, logged) => {
    expect(loggablePath(url)).toBe(logged);
  });

  it("writes one JSON line and masks anything shaped like an email address", () => {
    const write = vi.spyOn(process.stdout, "write").mockImplementation(() => true);
    log("job-failed", { job: "mail", error: "550 <anna@example.org>: Recipient rejected" });
    const line = String(write.mock.calls[0]?.[0]);
    expect(line.endsWith("\n")).toBe(true);
    const entry = JSON.parse(line);
    expect(entry).toMatchObject({
      event: "job-failed",
      job: "mail",
      error: "550 <<address>>: Recipient rejected",
    });
    expect(line).not.toContain("anna@example.org");
  });
});
