/**
 * The architecture, checked in `npm test` (docs/architecture.md): no import cycle, and
 * imports that flow one way along the pipeline core → cache → aws → sources → services →
 * registry-file (the format) → registry → write (store → engine → publish, sync) → cli.
 */
// The pipeline, in order; `registry-file` is the file format, which the local registry reads too.
const STAGES = ['core', 'cache', 'aws', 'sources', 'services', 'registry-file', 'registry', 'write', 'cli']

/**
 * The import against the flow that stays for now, with its reason: sources/local/ reads
 * registry files, whose format (registry-file/) comes after the sources.
 */
const KNOWN_EXCEPTIONS = '^src/sources/local/'

// Each stage may import the stages before it, never those after it, nor the entry points.
const againstTheFlow = STAGES.map((stage, index) => ({
  name: `${stage}-imports-only-earlier-stages`,
  comment: `src/${stage}/ may import ${STAGES.slice(0, index).join(', ') || 'nothing of the other stages'}`,
  severity: 'error',
  from: { path: `^src/${stage}/`, pathNot: KNOWN_EXCEPTIONS },
  to: { path: `^src/(${[...STAGES.slice(index + 1), 'testing'].join('|')})/|^src/(index|local)\\.ts$` },
}))

// The write side's own order: where entries live → the engine → what users call.
const WRITE_STEPS = ['store', 'engine', '(publish|sync)']
const writeFlow = WRITE_STEPS.map((step, index) => ({
  name: `write-${index}-imports-only-earlier-steps`,
  comment: `src/write/${step}/ may import ${WRITE_STEPS.slice(0, index).join(', ') || 'no other part of write/'}`,
  severity: 'error',
  from: { path: `^src/write/${step}/` },
  to: { path: `^src/write/(${WRITE_STEPS.slice(index + 1).join('|') || '$^'})/` },
}))

module.exports = {
  forbidden: [
    { name: 'no-circular', comment: 'no import cycle, type imports included', severity: 'error', from: {}, to: { circular: true } },
    ...againstTheFlow,
    ...writeFlow,
    {
      name: 'publish-and-sync-apart',
      comment: 'the publisher and the registry file share the engine, not each other',
      severity: 'error',
      from: { path: '^src/write/(publish|sync)/' },
      to: { path: '^src/write/(publish|sync)/', pathNot: '^src/write/$1/' },
    },
    {
      name: 'local-registry-reads-only-the-format',
      comment: 'the exception above is the registry file format, nothing else of the later stages',
      severity: 'error',
      from: { path: KNOWN_EXCEPTIONS },
      to: { path: '^src/(registry|write|cli|testing)/|^src/(index|local)\\.ts$' },
    },
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
