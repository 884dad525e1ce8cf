import { DEFAULT_LOCALE, isLocale, translator, type Locale } from "./i18n";

type Match = { id: string; data: unknown };

/** The root loader's locale inside a `meta` function, which cannot use hooks. */
export function metaTranslator(matches: Match[]) {
  const data = matches.find((match) => match.id === "root")?.data;
  const candidate =
    typeof data === "object" && data !== null && "locale" in data ? data.locale : undefined;
  const locale: Locale = isLocale(candidate) ? candidate : DEFAULT_LOCALE;
  return { locale, t: translator(locale) };
}

export function pageTitle(title: string): string {
  return `${title} – Träffpunkt`;
}
