// Shared helpers for the bot tests: fixtures, reading cards out of replies, a DialogTestClient.
import * as fs from 'node:fs';
import * as path from 'node:path';
import { AutoSaveStateMiddleware, MemoryStorage, UserState, type Activity } from 'botbuilder';
import { DialogTestClient } from 'botbuilder-testing';
import { DiagnoseDialog } from '../../dialogs/diagnoseDialog';
import type { ConversationCase, LastDiagnosis } from '../../src/conversation';
import { ConversationUserState } from '../../src/bot/conversationUserState';
import { LanguageSettings } from '../../src/bot/language';

export const NOW = new Date('2026-11-26T09:00:00Z');
const FIXTURES = path.join(__dirname, '..', 'fixtures');

export const fixture = (relative: string): string => fs.readFileSync(path.join(FIXTURES, relative), 'utf8');

export const KB = {
  eventEn: () => fixture('kb2888788/event-en.txt'),
  eventJa: () => fixture('kb2888788/event-ja.txt'),
  certs: () => fixture('kb2888788/certs-fl.txt'),
  connector: () => fixture('kb2888788/connector-fl.txt'),
};
/** The internal-CA certificate of certs-fl.txt that Exchange must stop presenting. */
export const UNTRUSTED_THUMBPRINT = '2F9C4B8A1E3D5C7B9A0F2E4D6C8B0A1928374655';
export const TRUSTED_THUMBPRINT = '7D3E1A90C4B5F6A7B8C9D0E1F2A3B4C5D6E7F809';

/** The connector output after the fix: pinned to the public certificate (issuer and subject of certs-fl.txt). */
export function pinnedConnector(): string {
  return KB.connector().replace(
    /TlsCertificateName\s*:.*$/m,
    'TlsCertificateName       : <I>CN=DigiCert Global G2 TLS RSA SHA256 2020 CA1, O=DigiCert Inc, C=US<S>CN=mail.contoso.com, O=Contoso Ltd, L=Redmond, S=Washington, C=US',
  );
}

/** The one-line error of the issue, as a helpdesk engineer copies it from a queue. */
export const ERROR_LINE = '454 4.7.0 Failed to establish appropriate TLS channel: UntrustedRoot: Access Denied';
/** The default `Get-ExchangeCertificate` table: no issuer, so the untrusted certificate cannot be named yet. */
export const TABLE = [
  'Thumbprint                                Services   Subject',
  '----------                                --------   -------',
  `${TRUSTED_THUMBPRINT}  IP.WS..    CN=mail.contoso.com, O=Contoso Ltd, L=Redmond, S=Washington, C=US`,
  `${UNTRUSTED_THUMBPRINT}  ....S..    CN=EX01.contoso.com`,
  '4CE834243B37D27F29379287D3DED6294935EB2D  ....S..    CN=Microsoft Exchange Server Auth Certificate',
].join('\n');
/** The answer to "to be sure, paste the Issuer, RootCAType and Status of these certificates". */
export const DECIDING_FIELDS = [
  `Thumbprint : ${TRUSTED_THUMBPRINT}`,
  'Issuer     : CN=DigiCert Global G2 TLS RSA SHA256 2020 CA1, O=DigiCert Inc, C=US',
  'RootCAType : ThirdParty',
  'Status     : Valid',
  '',
  `Thumbprint : ${UNTRUSTED_THUMBPRINT}`,
  'Issuer     : CN=contoso-DC01-CA, DC=contoso, DC=com',
  'RootCAType : Enterprise',
  'Status     : Valid',
].join('\n');
export type Card = { body?: unknown[]; actions?: { type: string; data?: Record<string, unknown> }[] };

export function cardOf(activity: Partial<Activity> | undefined): Card | undefined {
  const attachment = activity?.attachments?.find((a) => a.contentType === 'application/vnd.microsoft.card.adaptive');
  return attachment?.content as Card | undefined;
}

/** Element ids anywhere in the card body (cards mark what they are with ids, e.g. "ask-config"). */
export function cardIds(card: Card | undefined): string[] {
  const ids: string[] = [];
  const walk = (node: unknown): void => {
    if (Array.isArray(node)) return node.forEach(walk);
    if (typeof node !== 'object' || node === null) return;
    const object = node as Record<string, unknown>;
    if (typeof object.id === 'string') ids.push(object.id);
    Object.values(object).forEach(walk);
  };
  walk(card?.body);
  return ids;
}

/** The texts of the monospace runs: the commands the card shows. */
export function commandsIn(card: Card | undefined): string[] {
  const runs: string[] = [];
  const walk = (node: unknown): void => {
    if (Array.isArray(node)) return node.forEach(walk);
    if (typeof node !== 'object' || node === null) return;
    const object = node as Record<string, unknown>;
    if (object.type === 'TextRun' && object.fontType === 'monospace') runs.push(String(object.text));
    Object.values(object).forEach(walk);
  };
  walk(card?.body);
  return runs;
}

export function submitData(card: Card | undefined): Record<string, unknown>[] {
  return (card?.actions ?? []).filter((a) => a.type === 'Action.Submit').map((a) => a.data ?? {});
}

export function findingIdOf(card: Card | undefined): string | undefined {
  return submitData(card).find((d) => d.action === 'feedback')?.findingId as string | undefined;
}

export const hasKana = (value: unknown): boolean => /[\u3040-\u30FF]/.test(typeof value === 'string' ? value : JSON.stringify(value));

/** Card texts the user reads (TextBlocks and facts), not the commands. */
export function visibleTexts(card: Card | undefined): string {
  const texts: string[] = [];
  const walk = (node: unknown): void => {
    if (Array.isArray(node)) return node.forEach(walk);
    if (typeof node !== 'object' || node === null) return;
    const object = node as Record<string, unknown>;
    if (object.type === 'TextBlock') texts.push(String(object.text));
    Object.values(object).forEach(walk);
  };
  walk(card?.body);
  return texts.join('\n');
}

export interface DialogHarness {
  client: DialogTestClient;
  send(text: string | Partial<Activity>): Promise<Partial<Activity>>;
  /** Every reply still queued for this turn. */
  rest(): Partial<Activity>[];
  userState: UserState;
  conversationUserState: ConversationUserState;
  /** What is stored, by storage key (parsed). */
  stored(): Record<string, Record<string, unknown>>;
}

export function dialogHarness(options: { locale?: string } = {}): DialogHarness {
  const memory: Record<string, string> = {};
  const storage = new MemoryStorage(memory);
  const userState = new UserState(storage);
  const conversationUserState = new ConversationUserState(storage);
  const language = new LanguageSettings(userState, conversationUserState);
  const lastDiagnosis = conversationUserState.createProperty<LastDiagnosis | undefined>('lastDiagnosis');
  const conversationCase = conversationUserState.createProperty<ConversationCase | undefined>('case');
  const dialog = new DiagnoseDialog({ language, lastDiagnosis, conversationCase, now: () => NOW });
  const client = new DialogTestClient('msteams', dialog, undefined, [new AutoSaveStateMiddleware(userState, conversationUserState)]);
  const locale = options.locale ?? 'en-US';
  return {
    client,
    userState,
    conversationUserState,
    stored: () => Object.fromEntries(Object.entries(memory).map(([key, value]) => [key, JSON.parse(value) as Record<string, unknown>])),
    send: (input) => client.sendActivity(typeof input === 'string' ? { type: 'message', text: input, locale } : { type: 'message', locale, ...input }),
    rest: () => {
      const replies: Partial<Activity>[] = [];
      for (let reply = client.getNextReply(); reply; reply = client.getNextReply()) replies.push(reply);
      return replies;
    },
  };
}
