// Warm overhead of the registry over a bare Middy handler, by two methods, outside bench/:
//   node scripts/warm-overhead.mjs [--middy 7,6,5] [--runs 7] [--wall] [--package DIR]
// (run it on Node 22: npx -y -p node@22 -- node scripts/warm-overhead.mjs). It compiles
// src/ into a temporary package (or measures DIR, a package with dist/), then for each
// @middy/core major (root devDeps: middy-core-5, @middy/core 6, middy-core-7):
// - separate processes: one process of the bare handler and one of the registry's
//   handler per run, 20,000 warm-up then 30,000 measured invocations each; the overhead
//   is the difference of the medians over the runs;
// - alternating blocks: one process per run alternating 30 blocks of 5,000 invocations of
//   each handler (order swapped every block), overhead = median of the paired differences;
//   the figure is the median over the runs.
// 10 SSM names and 2 secrets, fresh, from in-process fake clients (`clients`); a new
// Lambda-like context object (with getRemainingTimeInMillis) per invocation. Times are
// the process's CPU time (user + system) by default, which a loaded machine disturbs far
// less than wall-clock time; --wall measures wall-clock time instead.
import { execFileSync, spawnSync } from 'node:child_process'
import { mkdirSync, mkdtempSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join, resolve } from 'node:path'
import { fileURLToPath, pathToFileURL } from 'node:url'

const ROOT = resolve(fileURLToPath(new URL('..', import.meta.url)))
const SELF = fileURLToPath(import.meta.url)
const MIDDY = { 5: 'middy-core-5', 6: '@middy/core', 7: 'middy-core-7' }
const N = 10
const M = 2

const median = (values) => {
  const sorted = [...values].sort((a, b) => a - b)
  const middle = sorted.length >> 1
  return sorted.length % 2 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2
}

/** One child process: `probe <bare|registry|alternate> <major> <packageDir> <perBlock> [blocks]`. */
async function probe([mode, major, packageDir, perBlockArgument, blocksArgument]) {
  const middy = (await import(pathToFileURL(join(ROOT, 'node_modules', MIDDY[major], 'index.js')).href)).default
  const { registry, secret, ssm } = await import(pathToFileURL(join(packageDir, 'dist', 'index.js')).href)
  const fakeSsm = {
    config: {},
    async send({ input }) {
      const names = input.Names ?? [input.Name]
      return { Parameters: names.map((Name, i) => ({ Name, Value: `https://svc-${i}.example.com`, Type: 'String', Version: 1 })), InvalidParameters: [] }
    },
  }
  const answer = (Name) => ({
    Name,
    ARN: `arn:aws:secretsmanager:eu-west-1:123456789012:secret:${Name}-AbCdEf`,
    SecretString: `sk_${Name}`,
    VersionId: 'v1',
    CreatedDate: new Date(),
  })
  const fakeSecretsManager = {
    config: {},
    async send({ input }) {
      return input.SecretIdList ? { SecretValues: input.SecretIdList.map(answer), Errors: [] } : answer(input.SecretId)
    },
  }
  const fetch = {}
  for (let i = 0; i < N; i++) fetch[`svc${i}`] = ssm(`/bench/prod/svc${i}/endpoint`)
  for (let i = 0; i < M; i++) fetch[`key${i}`] = secret(`bench/prod/key${i}`)
  const middleware = registry({ fetch, prefetch: false, cacheExpiry: Number.POSITIVE_INFINITY, clients: { ssm: fakeSsm, secretsManager: fakeSecretsManager } })
  let sink = 0
  const body = async (_event, context) => {
    sink += context.awsRequestId.length
    return 1
  }
  const bare = middy().handler(body)
  const ours = middy().use(middleware).handler(body)
  let id = 0
  const newContext = () => ({
    callbackWaitsForEmptyEventLoop: true,
    functionName: 'bench',
    functionVersion: '$LATEST',
    invokedFunctionArn: 'arn:aws:lambda:eu-west-1:123456789012:function:bench',
    memoryLimitInMB: '1024',
    awsRequestId: `request-${id++}`,
    logGroupName: '/aws/lambda/bench',
    logStreamName: 'stream',
    getRemainingTimeInMillis: () => 30_000,
  })
  const check = await middy()
    .use(middleware)
    .handler(async (_event, context) => ({ url: context.svc0, key: context.key1, json: JSON.stringify(context) }))({}, newContext())
  if (check.url !== 'https://svc-0.example.com' || check.key !== 'sk_bench/prod/key1' || check.json.includes('sk_'))
    throw new Error(`unexpected values: ${JSON.stringify(check)}`)
  const wall = process.env.WARM_OVERHEAD_WALL === '1'
  const event = {}
  const run = async (handler, n) => {
    const cpu = process.cpuUsage()
    const start = process.hrtime.bigint()
    for (let i = 0; i < n; i++) await handler(event, newContext())
    if (wall) return Number(process.hrtime.bigint() - start) / n
    const used = process.cpuUsage(cpu)
    return ((used.user + used.system) * 1000) / n
  }
  const perBlock = Number(perBlockArgument)
  if (mode === 'alternate') {
    await run(bare, 20_000)
    await run(ours, 20_000)
    const differences = []
    for (let block = 0; block < Number(blocksArgument); block++) {
      const [first, second] = block % 2 ? [ours, bare] : [bare, ours]
      const a = await run(first, perBlock)
      const b = await run(second, perBlock)
      differences.push(block % 2 ? a - b : b - a)
    }
    return { overhead: median(differences), hits: middleware.stats().hits, sink }
  }
  const handler = mode === 'bare' ? bare : ours
  await run(handler, 20_000)
  return { ns: await run(handler, perBlock), sink }
}

function compile() {
  const dir = mkdtempSync(join(tmpdir(), 'warm-overhead-'))
  writeFileSync(join(dir, 'package.json'), readFileSync(join(ROOT, 'package.json')))
  for (const link of ['sdk', 'schema', 'node_modules']) symlinkSync(join(ROOT, link), join(dir, link))
  mkdirSync(join(dir, 'dist'))
  // Emits even with type errors elsewhere in the tree: the figures are of what compiles.
  spawnSync(process.execPath, [join(ROOT, 'node_modules/typescript/bin/tsc'), '-p', join(ROOT, 'tsconfig.build.json'), '--outDir', join(dir, 'dist')], {
    stdio: 'ignore',
  })
  return dir
}

async function main(argv) {
  const option = (name, fallback) => (argv.includes(name) ? argv[argv.indexOf(name) + 1] : fallback)
  const majors = option('--middy', '7,6').split(',')
  const runs = Number(option('--runs', '7'))
  const given = option('--package', undefined)
  const packageDir = given ? resolve(given) : compile()
  const env = { ...process.env, WARM_OVERHEAD_WALL: argv.includes('--wall') ? '1' : '0' }
  const child = (...args) => JSON.parse(execFileSync(process.execPath, [SELF, 'probe', ...args.map(String)], { encoding: 'utf8', env }))
  const us = (ns) => (ns / 1000).toFixed(2)
  try {
    console.log(
      `Node ${process.version}, ${argv.includes('--wall') ? 'wall-clock' : 'CPU'} time, ${N} names + ${M} secrets, ${runs} runs, ${new Date().toISOString().slice(0, 10)}`,
    )
    for (const major of majors) {
      const version = JSON.parse(readFileSync(join(ROOT, 'node_modules', MIDDY[major], 'package.json'), 'utf8')).version
      const bare = []
      const ours = []
      const alternating = []
      for (let r = 0; r < runs; r++) {
        bare.push(child('bare', major, packageDir, 30_000).ns)
        ours.push(child('registry', major, packageDir, 30_000).ns)
        alternating.push(child('alternate', major, packageDir, 5_000, 30).overhead)
      }
      console.log(
        `@middy/core ${version}: separate processes: bare ${us(median(bare))} µs, registry ${us(median(ours))} µs, overhead ${us(median(ours) - median(bare))} µs | alternating blocks: overhead ${us(median(alternating))} µs (runs ${alternating.map(us).join(', ')})`,
      )
    }
  } finally {
    if (!given) rmSync(packageDir, { recursive: true, force: true })
  }
}

const [command, ...rest] = process.argv.slice(2)
if (command === 'probe') console.log(JSON.stringify(await probe(rest)))
else await main(process.argv.slice(2))
