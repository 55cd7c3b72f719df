// Istio's string match forms for AuthorizationPolicy values: exact, prefix
// ("/api/*"), suffix ("*.example.com"), and presence ("*": any non-empty
// value).

enum PatternKind {
  Exact = 0,
  Prefix = 1,
  Suffix = 2,
  Presence = 3,
}

export class StringPattern {
  private constructor(private readonly kind: PatternKind, private readonly text: string, private readonly ignoreCase: bool) {}

  /** The pattern written `pattern`; `ignoreCase` compares lower-cased (hosts). */
  static parse(pattern: string, ignoreCase: bool = false): StringPattern {
    const text = ignoreCase ? pattern.toLowerCase() : pattern;
    if (text == "*") return new StringPattern(PatternKind.Presence, "", ignoreCase);
    if (text.startsWith("*")) return new StringPattern(PatternKind.Suffix, text.substring(1), ignoreCase);
    if (text.endsWith("*")) return new StringPattern(PatternKind.Prefix, text.substring(0, text.length - 1), ignoreCase);
    return new StringPattern(PatternKind.Exact, text, ignoreCase);
  }

  /** True when `value` (null: the attribute is absent) matches. */
  matches(value: string | null): bool {
    if (value === null) return false;
    const subject = this.ignoreCase ? value.toLowerCase() : value;
    switch (this.kind) {
      case PatternKind.Exact: return subject == this.text;
      case PatternKind.Prefix: return subject.startsWith(this.text);
      case PatternKind.Suffix: return subject.endsWith(this.text);
      default: return subject.length > 0;
    }
  }
}

/** All of `patterns` parsed. */
export function parsePatterns(patterns: string[], ignoreCase: bool = false): StringPattern[] {
  const result = new Array<StringPattern>();
  for (let i = 0; i < patterns.length; i++) result.push(StringPattern.parse(unchecked(patterns[i]), ignoreCase));
  return result;
}

/** True when any pattern matches `value`. */
export function anyMatches(patterns: StringPattern[], value: string | null): bool {
  for (let i = 0; i < patterns.length; i++) {
    if (unchecked(patterns[i]).matches(value)) return true;
  }
  return false;
}
