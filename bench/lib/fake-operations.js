/**
 * The operations the benchmarked libraries call, answered from an in-memory store with
 * the shapes of the AWS JSON protocol (SSM and Secrets Manager, awsJson1_1). DescribeSecret
 * answers with the one version every secret has, labelled AWSCURRENT: nothing ever changes.
 */

const ACCOUNT = '111111111111'
const REGION = 'eu-west-1'
const MODIFIED = 1_760_000_000 // epoch seconds, as the JSON protocol sends dates

const parameterArn = (name) => `arn:aws:ssm:${REGION}:${ACCOUNT}:parameter${name.startsWith('/') ? '' : '/'}${name}`
const secretArn = (name) => `arn:aws:secretsmanager:${REGION}:${ACCOUNT}:secret:${name}-AbCdEf`

const parameterOf = (name, value) => ({
  Name: name,
  Type: 'String',
  Value: value,
  Version: 1,
  ARN: parameterArn(name),
  DataType: 'text',
  LastModifiedDate: MODIFIED,
})

const VERSION_ID = '00000000-0000-4000-8000-000000000001'

const secretOf = (name, value) => ({
  ARN: secretArn(name),
  Name: name,
  SecretString: value,
  VersionId: VERSION_ID,
  VersionStages: ['AWSCURRENT'],
  CreatedDate: MODIFIED,
})

const notFound = (type, message) => ({ status: 400, payload: { __type: type, message } })

function getParameters(store, { Names = [] }) {
  const found = Names.filter((name) => store.parameters.has(name))
  return {
    status: 200,
    payload: {
      Parameters: found.map((name) => parameterOf(name, store.parameters.get(name))),
      InvalidParameters: Names.filter((name) => !store.parameters.has(name)),
    },
  }
}

function getParameter(store, { Name }) {
  if (!store.parameters.has(Name)) return notFound('ParameterNotFound', `no parameter ${Name}`)
  return { status: 200, payload: { Parameter: parameterOf(Name, store.parameters.get(Name)) } }
}

function getParametersByPath(store, { Path, NextToken, MaxResults = 10 }) {
  const prefix = Path.endsWith('/') ? Path : `${Path}/`
  const names = [...store.parameters.keys()].filter((name) => name.startsWith(prefix)).sort()
  const start = NextToken ? Number(NextToken) : 0
  const page = names.slice(start, start + MaxResults)
  const next = start + MaxResults < names.length ? String(start + MaxResults) : undefined
  return { status: 200, payload: { Parameters: page.map((name) => parameterOf(name, store.parameters.get(name))), NextToken: next } }
}

function getSecretValue(store, { SecretId }) {
  if (!store.secrets.has(SecretId)) return notFound('ResourceNotFoundException', `no secret ${SecretId}`)
  return { status: 200, payload: secretOf(SecretId, store.secrets.get(SecretId)) }
}

/** A secret's metadata, never its value: what revalidation asks (the version under AWSCURRENT). */
function describeSecret(store, { SecretId }) {
  if (!store.secrets.has(SecretId)) return notFound('ResourceNotFoundException', `no secret ${SecretId}`)
  return {
    status: 200,
    payload: {
      ARN: secretArn(SecretId),
      Name: SecretId,
      VersionIdsToStages: { [VERSION_ID]: ['AWSCURRENT'] },
      CreatedDate: MODIFIED,
      LastChangedDate: MODIFIED,
    },
  }
}

function batchGetSecretValue(store, { SecretIdList = [] }) {
  const known = SecretIdList.filter((id) => store.secrets.has(id))
  return {
    status: 200,
    payload: {
      SecretValues: known.map((id) => secretOf(id, store.secrets.get(id))),
      Errors: SecretIdList.filter((id) => !store.secrets.has(id)).map((id) => ({
        SecretId: id,
        ErrorCode: 'ResourceNotFoundException',
        Message: `no secret ${id}`,
      })),
    },
  }
}

const OPERATIONS = {
  GetParameters: getParameters,
  GetParameter: getParameter,
  GetParametersByPath: getParametersByPath,
  GetSecretValue: getSecretValue,
  BatchGetSecretValue: batchGetSecretValue,
  DescribeSecret: describeSecret,
}

/** The response to one operation: `{ status, payload }`. */
export function answer(store, operation, input) {
  const operate = OPERATIONS[operation]
  if (!operate) return { status: 400, payload: { __type: 'UnknownOperationException', message: `the benchmark does not simulate ${operation}` } }
  return operate(store, input)
}
