/**
 * A source's SDK loader (the package's `#sdk/*` module) standing in for a client package
 * that is not installed: each attempt to load it is recorded, and fails as Node.js fails
 * an import of a missing package. Mock it with `jest.unstable_mockModule('#sdk/ssm', …)`.
 */
export function notInstalled(sdkPackage: string, loads: string[]) {
  return () => ({
    loadedSdk: undefined,
    loadSdk: async () => {
      loads.push(sdkPackage)
      throw Object.assign(new Error(`Cannot find package '${sdkPackage}'`), { code: 'ERR_MODULE_NOT_FOUND' })
    },
  })
}
