/**
 * Bundle boundary, not a barrel: esbuild builds this file into dist/chunks/languageClient.js, required when the first
 * plan document opens (see ../lazy.ts). vscode-languageclient and its protocol stack are ~700 kB of JavaScript.
 */
export { LanguageClient, TransportKind } from 'vscode-languageclient/node';
