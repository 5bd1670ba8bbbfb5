/**
 * Added to the bundle only when serverless-offline runs it (see esbuild.config.cjs), never to
 * the one `serverless package` deploys: the local registry, which a bundled handler holds
 * only if it imports `middy-registry/local`, and a warning when the variable that selects
 * the file has not reached the handler.
 */
import { LOCAL_REGISTRY_ENV } from 'middy-registry/local'

if (!process.env[LOCAL_REGISTRY_ENV]) {
  console.warn(
    `${LOCAL_REGISTRY_ENV} is not set in this function's environment, so it reads AWS. serverless-offline hands a handler the AWS_* variables ` +
      `of its own environment and those serverless.yml declares, the others only with localEnvironment: start it with MIDDY_REGISTRY_LOCAL=registry.local.json.`,
  )
}
