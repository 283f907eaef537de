/** One text a rule must (with `secret`) or must not report. */
export interface Example {
  path: string;
  text: string;
  /** The secret the rule reports; absent for examples it must not report. */
  secret?: string;
}

export interface RuleExamples {
  yes: Example[];
  no: Example[];
}

export type ExampleTable = Record<string, RuleExamples>;

/** A text with `§` replaced by the secret. */
export function yes(path: string, template: string, secret: string): Example {
  return { path, text: template.replace('§', secret), secret };
}

export function no(path: string, text: string): Example {
  return { path, text };
}
