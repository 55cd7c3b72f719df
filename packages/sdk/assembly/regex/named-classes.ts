// The named classes of RE2 syntax. All of them are ASCII-only, as in RE2:
// `\d` is [0-9], `\s` is [\t\n\f\r ] (no \v), `\w` is [0-9A-Za-z_].

import { CharClass } from "./char-class";

/** The class for a Perl escape letter (`d`, `s`, `w`, upper case negated), or null. */
export function perlClass(letter: u32): CharClass | null {
  const lower = letter | 0x20;
  let charClass: CharClass | null = null;
  if (lower == 0x64 /* d */) charClass = new CharClass().addRange(0x30, 0x39);
  else if (lower == 0x73 /* s */) charClass = spaceClass();
  else if (lower == 0x77 /* w */) charClass = wordClass();
  if (charClass === null) return null;
  if (letter < 0x61) charClass.negate();
  return charClass;
}

function spaceClass(): CharClass {
  return new CharClass().addRange(0x09, 0x0a).addRange(0x0c, 0x0d).addRune(0x20);
}

function wordClass(): CharClass {
  return new CharClass().addRange(0x30, 0x39).addRange(0x41, 0x5a).addRune(0x5f).addRange(0x61, 0x7a);
}

/** True for the ASCII word characters of `\w` and `\b`. */
// @ts-ignore: decorator
@inline
export function isWordRune(rune: i32): bool {
  return (
    (rune >= 0x30 && rune <= 0x39) ||
    (rune >= 0x41 && rune <= 0x5a) ||
    (rune >= 0x61 && rune <= 0x7a) ||
    rune == 0x5f
  );
}

/** The class for a POSIX name such as `alpha` (in `[[:alpha:]]`), or null if unknown. */
export function posixClass(name: string): CharClass | null {
  const c = new CharClass();
  if (name == "alnum") return c.addRange(0x30, 0x39).addRange(0x41, 0x5a).addRange(0x61, 0x7a);
  if (name == "alpha") return c.addRange(0x41, 0x5a).addRange(0x61, 0x7a);
  if (name == "ascii") return c.addRange(0x00, 0x7f);
  if (name == "blank") return c.addRune(0x09).addRune(0x20);
  if (name == "cntrl") return c.addRange(0x00, 0x1f).addRune(0x7f);
  if (name == "digit") return c.addRange(0x30, 0x39);
  if (name == "graph") return c.addRange(0x21, 0x7e);
  if (name == "lower") return c.addRange(0x61, 0x7a);
  if (name == "print") return c.addRange(0x20, 0x7e);
  if (name == "punct") return c.addRange(0x21, 0x2f).addRange(0x3a, 0x40).addRange(0x5b, 0x60).addRange(0x7b, 0x7e);
  if (name == "space") return c.addRange(0x09, 0x0d).addRune(0x20);
  if (name == "upper") return c.addRange(0x41, 0x5a);
  if (name == "word") return wordClass();
  if (name == "xdigit") return c.addRange(0x30, 0x39).addRange(0x41, 0x46).addRange(0x61, 0x66);
  return null;
}
