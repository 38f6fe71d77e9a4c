// Builds the files the Python package serves (src/foedus/web/static/) from web/src and the
// pinned npm packages in package-lock.json. `npm ci && npm run build` writes them;
// `npm run check` builds into a temporary folder and fails if the checked-in files differ.
import { build } from 'esbuild';
import { createRequire } from 'node:module';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const require = createRequire(import.meta.url);
const here = path.dirname(fileURLToPath(import.meta.url));
const target = path.resolve(here, '..', 'src', 'foedus', 'web', 'static');
const check = process.argv.includes('--check');
const out = check ? fs.mkdtempSync(path.join(os.tmpdir(), 'foedus-static-')) : target;

function write(name, data) {
  fs.writeFileSync(path.join(out, name), data);
}

async function main() {
  if (!check) fs.rmSync(out, { recursive: true, force: true });
  fs.mkdirSync(out, { recursive: true });
  const bundled = await build({
    entryPoints: [path.join(here, 'src', 'main.js')],
    bundle: true, minify: true, format: 'iife', target: ['es2020'], write: false,
    legalComments: 'none', charset: 'utf8',
  });
  write('app.js', bundled.outputFiles[0].contents);
  for (const name of ['index.html', 'style.css', 'favicon.svg']) {
    fs.copyFileSync(path.join(here, 'src', name), path.join(out, name));
  }
  // Today's borders: Natural Earth 1:50m via world-atlas, ids are ISO 3166-1 numeric codes.
  fs.copyFileSync(require.resolve('world-atlas/countries-50m.json'), path.join(out, 'countries-50m.json'));
  // ISO numeric -> alpha-3, so a feature can be matched with a state's ISO3 code.
  const iso = require('i18n-iso-countries');
  const byNumeric = Object.fromEntries(Object.entries(iso.getNumericCodes())
    .map(([num, a2]) => [num, iso.alpha2ToAlpha3(a2)]).sort(([a], [b]) => a.localeCompare(b)));
  byNumeric['-99'] = null;
  write('iso-numeric.json', `${JSON.stringify(byNumeric)}\n`);
  const lock = JSON.parse(fs.readFileSync(path.join(here, 'package-lock.json'), 'utf8'));
  const versions = Object.entries(lock.packages).filter(([k]) => k.startsWith('node_modules/') && !k.includes('@esbuild/'))
    .map(([k, v]) => `${k.slice('node_modules/'.length)}@${v.version} (${v.license || 'see package'})`).sort();
  write('THIRD-PARTY.txt', `Built from these npm packages (web/package-lock.json):\n${versions.join('\n')}\n`
    + 'world-atlas: Natural Earth data, public domain; world-atlas ISC licence.\n');

  if (check) {
    const differ = [];
    const names = new Set([...fs.readdirSync(out), ...(fs.existsSync(target) ? fs.readdirSync(target) : [])]);
    for (const name of [...names].sort()) {
      const a = path.join(out, name);
      const b = path.join(target, name);
      if (!fs.existsSync(a) || !fs.existsSync(b) || !fs.readFileSync(a).equals(fs.readFileSync(b))) differ.push(name);
    }
    fs.rmSync(out, { recursive: true, force: true });
    if (differ.length) {
      console.error(`src/foedus/web/static differs from a fresh build: ${differ.join(', ')}\nrun: cd web && npm ci && npm run build`);
      process.exit(1);
    }
    console.log('src/foedus/web/static matches a fresh build');
  } else {
    console.log(`built ${fs.readdirSync(out).length} files into ${path.relative(process.cwd(), out)}`);
  }
}

main().catch((err) => {
  console.error(err);
  process.exit(1);
});
