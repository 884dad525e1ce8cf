import * as cheerio from "cheerio";
import fc from "fast-check";

/**
 * Input a hostile or careless client sends, for property-based tests over HTTP. Every markup
 * payload carries a `data-pwn` attribute or calls `pwn(…)`, so a page that let one through can
 * be recognised whatever else the payload did.
 */
export const XSS_PAYLOADS = [
  `<script data-pwn>pwn(1)</script>`,
  `"><img src=x onerror=pwn(2) data-pwn>`,
  `'><svg onload=pwn(3) data-pwn>`,
  `</textarea><script data-pwn>pwn(4)</script>`,
  `</title></style></script><script data-pwn>pwn(5)</script>`,
  `<a href="javascript:pwn(6)" data-pwn>länk</a>`,
  `<iframe srcdoc="<script>pwn(7)</script>" data-pwn></iframe>`,
  `" autofocus onfocus="pwn(8)`,
  `' onmouseover='pwn(9)`,
  `\\"-pwn(10)-\\"`,
  "`;pwn(11);`",
  `<!--<script data-pwn>pwn(12)</script>-->`,
  `<math><mtext><table><mglyph><style><img src=x onerror=pwn(13) data-pwn>`,
  `<base href="https://evil.example/" data-pwn>`,
  `<meta http-equiv="refresh" content="0;url=https://evil.example" data-pwn>`,
  `\u2028pwn(14)\u2029`,
  "${pwn(15)}",
  `{{constructor.constructor('pwn(16)')()}}`,
  `javascript:pwn(17)`,
];

export const SQL_PAYLOADS = [
  `' OR '1'='1`,
  `'; DROP TABLE rsvps; --`,
  `" OR 1=1 --`,
  `1; DELETE FROM proposals`,
  `%' OR 1=1 --`,
  `\\'; SELECT * FROM users --`,
  `1 UNION SELECT token_hash FROM rsvps`,
];

/** Characters that break naive code: NUL, bidi overrides, zero-width, lone surrogates, CR. */
export const ODD_TEXT = [
  "\u0000",
  "a\u0000b",
  "\u202Eevil\u202C.exe",
  "\u200B\u200D\uFEFF",
  "\r\n",
  "\r",
  "\t",
  "\u0007\u001B[31m",
  "\uD800",
  "\uDFFF",
  "𝕏",
  "👨‍👩‍👧‍👦",
  "Z̴̡̛͎a̶̧͍l̷g̶o",
  "\u0085",
  "\\",
  "%00",
  "%ZZ",
  "../../etc/passwd",
  "ﷺ",
  "ÅÄÖ åäö",
];

const controlCharacter = fc.integer({ min: 0, max: 0x1f }).map((code) => String.fromCharCode(code));

const fragment = fc.constantFrom(...XSS_PAYLOADS, ...SQL_PAYLOADS, ...ODD_TEXT);

/** Any hostile text: payloads, random Unicode (lone surrogates too), controls, very long. */
export const hostileText: fc.Arbitrary<string> = fc.oneof(
  { weight: 4, arbitrary: fragment },
  { weight: 2, arbitrary: fc.string({ unit: "binary", maxLength: 40 }) },
  { weight: 1, arbitrary: fc.string({ unit: controlCharacter, maxLength: 10 }) },
  {
    weight: 2,
    arbitrary: fc
      .array(fc.oneof(fragment, fc.string({ maxLength: 8 })), { minLength: 1, maxLength: 5 })
      .map((parts) => parts.join("")),
  },
  // Around and beyond the field limits (100, 500, 2000) and the 64 KiB body limit.
  {
    weight: 1,
    arbitrary: fc
      .tuple(fc.oneof(fragment, fc.constant("x")), fc.integer({ min: 1, max: 3_000 }))
      .map(([part, times]) => part.repeat(times)),
  },
);

/** Text a page shows back, kept printable so the check can find it in the page's text. */
export const storedPayload: fc.Arbitrary<string> = fc
  .array(
    fc.oneof(
      fc.constantFrom(...XSS_PAYLOADS, ...SQL_PAYLOADS, "\u202Eevil\u202C", "𝕏", "ÅÄÖ", "\n"),
      fc.string({ unit: "grapheme-ascii", maxLength: 6 }),
    ),
    { minLength: 1, maxLength: 3 },
  )
  .map((parts) => `X ${parts.join(" ")}`);

/** Numbers as a form or URL carries them, valid or not. */
export const numberish: fc.Arbitrary<string> = fc.oneof(
  fc.integer({ min: -3, max: 20 }).map(String),
  fc.constantFrom(
    "",
    "0",
    "-0",
    "+1",
    "01",
    "1e3",
    "0x10",
    "1.5",
    "1,5",
    " 3",
    "٣",
    "３",
    "NaN",
    "Infinity",
    "9007199254740993",
    "99999999999999999999",
  ),
  fc.double().map(String),
  fc.bigInt().map(String),
);

/** A field's value: usually what the form expects, often something else. */
export function value(expected: fc.Arbitrary<string>): fc.Arbitrary<string> {
  return fc.oneof(
    { weight: 3, arbitrary: expected },
    { weight: 2, arbitrary: hostileText },
    { weight: 1, arbitrary: numberish },
  );
}

export type Pairs = [string, string][];

/**
 * A form as name/value pairs. Half the time every field is random: missing, sent once or
 * duplicated, plus stray fields. The other half the form is valid but for one field, so the
 * input also gets past validation and into what stores and shows it.
 */
export function formPairs(fields: Record<string, fc.Arbitrary<string>>): fc.Arbitrary<Pairs> {
  const names = Object.keys(fields);
  const perField = Object.entries(fields).map(([name, expected]) =>
    fc
      .option(fc.array(value(expected), { minLength: 1, maxLength: 3 }), {
        nil: undefined,
        freq: 5,
      })
      .map((values): Pairs => (values ?? []).map((item): [string, string] => [name, item])),
  );
  const stray = fc.array(fc.tuple(fc.oneof(hostileText, fc.string()), hostileText), {
    maxLength: 2,
  });
  const random = fc
    .tuple(fc.tuple(...perField), stray)
    .map(([known, extra]) => [...known.flat(), ...extra]);
  const valid = fc.tuple(...Object.values(fields));
  const oneOff = fc
    .tuple(
      valid,
      fc.constantFrom(...names),
      fc.oneof(hostileText, numberish),
      fc.constantFrom("replace", "drop", "duplicate"),
    )
    .map(([values, odd, oddValue, how]) =>
      names.flatMap((name, index): Pairs => {
        const own: [string, string] = [name, values[index] ?? ""];
        if (name !== odd) return [own];
        if (how === "drop") return [];
        if (how === "duplicate") return [own, [name, oddValue]];
        return [[name, oddValue]];
      }),
    );
  return fc.oneof(random, oneOff);
}

/** POST most of the time; the other methods reach the same actions in Remix. */
export const writeMethod = fc.constantFrom(
  "POST",
  "POST",
  "POST",
  "POST",
  "PUT",
  "PATCH",
  "DELETE",
);

/** How a browser encodes a form: both must be handled. */
export const encoding = fc.constantFrom("urlencoded", "multipart");

export function encode(pairs: Pairs, how: "urlencoded" | "multipart"): URLSearchParams | FormData {
  if (how === "urlencoded") return new URLSearchParams(pairs);
  const form = new FormData();
  for (const [name, item] of pairs) form.append(name, item);
  return form;
}

/**
 * Whether JavaScript source calls `pwn(` outside a string literal or comment: a payload that
 * broke out of the data Remix inlines into a script. Template literals count as strings; the
 * scripts Remix writes have no `${…}` in them.
 */
export function callsPwnOutsideStrings(source: string): boolean {
  let quote: string | null = null;
  for (let i = 0; i < source.length; i++) {
    const char = source[i];
    if (quote) {
      if (char === "\\") i++;
      else if (char === quote) quote = null;
      continue;
    }
    if (char === '"' || char === "'" || char === "`") quote = char;
    else if (source.startsWith("//", i))
      i = source.indexOf("\n", i) < 0 ? source.length : source.indexOf("\n", i);
    else if (source.startsWith("/*", i))
      i = source.indexOf("*/", i + 2) < 0 ? source.length : source.indexOf("*/", i + 2) + 1;
    else if (source.startsWith("pwn(", i)) return true;
  }
  return false;
}

/**
 * What in an HTML answer could run or act: scripts without this response's nonce, a script a
 * payload broke out into, inline handlers, javascript: URLs, and elements the app never makes
 * (frames, plugins, <base>, meta refresh) or that carry the payloads' marker.
 */
export function activeMarkup(html: string, policy: string | null): string[] {
  const $ = cheerio.load(html);
  const nonce = /'nonce-([^']+)'/.exec(policy ?? "")?.[1];
  const problems: string[] = [];
  $("script").each((_, element) => {
    const script = $(element);
    if (!nonce || script.attr("nonce") !== nonce) {
      problems.push(`script without the nonce: ${$.html(element).slice(0, 120)}`);
    }
    if (callsPwnOutsideStrings(script.text())) {
      problems.push(`payload runs inside a script: ${script.text().slice(0, 120)}`);
    }
  });
  const tag = (element: Parameters<typeof $>[0]) =>
    String($(element).prop("tagName")).toLowerCase();
  $("*").each((_, element) => {
    for (const [name, attribute] of Object.entries($(element).attr() ?? {})) {
      if (/^on/i.test(name)) problems.push(`inline handler ${name}="${attribute}"`);
      if (name === "data-pwn") problems.push(`payload element <${tag(element)}>`);
      if (
        ["href", "src", "action", "formaction", "srcdoc"].includes(name) &&
        /^\s*javascript:/i.test(attribute)
      ) {
        problems.push(`javascript: URL in ${name}`);
      }
    }
  });
  $("iframe, frame, object, embed, base, meta[http-equiv]").each((_, element) => {
    problems.push(`unexpected <${tag(element)}>`);
  });
  return problems;
}
