import QRCode from "qrcode";

/**
 * A QR code for `url` as an SVG document string, made on the server so the printed programme
 * needs no JavaScript. Level M survives a worn or creased notice; a quiet zone of two modules
 * keeps it readable on a busy board. The SVG holds only paths drawn from our own URL; the page
 * names it for assistive technology and prints the address beside it.
 */
export async function qrSvg(url: string): Promise<string> {
  const svg = await QRCode.toString(url, {
    type: "svg",
    errorCorrectionLevel: "M",
    margin: 2,
    color: { dark: "#000000", light: "#ffffff" },
  });
  return svg.replace("<svg ", '<svg aria-hidden="true" focusable="false" ');
}
