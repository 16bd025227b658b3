/**
 * The site's colours from one configured brand colour: text that stays readable on it, and
 * link colours with enough contrast on the light (WCAG AA, 4.5:1) and the dark page background (7:1).
 */

type Rgb = [number, number, number];

// The page backgrounds links sit on (the lower-contrast of page and card in each scheme).
export const LIGHT_BACKGROUND = '#f5f6f8';
export const DARK_BACKGROUND = '#171b1f';
const AA = 4.5;
const DARK_LINK = 7;

function rgb(hex: string): Rgb {
  const n = Number.parseInt(hex.slice(1), 16);
  return [(n >> 16) & 255, (n >> 8) & 255, n & 255];
}

function hex([r, g, b]: Rgb): string {
  return `#${[r, g, b].map((v) => Math.round(v).toString(16).padStart(2, '0')).join('')}`;
}

function luminance(color: Rgb): number {
  const [r, g, b] = color.map((v) => {
    const c = v / 255;
    return c <= 0.03928 ? c / 12.92 : ((c + 0.055) / 1.055) ** 2.4;
  }) as Rgb;
  return 0.2126 * r + 0.7152 * g + 0.0722 * b;
}

export function contrast(a: string, b: string): number {
  const [hi, lo] = [luminance(rgb(a)), luminance(rgb(b))].sort((x, y) => y - x) as [number, number];
  return (hi + 0.05) / (lo + 0.05);
}

/** `color` moved towards black or white (whichever the background is not) until it reads on `background`. */
export function readableOn(color: string, background: string, ratio = AA): string {
  const target: Rgb = luminance(rgb(background)) > 0.5 ? [0, 0, 0] : [255, 255, 255];
  const from = rgb(color);
  for (let step = 0; step <= 20; step++) {
    const mixed = hex(from.map((v, i) => v + ((target[i]! - v) * step) / 20) as Rgb);
    if (contrast(mixed, background) >= ratio) return mixed;
  }
  return hex(target);
}

export interface Theme {
  brand: string;
  /** Text on the brand colour. */
  onBrand: string;
  linkLight: string;
  linkDark: string;
}

export function theme(brand: string): Theme {
  const color = brand.toLowerCase();
  return {
    brand: color,
    onBrand: contrast(color, '#ffffff') >= contrast(color, '#111111') ? '#ffffff' : '#111111',
    linkLight: readableOn(color, LIGHT_BACKGROUND),
    // Mid-tone links on the dark page look disabled: they are lightened further there.
    linkDark: readableOn(color, DARK_BACKGROUND, DARK_LINK),
  };
}

/** The theme as CSS custom properties, for the one inline `<style>` of each page. */
export function themeCss(t: Theme): string {
  return `:root{--brand:${t.brand};--on-brand:${t.onBrand};--link-light:${t.linkLight};--link-dark:${t.linkDark}}`;
}

/** A cairn of three stones in the brand colour. */
export function faviconSvg(t: Theme): string {
  return `<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 32 32"><rect width="32" height="32" rx="7" fill="${t.brand}"/><g fill="${t.onBrand}"><ellipse cx="16" cy="24" rx="10" ry="4"/><ellipse cx="16" cy="16.5" rx="7" ry="3.2"/><ellipse cx="16" cy="10" rx="4.4" ry="2.6"/></g></svg>\n`;
}
