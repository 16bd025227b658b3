import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { contrast } from '#core/render/theme.ts';
import { ROOT } from '../helpers.ts';

/**
 * The state colours of the stylesheet, as seen with each kind of colour blindness (Machado,
 * Oliveira and Fernandes 2009, full severity): every pair stays apart, and the three levels of
 * trouble differ in lightness, not only in hue.
 */

const css = readFileSync(join(ROOT, 'src/styles/site.css'), 'utf8');
const FILLS = ['ok', 'deg', 'part', 'major', 'maint', 'none'];

/** The custom properties of the first `:root {…}` at or after `from`. */
function variables(from: number): Record<string, string> {
  const start = css.indexOf(':root {', from);
  const block = css.slice(start, css.indexOf('}', start));
  return Object.fromEntries([...block.matchAll(/--([\w-]+):\s*(#[0-9a-f]{6});/gi)].map((m) => [m[1]!, m[2]!]));
}
const SCHEMES = { light: variables(0), dark: variables(css.indexOf('prefers-color-scheme: dark')) };

const VISION: Record<string, number[][]> = {
  typical: [
    [1, 0, 0],
    [0, 1, 0],
    [0, 0, 1],
  ],
  protanopia: [
    [0.152286, 1.052583, -0.204868],
    [0.114503, 0.786281, 0.099216],
    [-0.003882, -0.048116, 1.051998],
  ],
  deuteranopia: [
    [0.367322, 0.860646, -0.227968],
    [0.280085, 0.672501, 0.047413],
    [-0.01182, 0.04294, 0.968881],
  ],
  tritanopia: [
    [1.255528, -0.076749, -0.178779],
    [-0.078411, 0.930809, 0.147602],
    [0.004733, 0.691367, 0.3039],
  ],
};

/** CIE L*a*b* of a colour as seen with `vision`. */
function lab(hex: string, vision: number[][]): [number, number, number] {
  const linear = [1, 3, 5].map((i) => {
    const c = Number.parseInt(hex.slice(i, i + 2), 16) / 255;
    return c <= 0.04045 ? c / 12.92 : ((c + 0.055) / 1.055) ** 2.4;
  });
  const [r, g, b] = vision.map((row) => Math.min(1, Math.max(0, row[0]! * linear[0]! + row[1]! * linear[1]! + row[2]! * linear[2]!))) as [
    number,
    number,
    number,
  ];
  const f = (t: number) => (t > 0.008856 ? Math.cbrt(t) : 7.787 * t + 16 / 116);
  const [x, y, z] = [(0.4124 * r + 0.3576 * g + 0.1805 * b) / 0.95047, 0.2126 * r + 0.7152 * g + 0.0722 * b, (0.0193 * r + 0.1192 * g + 0.9505 * b) / 1.08883];
  return [116 * f(y) - 16, 500 * (f(x) - f(y)), 200 * (f(y) - f(z))];
}

describe.each(Object.entries(SCHEMES))('the %s palette', (_, vars) => {
  it('has every state fill', () => {
    for (const name of FILLS) expect(vars[`${name}-fill`], name).toMatch(/^#/);
  });

  it.each(Object.keys(VISION))('keeps every pair of states apart with %s vision (ΔE ≥ 20)', (vision) => {
    for (const [i, a] of FILLS.entries()) {
      for (const b of FILLS.slice(i + 1)) {
        const [p, q] = [lab(vars[`${a}-fill`]!, VISION[vision]!), lab(vars[`${b}-fill`]!, VISION[vision]!)];
        expect(Math.hypot(p[0] - q[0], p[1] - q[1], p[2] - q[2]), `${a} / ${b}`).toBeGreaterThanOrEqual(20);
      }
    }
  });

  it('tells degraded, partial and major outage apart by lightness alone (ΔL* ≥ 15)', () => {
    const [deg, part, major] = ['deg', 'part', 'major'].map((n) => lab(vars[`${n}-fill`]!, VISION.typical!)[0]);
    expect(deg! - part!).toBeGreaterThanOrEqual(15);
    expect(part! - major!).toBeGreaterThanOrEqual(15);
  });

  it('writes state names readably on the page and on cards (4.5:1)', () => {
    for (const name of ['ok', 'deg', 'part', 'major', 'maint', 'none']) {
      for (const background of [vars.bg!, vars.card!]) expect(contrast(vars[name]!, background), `${name} on ${background}`).toBeGreaterThanOrEqual(4.5);
    }
  });
});
