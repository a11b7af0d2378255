// Moved: pasteContents to src/conversation/pasteContents.ts, isFallback to src/diagnosis/fallback.ts.
// This re-export keeps the modules that still import them from here compiling.
export { isFallback, pasteContents, type PasteContents } from '../conversation/pasteContents';
