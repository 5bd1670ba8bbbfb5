import { sdk } from '#sdk/dsql-signer'
import { registerSdk } from '../../aws/sdk.js'
import { tokenSource } from './sign.js'

// The signer package: loaded, and bundled, only where dsqlAuthToken() is declared.
registerSdk(sdk)

interface DsqlSigner {
  getDbConnectAuthToken(): Promise<string>
  getDbConnectAdminAuthToken(): Promise<string>
}

/** Aurora DSQL: a token for one cluster, for its `admin` role or a custom one, signed by `@aws-sdk/dsql-signer`. */
export const signDsqlAuthTokens = tokenSource('dsql-signer', (signer: DsqlSigner, { options }) =>
  options.admin === true ? signer.getDbConnectAdminAuthToken() : signer.getDbConnectAuthToken(),
)
