// Teams dialogs (task modules) and the message extension's action commands. The bot's
// TeamsActivityHandler overrides call these; they only build answers, they keep no state.
//
// - task/fetch (the welcome card's "Open the paste form" button) → the paste dialog page.
// - task/submit with the page's {errorText, configText} → the diagnosis card in the dialog.
// - composeExtension/fetchTask, "Diagnose this post" (context: message) → the diagnosis of the
//   post's HTML body at once, in a dialog (fetchTask: true lets the bot answer with the card
//   directly; a static action would first show an empty parameter form for a post that already
//   holds the input).
// - composeExtension/fetchTask, "Diagnose…" (compose box / command box) → the paste dialog page;
//   its composeExtension/submitAction → the diagnosis card in the dialog.
import type {
  MessagingExtensionAction,
  MessagingExtensionActionResponse,
  TaskModuleRequest,
  TaskModuleResponse,
  TurnContext,
} from 'botbuilder';
import { diagnosisCard } from '../cards/diagnosisCard';
import { adaptiveCard, cardAttachment, submit, text, type AdaptiveCard, type SubmitAction } from '../cards/elements';
import { pasteGuide } from '../cards/pasteGuide';
import { diagnose } from '../diagnosis';
import type { Lang } from '../diagnosis/types';
import { t, toLang } from '../i18n';
import { DIALOG_PATH } from '../web/dialogRoutes';
import { MAX_PASTE_BYTES, isPastePayload, pasteText, utf8Bytes } from '../web/pastePayload';

/** Command ids of manifest/manifest.json composeExtensions[0].commands. */
export const DIAGNOSE_POST_COMMAND = 'diagnosePost';
export const DIAGNOSE_PASTE_COMMAND = 'diagnosePaste';
/** `data.action` of the card buttons that open the paste dialog. */
export const OPEN_PASTE_DIALOG = 'openPasteDialog';

type Env = Record<string, string | undefined>;

export function invokeLang(context: TurnContext): Lang {
  return toLang(context.activity.locale) ?? 'en';
}

/** https://BOT_DOMAIN/dialog?lang=…; without BOT_DOMAIN (local runs) http://localhost:PORT/dialog. */
export function pasteDialogUrl(lang: Lang, env: Env = process.env): string {
  const domain = env.BOT_DOMAIN?.trim().replace(/^https?:\/\//i, '').replace(/\/+$/, '');
  const origin = domain ? `https://${domain}` : `http://localhost:${env.PORT || 3978}`;
  return `${origin}${DIALOG_PATH}?lang=${lang}`;
}

/** A card button that opens the paste dialog (Teams turns it into task/fetch). */
export function pasteDialogAction(lang: Lang): SubmitAction {
  return submit(t(lang, 'dialog.open'), { msteams: { type: 'task/fetch' }, action: OPEN_PASTE_DIALOG });
}

export function pasteDialogTask(lang: Lang, env: Env = process.env): TaskModuleResponse {
  const url = pasteDialogUrl(lang, env);
  return {
    task: { type: 'continue', value: { url, fallbackUrl: url, title: t(lang, 'dialog.task.title'), width: 'large', height: 'large' } },
  };
}

function cardTask(card: AdaptiveCard, lang: Lang): TaskModuleResponse {
  return {
    task: {
      type: 'continue',
      value: { card: cardAttachment(card, lang), title: t(lang, 'dialog.result.title'), width: 'large', height: 'large' },
    },
  };
}

function noticeCard(notice: string, lang: Lang): AdaptiveCard {
  return adaptiveCard([text(notice, { weight: 'bolder' }), ...pasteGuide(lang)], [pasteDialogAction(lang)], lang);
}

/**
 * The answer shown in a dialog: the diagnosis card with "Diagnose another paste" in place of the
 * conversation's own buttons (start over, feedback), which have no conversation to act on here.
 */
export function dialogAnswerCard(paste: string, lang: Lang): AdaptiveCard {
  const bytes = utf8Bytes(paste);
  if (bytes > MAX_PASTE_BYTES) {
    return noticeCard(t(lang, 'dialog.result.tooLarge', { size: Math.ceil(bytes / 1024), limit: MAX_PASTE_BYTES / 1024 }), lang);
  }
  const [top, ...others] = diagnose(paste, { lang }).findings;
  if (!top) return noticeCard(t(lang, 'dialog.result.nothingFound'), lang);
  const card = diagnosisCard(top, { lang, otherFindings: others });
  return { ...card, actions: [submit(t(lang, 'dialog.result.another'), { action: OPEN_PASTE_DIALOG })] };
}

function wantsPasteDialog(data: unknown): boolean {
  return typeof data === 'object' && data !== null && (data as { action?: unknown }).action === OPEN_PASTE_DIALOG;
}

export function handleTaskModuleFetch(context: TurnContext, _request: TaskModuleRequest): TaskModuleResponse {
  return pasteDialogTask(invokeLang(context));
}

export function handleTaskModuleSubmit(context: TurnContext, request: TaskModuleRequest): TaskModuleResponse {
  const lang = invokeLang(context);
  if (isPastePayload(request.data)) return cardTask(dialogAnswerCard(pasteText(request.data), lang), lang);
  if (wantsPasteDialog(request.data)) return pasteDialogTask(lang);
  return cardTask(noticeCard(t(lang, 'dialog.result.nothingFound'), lang), lang);
}

export function handleMessagingExtensionFetchTask(
  context: TurnContext,
  action: MessagingExtensionAction,
): MessagingExtensionActionResponse {
  const lang = invokeLang(context);
  if (action.commandId !== DIAGNOSE_POST_COMMAND) return pasteDialogTask(lang);
  const post = action.messagePayload?.body?.content ?? '';
  if (!post.trim()) return cardTask(noticeCard(t(lang, 'dialog.result.postEmpty'), lang), lang);
  return cardTask(dialogAnswerCard(post, lang), lang);
}

export function handleMessagingExtensionSubmitAction(
  context: TurnContext,
  action: MessagingExtensionAction,
): MessagingExtensionActionResponse {
  return handleTaskModuleSubmit(context, action);
}
