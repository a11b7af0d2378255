// The typed escalation commands, in English and Japanese. Like the other chat commands, the whole
// message must be the command ("escalate" may carry a note after it).
export type EscalationCommand =
  | { kind: 'setChannel' }
  | { kind: 'escalate'; note?: string }
  | { kind: 'myTickets' }
  | { kind: 'openTickets' };

export const MAX_NOTE_CHARS = 500;
const MAX_COMMAND_CHARS = MAX_NOTE_CHARS + 40;

const SET_CHANNEL = ['set escalation channel', 'set the escalation channel', 'use this channel for escalations', 'エスカレーションチャネルを設定', 'エスカレーションチャネル設定', 'エスカレーション先に設定', 'エスカレーション先をこのチャネルに設定'];
const MY_TICKETS = ['my tickets', 'my ticket', 'マイチケット', '自分のチケット', '私のチケット'];
const OPEN_TICKETS = ['open tickets', 'list open tickets', '未解決チケット', '未解決のチケット', 'オープンチケット'];
const ESCALATE = /^(?:escalate|エスカレーション|エスカレート|エスカレーションする)(?:[\s:：、,]+([\s\S]+))?$/iu;

const TRAILING_PUNCTUATION = new Set(['.', '!', '。', '！']);

function canonical(text: string): string {
  let word = text.trim().toLowerCase().replace(/[\s\u3000]+/g, ' ');
  while (word !== '' && TRAILING_PUNCTUATION.has(word.at(-1) as string)) word = word.slice(0, -1);
  return word;
}

export function parseEscalationCommand(text: string): EscalationCommand | undefined {
  if (text.length > MAX_COMMAND_CHARS) return undefined;
  const word = canonical(text);
  if (word === '') return undefined;
  if (SET_CHANNEL.includes(word)) return { kind: 'setChannel' };
  if (MY_TICKETS.includes(word)) return { kind: 'myTickets' };
  if (OPEN_TICKETS.includes(word)) return { kind: 'openTickets' };
  const escalate = ESCALATE.exec(text.trim());
  if (!escalate) return undefined;
  const note = escalate[1]?.trim();
  if (note && Array.from(note).length > MAX_NOTE_CHARS) return undefined;
  return note ? { kind: 'escalate', note } : { kind: 'escalate' };
}
