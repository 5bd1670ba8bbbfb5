/**
 * The architecture, checked in `npm test` (docs/architecture.md): no import cycle, and
 * imports that flow one way along the pipeline core → cache → aws → sources → services →
 * registry → entry points, with the write side (registry-file, publish, cli) after them.
 */
const RUNTIME = ['core', 'cache', 'aws', 'sources', 'services', 'registry']
const WRITE_SIDE = ['registry-file', 'publish', 'cli']

/**
 * The import against the flow that stays for now, with its reason: sources/local/ reads
 * registry files, whose format lives on the write side.
 */
const KNOWN_EXCEPTIONS = '^src/sources/local/'

// Each runtime stage may import the stages before it, never those after it.
const againstTheFlow = RUNTIME.map((stage, index) => ({
  name: `${stage}-imports-only-earlier-stages`,
  comment: `src/${stage}/ may import ${RUNTIME.slice(0, index).join(', ') || 'nothing of the other stages'}`,
  severity: 'error',
  from: { path: `^src/${stage}/`, pathNot: KNOWN_EXCEPTIONS },
  to: { path: `^src/(${[...RUNTIME.slice(index + 1), ...WRITE_SIDE, 'testing'].join('|')})/|^src/(index|local)\\.ts$` },
}))

module.exports = {
  forbidden: [
    { name: 'no-circular', comment: 'no import cycle, type imports included', severity: 'error', from: {}, to: { circular: true } },
    ...againstTheFlow,
    {
      name: 'one-folder-per-backend',
      comment: 'a backend does not reach into another backend (the local registry stands in for all of them)',
      severity: 'error',
      from: { path: '^src/sources/([^/]+)/', pathNot: '^src/sources/local/' },
      to: { path: '^src/sources/([^/]+)/', pathNot: '^src/sources/$1/' },
    },
  ],
  options: {
    doNotFollow: { path: 'node_modules' },
    tsPreCompilationDeps: true,
    tsConfig: { fileName: 'tsconfig.json' },
    includeOnly: '^src/',
  },
}
