// A regular expression the user typed, made case-insensitive without the `i` flag. V8 ends a
// match that backtracks too long in its engine of linear time (src/regexpGuard.ts), but that
// engine cannot run `i`: `(\w+\s?)+$` with `i` ran 200 s on 30 letters and a `!`, and the Job Log
// filters case-insensitively unless asked not to. So each ASCII letter of the source becomes the
// class of its two cases (`a` -> `[aA]`, `[a-f]` -> `[a-fA-F]`), which matches what `i` matches.
// Pure; where the rewrite cannot be sure of that (a backreference, which `i` also folds; a letter
// or range beyond ASCII, whose cases `i` reads by Unicode's tables), it gives none and the caller
// keeps `i`.

const LETTER = /[A-Za-z]/;
const hex = (s: string, n: number): boolean => s.length === n && /^[0-9A-Fa-f]+$/.test(s);
const escaped = (code: number): string => `\\u${code.toString(16).padStart(4, '0')}`;

/** The cases `i` matches for a character outside a class: itself, or both cases of an ASCII letter; undefined beyond ASCII with cases. */
function foldedChar(ch: string, verbatim: string): string | undefined {
  if (LETTER.test(ch)) return `[${ch.toLowerCase()}${ch.toUpperCase()}]`;
  const code = ch.charCodeAt(0);
  if (code >= 0x80 && (ch.toUpperCase() !== ch || ch.toLowerCase() !== ch)) return undefined;
  return verbatim;
}

/** A class's member: a range of code units (a single character is lo === hi), or a class escape kept as written. */
type Member = { lo: number; hi: number } | { escape: string };

/**
 * `source` rewritten to match, without the `i` flag, what it matches with it (Unicode mode off,
 * as the Job Log and `merge --grep` compile it); undefined where that is not sure (`userRegExp`
 * compiles the source first: one that does not compile is its caller's error).
 */
export function caseFolded(source: string): string | undefined {
  let out = '';
  let i = 0;
  // The character an escape outside a class stands for, with `i` advanced past it; undefined: the escape is not a character.
  const escapeChar = (inClass: boolean): { ch?: string; verbatim: string } | 'unsure' => {
    const start = i;
    const c = source[i + 1];
    if (c === undefined) return 'unsure';
    if (/[1-9]/.test(c) || c === 'k' || (c === '0' && /[0-9]/.test(source[i + 2] ?? ''))) return 'unsure';
    if (c === 'x' && hex(source.slice(i + 2, i + 4), 2)) {
      i += 4;
      return { ch: String.fromCharCode(parseInt(source.slice(start + 2, start + 4), 16)), verbatim: source.slice(start, i) };
    }
    if (c === 'u' && hex(source.slice(i + 2, i + 6), 4)) {
      i += 6;
      return { ch: String.fromCharCode(parseInt(source.slice(start + 2, start + 6), 16)), verbatim: source.slice(start, i) };
    }
    if (c === 'c') {
      const letter = source[i + 2];
      if (letter === undefined || !LETTER.test(letter)) return 'unsure';
      i += 3;
      return { ch: String.fromCharCode(letter.charCodeAt(0) % 32), verbatim: source.slice(start, i) };
    }
    i += 2;
    const verbatim = source.slice(start, i);
    if ('dDwWsS'.includes(c)) return { verbatim };
    if (c === 'b') return inClass ? { ch: '\b', verbatim } : { verbatim };
    if (c === 'B') return inClass ? { ch: 'B', verbatim } : { verbatim };
    const controls: Record<string, string> = { f: '\f', n: '\n', r: '\r', t: '\t', v: '\v', '0': '\0' };
    // Any other escaped character is itself (`\.`, and `\a` is `a` outside Unicode mode).
    return { ch: controls[c] ?? c, verbatim };
  };

  const foldedClass = (): string | undefined => {
    i++;
    let negated = false;
    if (source[i] === '^') {
      negated = true;
      i++;
    }
    const members: Member[] = [];
    const atom = (): Member | 'unsure' | undefined => {
      const c = source[i];
      if (c === undefined) return undefined;
      if (c === '\\') {
        const e = escapeChar(true);
        if (e === 'unsure') return 'unsure';
        return e.ch === undefined ? { escape: e.verbatim } : { lo: e.ch.charCodeAt(0), hi: e.ch.charCodeAt(0) };
      }
      i++;
      return { lo: c.charCodeAt(0), hi: c.charCodeAt(0) };
    };
    while (i < source.length && source[i] !== ']') {
      const a = atom();
      if (a === 'unsure' || a === undefined) return undefined;
      // A range, unless either end is a class escape (`[\d-z]`: a literal `-` outside Unicode mode).
      if (source[i] === '-' && source[i + 1] !== undefined && source[i + 1] !== ']' && !('escape' in a)) {
        i++;
        const b = atom();
        if (b === 'unsure' || b === undefined) return undefined;
        if ('escape' in b) {
          members.push(a, { lo: 45, hi: 45 }, b);
          continue;
        }
        if (b.lo < a.lo) return undefined;
        members.push({ lo: a.lo, hi: b.lo });
        continue;
      }
      members.push(a);
    }
    if (source[i] !== ']') return undefined;
    i++;
    const all: Member[] = [];
    for (const m of members) {
      all.push(m);
      if ('escape' in m) continue;
      // Beyond ASCII, `i` reads the cases by Unicode's tables: a range or a character with cases there is not folded here.
      if (m.hi >= 0x80 && (m.lo !== m.hi || foldedChar(String.fromCharCode(m.lo), '') === undefined)) return undefined;
      for (const [from, to, shift] of [[97, 122, -32], [65, 90, 32]] as const) {
        const lo = Math.max(m.lo, from);
        const hi = Math.min(m.hi, to);
        if (lo <= hi) all.push({ lo: lo + shift, hi: hi + shift });
      }
    }
    const written = all.map((m) => ('escape' in m ? m.escape : m.lo === m.hi ? escaped(m.lo) : `${escaped(m.lo)}-${escaped(m.hi)}`)).join('');
    return `[${negated ? '^' : ''}${written}]`;
  };

  while (i < source.length) {
    const c = source[i];
    if (c === '\\') {
      const e = escapeChar(false);
      if (e === 'unsure') return undefined;
      if (e.ch === undefined) out += e.verbatim;
      else {
        const f = foldedChar(e.ch, e.verbatim);
        if (f === undefined) return undefined;
        out += f;
      }
    } else if (c === '[') {
      const f = foldedClass();
      if (f === undefined) return undefined;
      out += f;
    } else if (c === '(' && source.startsWith('(?<', i) && source[i + 3] !== '=' && source[i + 3] !== '!') {
      // A group's name is no text to match.
      const end = source.indexOf('>', i);
      if (end < 0) return undefined;
      out += source.slice(i, end + 1);
      i = end + 1;
    } else {
      const f = foldedChar(c, c);
      if (f === undefined) return undefined;
      out += f;
      i++;
    }
  }
  return out;
}

/** A RegExp of the user's `source`, case-insensitive when asked, compiled without `i` where `caseFolded` can (so V8 may end its runaway backtracking); throws as `new RegExp` does. */
export function userRegExp(source: string, ignoreCase: boolean, flags = ''): RegExp {
  const original = new RegExp(source, ignoreCase ? `${flags}i` : flags);
  if (!ignoreCase) return original;
  const folded = caseFolded(source);
  if (folded === undefined) return original;
  try {
    return new RegExp(folded, flags);
  } catch {
    return original;
  }
}
