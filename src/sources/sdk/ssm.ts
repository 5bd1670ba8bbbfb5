// The parts of the SSM client that reading needs. Named re-exports let a bundler drop the rest.
export { GetParametersByPathCommand, GetParametersCommand, SSMClient } from '@aws-sdk/client-ssm'
