/**
 * Which pages load the client scripts. Public pages are complete as server-rendered HTML (links,
 * GET filters and POST forms), so they load no JavaScript at all: React and Remix alone are
 * about 85 KB gzipped, and the budget for a public page is 90 KB (docs/decisions/007). The staff
 * and partner areas, where pages are used for long and forms are many, hydrate: their layout
 * routes export `handle = HYDRATE`.
 */
export const HYDRATE = { hydrate: true } as const;

type MatchLike = { handle?: unknown };

export function hydrates(matches: readonly MatchLike[]): boolean {
  return matches.some(
    (match) =>
      typeof match.handle === "object" &&
      match.handle !== null &&
      (match.handle as { hydrate?: unknown }).hydrate === true,
  );
}
