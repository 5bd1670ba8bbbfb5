/**
 * The CDK app: one OrdersClientStack per stage. `npx cdk deploy -c stage=prod` deploys prod.
 */
import { App } from 'aws-cdk-lib'
import { OrdersClientStack } from '../lib/orders-client-stack.js'

const app = new App()
const stage: unknown = app.node.tryGetContext('stage') ?? 'dev'
if (stage !== 'dev' && stage !== 'prod') throw new Error('context "stage" must be dev or prod (cdk deploy -c stage=prod)')

new OrdersClientStack(app, `OrdersClient-${stage}`, {
  stage,
  ordersEndpoint: app.node.tryGetContext('ordersEndpoint') ?? 'https://orders.internal.example.com/v2',
  env: { account: process.env.CDK_DEFAULT_ACCOUNT, region: process.env.CDK_DEFAULT_REGION },
})
