// The diagnose conversation, as a thread that only gains knowledge. The conversation holds one
// case (src/conversation): everything pasted since it began. Every paste, whatever was asked
// last, is diagnosed together with the case:
//   - while the case lacks the error or the configuration, ask for what it lacks (never for
//     what it holds);
//   - once it has enough, answer; the answer to "to be sure, paste …" refines the same answer;
//   - after an answer with a fix, a paste is the output after the fix: compare it with the case
//     (verify-after-fix);
//   - a clearly different problem (another error on another server), or "start over", begins a
//     new case, said in one line.
// Words that are not pastes (hi, thanks, a question) get a short answer and one line on what
// to paste; a paste whose line breaks were lost is read again when its format allows.
import type { StatePropertyAccessor, TurnContext } from 'botbuilder';
import { Dialog, type DialogContext, type DialogTurnResult } from 'botbuilder-dialogs';
import { parseChatCommand } from '../src/bot/chatCommands';
import { turnInput } from '../src/bot/turnInput';
import { askInputCard, cardAttachment, diagnosisCard, verifyResultCard, type AskItem, type AskKind } from '../src/cards';
import {
  addAfterFix,
  addPaste,
  caseText,
  decline,
  hasDeclined,
  isDifferentProblem,
  newCase,
  pasteContents,
  smallTalk,
  type ConversationCase,
  type LastDiagnosis,
} from '../src/conversation';
import { commands, diagnose } from '../src/diagnosis';
import { isFallback } from '../src/diagnosis/fallback';
import { runTogether } from '../src/diagnosis/runTogether';
import type { Diagnosis, Finding, Lang } from '../src/diagnosis/types';
import { verifyFix } from '../src/diagnosis/verify';
import { t } from '../src/i18n';
import { storePaste } from '../src/storage';
import { CancelAndHelpDialog, type CancelAndHelpDeps } from './cancelAndHelpDialog';

// LastDiagnosis moved to src/conversation; this re-export keeps older importers compiling.
export type { LastDiagnosis } from '../src/conversation';

export const DIAGNOSE_DIALOG = 'diagnoseDialog';
const CASE_TURN = 'caseTurn';
const DIAGNOSIS_MEMO = Symbol('diagnoseDialog.diagnosisMemo');

export interface DiagnoseDialogOptions {
  /** Start with a new, empty case ("start over"). */
  restart?: boolean;
}

export interface DiagnoseDialogDeps extends CancelAndHelpDeps {
  /** Whether the diagnosis card offers "Escalate" (an escalation channel is configured). */
  escalationAvailable?: (context: TurnContext) => boolean | Promise<boolean>;
  /** Where the last answer is kept; optional. */
  lastDiagnosis?: StatePropertyAccessor<LastDiagnosis | undefined>;
  now?: () => Date;
}

/** Runs one turn of the case and waits for the next message: the case, not the dialog, holds the thread. */
class CaseTurnDialog extends Dialog<DiagnoseDialogOptions> {
  constructor(private readonly turn: (context: TurnContext, options?: DiagnoseDialogOptions) => Promise<void>) {
    super(CASE_TURN);
  }

  override async beginDialog(dc: DialogContext, options?: DiagnoseDialogOptions): Promise<DialogTurnResult> {
    await this.turn(dc.context, options);
    return Dialog.EndOfTurn;
  }

  override async continueDialog(dc: DialogContext): Promise<DialogTurnResult> {
    await this.turn(dc.context);
    return Dialog.EndOfTurn;
  }
}

export class DiagnoseDialog extends CancelAndHelpDialog {
  private readonly now: () => Date;

  constructor(private readonly options: DiagnoseDialogDeps) {
    super(DIAGNOSE_DIALOG, options);
    this.now = options.now ?? (() => new Date());
    this.addDialog(new CaseTurnDialog((context, turnOptions) => this.turn(context, turnOptions)));
    this.initialDialogId = CASE_TURN;
  }

  private async turn(context: TurnContext, options?: DiagnoseDialogOptions): Promise<void> {
    if (context.activity.type !== 'message') return;
    const lang = await this.lang(context);
    const now = this.now();
    if (options?.restart) {
      const fresh = newCase(now);
      await this.deps.conversationCase.set(context, fresh);
      return this.ask(context, fresh, 'error', lang, false);
    }
    const input = turnInput(context);
    const command = parseChatCommand(input);
    if (command?.kind === 'skip' || command?.kind === 'noData') return this.declined(context, lang);
    if (input.text === '') {
      await context.sendActivity(t(lang, 'bot.empty'));
      return;
    }

    let text = input.text;
    let diagnosis = this.diagnose(context, text, lang);
    let contents = pasteContents(diagnosis);
    const notes: string[] = [];
    const runOn = runTogether(text);
    if (runOn?.text) {
      const resplit = this.diagnose(context, runOn.text, lang);
      if (pasteContents(resplit).recognised) {
        text = runOn.text;
        diagnosis = resplit;
        contents = pasteContents(resplit);
        notes.push(t(lang, `conversation.runTogether.read.${runOn.format}`));
      }
    }

    let current = await this.deps.conversationCase.get(context);
    if (!contents.recognised) {
      if (runOn) return this.say(context, t(lang, 'conversation.runTogether.unreadable'));
      const talk = smallTalk(text);
      if (talk) return this.say(context, `${t(lang, `conversation.smallTalk.${talk}`)}\n\n${t(lang, this.nextLineKey(context, current, lang))}`);
      return this.askForMissing(context, current ?? newCase(now), lang, true);
    }

    if (!current) current = newCase(now);
    else if (current.answer) {
      const pasteTop = diagnosis.findings.find((f) => !isFallback(f.id));
      if (
        isDifferentProblem({
          caseText: caseText(current),
          caseFindingId: current.answer.findingId,
          paste: text,
          pasteHasError: contents.hasError,
          ...(pasteTop ? { pasteFindingId: pasteTop.id } : {}),
        })
      ) {
        current = newCase(now);
        notes.push(t(lang, 'conversation.newCase'));
      } else if (current.answer.fixOffered) {
        return this.verify(context, current, text, lang, notes);
      }
    }
    addPaste(current, text, now);
    await this.deps.conversationCase.set(context, current);
    for (const note of notes) await context.sendActivity(note);
    return this.respond(context, current, lang);
  }

  /** "Skip" / "I don't have it": the part the case lacks is declined; answer with what there is. */
  private async declined(context: TurnContext, lang: Lang): Promise<void> {
    const current = (await this.deps.conversationCase.get(context)) ?? newCase(this.now());
    await this.deps.conversationCase.set(context, current);
    if (current.answer?.fixOffered) {
      current.answer.fixOffered = false;
      return this.say(context, t(lang, 'bot.verifyEnded'));
    }
    const contents = pasteContents(this.diagnose(context, caseText(current), lang));
    decline(current, contents.hasError || hasDeclined(current, 'error') ? 'config' : 'error');
    return this.respond(context, current, lang);
  }

  /** Asks for what the case lacks, or answers from it. */
  private async respond(context: TurnContext, current: ConversationCase, lang: Lang): Promise<void> {
    const pasted = caseText(current);
    const diagnosis = this.diagnose(context, pasted, lang);
    const contents = pasteContents(diagnosis);
    const top = diagnosis.findings[0];
    if (!contents.hasError && !hasDeclined(current, 'error')) return this.ask(context, current, 'error', lang, false);
    const settled = top && !isFallback(top.id) && top.needs.length === 0;
    if (!contents.hasConfig && !hasDeclined(current, 'config') && !current.answer && !settled) {
      return this.ask(context, current, 'config', lang, false, diagnosis);
    }
    if (pasted.trim() === '') return this.say(context, t(lang, 'conversation.nothingYet'));
    if (!top) return this.say(context, t(lang, 'bot.noFinding'));

    const others = diagnosis.findings.slice(1).filter((f) => !isFallback(f.id));
    const escalation = (await this.options.escalationAvailable?.(context)) ?? false;
    const card = diagnosisCard(top, { lang, escalation, otherFindings: others, caseId: current.id });
    await context.sendActivity({ attachments: [cardAttachment(card)] });
    const fixOffered = !isFallback(top.id) && top.steps.some((s) => s.kind === 'fix');
    current.answer = { findingId: top.id, confidence: top.confidence, needs: top.needs.length, fixOffered, at: this.now().toISOString() };
    await this.deps.conversationCase.set(context, current);
    await this.remember(context, current, pasted, diagnosis);
    if (fixOffered) {
      const items = top.steps.filter((s) => s.kind === 'verify' && s.command).map((s) => ({ what: s.title, command: s.command as string }));
      await this.send(context, askInputCard({ lang, kind: 'verify', items, caseId: current.id }));
    }
  }

  /** The output after the fix, compared with the case. */
  private async verify(context: TurnContext, current: ConversationCase, after: string, lang: Lang, notes: string[]): Promise<void> {
    const outcome = verifyFix(caseText(current), after, { lang, now: this.now(), normalised: true });
    addAfterFix(current, after, this.now());
    await this.deps.conversationCase.set(context, current);
    for (const note of notes) await context.sendActivity(note);
    await this.send(context, verifyResultCard(outcome, { lang, caseId: current.id }));
  }

  /** Something the bot could not read: say so, and ask again for what the case lacks. */
  private async askForMissing(context: TurnContext, current: ConversationCase, lang: Lang, notRecognised: boolean): Promise<void> {
    const contents = pasteContents(this.diagnose(context, caseText(current), lang));
    if (current.answer) {
      const key = current.answer.fixOffered ? 'conversation.next.verify' : 'conversation.next.more';
      return this.say(context, `${t(lang, 'conversation.notReadable')} ${t(lang, key)}`);
    }
    const kind: AskKind = !contents.hasError ? 'error' : 'config';
    return this.ask(context, current, kind, lang, notRecognised);
  }

  private async ask(context: TurnContext, current: ConversationCase, kind: AskKind, lang: Lang, notRecognised: boolean, diagnosis?: Diagnosis): Promise<void> {
    const items = kind === 'error' ? this.errorItems(lang) : this.configItems(diagnosis ?? this.diagnose(context, caseText(current), lang), lang);
    await this.send(context, askInputCard({ lang, kind, items, notRecognised, caseId: current.id }));
  }

  /** The one line under a short answer to small talk: what the case needs next. */
  private nextLineKey(context: TurnContext, current: ConversationCase | undefined, lang: Lang): string {
    if (!current || current.pastes.length === 0) return 'conversation.next.error';
    if (current.answer) return current.answer.fixOffered ? 'conversation.next.verify' : 'conversation.next.more';
    const contents = pasteContents(this.diagnose(context, caseText(current), lang));
    if (!contents.hasError) return 'conversation.next.error';
    return contents.hasConfig ? 'conversation.next.more' : 'conversation.next.config';
  }

  // ---------------------------------------------------------------- helpers

  /** The engine's answer, computed once per turn for the same text. */
  private diagnose(context: TurnContext, text: string, lang: Lang): Diagnosis {
    let memo = context.turnState.get(DIAGNOSIS_MEMO) as Map<string, Diagnosis> | undefined;
    if (!memo) context.turnState.set(DIAGNOSIS_MEMO, (memo = new Map()));
    const key = `${lang}\u0000${text}`;
    let diagnosis = memo.get(key);
    if (!diagnosis) memo.set(key, (diagnosis = diagnose(text, { lang, now: this.now(), normalised: true })));
    return diagnosis;
  }

  private errorItems(lang: Lang): AskItem[] {
    return [
      { what: t(lang, 'card.ask.item.events'), command: commands.transportEvents() },
      { what: t(lang, 'card.ask.item.queues'), command: commands.retryQueuesList() },
    ];
  }

  /** What the top finding still needs, else the certificates and connectors the case lacks. */
  private configItems(diagnosis: Diagnosis, lang: Lang): AskItem[] {
    const top: Finding | undefined = diagnosis.findings[0];
    const fromFinding = (top?.needs ?? []).filter((need) => !ERROR_COMMANDS.has(need.command));
    if (fromFinding.length > 0) return fromFinding.map((need) => ({ what: need.what, command: need.command }));
    const items: AskItem[] = [];
    if (diagnosis.extracted.certificates.length === 0) items.push({ what: t(lang, 'card.ask.item.certificates'), command: commands.listCertificates() });
    if (diagnosis.extracted.sendConnectors.length === 0) items.push({ what: t(lang, 'card.ask.item.connectors'), command: commands.hybridSendConnectors() });
    return items;
  }

  private async say(context: TurnContext, message: string): Promise<void> {
    await context.sendActivity(message);
  }

  private async send(context: TurnContext, card: Parameters<typeof cardAttachment>[0]): Promise<void> {
    await context.sendActivity({ attachments: [cardAttachment(card)] });
  }

  private async remember(context: TurnContext, current: ConversationCase, pasted: string, diagnosis: Diagnosis): Promise<void> {
    if (!this.options.lastDiagnosis) return;
    const now = this.now();
    await this.options.lastDiagnosis.set(context, {
      paste: storePaste(pasted, now),
      findingIds: diagnosis.findings.map((f) => f.id),
      at: now.toISOString(),
      caseId: current.id,
    });
  }
}

/** Commands that fetch the error itself; the config step asks for configuration only. */
const ERROR_COMMANDS = new Set([commands.transportEvents(), commands.retryQueuesList()]);
