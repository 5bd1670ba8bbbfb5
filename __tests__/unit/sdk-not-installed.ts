/**
 * A service's SDK descriptor (the package's `#sdk/*` module) standing in for a client
 * package that is not installed: each attempt to load it is recorded, and fails as Node.js
 * fails an import of a missing package. Mock it with `jest.unstable_mockModule('#sdk/ssm', …)`.
 */
const SERVICES: Record<string, string> = {
  '@aws-sdk/client-ssm': 'ssm',
  '@aws-sdk/client-secrets-manager': 'secretsmanager',
  '@aws-sdk/client-servicediscovery': 'servicediscovery',
  '@aws-sdk/client-dynamodb': 'dynamodb',
  '@aws-sdk/client-appconfigdata': 'appconfigdata',
  '@aws-sdk/client-s3': 's3',
}

export function notInstalled(sdkPackage: string, loads: string[]) {
  return () => ({
    sdk: {
      service: SERVICES[sdkPackage],
      package: sdkPackage,
      client: 'MissingClient',
      load: async () => {
        loads.push(sdkPackage)
        throw Object.assign(new Error(`Cannot find package '${sdkPackage}'`), { code: 'ERR_MODULE_NOT_FOUND' })
      },
    },
  })
}
