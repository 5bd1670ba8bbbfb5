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
import { declaredGrants, keeperGrants } from '../declared-grants.js'
import { OrdersClientStack } from './lib/orders-client-stack.js'

const handlerFile = fileURLToPath(new URL('../sam/src/handler.ts', import.meta.url))
const keeperFile = fileURLToPath(new URL('../sam/src/snapshot-keeper.ts', import.meta.url))
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
    // A bucket's ARN, by its logical id (which stands for its generated name here).
    const getAtt = (value as { 'Fn::GetAtt'?: [string, string] })['Fn::GetAtt']
    if (getAtt?.[1] === 'Arn') return `arn:aws:s3:::${getAtt[0]}`
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
    const [bucketId] = Object.entries(resources).find(([, { Type }]) => Type === 'AWS::S3::Bucket')!
    /** The grants of the policies on one function's role, as `action resource`. */
    const grantsOf = (fn: { Properties: Record<string, any> }) => {
      const role = fn.Properties.Role['Fn::GetAtt'][0]
      const statements = ofType('AWS::IAM::Policy')
        .filter((policy) => policy.Properties.Roles.some((each: { Ref?: string }) => each.Ref === role))
        .flatMap((policy) => policy.Properties.PolicyDocument.Statement as Array<{ Effect: string; Action: unknown; Resource: unknown }>)
      return statements.flatMap(({ Effect, Action, Resource }) => {
        assert.equal(Effect, 'Allow')
        return [Action].flat().flatMap((action) => [Resource].flat().map((resource) => `${action} ${registryName(resources, resource)}`))
      })
    }
    const functions = ofType('AWS::Lambda::Function')
    const keeper = functions.find((fn) => fn.Properties.Environment.Variables.SNAPSHOT_BUCKET)!

    it('runs the handler on nodejs22.x with its stage', () => {
      const [fn] = ofType('AWS::Lambda::Function')
      assert.equal(fn!.Properties.Runtime, 'nodejs22.x')
      assert.equal(fn!.Properties.Environment.Variables.STAGE, stage)
    })

    it('grants exactly the reads the handler declares, and no wildcard', () => {
      assert.deepEqual(grantsOf(functions[0]!).sort(), declaredGrants(handlerFile, stage))
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

    it('runs the snapshot keeper on Parameter Store change events under the stage paths, one at a time', () => {
      assert.equal(keeper.Properties.ReservedConcurrentExecutions, 1)
      const [rule] = ofType('AWS::Events::Rule')
      assert.deepEqual(rule!.Properties.EventPattern, {
        source: ['aws.ssm'],
        'detail-type': ['Parameter Store Change'],
        detail: { name: [{ prefix: `/orders/${stage}/` }, { prefix: `/features/${stage}/` }] },
      })
    })

    it('grants the keeper exactly what it reads and writes: no decryption, no other object, no wildcard action', () => {
      assert.deepEqual(grantsOf(keeper).sort(), keeperGrants(keeperFile, stage, bucketId))
    })
  })
}
