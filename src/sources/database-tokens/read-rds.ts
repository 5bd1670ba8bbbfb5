import { sdk } from '#sdk/rds-signer'
import { registerSdk } from '../../aws/sdk.js'
import { tokenSource } from './sign.js'

// The signer package: loaded, and bundled, only where rdsAuthToken() is declared.
registerSdk(sdk)

interface RdsSigner {
  getAuthToken(): Promise<string>
}

/** RDS and Aurora: a token for one database user at one endpoint, signed by `@aws-sdk/rds-signer`'s `Signer`. */
export const signRdsAuthTokens = tokenSource('rds-signer', (signer: RdsSigner) => signer.getAuthToken())
