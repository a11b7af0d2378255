// Validates an Adaptive Card two ways:
//   1. the official 1.5 JSON schema (ajv 8, draft-06; kept in test/support/schemas/, source and
//      licence in the README there), element by element for precise messages;
//   2. the `adaptivecards` package's own parser and validateProperties() events.
// Reusable by every area that sends cards: validateCard(card) returns a list of problems (empty = valid).
import * as fs from 'node:fs';
import * as path from 'node:path';
import Ajv, { type ValidateFunction } from 'ajv';
import addFormats from 'ajv-formats';

/** The schema kept in this repository (test/support/schemas/README.md says where it comes from). */
export const CARD_SCHEMA_PATH = path.join(__dirname, 'schemas', 'adaptive-card-1.5.json');
export const MAX_CARD_BYTES = 25 * 1024;

type Json = Record<string, unknown>;

interface SchemaValidators {
  card: ValidateFunction;
  byType: Map<string, ValidateFunction>;
}

let validators: SchemaValidators | undefined;

function schemaValidators(): SchemaValidators {
  if (validators) return validators;
  const schema = JSON.parse(fs.readFileSync(CARD_SCHEMA_PATH, 'utf8')) as Json & { definitions: Json };
  delete schema.id;
  const ajv = new Ajv({ strict: false, allErrors: true });
  addFormats(ajv);
  ajv.addMetaSchema(require('ajv/dist/refs/json-schema-draft-06.json'));
  ajv.addSchema(schema, 'adaptive-card');
  const byType = new Map<string, ValidateFunction>();
  for (const name of Object.keys(schema.definitions)) {
    byType.set(name, ajv.compile({ $ref: `adaptive-card#/definitions/${name}` }));
  }
  validators = { card: ajv.compile({ $ref: 'adaptive-card' }), byType };
  return validators;
}

/** Problems found by the JSON schema; for a failing card, the failing elements and why. */
export function schemaProblems(card: unknown): string[] {
  const { card: validateWhole, byType } = schemaValidators();
  if (validateWhole(card)) return [];
  const problems: string[] = [];
  visitTyped(card, '$', (node, where) => {
    const type = String(node.type);
    const validate = byType.get(type);
    if (!validate) {
      problems.push(`${where}: unknown type ${type}`);
      return;
    }
    if (!validate(node)) {
      const detail = (validate.errors ?? [])
        .filter((e) => e.keyword === 'additionalProperties' || e.keyword === 'required' || e.keyword === 'enum' || e.keyword === 'type')
        .map((e) => `${e.instancePath || '/'} ${e.message}${e.params && 'additionalProperty' in e.params ? ` (${String(e.params.additionalProperty)})` : ''}`);
      problems.push(`${where} (${type}): ${[...new Set(detail)].slice(0, 5).join('; ') || 'invalid'}`);
    }
  });
  return problems.length > 0 ? problems : ['card fails the schema (no single element to blame)'];
}

function visitTyped(node: unknown, where: string, visit: (node: Json, where: string) => void): void {
  if (Array.isArray(node)) {
    node.forEach((child, i) => visitTyped(child, `${where}[${i}]`, visit));
    return;
  }
  if (typeof node !== 'object' || node === null) return;
  const object = node as Json;
  if (typeof object.type === 'string' && where !== '$' && !where.endsWith('.data')) visit(object, where);
  for (const [key, value] of Object.entries(object)) {
    if (key !== 'data') visitTyped(value, `${where}.${key}`, visit);
  }
}

interface AdaptiveCardsModule {
  AdaptiveCard: new () => { parse(json: unknown, context: unknown): void; validateProperties(): { validationEvents: { event: number; message: string }[] } };
  SerializationContext: new () => { eventCount: number; getEventAt(i: number): { event: number; message: string } };
  ValidationEvent: Record<number, string>;
}

let adaptiveCards: AdaptiveCardsModule | undefined;

/** Problems the `adaptivecards` renderer library reports while parsing and validating. */
export function rendererProblems(card: unknown): string[] {
  adaptiveCards ??= require('adaptivecards/dist/adaptivecards.min.js') as AdaptiveCardsModule;
  const { AdaptiveCard, SerializationContext, ValidationEvent } = adaptiveCards;
  const parsed = new AdaptiveCard();
  const context = new SerializationContext();
  parsed.parse(card, context);
  const events: { event: number; message: string }[] = [];
  for (let i = 0; i < context.eventCount; i++) events.push(context.getEventAt(i));
  events.push(...parsed.validateProperties().validationEvents);
  const HINT = 0;
  // The renderer meets a Teams extension and says it uses the fallback; validateCard checks that
  // fallback (withFallbacks), so only that message is expected, and only for a known extension.
  const usesFallback = (e: { message: string }): boolean => Object.keys(TEAMS_EXTENSIONS).some((type) => e.message === `Unknown element type "${type}". Fallback will be used if present.`);
  return events.filter((e) => e.event !== HINT && !usesFallback(e)).map((e) => `${ValidationEvent[e.event] ?? e.event}: ${e.message}`);
}

export function cardSize(card: unknown): number {
  return Buffer.byteLength(JSON.stringify(card), 'utf8');
}

/** Teams extensions the cards may use (src/cards/elements.ts), with the properties each may have. */
const TEAMS_EXTENSIONS: Record<string, { required: string[]; allowed: string[] }> = {
  CodeBlock: { required: ['codeSnippet', 'fallback'], allowed: ['type', 'id', 'codeSnippet', 'language', 'startLineNumber', 'spacing', 'separator', 'fallback'] },
};

/**
 * The card a 1.5 client renders: every Teams extension replaced by its fallback. The extension
 * itself must have a 1.5 element as its fallback and only its documented properties.
 */
export function withFallbacks(card: unknown, problems: string[] = []): unknown {
  const replace = (node: unknown, where: string): unknown => {
    if (Array.isArray(node)) return node.map((child, i) => replace(child, `${where}[${i}]`));
    if (typeof node !== 'object' || node === null) return node;
    const object = node as Json;
    const extension = typeof object.type === 'string' ? TEAMS_EXTENSIONS[object.type] : undefined;
    if (extension) {
      for (const key of extension.required) if (!(key in object)) problems.push(`${where} (${object.type}): no ${key}`);
      for (const key of Object.keys(object)) if (!extension.allowed.includes(key)) problems.push(`${where} (${object.type}): unknown property ${key}`);
      const fallback = object.fallback;
      if (typeof fallback !== 'object' || fallback === null || TEAMS_EXTENSIONS[String((fallback as Json).type)]) {
        problems.push(`${where} (${object.type}): the fallback must be a 1.5 element`);
        return fallback;
      }
      return replace(fallback, `${where}.fallback`);
    }
    return Object.fromEntries(Object.entries(object).map(([key, value]) => [key, key === 'data' ? value : replace(value, `${where}.${key}`)]));
  };
  return replace(card, '$');
}

/** Everything wrong with a card: schema (of the card a 1.5 client renders, every Teams extension
 *  replaced by its fallback), renderer (which meets the extensions themselves), version and size. */
export function validateCard(card: unknown): string[] {
  const fallbackProblems: string[] = [];
  const asRendered = withFallbacks(card, fallbackProblems);
  const problems = [...fallbackProblems, ...schemaProblems(asRendered), ...rendererProblems(card)];
  const version = (card as Json | null)?.version;
  if (version !== '1.5') problems.push(`version is ${String(version)}, expected "1.5"`);
  const size = cardSize(card);
  if (size >= MAX_CARD_BYTES) problems.push(`card is ${size} bytes, limit ${MAX_CARD_BYTES}`);
  return problems;
}

/** The Adaptive Card content of every card attachment of an activity (or a list of them). */
export function cardsIn(activities: unknown): unknown[] {
  const list = Array.isArray(activities) ? activities : [activities];
  return list.flatMap((activity) =>
    ((activity as { attachments?: { contentType?: string; content?: unknown }[] })?.attachments ?? [])
      .filter((a) => a.contentType === 'application/vnd.microsoft.card.adaptive')
      .map((a) => a.content),
  );
}
