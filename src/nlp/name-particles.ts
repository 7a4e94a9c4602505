/**
 * Words that join the parts of one name, in lower case: "Hayat Tahrir al-Sham", "Osama bin Laden", "Syrian
 * Observatory for Human Rights", "Vincent van Gogh". One list for the question's names, the
 * answer's candidate names and the follow-up's subject, so all three read a name the same way.
 */
export const NAME_PARTICLES: ReadonlySet<string> = new Set([
  '-',
  'al',
  'el',
  'bin',
  'ibn',
  'of',
  'for',
  'de',
  'la',
  'von',
  'van',
]);
