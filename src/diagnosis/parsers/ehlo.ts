// The server's answer to EHLO, wherever it was pasted: a telnet or swaks transcript
// (`250-mail.contoso.com Hello [1.2.3.4]` … `250 XRDST`), posttls-finger, or an Exchange
// protocol-log row where the whole answer sits on one line
// (`250  EX01.contoso.com Hello [104.47.58.43] SIZE 37748736 PIPELINING … XRDST`).
// The question the rules ask: was STARTTLS offered? An EHLO answered after a completed
// STARTTLS never offers it again, so such answers are marked `afterStartTls`.
import type { Parser } from '../rule';
import type { EhloTranscript } from '../types';

// `250-` / `250 ` at the start of a line, after a transcript prefix (`<-`, `<~`, `S:`, `< `) or a
// protocol-log column (`<,250-SIZE 157286400,`).
const REPLY_250 = /(?:^|[\s<~:",])250([- ])/;
const SWAKS_TLS_PREFIX = /^\s*<~/;
const STARTTLS_READY = /\b220[ -]2\.0\.0 (?:SMTP server ready|Ready to start TLS)/i;
const GREETING_START = /\b220[ -](?!2\.0\.0)\S/;
const GREETING_WORD = /ESMTP|SMTP|Microsoft/i;
const HELLO_LINE = /^(\S+) Hello\b/i;
const EXTENSION_WORD = /^[A-Z0-9][A-Z0-9-]*$/;
// An EHLO answer has a `250-` line or a `… Hello [ip]` line; without either, skip the line scan.
const ANY_EHLO = /250-| Hello\b/;

export const patterns: RegExp[] = [ANY_EHLO, REPLY_250, SWAKS_TLS_PREFIX, STARTTLS_READY, GREETING_START, GREETING_WORD, HELLO_LINE, EXTENSION_WORD];

const KNOWN_EXTENSIONS = new Set([
  'SIZE', 'PIPELINING', 'DSN', 'ENHANCEDSTATUSCODES', 'STARTTLS', 'X-ANONYMOUSTLS', 'AUTH', 'X-EXPS',
  '8BITMIME', 'BINARYMIME', 'CHUNKING', 'SMTPUTF8', 'XRDST', 'ETRN', 'VRFY', 'XEXCH50', 'X-LINK2STATE',
  'XOORG', 'XSHADOW', 'XSHADOWREQUEST', 'XPROXY', 'XPROXYFROM', 'XPROXYTO', 'XSYSPROBE', 'XADRPROBE',
  'XLONGADDR', 'XORIGFROM', 'XFASTINDEX', 'XMSGID', 'SMTPUTF8', 'DELIVERBY', 'HELP', 'REQUIRETLS', 'LIMITS',
]);
const MAX_LINE = 2000;

interface Block {
  host?: string;
  extensions: string[];
  afterStartTls: boolean;
  firstLine: string;
}

const WORD_EDGE = `"',`;

/** Without surrounding quotes and commas (a loop: /["',]+$/ is quadratic on a long run of them). */
function cleanWord(word: string): string {
  let start = 0;
  let end = word.length;
  while (start < end && WORD_EDGE.includes(word[start]!)) start++;
  while (end > start && WORD_EDGE.includes(word[end - 1]!)) end--;
  return word.slice(start, end).toUpperCase();
}

function hasKnownExtension(words: string[]): boolean {
  return words.some((w) => KNOWN_EXTENSIONS.has(w));
}

function transcript(block: Block, form: EhloTranscript['form']): EhloTranscript {
  const extensions = Array.from(new Set(block.extensions));
  return {
    ...(block.host ? { host: block.host } : {}),
    extensions,
    startTls: extensions.includes('STARTTLS'),
    afterStartTls: block.afterStartTls,
    form,
    line: block.firstLine.trim().slice(0, 500),
  };
}

/** `250  EX01.contoso.com Hello [1.2.3.4] SIZE 37748736 PIPELINING …` on one line. */
function singleLine(rest: string, afterStartTls: boolean, line: string): EhloTranscript | undefined {
  const hello = HELLO_LINE.exec(rest.trim());
  if (!hello) return undefined;
  const afterHello = rest.slice(rest.indexOf(hello[0]) + hello[0].length);
  const closing = afterHello.indexOf(']');
  const tail = closing >= 0 ? afterHello.slice(closing + 1) : afterHello;
  const words = tail.split(/\s+/).map(cleanWord).filter((w) => EXTENSION_WORD.test(w) && !/^\d+$/.test(w));
  if (words.filter((w) => KNOWN_EXTENSIONS.has(w)).length < 2) return undefined;
  return transcript({ host: hello[1], extensions: words, afterStartTls, firstLine: line }, 'single-line');
}

function parseEhlo(text: string): EhloTranscript[] {
  const found: EhloTranscript[] = [];
  if (!ANY_EHLO.test(text)) return found;
  let block: Block | undefined;
  let tlsActive = false;

  const closeBlock = (): void => {
    if (block && hasKnownExtension(block.extensions)) found.push(transcript(block, 'multiline'));
    block = undefined;
  };

  for (const rawLine of text.split('\n')) {
    const line = rawLine.length > MAX_LINE ? rawLine.slice(0, MAX_LINE) : rawLine;
    if (GREETING_START.test(line) && GREETING_WORD.test(line)) tlsActive = false;
    if (STARTTLS_READY.test(line)) tlsActive = true;
    const reply = REPLY_250.exec(line);
    if (!reply) {
      closeBlock();
      continue;
    }
    const afterStartTls = tlsActive || SWAKS_TLS_PREFIX.test(line);
    const separator = reply[1]!;
    const rest = line.slice(reply.index + reply[0].length);
    if (!block) {
      // Exchange logs the whole answer on one row (`250  host Hello [ip] SIZE … XRDST`).
      const single = singleLine(rest, afterStartTls, line);
      if (single) {
        found.push(single);
        continue;
      }
      // A lone final line (`250 XRDST`) without the rest is too little to judge.
      if (separator === ' ') continue;
    }
    if (!block) {
      block = { extensions: [], afterStartTls, firstLine: line };
      const hello = HELLO_LINE.exec(rest.trim());
      if (hello) {
        block.host = hello[1];
        if (separator === ' ') closeBlock();
        continue;
      }
    }
    const word = cleanWord(rest.trim().split(/\s+/)[0] ?? '');
    if (EXTENSION_WORD.test(word)) block.extensions.push(word);
    if (separator === ' ') closeBlock();
  }
  closeBlock();
  return found;
}

export const ehloParser: Parser = {
  name: 'ehlo',
  parse(text: string) {
    const ehlo = parseEhlo(text);
    return ehlo.length > 0 ? { ehlo } : {};
  },
};
