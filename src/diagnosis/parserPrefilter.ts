// One pass over the normalised paste that decides which parsers can find anything, so a parser
// whose signs are absent is not run at all (engine.ts asks `mayRun` before each parser).
//
// Each entry names a parser and the text it cannot do without: a sign its own code requires before
// it extracts anything (its own early exit or per-line gate, copied from the parser file named).
// A parser without an entry always runs, so a new parser is never skipped by mistake; an entry is
// an optimisation only, and test/diagnosis/parserPrefilter.test.ts checks on every fixture that
// extracting with the prefilter gives exactly what extracting without it gives.
//
// Each sign is one regex test that stops at its first match (a combined alternation scanned with
// matchAll was measured slower: 88 µs on the 5 KB paste), plus one count of commas per line.

interface Entry {
  /** Parser.name */
  parser: string;
  /** A regex source that must match somewhere in the paste. */
  sign?: string;
  caseInsensitive?: boolean;
  /** Some line holds at least this many commas (a CSV log line). */
  commasOnALine?: number;
}

// Parsers whose first statement already tests the whole paste for their sign (pem, ehlo, openssl,
// mtaLog) need no entry: an entry would scan the paste a second time for nothing.
const TABLE: readonly Entry[] = [
  // chainCheck.ts: WORTH_READING, which every line it reads must match.
  {
    parser: 'chainCheck',
    caseInsensitive: true,
    sign: 'CERT_|0x8|Test-Certificate|CertUtil|dwErrorStatus|ChainContext|Chain status|Missing Issuer|Incomplete|Expired|revoked|revocation|validity period|not trusted',
  },
  // messageTrace.ts: a record with Event, MessageTraceId, RecipientAddress or SenderAddress
  // (keys compared lower-cased), or the `Date Event Detail` table.
  { parser: 'messageTrace', caseInsensitive: true, sign: 'event|messagetraceid|recipientaddress|senderaddress' },
  // protocolLog.ts: an entry is a line with at least 7 commas (8 CSV fields).
  { parser: 'protocolLog', commasOnALine: 7 },
];

const SIGNS = TABLE.flatMap((entry) =>
  entry.sign === undefined ? [] : [{ parser: entry.parser, regex: new RegExp(entry.sign, entry.caseInsensitive ? 'i' : '') }],
);
const FILTERED = new Set(TABLE.map((entry) => entry.parser));
const MOST_COMMAS = Math.max(0, ...TABLE.map((entry) => entry.commasOnALine ?? 0));

/** The most commas any line of `text` holds, counting no further than `enough`. */
function commasOnALine(text: string, enough: number): number {
  let most = 0;
  let count = 0;
  for (let i = 0; i < text.length; i++) {
    const code = text.charCodeAt(i);
    if (code === 44) {
      count += 1;
      if (count > most && (most = count) >= enough) return most;
    } else if (code === 10) {
      count = 0;
    }
  }
  return most;
}

/** Which parsers can find something in `text` (the normalised paste). */
export function parserPrefilter(text: string): (parserName: string) => boolean {
  const seen = new Set<string>();
  // Each test stops at the first sign; a sign that is absent costs one scan of the paste.
  for (const { parser, regex } of SIGNS) if (regex.test(text)) seen.add(parser);
  const commas = MOST_COMMAS > 0 ? commasOnALine(text, MOST_COMMAS) : 0;
  for (const entry of TABLE) if (entry.commasOnALine !== undefined && commas >= entry.commasOnALine) seen.add(entry.parser);
  return (parserName) => !FILTERED.has(parserName) || seen.has(parserName);
}

/** The prefilter's regular expressions, for the catastrophic-backtracking check in the tests. */
export const patterns: RegExp[] = SIGNS.map((sign) => sign.regex);
