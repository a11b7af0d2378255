import type { Extracted } from './types';

export type { Rule } from './defineRule';

/** What every rule reads: the normalised paste, what the parsers extracted, and the clock. */
export interface Facts {
  /** The normalised paste (see normalise.ts). */
  text: string;
  extracted: Extracted;
  now: Date;
}

/** A parser reads the whole normalised paste and returns what it recognised. It never throws. */
export interface Parser {
  name: string;
  parse(text: string): Partial<Extracted>;
}

export interface RuleFixture {
  name: string;
  input: string;
  /** Must this rule's finding be ranked first? Default true. */
  top?: boolean;
  /** Substrings that some step command must contain (the user's own values). */
  commands?: string[];
  /** Substrings that some `needs` command must contain. */
  needs?: string[];
  /** Patterns that no step command may match (e.g. never remove the auth certificate). */
  forbiddenCommands?: RegExp[];
  /** Expected entries of the finding's `data` (deep-equal per key). */
  data?: Record<string, unknown>;
}

export interface RuleFixtureTable {
  /** ISO date the fixtures are judged at (expiry checks); default 2026-11-26. */
  now?: string;
  /** Inputs the rule must recognise. */
  recognise: RuleFixture[];
  /** Look-alikes the rule must not claim. */
  reject: { name: string; input: string }[];
}
