/** Stops the moto server that globalSetup started; one named by MOTO_ENDPOINT is left running. */
export default async function globalTeardown() {
  const server = globalThis.__MOTO_SERVER__
  if (!server) return
  globalThis.__MOTO_SERVER__ = undefined
  await server.stop()
  // A later run in the same process (watch mode) must start a server of its own again.
  if (server.startedHere) delete process.env.MOTO_ENDPOINT
}
