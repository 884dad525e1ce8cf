/**
 * CSV for Excel as staff in Sweden open it: a double-click must show å, ä, ö and split columns.
 *
 * - UTF-8 with a byte-order mark: without it Excel reads the file as Windows-1252 ("Ã¥").
 * - Semicolons between cells: Excel splits on the list separator of the computer's region, which
 *   is ";" in Sweden (the comma is the decimal sign there), and LibreOffice and Google Sheets
 *   detect ";" too. No "sep=;" line: with one, Excel ignores the byte-order mark.
 * - Numbers with a decimal comma for Swedish, a point for English, so Excel reads them as numbers.
 * - CRLF line ends (RFC 4180); a cell with ; " CR or LF is quoted, inner quotes doubled.
 * - Text starting with = + - @ (or a tab or CR) gets a leading apostrophe, or Excel would run it
 *   as a formula: an activity titled =HYPERLINK(…) must stay text (CSV injection, OWASP).
 */

export type CsvCell = string | number | null | undefined;

const CSV_CONTENT_TYPE = "text/csv; charset=utf-8";
const BOM = "\uFEFF";
const SEPARATOR = ";";
const FORMULA_START = /^[=+\-@\t\r]/;
const NEEDS_QUOTES = /[;"\r\n]/;

function textCell(value: string): string {
  const safe = FORMULA_START.test(value) ? `'${value}` : value;
  return NEEDS_QUOTES.test(safe) ? `"${safe.replace(/"/g, '""')}"` : safe;
}

function numberCell(value: number, decimal: "," | "."): string {
  if (!Number.isFinite(value)) return "";
  // Numbers are written by us, never typed by a user, so a minus sign here is no formula.
  return String(value).replace(".", decimal);
}

/** The whole file as one string, byte-order mark first. */
export function toCsv(rows: CsvCell[][], options: { decimal?: "," | "." } = {}): string {
  const decimal = options.decimal ?? ",";
  const lines = rows.map((row) =>
    row
      .map((cell) =>
        cell === null || cell === undefined
          ? ""
          : typeof cell === "number"
            ? numberCell(cell, decimal)
            : textCell(cell),
      )
      .join(SEPARATOR),
  );
  return `${BOM}${lines.join("\r\n")}\r\n`;
}

/** A download response; `filename` must be plain ASCII (letters, digits, - _ .). */
export function csvResponse(csv: string, filename: string): Response {
  if (!/^[A-Za-z0-9._-]+$/.test(filename)) throw new Error(`Unsafe CSV file name: ${filename}`);
  return new Response(csv, {
    headers: {
      "Content-Type": CSV_CONTENT_TYPE,
      "Content-Disposition": `attachment; filename="${filename}"`,
      // Turnout figures are for staff: no shared cache may keep them.
      "Cache-Control": "private, no-store",
    },
  });
}
