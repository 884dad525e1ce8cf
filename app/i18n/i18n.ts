import { ar } from "./ar";
import { en } from "./en";
import { sv, type MessageKey, type Messages } from "./sv";

export const LOCALES = ["sv", "en", "ar"] as const;
export type Locale = (typeof LOCALES)[number];
export const DEFAULT_LOCALE: Locale = "sv";
export const LOCALE_COOKIE = "lang";

const catalogues: Record<Locale, Messages> = { sv, en, ar };

/** Arabic is written right to left; the page's `dir` follows, and the CSS mirrors with it. */
export function direction(locale: Locale): "ltr" | "rtl" {
  return locale === "ar" ? "rtl" : "ltr";
}

export function isLocale(value: unknown): value is Locale {
  return LOCALES.some((locale) => locale === value);
}

export type Translate = (key: MessageKey, params?: Record<string, string | number>) => string;

export function translator(locale: Locale): Translate {
  const messages = catalogues[locale];
  return (key, params) => {
    const text = messages[key];
    if (!params) return text;
    return text.replace(/\{([\w.-]+)\}/g, (match, name: string) =>
      name in params ? String(params[name]) : match,
    );
  };
}

/** A list from a catalogue entry such as "mån,tis,ons,…". */
export function messageList(locale: Locale, key: MessageKey): string[] {
  return catalogues[locale][key].split(",");
}

/** The locale a person chose (cookie), else the first one their browser asks for that we have. */
export function resolveLocale(cookieHeader: string | null, acceptLanguage: string | null): Locale {
  const chosen = cookieHeader
    ?.split(";")
    .map((part) => part.trim().split("="))
    .find(([name]) => name === LOCALE_COOKIE)?.[1];
  if (isLocale(chosen)) return chosen;
  const wanted = (acceptLanguage ?? "")
    .split(",")
    .map((part) => {
      const [tag = "", ...attributes] = part.trim().split(";");
      const q = attributes.find((attribute) => attribute.trim().startsWith("q="));
      return {
        language: tag.trim().toLowerCase().split("-")[0],
        q: q ? Number(q.trim().slice(2)) : 1,
      };
    })
    .filter((entry) => entry.language && Number.isFinite(entry.q) && entry.q > 0)
    .sort((a, b) => b.q - a.q);
  return wanted.map((entry) => entry.language).find(isLocale) ?? DEFAULT_LOCALE;
}
