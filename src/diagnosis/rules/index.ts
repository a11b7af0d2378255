// The rule registry. Adding a rule is adding `<id>.ts`, `<id>.fixtures.ts` and one line here.
import type { Rule } from '../rule';

export const rules: readonly Rule[] = [];
