import { describe, expect, it } from '@jest/globals'
import { PublishInputError } from '../../../src/core/problem.js'
import { endpointListing } from '../../../src/services/listing.js'

describe('finding a stage’s services from the endpoint template', () => {
  it('lists from "/" with the default convention and reads the service back', () => {
    const listing = endpointListing(undefined, 'prod')
    expect(listing.path).toBe('/')
    expect(['/orders/prod/endpoint', '/orders/staging/endpoint', '/orders/prod/endpoint/extra', '/a/b/prod/endpoint'].map(listing.serviceOf)).toEqual([
      'orders',
      undefined,
      undefined,
      undefined,
    ])
  })

  it('lists only the fixed part of a template with a prefix', () => {
    const listing = endpointListing({ endpoint: '/registry/{stage}/{service}/url' }, 'prod')
    expect(listing.path).toBe('/registry/prod')
    expect(listing.serviceOf('/registry/prod/billing.v2/url')).toBe('billing.v2')
  })

  it('treats the template’s other characters literally', () => {
    const listing = endpointListing({ endpoint: '/svc.{service}/{stage}/endpoint' }, 'prod')
    expect([listing.serviceOf('/svc.orders/prod/endpoint'), listing.serviceOf('/svcXorders/prod/endpoint')]).toEqual(['orders', undefined])
  })

  it('requires a repeated {service} to be the same name', () => {
    const listing = endpointListing({ endpoint: '/{service}/{stage}/{service}-endpoint' }, 'prod')
    expect([listing.serviceOf('/orders/prod/orders-endpoint'), listing.serviceOf('/orders/prod/billing-endpoint')]).toEqual(['orders', undefined])
  })

  it('refuses a template that is not a path or has no {service}', () => {
    expect(() => endpointListing({ endpoint: '{service}-{stage}-endpoint' }, 'prod')).toThrow(PublishInputError)
    expect(() => endpointListing({ endpoint: '/shared/{stage}/endpoint' }, 'prod')).toThrow('has {service}')
  })
})
