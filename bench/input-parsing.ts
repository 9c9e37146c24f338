import { parseConfigText } from '../src/core/config/parse';
import { parseEnvText } from '../src/core/env/parseEnv';
import { utf8ByteLength } from '../src/core/limits/inputSize';
import { fastest, reportGrowth, type GrowthPoint } from './support';

const SCALES = [1, 4, 16] as const;

/** A config.toml whose every table is unknown: one located error per table (8,000 of them took 31 s before). */
function configWithUnknownTables(n: number): string {
  return `[code]\nenv_file = ".env"\n${Array.from({ length: n }, (_, i) => `[extra_${i}]\nsetting = ${i}\n`).join('')}`;
}

/** An env file whose first value opens a quote nothing closes, then plain lines (800 KB took 397 s before). */
function envWithUnclosedQuote(lines: number): string {
  return `OPENROUTER_API_KEY="sk-or-v1-never-closed\n${Array.from({ length: lines }, (_, i) => `SETTING_${i}=a plain value for setting ${i}\n`).join('')}`;
}

/** Splitting the text into lines: the least any line-oriented reader does, measured on the same text. */
const floorOf = (text: string): Promise<number> => fastest(9, () => text.split(/\r?\n/).length);

async function growth(make: (scale: number) => string, parse: (text: string) => unknown, expectErrors: (result: unknown) => boolean): Promise<GrowthPoint[]> {
  const texts = SCALES.map((scale) => make(scale));
  // Untimed runs first, on every size: the JIT settles and the heap grows once, so no point pays for them.
  for (let i = 0; i < 3; i++) for (const text of texts) if (!expectErrors(parse(text))) throw new Error('the input did not produce the errors it is built for');
  const points: GrowthPoint[] = [];
  for (const [i, text] of texts.entries()) {
    points.push({ scale: `${SCALES[i]}×`, bytes: utf8ByteLength(text), ms: await fastest(9, () => parse(text)), floorMs: await floorOf(text) });
  }
  return points;
}

/**
 * config.toml checking and .env parsing on the inputs that were quadratic, at 1×, 4× and 16× (16× stays under the
 * 1 MiB input limit, so the parsers really run). Linear growth shows as ≈4× per step, quadratic as 16×. Each point is
 * the fastest of 9 runs. Steps a little over 4× remain: tens of thousands of distinct keys (tables, variables) make
 * hash tables that outgrow the CPU caches, which costs more per key as they grow, whatever the parser does.
 */
export async function run(): Promise<void> {
  const configBase = 500; // 16×: 8,000 tables, the file that took 31 s
  reportGrowth(
    'config.toml, unknown tables',
    'splitting lines',
    await growth(
      (scale) => configWithUnknownTables(configBase * scale),
      (text) => parseConfigText(text),
      (r) => (r as ReturnType<typeof parseConfigText>).diagnostics.length > 0,
    ),
  );
  const envBase = 1200; // 16×: 840 KiB, past the 800 KB that took 397 s
  reportGrowth(
    '.env, unclosed quote',
    'splitting lines',
    await growth(
      (scale) => envWithUnclosedQuote(envBase * scale),
      (text) => parseEnvText(text),
      (r) => (r as ReturnType<typeof parseEnvText>).diagnostics.some((d) => d.code === 'unterminated-quote'),
    ),
  );
}
