/**
 * A fault-injecting HTTP proxy between the SDK clients and moto: the clients' `endpoint`
 * points here, and each request is forwarded to moto or answered with the fault set by
 * `set()`, switchable while a test runs. Only node:http and node:net, so that what fails is
 * what a real connection does, not what a mock library imagines.
 */
import { Agent, createServer, request as forwardRequest, type IncomingMessage, type ServerResponse } from 'node:http'
import type { AddressInfo, Socket } from 'node:net'

/** What the proxy does with the requests its `service` filter selects. */
export const FAULT_MODES = ['pass', 'latency', 'hang', 'http500', 'http503', 'throttle', 'reset', 'truncated', 'garbage', 'html', 'empty200'] as const
export type FaultMode = (typeof FAULT_MODES)[number]

/** Told apart by `x-amz-target`: `AmazonSSM.*` or `secretsmanager.*`. */
export type FaultService = 'ssm' | 'secretsmanager'

export interface FaultSetting {
  readonly mode: FaultMode
  /** Only this service's requests get the fault; the other's pass. Default: both. */
  readonly service?: FaultService
  /** Added before forwarding, in `latency` mode. Default 300 ms. */
  readonly latencyMs?: number
  /** Only the first `times` requests the fault applies to get it; later ones pass. Default: all. */
  readonly times?: number
}

/** One request as the proxy saw it. */
export interface ProxiedRequest {
  readonly at: number
  /** When its connection to the client was answered or closed; undefined while in flight. */
  readonly endedAt?: number
  readonly operation: string
  readonly service: FaultService | 'other'
  /** What the proxy did with it. */
  readonly mode: FaultMode
}

export interface ProxyCounts {
  readonly total: number
  /** Per operation, from `x-amz-target` (`GetParameters`, `GetSecretValue`, …). */
  readonly byOperation: Readonly<Record<string, number>>
  /** Per wall-clock second (epoch seconds). */
  readonly perSecond: Readonly<Record<string, number>>
  readonly requests: readonly ProxiedRequest[]
}

export interface FaultProxy {
  /** `http://127.0.0.1:PORT`, for the SDK clients' `endpoint`. */
  readonly endpoint: string
  /** Switches the fault; hung requests are released (their sockets destroyed). */
  set(setting: FaultSetting | FaultMode): void
  counts(): ProxyCounts
  /** Forgets the counts and goes back to `pass`. */
  reset(): void
  /** Destroys every socket, hung ones included, and stops listening. */
  close(): Promise<void>
}

const DEFAULT_LATENCY_MS = 300
const AWS_JSON = 'application/x-amz-json-1.1'

function classify(request: IncomingMessage): Pick<ProxiedRequest, 'operation' | 'service'> {
  const target = String(request.headers['x-amz-target'] ?? '')
  const operation = target.slice(target.lastIndexOf('.') + 1) || 'unknown'
  if (target.startsWith('AmazonSSM.')) return { operation, service: 'ssm' }
  if (target.startsWith('secretsmanager.')) return { operation, service: 'secretsmanager' }
  return { operation, service: 'other' }
}

function answer(response: ServerResponse, status: number, contentType: string, body: string, headers: Record<string, string> = {}): void {
  response.writeHead(status, { 'content-type': contentType, 'content-length': Buffer.byteLength(body), ...headers })
  response.end(body)
}

// The answers of the modes that need no upstream. The throttle is AWS's JSON 1.1 error shape.
const CANNED: Partial<Record<FaultMode, (response: ServerResponse) => void>> = {
  http500: (response) => answer(response, 500, 'text/html', '<html><body><h1>500 Internal Server Error</h1></body></html>'),
  http503: (response) => answer(response, 503, 'text/plain', 'Service Unavailable'),
  throttle: (response) =>
    answer(response, 400, AWS_JSON, JSON.stringify({ __type: 'ThrottlingException', message: 'Rate exceeded' }), {
      'x-amzn-errortype': 'ThrottlingException',
      'x-amzn-requestid': 'fault-proxy-throttle',
    }),
  garbage: (response) => answer(response, 200, AWS_JSON, 'this is %%% not {json'),
  html: (response) => answer(response, 200, 'text/html', '<!DOCTYPE html><html><head><title>Captive portal</title></head><body>Sign in</body></html>'),
  empty200: (response) => answer(response, 200, AWS_JSON, '{}'),
  reset: (response) => response.socket?.resetAndDestroy(),
}

/** Sends the request on to moto; hands moto's answer (status, headers, whole body) to `reply`. */
function forward(target: URL, agent: Agent, request: IncomingMessage, reply: (upstream: IncomingMessage, body: Buffer) => void, fail: () => void): void {
  const headers = { ...request.headers, host: target.host }
  const upstream = forwardRequest(new URL(request.url ?? '/', target), { method: request.method, headers, agent }, (answered) => {
    const chunks: Buffer[] = []
    answered.on('data', (chunk: Buffer) => chunks.push(chunk))
    answered.on('end', () => reply(answered, Buffer.concat(chunks)))
    answered.on('error', fail)
  })
  upstream.on('error', fail)
  request.pipe(upstream)
}

function passOn(response: ServerResponse) {
  return (upstream: IncomingMessage, body: Buffer) => {
    response.writeHead(upstream.statusCode ?? 502, { ...upstream.headers, 'content-length': body.length })
    response.end(body)
  }
}

// moto's real answer, announced whole (its content-length) but cut after half of the body:
// the client sees the connection close before the body is complete.
function truncate(response: ServerResponse) {
  return (upstream: IncomingMessage, body: Buffer) => {
    const { 'transfer-encoding': _chunked, ...headers } = upstream.headers
    response.writeHead(upstream.statusCode ?? 200, { ...headers, 'content-length': body.length })
    response.write(body.subarray(0, Math.floor(body.length / 2)), () => response.socket?.destroy())
  }
}

/** The proxy's state and its handling of one request; `startFaultProxy` wraps it in the public API. */
class FaultInjector {
  private readonly agent = new Agent({ keepAlive: true })
  private readonly sockets = new Set<Socket>()
  private readonly hung = new Set<ServerResponse>()
  private readonly delays = new Set<NodeJS.Timeout>()
  private closed = false
  setting: FaultSetting = { mode: 'pass' }
  /** Requests the current setting has faulted, for its `times`. */
  faulted = 0
  requests: ProxiedRequest[] = []
  readonly server = createServer((request, response) => this.handle(request, response))

  constructor(private readonly upstream: URL) {
    this.server.on('connection', (socket) => {
      this.sockets.add(socket)
      socket.on('close', () => this.sockets.delete(socket))
    })
    this.server.on('clientError', (_error, socket) => socket.destroy())
  }

  /** Destroys the sockets of hung requests: their clients see the connection close. */
  release(): void {
    for (const response of this.hung) response.socket?.destroy()
    this.hung.clear()
  }

  private handle(request: IncomingMessage, response: ServerResponse): void {
    response.on('error', () => undefined)
    const seen = classify(request)
    const { service, times = Number.POSITIVE_INFINITY } = this.setting
    const applies = (service === undefined || service === seen.service) && this.faulted < times
    const mode = applies ? this.setting.mode : 'pass'
    if (applies && mode !== 'pass') this.faulted++
    const record: { -readonly [K in keyof ProxiedRequest]: ProxiedRequest[K] } = { at: Date.now(), ...seen, mode }
    this.requests.push(record)
    response.on('close', () => (record.endedAt = Date.now()))
    this.apply(mode, request, response)
  }

  private apply(mode: FaultMode, request: IncomingMessage, response: ServerResponse): void {
    const fail = () => response.socket?.destroy()
    if (mode === 'pass' || mode === 'truncated') {
      forward(this.upstream, this.agent, request, mode === 'pass' ? passOn(response) : truncate(response), fail)
      return
    }
    if (mode === 'latency') {
      // The request's body waits, paused, until it is forwarded.
      const delay = setTimeout(() => {
        this.delays.delete(delay)
        if (!this.closed) forward(this.upstream, this.agent, request, passOn(response), fail)
      }, this.setting.latencyMs ?? DEFAULT_LATENCY_MS)
      return void this.delays.add(delay)
    }
    // Accept the whole request, as a server would, before answering it (or not).
    request.resume()
    if (mode === 'hang') {
      this.hung.add(response)
      return void response.on('close', () => this.hung.delete(response))
    }
    CANNED[mode]!(response)
  }

  async close(): Promise<void> {
    this.closed = true
    this.release()
    for (const delay of this.delays) clearTimeout(delay)
    const stopped = new Promise<void>((resolve) => this.server.close(() => resolve()))
    for (const socket of this.sockets) socket.destroy()
    this.agent.destroy()
    await stopped
  }
}

/** Starts the proxy on a free loopback port, forwarding to `target` (moto's endpoint). */
export async function startFaultProxy(target: string): Promise<FaultProxy> {
  const injector = new FaultInjector(new URL(target))
  await new Promise<void>((resolve) => injector.server.listen(0, '127.0.0.1', resolve))
  const { port } = injector.server.address() as AddressInfo
  return {
    endpoint: `http://127.0.0.1:${port}`,
    set(next) {
      injector.setting = typeof next === 'string' ? { mode: next } : next
      injector.faulted = 0
      injector.release()
    },
    counts: () => countsOf(injector.requests),
    reset() {
      injector.requests = []
      injector.setting = { mode: 'pass' }
      injector.faulted = 0
      injector.release()
    },
    close: () => injector.close(),
  }
}

function countsOf(requests: readonly ProxiedRequest[]): ProxyCounts {
  const byOperation: Record<string, number> = {}
  const perSecond: Record<string, number> = {}
  for (const { at, operation } of requests) {
    byOperation[operation] = (byOperation[operation] ?? 0) + 1
    const second = String(Math.floor(at / 1000))
    perSecond[second] = (perSecond[second] ?? 0) + 1
  }
  return { total: requests.length, byOperation, perSecond, requests: requests.map((request) => ({ ...request })) }
}
