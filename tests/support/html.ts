import * as cheerio from "cheerio";

export async function getPage(url: string, init: RequestInit = {}) {
  const response = await fetch(url, { redirect: "manual", ...init });
  const html = await response.text();
  return { response, status: response.status, html, $: cheerio.load(html) };
}

const BLOCK_TAG =
  /<\/?(p|div|li|ul|ol|dl|dt|dd|h[1-6]|br|section|article|address|header|footer|main|nav|label|option|button|td|th|tr)\b[^>]*>/gi;

/**
 * Visible text of every match, with each tag boundary read as a space and whitespace collapsed,
 * close to what a screen reader announces ("Arrangör Fyra färger", not "ArrangörFyra färger").
 */
export function text($: cheerio.CheerioAPI, selector: string): string {
  return $(selector)
    .toArray()
    .map((element) => {
      const html = $.html(element)
        .replace(/<(script|style)[\s\S]*?<\/\1>/gi, " ")
        .replace(BLOCK_TAG, " ");
      return cheerio.load(`<p>${html}</p>`)("p").text();
    })
    .join(" ")
    .replace(/\s+/g, " ")
    .trim();
}
