// `node test/support/loadChunk.cjs FILE [LOADED...]`: requires one bundle of dist/ in a plain node process, as the
// extension host would on first use, with a stand-in for the 'vscode' module (only the extension host provides it;
// the chunks only reference it at load time). LOADED files are required first, untimed: what the host already has
// (extension.js's shared files). Prints JSON: how long the require took, which files it loaded and their bytes, the
// time to merely read those files again (the floor), and the type of each export.
'use strict';
const Module = require('node:module');
const { readFileSync, statSync } = require('node:fs');

const anything = new Proxy(class {}, { get: (target, key) => (key in target ? target[key] : anything), apply: () => anything });
const vscode = new Proxy({}, { get: (_target, key) => (key === '__esModule' ? undefined : anything) });
const load = Module._load;
Module._load = function (request, ...rest) {
  return request === 'vscode' ? vscode : load.call(this, request, ...rest);
};

const { resolve } = require('node:path');
for (const already of process.argv.slice(3)) require(resolve(already));
const file = resolve(process.argv[2]);
const before = new Set(Object.keys(require.cache));
const started = process.hrtime.bigint();
const loaded = require(file);
const ms = Number(process.hrtime.bigint() - started) / 1e6;
const files = Object.keys(require.cache).filter((f) => !before.has(f));
const readStarted = process.hrtime.bigint();
for (const f of files) readFileSync(f);
const readMs = Number(process.hrtime.bigint() - readStarted) / 1e6;
const exported = Object.fromEntries(Object.keys(loaded).map((k) => [k, typeof loaded[k]]));
process.stdout.write(JSON.stringify({ ms, readMs, files, bytes: files.reduce((sum, f) => sum + statSync(f).size, 0), exports: exported }));
