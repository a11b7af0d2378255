// The diagnose conversation: gather the error and the certificate / connector output (asking only
// for what the paste lacks), answer with the diagnosis card, then offer to check the fix.
//
//   askForError → askForConfig → answer → checkFix → (verify result)
import type { StatePropertyAccessor, TurnContext } from 'botbuilder';
import { WaterfallDialog, type PromptValidatorContext, type WaterfallStepContext } from 'botbuilder-dialogs';
import { isFallback, pasteContents } from '../src/bot/pasteContents';
import { turnInput } from '../src/bot/turnInput';
import { askInputCard, cardAttachment, diagnosisCard, verifyResultCard, type AskItem, type AskKind } from '../src/cards';
import { commands, diagnose } from '../src/diagnosis';
import type { Diagnosis, Finding, Lang } from '../src/diagnosis/types';
import { verifyFix } from '../src/diagnosis/verify';
import { t } from '../src/i18n';
import { storePaste, type StoredPaste } from '../src/storage';
import { CancelAndHelpDialog, type CancelAndHelpDeps } from './cancelAndHelpDialog';
import { PastePrompt, type PasteReply } from './pastePrompt';

export const DIAGNOSE_DIALOG = 'diagnoseDialog';
const WATERFALL = 'diagnoseWaterfall';
const ERROR_PROMPT = 'errorPastePrompt';
const CONFIG_PROMPT = 'configPastePrompt';
const VERIFY_PROMPT = 'verifyPastePrompt';
const DIAGNOSIS_MEMO = Symbol('diagnoseDialog.diagnosisMemo');
/** After this many unreadable answers to "paste the output after your fix", stop asking. */
const VERIFY_ATTEMPTS = 2;

export interface DiagnoseDialogOptions {
  /** Text to start from (a paste that came some other way); default: this turn's message. */
  text?: string;
  /** Start with nothing ("start over"). */
  restart?: boolean;
}

/** The last answer given to this user in this conversation (for escalation and follow-ups). */
export interface LastDiagnosis {
  /** Pasted text is stored only as `paste` (see src/storage/retention.ts). */
  paste: StoredPaste;
  findingIds: string[];
  at: string;
}

export interface DiagnoseDialogDeps extends CancelAndHelpDeps {
  /** Whether the diagnosis card offers "Escalate" (an escalation channel is configured). */
  escalationAvailable?: (context: TurnContext) => boolean | Promise<boolean>;
  /** Where the last answer is kept; optional. */
  lastDiagnosis?: StatePropertyAccessor<LastDiagnosis | undefined>;
  now?: () => Date;
}

/** Kept in the waterfall's values between turns; pastes only as `{ paste }` objects. */
interface Collected {
  pastes: { paste: StoredPaste }[];
  findingId?: string;
}

export class DiagnoseDialog extends CancelAndHelpDialog {
  private readonly now: () => Date;

  constructor(private readonly options: DiagnoseDialogDeps) {
    super(DIAGNOSE_DIALOG, options);
    if (!options?.language) throw new Error('[DiagnoseDialog]: Missing parameter. language is required');
    this.now = options.now ?? (() => new Date());
    this.addDialog(new PastePrompt(ERROR_PROMPT, (prompt) => this.acceptsPaste(prompt)))
      .addDialog(new PastePrompt(CONFIG_PROMPT, (prompt) => this.acceptsPaste(prompt)))
      .addDialog(new PastePrompt(VERIFY_PROMPT, (prompt) => this.acceptsVerifyPaste(prompt)))
      .addDialog(
        new WaterfallDialog(WATERFALL, [
          this.askForError.bind(this),
          this.askForConfig.bind(this),
          this.answer.bind(this),
          this.checkFix.bind(this),
        ]),
      );
    this.initialDialogId = WATERFALL;
  }

  private async askForError(step: WaterfallStepContext) {
    const options = (step.options ?? {}) as DiagnoseDialogOptions;
    const collected = this.collected(step);
    const text = options.restart ? '' : (options.text ?? turnInput(step.context).text);
    const lang = await this.lang(step.context);
    const contents = pasteContents(this.diagnose(step.context, text, lang));
    if (contents.recognised) collected.pastes.push({ paste: storePaste(text, this.now()) });
    if (contents.hasError) return step.next();

    const items = this.errorItems(lang);
    return step.prompt(ERROR_PROMPT, {
      prompt: this.askActivity('error', lang, items, text.trim() !== '' && !contents.recognised),
      retryPrompt: this.askActivity('error', lang, items, true),
    });
  }

  private async askForConfig(step: WaterfallStepContext) {
    const collected = this.collected(step);
    this.keep(collected, step.result as PasteReply | undefined);
    const lang = await this.lang(step.context);
    const diagnosis = this.diagnose(step.context, this.pasted(collected), lang);
    if (pasteContents(diagnosis).hasConfig) return step.next();
    const top = diagnosis.findings[0];
    if (top && !isFallback(top.id) && top.needs.length === 0) return step.next();

    const items = this.configItems(top, lang);
    return step.prompt(CONFIG_PROMPT, {
      prompt: this.askActivity('config', lang, items, false),
      retryPrompt: this.askActivity('config', lang, items, true),
    });
  }

  private async answer(step: WaterfallStepContext) {
    const collected = this.collected(step);
    this.keep(collected, step.result as PasteReply | undefined);
    const lang = await this.lang(step.context);
    const pasted = this.pasted(collected);
    if (pasted.trim() === '') {
      await step.context.sendActivity(t(lang, 'bot.noFinding'));
      return step.endDialog();
    }
    const diagnosis = this.diagnose(step.context, pasted, lang);
    const [top, ...others] = diagnosis.findings;
    if (!top) {
      await step.context.sendActivity(t(lang, 'bot.noFinding'));
      return step.endDialog();
    }
    await this.sendDiagnosis(step.context, top, others, lang);
    await this.remember(step.context, pasted, diagnosis);
    if (isFallback(top.id) || !top.steps.some((s) => s.kind === 'fix')) return step.endDialog();

    collected.findingId = top.id;
    const items = top.steps
      .filter((s) => s.kind === 'verify' && s.command)
      .map((s) => ({ what: s.title, command: s.command as string }));
    return step.prompt(VERIFY_PROMPT, { prompt: this.askActivity('verify', lang, items, false) });
  }

  private async checkFix(step: WaterfallStepContext) {
    const collected = this.collected(step);
    const reply = step.result as PasteReply | undefined;
    const lang = await this.lang(step.context);
    const before = this.pasted(collected);
    const after = reply?.text ?? '';
    if (!before || reply?.declined || !this.readable(step.context, after, lang)) {
      await step.context.sendActivity(t(lang, 'bot.verifyEnded'));
      return step.endDialog();
    }
    const outcome = verifyFix(before, after, { lang, now: this.now(), normalised: true });
    const card = verifyResultCard(outcome, { lang });
    await step.context.sendActivity({ attachments: [cardAttachment(card)] });
    return step.endDialog(outcome);
  }

  // ---------------------------------------------------------------- helpers

  private async acceptsPaste(prompt: PromptValidatorContext<PasteReply>): Promise<boolean> {
    const reply = prompt.recognized.value;
    if (!reply) return false;
    return Boolean(reply.declined) || this.readable(prompt.context, reply.text, await this.lang(prompt.context));
  }

  private async acceptsVerifyPaste(prompt: PromptValidatorContext<PasteReply>): Promise<boolean> {
    return prompt.attemptCount >= VERIFY_ATTEMPTS || (await this.acceptsPaste(prompt));
  }

  private readable(context: TurnContext, text: string, lang: Lang): boolean {
    return text.trim() !== '' && pasteContents(this.diagnose(context, text, lang)).recognised;
  }

  /** The engine's answer, computed once per turn for the same text (steps of one turn share it). */
  private diagnose(context: TurnContext, text: string, lang: Lang): Diagnosis {
    let memo = context.turnState.get(DIAGNOSIS_MEMO) as Map<string, Diagnosis> | undefined;
    if (!memo) context.turnState.set(DIAGNOSIS_MEMO, (memo = new Map()));
    const key = `${lang}\u0000${text}`;
    let diagnosis = memo.get(key);
    if (!diagnosis) memo.set(key, (diagnosis = diagnose(text, { lang, now: this.now(), normalised: true })));
    return diagnosis;
  }

  private collected(step: WaterfallStepContext): Collected {
    const values = step.values as { collected?: Collected };
    values.collected ??= { pastes: [] };
    return values.collected;
  }

  private keep(collected: Collected, reply: PasteReply | undefined): void {
    if (reply && !reply.declined && reply.text.trim() !== '') collected.pastes.push({ paste: storePaste(reply.text, this.now()) });
  }

  /** Everything pasted so far; a paste removed by the retention limit is simply absent. */
  private pasted(collected: Collected): string {
    return collected.pastes
      .map((p) => p.paste?.text)
      .filter((text): text is string => typeof text === 'string' && text !== '')
      .join('\n\n');
  }

  private errorItems(lang: Lang): AskItem[] {
    return [
      { what: t(lang, 'card.ask.item.events'), command: commands.transportEvents() },
      { what: t(lang, 'card.ask.item.queues'), command: commands.retryQueuesList() },
    ];
  }

  private configItems(top: Finding | undefined, lang: Lang): AskItem[] {
    const fromFinding = (top?.needs ?? []).filter((need) => !ERROR_COMMANDS.has(need.command));
    if (fromFinding.length > 0) return fromFinding.map((need) => ({ what: need.what, command: need.command }));
    return [
      { what: t(lang, 'card.ask.item.certificates'), command: commands.listCertificates() },
      { what: t(lang, 'card.ask.item.connectors'), command: commands.hybridSendConnectors() },
    ];
  }

  private askActivity(kind: AskKind, lang: Lang, items: AskItem[], notRecognised: boolean) {
    return { type: 'message', attachments: [cardAttachment(askInputCard({ lang, kind, items, notRecognised }))] };
  }

  private async sendDiagnosis(context: TurnContext, top: Finding, others: Finding[], lang: Lang): Promise<void> {
    const escalation = (await this.options.escalationAvailable?.(context)) ?? false;
    const card = diagnosisCard(top, { lang, escalation, otherFindings: others.filter((f) => !isFallback(f.id)) });
    await context.sendActivity({ attachments: [cardAttachment(card)] });
  }

  private async remember(context: TurnContext, pasted: string, diagnosis: Diagnosis): Promise<void> {
    if (!this.options.lastDiagnosis) return;
    const now = this.now();
    await this.options.lastDiagnosis.set(context, {
      paste: storePaste(pasted, now),
      findingIds: diagnosis.findings.map((f) => f.id),
      at: now.toISOString(),
    });
  }
}

/** Commands that fetch the error itself; the config step asks for configuration only. */
const ERROR_COMMANDS = new Set([commands.transportEvents(), commands.retryQueuesList()]);

