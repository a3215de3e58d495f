// The rule for attribute names, checked by the server's addatt/mvatt and, as the user types, by
// the dashboard: one small pure check both sides import, so they cannot disagree.
//
// paraslash refuses a name ending in '+' or '-' (setatt reads "name+" and "name-" as set and
// clear). paraweb adds what keeps every other door working: no whitespace or control characters
// (para_client arguments, lsatt -l lines), no '"' or '\' (moods name attributes in is_set("...")),
// no '*', '?' or '[' (rmatt and lsatt take patterns, so such a name could not be named alone)
// and no '/'; at most 64 characters, which keeps ls -l and the dashboard readable.

export const ATTRIBUTE_NAME_MAX = 64;

const FORBIDDEN = /[\s\p{Cc}"\\*?[/]/u;

/** What is wrong with an attribute name, in words, or undefined for a good name. */
export function attributeNameProblem(name: string): string | undefined {
  if (name.length === 0) return 'an attribute name must not be empty';
  const chars = [...name].length;
  if (chars > ATTRIBUTE_NAME_MAX)
    return `an attribute name has at most ${ATTRIBUTE_NAME_MAX} characters (this one has ${chars})`;
  const bad = FORBIDDEN.exec(name)?.[0];
  if (bad !== undefined) {
    const what = /\s|\p{Cc}/u.test(bad) ? 'spaces or control characters' : `'${bad}'`;
    return `an attribute name must not contain ${what}`;
  }
  if (/[+-]$/.test(name))
    return 'an attribute name must not end in + or - (setatt reads those as set and clear)';
  return undefined;
}
