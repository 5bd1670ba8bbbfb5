/** A static server of the built site (.build/dist) on a free loopback port, under the site's base. */
import { createReadStream, existsSync, statSync } from 'node:fs'
import { createServer } from 'node:http'
import { extname, join, normalize } from 'node:path'

const TYPES = {
  '.html': 'text/html',
  '.js': 'text/javascript',
  '.css': 'text/css',
  '.svg': 'image/svg+xml',
  '.json': 'application/json',
  '.png': 'image/png',
  '.woff2': 'font/woff2',
  '.ico': 'image/x-icon',
}

export async function serve(root, base = '/') {
  const server = createServer((request, response) => {
    const url = new URL(request.url, 'http://localhost')
    let path = decodeURIComponent(url.pathname)
    if (!path.startsWith(base)) return response.writeHead(404).end()
    path = normalize(join(root, path.slice(base.length)))
    if (!path.startsWith(root)) return response.writeHead(403).end()
    if (existsSync(path) && statSync(path).isDirectory()) path = join(path, 'index.html')
    if (!existsSync(path) && existsSync(`${path}.html`)) path = `${path}.html`
    if (!existsSync(path)) return response.writeHead(404).end('not found')
    response.writeHead(200, { 'content-type': TYPES[extname(path)] ?? 'application/octet-stream' })
    createReadStream(path).pipe(response)
  })
  await new Promise((resolve) => server.listen(0, '127.0.0.1', resolve))
  return { url: `http://127.0.0.1:${server.address().port}${base}`, close: () => new Promise((resolve) => server.close(resolve)) }
}
