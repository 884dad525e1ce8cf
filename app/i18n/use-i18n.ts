import { useRouteLoaderData } from "@remix-run/react";
import { DEFAULT_LOCALE, isLocale, translator, type Locale } from "./i18n";

/**
 * The page's locale and translator. Error pages can render before the root loader has data,
 * so they fall back to Swedish.
 */
export function useI18n() {
  const data = useRouteLoaderData<{ locale: Locale }>("root");
  const locale: Locale = isLocale(data?.locale) ? data.locale : DEFAULT_LOCALE;
  return { locale, t: translator(locale) };
}
