/**
 * Which pages load the client scripts. Public pages are complete as server-rendered HTML (links,
 * GET filters and POST forms), so they load no JavaScript at all: React and Remix alone are
 * about 85 KB gzipped, and the budget for a public page is 90 KB (docs/decisions/007). The staff
 * and partner areas, where pages are used for long and forms are many, hydrate: their layout
 * routes export `handle = HYDRATE`. A page below them that only shows figures opts out with
 * `handle = NO_SCRIPTS`: the data to hydrate it would be a third of its weight.
 */
export const HYDRATE = { hydrate: true } as const;
export const NO_SCRIPTS = { hydrate: false } as const;

type MatchLike = { handle?: unknown };

/** The deepest matched route that says decides; by default a page loads no scripts. */
export function hydrates(matches: readonly MatchLike[]): boolean {
  for (const match of [...matches].reverse()) {
    const hydrate =
      typeof match.handle === "object" && match.handle !== null
        ? (match.handle as { hydrate?: unknown }).hydrate
        : undefined;
    if (typeof hydrate === "boolean") return hydrate;
  }
  return false;
}
