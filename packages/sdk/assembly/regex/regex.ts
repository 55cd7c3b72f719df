// RE2-syntax regular expressions that match in time linear in the input.
//
// Design: the pattern is parsed (parser.ts) and compiled (compiler.ts) into
// a program for a nondeterministic automaton, capped at MAX_PROGRAM_SIZE
// instructions. Matching (pike-vm.ts) never backtracks: it advances the set
// of all live program positions one code point at a time, visiting each
// instruction at most once per position, so a match costs at most
// O(input length x program size) whatever the pattern and input. Constructs
// that cannot be matched this way (backreferences, lookaround) are refused
// at compile time, as RE2 does. Compile once at configure time; matching
// reuses buffers allocated at compile time and allocates nothing.

import { compileProgram, TooLarge } from "./compiler";
import { MAX_PROGRAM_SIZE, RegexErrorCode, regexErrorAdvice, regexErrorCodeName } from "./errors";
import { Parser } from "./parser";
import { PikeVm } from "./pike-vm";
import { Program } from "./program";
import { containsLiteral, requiredLiteral } from "./required-literal";

/** The outcome of `Regex.compile`: either `regex` (ok) or an error with its position. */
export class RegexCompileResult {
  /** True when the pattern compiled; `regex` is then set. */
  ok: bool = false;
  regex: Regex | null = null;
  /** Why the pattern was refused, quoting it and saying what to do; "" when ok. */
  error: string = "";
  /** Offset in the pattern (UTF-16 code units) where the problem starts; -1 when ok. */
  position: i32 = -1;
  code: RegexErrorCode = RegexErrorCode.None;

  /** The stable name of `code`, e.g. `unsupported-lookaround`. */
  get codeName(): string {
    return regexErrorCodeName(this.code);
  }

  static success(regex: Regex): RegexCompileResult {
    const result = new RegexCompileResult();
    result.ok = true;
    result.regex = regex;
    return result;
  }

  static failure(pattern: string, code: RegexErrorCode, position: i32, detail: string): RegexCompileResult {
    const result = new RegexCompileResult();
    result.code = code;
    result.position = position;
    result.error =
      "invalid regex \"" + pattern + "\" at position " + position.toString() + ": " + detail +
      " [" + regexErrorCodeName(code) + "]; " + regexErrorAdvice(code);
    return result;
  }
}

/**
 * A compiled RE2-syntax regular expression. Matching is a yes/no answer in
 * time linear in the input (see pike-vm.ts). Not reentrant: one match at a
 * time per instance (wasm filters are single-threaded).
 */
export class Regex {
  /** The source pattern. */
  readonly pattern: string;
  private readonly program: Program;
  private readonly vm: PikeVm;
  /** ASCII every match contains (required-literal.ts); empty when none. */
  private readonly literal: StaticArray<u16>;

  private constructor(pattern: string, program: Program, literal: StaticArray<u16>) {
    this.pattern = pattern;
    this.program = program;
    this.vm = new PikeVm(program);
    this.literal = literal;
  }

  /** Parses and compiles `pattern`. Never traps: bad patterns give `ok == false`. */
  static compile(pattern: string): RegexCompileResult {
    const parser = new Parser(pattern);
    const root = parser.parse();
    const reader = parser.reader;
    if (root === null) {
      return RegexCompileResult.failure(pattern, reader.errorCode, reader.errorPosition, reader.errorDetail);
    }
    const tooLarge = new TooLarge();
    const program = compileProgram(root, tooLarge);
    if (program === null) {
      return RegexCompileResult.failure(
        pattern, RegexErrorCode.ProgramTooLarge, tooLarge.position,
        "the compiled program would exceed " + MAX_PROGRAM_SIZE.toString() + " instructions",
      );
    }
    return RegexCompileResult.success(new Regex(pattern, program, requiredLiteral(root)));
  }

  /** Number of instructions in the compiled program (work per input character is at most this). */
  get programSize(): i32 {
    return this.program.length;
  }

  /** True when the whole of `input` matches (Envoy `safe_regex`, Istio `regex`). */
  fullMatch(input: string): bool {
    const ptr = changetype<usize>(input);
    return this.run<u16>(ptr, ptr + (<usize>input.length << 1), true);
  }

  /** True when some part of `input` matches. */
  search(input: string): bool {
    const ptr = changetype<usize>(input);
    return this.run<u16>(ptr, ptr + (<usize>input.length << 1), false);
  }

  /** fullMatch over `length` bytes of UTF-8 at `ptr` (e.g. a header value from the host). */
  fullMatchUtf8(ptr: usize, length: usize): bool {
    return this.run<u8>(ptr, ptr + length, true);
  }

  /** search over `length` bytes of UTF-8 at `ptr`. */
  searchUtf8(ptr: usize, length: usize): bool {
    return this.run<u8>(ptr, ptr + length, false);
  }

  /** fullMatch over UTF-8 bytes. */
  fullMatchBytes(bytes: ArrayBuffer): bool {
    return this.fullMatchUtf8(changetype<usize>(bytes), <usize>bytes.byteLength);
  }

  /** search over UTF-8 bytes. */
  searchBytes(bytes: ArrayBuffer): bool {
    return this.searchUtf8(changetype<usize>(bytes), <usize>bytes.byteLength);
  }

  /** The automaton over code units of type T, after ruling out inputs without the required literal. */
  private run<T>(ptr: usize, end: usize, whole: bool): bool {
    if (!containsLiteral<T>(this.literal, ptr, end)) return false;
    return this.vm.run<T>(ptr, end, whole);
  }
}
