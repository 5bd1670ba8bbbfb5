/**
 * What the write side and the CLI do to keep secrets out of text: a secret is masked
 * wherever it stands as a token of its own, and never inside another word, so that
 * masking never garbles text that is not the secret.
 */
import { describe, expect, it } from '@jest/globals'
import { redact } from '../../../src/write/store/redact.js'

const KEY = 'sk_live_4f9a8b7c6d5e'

describe('a secret in a message is masked', () => {
  it.each([
    ['alone', KEY, '****'],
    ['between spaces', `bad value ${KEY} given`, 'bad value **** given'],
    ['in quotes', `Value '${KEY}' at 'secretString'`, "Value '****' at 'secretString'"],
    ['after = and before &', `SecretString=${KEY}&Name=x`, 'SecretString=****&Name=x'],
    ['at the end of a sentence', `it said ${KEY}.`, 'it said ****.'],
    ['in a path', `/orders/${KEY}/x`, '/orders/****/x'],
    ['every time it occurs', `${KEY} ${KEY}`, '**** ****'],
  ])('%s', (_where, text, masked) => {
    expect(redact(text, [KEY])).toBe(masked)
  })

  it('whole when it holds another secret', () => {
    expect(redact(`a ${KEY} b`, ['sk_live', KEY])).toBe('a **** b')
  })

  it('wherever it occurs when its edges are not word characters (base64 with padding)', () => {
    expect(redact('data:+/Qx9a==;rest', ['+/Qx9a=='])).toBe('data:****;rest')
  })

  it('not at all when no secret is given', () => {
    expect(redact('/orders/prod/endpoint', [undefined, ''])).toBe('/orders/prod/endpoint')
  })
})

describe('text that merely contains a secret’s characters is left as it is', () => {
  it.each([
    ['a longer word', 'checkout', 'no parameter /checkoutv2/prod/endpoint'],
    ['a name with - in it', 'checkout', 'no parameter /checkout-v2/prod/endpoint'],
    ['a name with _ in it', 'checkout', 'table checkout_items was not found'],
    ['a number inside a longer one', '12345678', 'version 123456789'],
  ])('%s', (_case, secret, text) => {
    expect(redact(text, [secret])).toBe(text)
  })

  it('while an occurrence of its own in the same text is masked', () => {
    expect(redact('checkout-v2 holds checkout', ['checkout'])).toBe('checkout-v2 holds ****')
  })
})
