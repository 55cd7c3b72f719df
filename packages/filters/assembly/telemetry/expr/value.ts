// The values expressions produce. Every attribute has a static type known at
// configure time (the catalogue in ./attribute-catalogue), so comparisons are
// type-checked once; at request time a value also says whether the attribute
// was present, and an absent one reads as its type's default ("", 0, false).

export enum ValueType {
  String = 0,
  Number = 1,
  Bool = 2,
}

/** The name of a type, for configuration errors. */
export function typeName(type: ValueType): string {
  if (type == ValueType.String) return "string";
  if (type == ValueType.Number) return "number";
  return "boolean";
}

/** One evaluated value. */
export class Value {
  constructor(
    public readonly type: ValueType,
    public readonly present: bool,
    public readonly text: string,
    public readonly number: f64,
    public readonly flag: bool,
  ) {}

  static ofString(text: string | null): Value {
    return text === null ? ABSENT_STRING : new Value(ValueType.String, true, text, 0, false);
  }

  /** A number attribute; negative inputs mean "absent" (the SDK's -1). */
  static ofCount(number: f64): Value {
    return number < 0 ? ABSENT_NUMBER : new Value(ValueType.Number, true, "", number, false);
  }

  static ofNumber(number: f64): Value {
    return new Value(ValueType.Number, true, "", number, false);
  }

  static ofBool(flag: bool): Value {
    return flag ? TRUE : FALSE;
  }

  static absent(type: ValueType): Value {
    if (type == ValueType.String) return ABSENT_STRING;
    if (type == ValueType.Number) return ABSENT_NUMBER;
    return ABSENT_BOOL;
  }

  /** The value as label or log text: integers without a fraction, booleans as true/false. */
  toText(): string {
    if (this.type == ValueType.String) return this.text;
    if (this.type == ValueType.Bool) return this.flag ? "true" : "false";
    return formatNumber(this.number);
  }
}

/** Integers print without a fraction; others with AssemblyScript's shortest form. */
export function formatNumber(number: f64): string {
  if (isFinite(number) && Math.trunc(number) == number && Math.abs(number) < 9007199254740992) return (<i64>number).toString();
  if (!isFinite(number)) return "0";
  return number.toString();
}

const ABSENT_STRING = new Value(ValueType.String, false, "", 0, false);
const ABSENT_NUMBER = new Value(ValueType.Number, false, "", 0, false);
const ABSENT_BOOL = new Value(ValueType.Bool, false, "", 0, false);
const TRUE = new Value(ValueType.Bool, true, "", 0, true);
const FALSE = new Value(ValueType.Bool, true, "", 0, false);
