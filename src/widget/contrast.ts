const linear = (c: number): number => {
  const s = c / 255;
  return s <= 0.04045 ? s / 12.92 : ((s + 0.055) / 1.055) ** 2.4;
};

/**
 * White or near-black, whichever contrasts more (WCAG relative luminance) with an element's computed
 * background, so a host's pale accent colour does not leave white text unreadable.
 */
export function inkFor(el: Element): string | undefined {
  const m = /rgba?\((\d+),\s*(\d+),\s*(\d+)/.exec(getComputedStyle(el).backgroundColor);
  if (!m) return undefined;
  const l = 0.2126 * linear(Number(m[1])) + 0.7152 * linear(Number(m[2])) + 0.0722 * linear(Number(m[3]));
  return 1.05 / (l + 0.05) >= (l + 0.05) / 0.05 ? '#fff' : '#14171a';
}
