import safeRegex from 'safe-regex2';

/**
 * Why a regular expression from the policy cannot be used, or undefined. Refuses patterns that do not
 * compile and patterns with nested quantifiers (star height above one), the shape behind catastrophic
 * backtracking such as `(a+)+$`.
 */
export function regexProblem(pattern: string, flags = ''): string | undefined {
  try {
    new RegExp(pattern, flags);
  } catch (error) {
    // The engine's message repeats the pattern (`/…/flags: reason`): only the reason is kept, the pattern may hold anything.
    const reason = (error as Error).message.replace(/^Invalid regular expression: /, '').replace(`/${pattern}/${flags}: `, '');
    return `is not a valid regular expression: ${reason}`;
  }
  if (!safeRegex(pattern, { limit: 50 })) {
    return 'may backtrack catastrophically (a quantifier inside a quantified group, such as (a+)+); rewrite it without nested repetition';
  }
  return undefined;
}
