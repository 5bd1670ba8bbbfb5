import { useMotoServer } from '../../../scripts/moto-server.mjs'

/** Starts moto's server (or checks the one at MOTO_ENDPOINT) and hands its endpoint to the tests. */
export default async function globalSetup() {
  const server = await useMotoServer()
  // Read in globalTeardown, which runs in this same process.
  globalThis.__MOTO_SERVER__ = { ...server, startedHere: !process.env.MOTO_ENDPOINT }
  // Test files run after this, in processes that inherit the environment.
  process.env.MOTO_ENDPOINT = server.endpoint
}
