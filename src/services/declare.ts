/**
 * `service()`: the declaration of a remote service. Apart from the convention's checks and
 * types (service.ts), because it carries the expansion code, and with it the sources a
 * service reads from: only handlers that declare a service bundle them.
 */
import { describeValue, quote } from '../core/describe.js'
import { InputError } from '../core/problem.js'
import { brand } from '../core/reference.js'
import { SERVICE } from './brand.js'
import { expandService } from './expand.js'
import { isServiceName } from './names.js'
import { checkServiceOptions, type ServiceOptions, type ServiceReference, type ServiceValue } from './service.js'

/**
 * A remote service, resolved through the naming convention to `{ endpoint, apiKey }`
 * (the API key masked), or to the fields you declare.
 */
// The Pick<> intersection gives `extra`/`fields` functions their parameter's type while O is inferred.
// biome-ignore lint/complexity/noBannedTypes: `{}` is "no options given", whose value is the default convention's.
export function service<const O extends ServiceOptions = {}>(
  name: string,
  options?: O & Pick<ServiceOptions, 'extra' | 'fields'>,
): ServiceReference<ServiceValue<O>> {
  const caller = `service(${quote(String(name), 60)})`
  if (!isServiceName(name)) throw new TypeError(`service(): the service name must be 1-128 letters, digits or _ . -, got ${describeValue(name)}`)
  if (options !== undefined && (typeof options !== 'object' || options === null)) throw new InputError(caller, `options must be an object`)
  checkServiceOptions(caller, { ...options })
  return brand({ name, options: Object.freeze({ ...options }), expand: expandService }, SERVICE) as ServiceReference<ServiceValue<O>>
}
