/**
 * Loaded with `node --import` in the child processes when the bench runs on Middy 5 or 6:
 * resolves `@middy/core`, `@middy/ssm` and `@middy/secrets-manager` to the installed aliases
 * of that major (`@middy-6/core`…), so the handlers stay the same for every major.
 */
import { register } from 'node:module'
import { aliasesOf, middyMajorOf } from './middy-version.js'

const aliases = aliasesOf(middyMajorOf([], process.env))
if (Object.keys(aliases).length > 0) {
  register(
    `data:text/javascript,${encodeURIComponent(`
const aliases = ${JSON.stringify(aliases)}
export async function resolve(specifier, context, next) {
  return next(Object.hasOwn(aliases, specifier) ? aliases[specifier] : specifier, context)
}`)}`,
  )
}
