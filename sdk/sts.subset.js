// The subset build of STS is the same loader: STS is always loaded on demand (sts.bundler.js).
export { sdk } from './sts.bundler.js'
