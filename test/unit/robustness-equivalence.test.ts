/**
 * The speed-ups keep behaviour identical: the indexed hover lookup gives what
 * the original linear walk gave, and the JSON parser that builds the tree
 * from scanner events gives what parseTree + conversion gave, on every
 * fixture and on fuzzed variants; and an analysis after the core's memos
 * are forgotten (as every test of a mutation run starts) equals one that
 * found them warm.
 */
import assert from 'node:assert/strict';
import fc from 'fast-check';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { isDeepStrictEqual } from 'node:util';
import { analyze } from '../../src/core';
import { ownerCounts, targetAt, type HoverTarget } from '../../src/core/engine/lookup';
import { forgetMemos } from '../../src/core/engine/memo';
import { parseJson } from '../../src/core/parse/json';
import type { Entry } from '../../src/core/parse/tree';
import type { Analysis, Setting, Span } from '../../src/core/types';
import { parseJsonOriginal, targetAtLinear } from '../../scripts/bench/baseline';
import { ROOT } from './helpers';
import { prepareFormats } from './robustnessFormats';

const SEED = Number(process.env.FUZZ_SEED ?? 20261129);

/** The object a hover target points at (the very resource or setting of the analysis). */
function pointee(target: HoverTarget | undefined): unknown {
  return target === undefined ? undefined : 'resource' in target ? target.resource : target.setting;
}

// ------------------------------------------------------------------ fixtures

function fixtureFiles(): string[] {
  const out: string[] = [];
  for (const folder of ['examples', 'test/fixtures']) {
    for (const entry of fs.readdirSync(path.join(ROOT, folder), { recursive: true, withFileTypes: true })) {
      if (entry.isFile()) out.push(path.join(entry.parentPath ?? (entry as unknown as { path: string }).path, entry.name));
    }
  }
  return out;
}

describe('robustness: optimisations keep behaviour identical', function () {
  this.timeout(60_000);
  before(prepareFormats);

  it('the indexed hover lookup equals the linear walk at every offset of every fixture', () => {
    let compared = 0;
    for (const file of fixtureFiles()) {
      const text = fs.readFileSync(file, 'utf8');
      const analysis = analyze(text, file);
      if (!analysis.kind) continue;
      for (let offset = -1; offset <= text.length + 1; offset++) {
        assert.equal(pointee(targetAt(analysis, offset)), pointee(targetAtLinear(analysis, offset)), `${file} at ${offset}`);
        compared++;
      }
      for (const resource of analysis.resources) {
        const expected = { customer: 0, aws: 0, shared: 0, microsoft: 0 };
        for (const setting of analysis.settings) if (setting.resource === resource.logicalId) expected[setting.attribution.owner]++;
        assert.deepEqual(ownerCounts(analysis, resource.logicalId), expected);
      }
    }
    assert.ok(compared > 30_000, `${compared} offsets`);
  });

  it('an analysis after the memos are forgotten equals a warm one, for a fixture of every folder', () => {
    // One file per folder is every format and cloud; every file would add seconds and no format.
    const byFolder = new Map<string, string>();
    for (const file of fixtureFiles()) if (!byFolder.has(path.dirname(file))) byFolder.set(path.dirname(file), file);
    const files = [...byFolder.values()];
    const warm = files.map((file) => analyze(fs.readFileSync(file, 'utf8'), path.basename(file)));
    const differ: string[] = [];
    files.forEach((file, index) => {
      forgetMemos();
      const cold = analyze(fs.readFileSync(file, 'utf8'), path.basename(file));
      if (!isDeepStrictEqual(cold, warm[index])) differ.push(path.relative(ROOT, file));
    });
    assert.deepEqual(differ, []);
    assert.ok(warm.some((analysis) => analysis.settings.length > 0), 'the fixtures have settings');
  });

  it('…and on arbitrary (overlapping, unsorted-end, empty) spans', () => {
    const span = fc.record({ offset: fc.nat({ max: 200 }), length: fc.nat({ max: 60 }) });
    fc.assert(
      fc.property(fc.array(fc.tuple(span, fc.nat({ max: 10 })), { maxLength: 40 }), fc.array(fc.tuple(span, span), { maxLength: 5 }), fc.nat({ max: 270 }), (raw, rawResources, offset) => {
        // Settings sorted by key offset, the key inside or at the start of its span, as every format produces.
        const settings = raw
          .map(([entry, keyLength]) => ({ key: { offset: entry.offset, length: Math.min(keyLength, entry.length) }, span: entry }) as unknown as Setting)
          .sort((a, b) => a.key.offset - b.key.offset);
        const resources = rawResources.map(([key, typeSpan], index) => ({ logicalId: `R${index}`, key, typeSpan }));
        const analysis = { kind: 'cloudformation', settings, findings: [], errors: [], resources } as unknown as Analysis;
        assert.equal(pointee(targetAt(analysis, offset)), pointee(targetAtLinear(analysis, offset)));
      }),
      { seed: SEED, numRuns: 3_000 },
    );
  });

  it('the event-built JSON tree equals parseTree + conversion on every JSON fixture and fuzzed variants', () => {
    const texts = fixtureFiles()
      .filter((file) => /\.json$/.test(file))
      .map((file) => fs.readFileSync(file, 'utf8'));
    assert.ok(texts.length >= 5);
    for (const text of texts) assert.ok(isDeepStrictEqual(parseJson(text), parseJsonOriginal(text)));
    const tokens = ['{', '}', '[', ']', ',', ':', '"', '1', 'x', '/*', '*/', '//', '\n', 'null', '{"Ref":"X"}'];
    fc.assert(
      fc.property(fc.nat(), fc.array(fc.tuple(fc.nat(), fc.nat(), fc.nat({ max: 2 })), { minLength: 1, maxLength: 5 }), (pick, edits) => {
        let text = texts[pick % texts.length].slice(0, 4_000);
        for (const [at, token, kind] of edits) {
          const where = at % (text.length + 1);
          text = kind === 0 ? text.slice(0, where) + text.slice(where + 1 + (token % 20)) : kind === 1 ? text.slice(0, where) + tokens[token % tokens.length] + text.slice(where) : text.slice(0, where);
        }
        const original = parseJsonOriginal(text);
        // The original could report spans past the end of the text; the new parser keeps them inside.
        const clamp = (span: Span) => ({ offset: Math.min(span.offset, text.length), length: Math.min(span.length, text.length - Math.min(span.offset, text.length)) });
        original.errors = original.errors.map((error) => ({ ...error, span: clamp(error.span) }));
        assert.deepEqual(parseJson(text), original, JSON.stringify(text.slice(0, 200)));
      }),
      { seed: SEED, numRuns: 2_000 },
    );
  });

  it('10,000-deep JSON gives the same result as before, and a byte-order mark is no longer a syntax error', () => {
    for (const text of ['['.repeat(10_000) + ']'.repeat(10_000), '{"a":'.repeat(300) + '1' + '}'.repeat(300)]) assert.deepEqual(parseJson(text), parseJsonOriginal(text));
    assert.deepEqual(parseJson('\uFEFF{"a": 1}').errors, []);
    assert.equal((parseJson('\uFEFF{"a": 1}').root as { entries: Entry[] }).entries[0].keySpan.offset, 2);
  });
});
