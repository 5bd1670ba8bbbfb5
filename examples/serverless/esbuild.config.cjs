/**
 * serverless-esbuild's options (its `custom.esbuild.config`): it calls this function with
 * the running Serverless instance, so the bundle can differ between `serverless offline`
 * and `serverless package`/`deploy`. CommonJS because serverless-esbuild require()s it.
 */
const { join } = require('node:path')

module.exports = (serverless) => {
  const offline = serverless.processedInput.commands[0] === 'offline'
  return {
    format: 'esm',
    outputFileExtension: '.mjs',
    sourcemap: true,
    // The Node.js runtime provides AWS SDK v3; middy-registry loads the clients it needs.
    // serverless-esbuild neither bundles nor packages what is listed here.
    exclude: ['@aws-sdk/*'],
    // Offline only: the local registry (MIDDY_REGISTRY_LOCAL), which a deployed bundle never carries.
    inject: offline ? [join(__dirname, 'src/offline.ts')] : [],
  }
}
