/**
 * The SAM template is valid YAML (with CloudFormation's short tags), builds the handler it
 * names on a supported runtime, and grants the function exactly what the handler declares.
 * Run with `npm run test:examples` in the middy-registry repository.
 */
import assert from 'node:assert/strict'
import { existsSync, readFileSync } from 'node:fs'
import { describe, it } from 'node:test'
import { fileURLToPath } from 'node:url'
import { parse, type Tags } from 'yaml'
import { declaredGrants, keeperGrants } from '../declared-grants.js'

const here = (path: string) => fileURLToPath(new URL(path, import.meta.url))

// !Ref, !Sub, !GetAtt… become their long forms ({ Ref: … }, { 'Fn::Sub': … }), as CloudFormation reads them.
const INTRINSICS = ['Base64', 'Cidr', 'Equals', 'FindInMap', 'GetAtt', 'GetAZs', 'If', 'ImportValue', 'Join', 'Not', 'Or', 'And', 'Select', 'Split', 'Sub']
const longForm = (name: string) => (name === 'Ref' || name === 'Condition' ? name : `Fn::${name}`)
const cloudFormationTags: Tags = ['Ref', 'Condition', ...INTRINSICS].flatMap((name) => [
  { tag: `!${name}`, resolve: (value: string) => ({ [longForm(name)]: name === 'GetAtt' ? value.split('.') : value }) },
  { tag: `!${name}`, collection: 'seq' as const, resolve: (seq: { toJSON(): unknown }) => ({ [longForm(name)]: seq.toJSON() }) },
])

type Resource = { Type: string; Properties: Record<string, any>; Metadata?: Record<string, any> }
const template = parse(readFileSync(here('./template.yaml'), 'utf8'), { customTags: cloudFormationTags }) as {
  Transform: string
  Resources: Record<string, Resource>
}
const resources = Object.entries(template.Resources)
const [functionId, fn] = resources.find(([, resource]) => resource.Type === 'AWS::Serverless::Function')!
const keeper = template.Resources.SnapshotKeeperFunction!
const statements = fn.Properties.Policies.flatMap((policy: { Statement: unknown[] }) => policy.Statement) as Array<{
  Effect: string
  Action: string | string[]
  Resource: unknown
}>

const PARAMETER_ARN = 'arn:${AWS::Partition}:ssm:${AWS::Region}:${AWS::AccountId}:parameter'
const OBJECT_ARN = 'arn:${AWS::Partition}:s3:::'

/** A granted resource as the registry name it stands for: a parameter name, a path, a secret name or an S3 object's bucket/key. */
function registryName(resource: unknown): string {
  const { Ref: ref, 'Fn::Sub': sub } = resource as { Ref?: string; 'Fn::Sub'?: string }
  if (ref) return template.Resources[ref]!.Properties.Name['Fn::Sub'] // a secret, by its logical id
  if (sub?.startsWith(OBJECT_ARN)) return sub.slice(OBJECT_ARN.length)
  if (!sub?.startsWith(PARAMETER_ARN)) assert.fail(`unexpected resource ${JSON.stringify(resource)}`)
  return sub.slice(PARAMETER_ARN.length)
}

describe('examples/sam/template.yaml', () => {
  it('is a SAM template', () => {
    assert.equal(template.Transform, 'AWS::Serverless-2016-10-31')
    assert.ok(functionId)
  })

  it('builds src/handler.ts with esbuild into the handler it names, on nodejs22.x', () => {
    const build = fn.Metadata!.BuildProperties
    assert.equal(fn.Metadata!.BuildMethod, 'esbuild')
    assert.deepEqual(build.EntryPoints, ['src/handler.ts'])
    assert.ok(existsSync(here('./src/handler.ts')))
    assert.equal(fn.Properties.Handler, 'handler.handler')
    assert.match(readFileSync(here('./src/handler.ts'), 'utf8'), /export const handler\b/)
    assert.equal(fn.Properties.Runtime, 'nodejs22.x')
    assert.equal(build.Format, 'esm')
  })

  it('grants exactly the reads the handler declares, and no wildcard', () => {
    const granted = statements.flatMap(({ Effect, Action, Resource }) => {
      assert.equal(Effect, 'Allow')
      return [Action].flat().flatMap((action) => [Resource].flat().map((resource) => `${action} ${registryName(resource)}`))
    })
    assert.deepEqual(granted.sort(), declaredGrants(here('./src/handler.ts'), '${Stage}'))
  })

  it('creates every entry the handler declares', () => {
    const names = resources
      .filter(([, { Type }]) => Type === 'AWS::SSM::Parameter' || Type === 'AWS::SecretsManager::Secret')
      .map(([, resource]) => resource.Properties.Name['Fn::Sub'] as string)
    // S3 objects are uploaded, not declared as resources: their grants are checked above.
    for (const grant of declaredGrants(here('./src/handler.ts'), '${Stage}').filter((each) => !each.startsWith('s3:'))) {
      const name = grant.split(' ')[1]!
      const created = grant.startsWith('ssm:GetParametersByPath') ? names.some((candidate) => candidate.startsWith(`${name}/`)) : names.includes(name)
      assert.ok(created, `the template does not create ${name}`)
    }
  })

  describe('the snapshot keeper', () => {
    const keeperStatements = keeper.Properties.Policies.flatMap((policy: { Statement: unknown[] }) => policy.Statement) as typeof statements

    it('runs src/snapshot-keeper.ts on Parameter Store change events under the stage paths, one at a time', () => {
      assert.deepEqual(keeper.Metadata!.BuildProperties.EntryPoints, ['src/snapshot-keeper.ts'])
      assert.equal(keeper.Properties.Handler, 'snapshot-keeper.handler')
      assert.equal(keeper.Properties.ReservedConcurrentExecutions, 1)
      const { Pattern } = keeper.Properties.Events.ParameterChanged.Properties
      assert.deepEqual(Pattern.source, ['aws.ssm'])
      assert.deepEqual(Pattern['detail-type'], ['Parameter Store Change'])
      assert.deepEqual(
        Pattern.detail.name.map(({ prefix }: { prefix: { 'Fn::Sub': string } }) => prefix['Fn::Sub']),
        ['/orders/${Stage}/', '/features/${Stage}/'],
      )
    })

    it('grants exactly what the keeper reads and writes: no decryption, no other object, no wildcard action', () => {
      const granted = keeperStatements.flatMap(({ Effect, Action, Resource }) => {
        assert.equal(Effect, 'Allow')
        return [Action].flat().flatMap((action) => [Resource].flat().map((resource) => `${action} ${registryName(resource)}`))
      })
      assert.deepEqual(granted.sort(), keeperGrants(here('./src/snapshot-keeper.ts'), '${Stage}', '${SnapshotBucket}'))
      const listing = keeperStatements.find(({ Action }) => Action === 's3:ListBucket') as { Condition?: unknown }
      assert.deepEqual(listing.Condition, { StringEquals: { 's3:prefix': { 'Fn::Sub': '${Stage}/snapshot.json' } } })
    })
  })
})
