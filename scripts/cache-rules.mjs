// Build step: parses rules/*.yml once into dist/rules-cache.json, so the CLI does not load a
// YAML parser on every run. The loader checks the digest and falls back to the YAML itself.
import { readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { parse } from 'yaml';
import { rulesDigest } from '../dist/rules/load-rules.js';

const dir = new URL('../rules/', import.meta.url);
const files = readdirSync(dir).filter((f) => /\.ya?ml$/.test(f)).sort();
const texts = files.map((f) => [f, readFileSync(new URL(f, dir), 'utf8')]);
const rules = Object.fromEntries(texts.map(([f, text]) => [f, parse(text)]));
writeFileSync(new URL('../dist/rules-cache.json', import.meta.url), `${JSON.stringify({ digest: rulesDigest(texts), rules })}\n`);
