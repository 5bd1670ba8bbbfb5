/**
 * The architecture, checked in `npm test` (docs/architecture.md): no import cycle, and
 * imports that flow one way along the pipeline core → cache → aws → sources → services →
 * registry-file (the format) → local-registry → registry → write (store → engine → publish, sync) → cli.
 */
// The pipeline, in order. The local registry stands in for every backend and reads registry
// files too, so it comes after both; the middleware loads it only when a file is selected.
const STAGES = ['core', 'cache', 'aws', 'sources', 'services', 'registry-file', 'local-registry', 'registry', 'write', 'cli']

// Each stage may import the stages before it, never those after it, nor the entry points.
const againstTheFlow = STAGES.map((stage, index) => ({
  name: `${stage}-imports-only-earlier-stages`,
  comment: `src/${stage}/ may import ${STAGES.slice(0, index).join(', ') || 'nothing of the other stages'}`,
  severity: 'error',
  from: { path: `^src/${stage}/` },
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
      name: 'one-folder-per-backend',
      comment: 'a backend does not reach into another backend',
      severity: 'error',
      from: { path: '^src/sources/([^/]+)/' },
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
