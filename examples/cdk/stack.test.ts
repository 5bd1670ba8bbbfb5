/**
 * The CDK stack synthesises (without bundling: no esbuild, no Docker) into a function on
 * nodejs22.x whose role grants exactly what the handler declares, for the stage it is given.
 * Run with `npm run test:examples` in the middy-registry repository.
 */

import assert from 'node:assert/strict'
import { describe, it } from 'node:test'
import { fileURLToPath } from 'node:url'
import { App } from 'aws-cdk-lib'
import { Template } from 'aws-cdk-lib/assertions'
import { declaredGrants } from '../declared-grants.js'
import { OrdersClientStack } from './lib/orders-client-stack.js'

const handlerFile = fileURLToPath(new URL('../sam/src/handler.ts', import.meta.url))
const env = { account: '111111111111', region: 'eu-west-1' }

function synthesise(stage: 'dev' | 'prod') {
  const app = new App({ context: { 'aws:cdk:bundling-stacks': [] } })
  const stack = new OrdersClientStack(app, `OrdersClient-${stage}`, { stage, ordersEndpoint: 'https://orders.example.com', env })
  return Template.fromStack(stack).toJSON() as { Resources: Record<string, { Type: string; Properties: Record<string, any> }> }
}

/** A granted resource as the registry name it stands for; CDK writes ARNs as Fn::Join of Refs. */
function registryName(resources: Record<string, { Properties: Record<string, any> }>, resource: unknown): string {
  const part = (value: unknown): string => {
    if (typeof value === 'string') return value
    const ref = (value as { Ref?: string }).Ref
    if (ref === 'AWS::Partition') return 'aws'
    // A parameter's Ref is its name; a secret's is its ARN, which stands for its name here.
    if (ref && resources[ref]) return resources[ref].Properties.Name
    const join = (value as { 'Fn::Join'?: [string, unknown[]] })['Fn::Join']
    assert.ok(join, `unexpected resource ${JSON.stringify(value)}`)
    return join[1].map(part).join(join[0])
  }
  const text = part(resource)
  const parameterArn = `arn:aws:ssm:${env.region}:${env.account}:parameter`
  // An S3 object's ARN names no Region or account: arn:aws:s3:::bucket/key.
  const objectArn = 'arn:aws:s3:::'
  if (text.startsWith(objectArn)) return text.slice(objectArn.length)
  return text.startsWith(parameterArn) ? text.slice(parameterArn.length) : text
}

for (const stage of ['dev', 'prod'] as const) {
  describe(`OrdersClientStack (${stage})`, () => {
    const { Resources: resources } = synthesise(stage)
    const ofType = (type: string) => Object.values(resources).filter((resource) => resource.Type === type)

    it('runs the handler on nodejs22.x with its stage', () => {
      const [fn] = ofType('AWS::Lambda::Function')
      assert.equal(fn!.Properties.Runtime, 'nodejs22.x')
      assert.equal(fn!.Properties.Environment.Variables.STAGE, stage)
    })

    it('grants exactly the reads the handler declares, and no wildcard', () => {
      const statements = ofType('AWS::IAM::Policy').flatMap(
        (policy) => policy.Properties.PolicyDocument.Statement as Array<{ Effect: string; Action: unknown; Resource: unknown }>,
      )
      const granted = statements.flatMap(({ Effect, Action, Resource }) => {
        assert.equal(Effect, 'Allow')
        return [Action].flat().flatMap((action) => [Resource].flat().map((resource) => `${action} ${registryName(resources, resource)}`))
      })
      assert.deepEqual(granted.sort(), declaredGrants(handlerFile, stage))
    })

    it('creates every entry the handler declares', () => {
      const names = [...ofType('AWS::SSM::Parameter'), ...ofType('AWS::SecretsManager::Secret')].map((resource) => resource.Properties.Name as string)
      // S3 objects are uploaded, not declared as resources: their grants are checked above.
      for (const grant of declaredGrants(handlerFile, stage).filter((each) => !each.startsWith('s3:'))) {
        const name = grant.split(' ')[1]!
        const created = grant.startsWith('ssm:GetParametersByPath') ? names.some((candidate) => candidate.startsWith(`${name}/`)) : names.includes(name)
        assert.ok(created, `the stack does not create ${name}`)
      }
    })
  })
}
