// The parts of the STS client that assuming a role needs. Named re-exports let a bundler drop the rest.
export { AssumeRoleCommand, STSClient } from '@aws-sdk/client-sts'
