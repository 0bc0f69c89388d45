/**
 * The environment contract between the CDK constructs that set a function's variables and
 * the entry that reads them. Each variable is declared once (function-environments.ts) with
 * its kind; constructs render a typed object of the contract, so a forgotten variable does
 * not compile, and entries read it back validated, so a wrong one fails the cold start with
 * its name rather than as a confusing error on the first request. No AWS import: the CDK
 * app and the Lambda bundles both use this module.
 */

/** How one variable is written and read. */
export interface VariableSpec {
  /** `text`: a non-empty string (a name, an ARN); `whole`: a whole number, 0 or more. */
  readonly kind: 'text' | 'whole';
  /** An optional variable may be absent or empty; it then reads as undefined and its reader's default applies. */
  readonly optional: boolean;
}

/** The variables of a function (or of one part of it) by name. */
export type EnvironmentSpec = Readonly<Record<string, VariableSpec>>;

/** A required non-empty string. */
export const text = { kind: 'text', optional: false } as const satisfies VariableSpec;
/** A required whole number. */
export const wholeNumber = { kind: 'whole', optional: false } as const satisfies VariableSpec;
/** A whole number that may be left out. */
export const optionalWholeNumber = { kind: 'whole', optional: true } as const satisfies VariableSpec;
/** A string that may be left out. */
export const optionalText = { kind: 'text', optional: true } as const satisfies VariableSpec;

type ValueOf<V extends VariableSpec> = V['kind'] extends 'whole' ? number : string;
type RequiredNames<S extends EnvironmentSpec> = { [K in keyof S]: S[K]['optional'] extends true ? never : K }[keyof S];
type OptionalNames<S extends EnvironmentSpec> = Exclude<keyof S, RequiredNames<S>>;

/** The values of a contract: what a construct sets and what an entry reads back. */
export type EnvironmentOf<S extends EnvironmentSpec> = { readonly [K in RequiredNames<S>]: ValueOf<S[K]> } & {
  readonly [K in OptionalNames<S>]?: ValueOf<S[K]>;
};

/** A variable of the contract is missing or malformed; `variable` names it. */
export class EnvironmentError extends Error {
  override readonly name = 'EnvironmentError';

  constructor(
    readonly variable: string,
    message: string,
  ) {
    super(message);
  }
}

/** Reads and validates the variables of `spec`, once per cold start; throws an EnvironmentError naming the first bad one. */
export function readEnvironment<S extends EnvironmentSpec>(
  spec: S,
  env: Readonly<Record<string, string | undefined>> = process.env,
): EnvironmentOf<S> {
  const values: Record<string, string | number> = {};
  for (const [name, variable] of Object.entries(spec)) {
    const raw = env[name];
    // Empty counts as absent: CloudFormation cannot set a variable to nothing, only to "".
    if (raw === undefined || raw === '') {
      if (!variable.optional) throw new EnvironmentError(name, `environment variable ${name} is not set`);
      continue;
    }
    values[name] = variable.kind === 'whole' ? wholeNumberOf(name, raw) : raw;
  }
  return values as EnvironmentOf<S>;
}

/** The variables as Lambda takes them (strings), from a typed object of the contract; absent optional ones are left out. */
export function renderEnvironment<S extends EnvironmentSpec>(spec: S, values: EnvironmentOf<S>): Record<string, string> {
  const given = values as Readonly<Record<string, string | number | undefined>>;
  const rendered: Record<string, string> = {};
  for (const name of Object.keys(spec)) {
    const value = given[name];
    if (value !== undefined) rendered[name] = String(value);
  }
  return rendered;
}

function wholeNumberOf(name: string, raw: string): number {
  const value = Number(raw);
  if (!/^\d+$/.test(raw.trim()) || !Number.isSafeInteger(value))
    throw new EnvironmentError(name, `environment variable ${name} must be a whole number, got ${JSON.stringify(raw)}`);
  return value;
}
