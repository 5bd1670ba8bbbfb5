import { fileURLToPath } from 'node:url'
import { CfnOutput, Duration, Stack, type StackProps } from 'aws-cdk-lib'
import { Rule } from 'aws-cdk-lib/aws-events'
import { LambdaFunction } from 'aws-cdk-lib/aws-events-targets'
import { Effect, PolicyStatement } from 'aws-cdk-lib/aws-iam'
import { Architecture, Runtime } from 'aws-cdk-lib/aws-lambda'
import { NodejsFunction, OutputFormat } from 'aws-cdk-lib/aws-lambda-nodejs'
import { BlockPublicAccess, Bucket } from 'aws-cdk-lib/aws-s3'
import { Secret } from 'aws-cdk-lib/aws-secretsmanager'
import { StringParameter } from 'aws-cdk-lib/aws-ssm'
import type { Construct } from 'constructs'

export interface OrdersClientStackProps extends StackProps {
  /** Which registry entries to create and read: /orders/STAGE/…, orders/STAGE/…. */
  readonly stage: 'dev' | 'prod'
  /** Where the orders service lives; move it by updating the parameter, not the function. */
  readonly ordersEndpoint: string
}

/**
 * The orders client: its registry entries (three SSM parameters and one secret), the
 * function that reads them with middy-registry, and read access to exactly those entries.
 */
export class OrdersClientStack extends Stack {
  constructor(scope: Construct, id: string, props: OrdersClientStackProps) {
    super(scope, id, props)
    const { stage } = props

    const endpoint = new StringParameter(this, 'OrdersEndpoint', {
      parameterName: `/orders/${stage}/endpoint`,
      stringValue: props.ordersEndpoint,
    })
    const limits = new StringParameter(this, 'OrdersLimits', {
      parameterName: `/orders/${stage}/limits`,
      stringValue: JSON.stringify({ timeoutMs: 2500 }),
    })
    new StringParameter(this, 'CheckoutFeature', { parameterName: `/features/${stage}/checkout-v2`, stringValue: 'on' })
    const apiKey = new Secret(this, 'OrdersApiKey', {
      secretName: `orders/${stage}/api-key`,
      description: 'API key of the orders service (replace the generated value with the real one).',
      generateSecretString: { passwordLength: 40, excludePunctuation: true },
    })

    const ordersClient = new NodejsFunction(this, 'OrdersClient', {
      // The same handler as the SAM example: one function, two ways to deploy it.
      entry: fileURLToPath(new URL('../../sam/src/handler.ts', import.meta.url)),
      runtime: Runtime.NODEJS_22_X,
      architecture: Architecture.ARM_64,
      memorySize: 256,
      timeout: Duration.seconds(10),
      environment: { STAGE: stage, NODE_OPTIONS: '--enable-source-maps' },
      bundling: {
        format: OutputFormat.ESM,
        target: 'es2022',
        sourceMap: true,
        // The Node.js runtime provides AWS SDK v3; middy-registry loads the clients lazily.
        externalModules: ['@aws-sdk/*'],
      },
    })

    // Least privilege, statement by statement. The parameters' grant helper (endpoint.grantRead)
    // would also allow GetParameter, GetParameterHistory and DescribeParameters, which
    // middy-registry never calls; the secret's statement is what apiKey.grantRead() would give
    // (under an AWS managed key), written out beside the others.
    ordersClient.addToRolePolicy(
      new PolicyStatement({
        sid: 'ReadDeclaredParameters', // ssm(), ssm.json(): checked against each name in the call
        effect: Effect.ALLOW,
        actions: ['ssm:GetParameters'],
        resources: [endpoint.parameterArn, limits.parameterArn],
      }),
    )
    ordersClient.addToRolePolicy(
      new PolicyStatement({
        sid: 'ReadFeaturePath', // ssm.path(): checked against the path itself, which covers every level below it
        effect: Effect.ALLOW,
        actions: ['ssm:GetParametersByPath'],
        resources: [this.formatArn({ service: 'ssm', resource: 'parameter', resourceName: `features/${stage}` })],
      }),
    )
    ordersClient.addToRolePolicy(
      new PolicyStatement({
        // One secret is read with GetSecretValue; once expired, DescribeSecret asks whether its
        // version moved, so that an unchanged value is not read again. Two or more also need
        // secretsmanager:BatchGetSecretValue on "*" (no resource-level permissions).
        sid: 'ReadDeclaredSecret',
        effect: Effect.ALLOW,
        actions: ['secretsmanager:GetSecretValue', 'secretsmanager:DescribeSecret'],
        resources: [apiKey.secretArn],
      }),
    )

    const snapshot = this.snapshotKeeper(stage)

    new CfnOutput(this, 'OrdersClientFunctionName', { value: ordersClient.functionName })
    new CfnOutput(this, 'SnapshotUri', { value: `s3://${snapshot.bucketName}/${stage}/snapshot.json`, description: 'Where publish/apply --snapshot write.' })
    new CfnOutput(this, 'OrdersApiKeySecretArn', { value: apiKey.secretArn, description: 'Put the real API key here.' })
  }
  /**
   * The snapshot tier: a bucket for the stage's snapshot (one S3 document of its non-secret
   * parameters, which `publish`/`apply --snapshot` write) and the keeper that rewrites it for
   * Parameter Store changes made elsewhere, with exactly the access it needs (docs/snapshot.md).
   */
  private snapshotKeeper(stage: string): Bucket {
    const bucket = new Bucket(this, 'SnapshotBucket', { blockPublicAccess: BlockPublicAccess.BLOCK_ALL, enforceSSL: true })
    const key = `${stage}/snapshot.json`
    const paths = [`orders/${stage}`, `features/${stage}`]
    const keeper = new NodejsFunction(this, 'SnapshotKeeper', {
      entry: fileURLToPath(new URL('../../sam/src/snapshot-keeper.ts', import.meta.url)),
      runtime: Runtime.NODEJS_22_X,
      architecture: Architecture.ARM_64,
      memorySize: 256,
      timeout: Duration.seconds(30),
      // One rewrite at a time: a burst of changes queues instead of racing on the ETag.
      reservedConcurrentExecutions: 1,
      environment: { STAGE: stage, SNAPSHOT_BUCKET: bucket.bucketName },
      bundling: { format: OutputFormat.ESM, target: 'es2022', externalModules: ['@aws-sdk/*'] },
    })
    new Rule(this, 'ParameterChanged', {
      eventPattern: { source: ['aws.ssm'], detailType: ['Parameter Store Change'], detail: { name: paths.map((path) => ({ prefix: `/${path}/` })) } },
      targets: [new LambdaFunction(keeper)],
    })
    const parameterArn = (name: string) => this.formatArn({ service: 'ssm', resource: 'parameter', resourceName: name })
    // The whole stage on a first run (no document yet); never decrypted: no kms:Decrypt.
    keeper.addToRolePolicy(new PolicyStatement({ sid: 'ListStagePaths', actions: ['ssm:GetParametersByPath'], resources: paths.map(parameterArn) }))
    keeper.addToRolePolicy(
      new PolicyStatement({
        sid: 'ReadChangedParameter', // the changed parameter, and the labels on its latest version
        actions: ['ssm:GetParameter', 'ssm:GetParameterHistory'],
        resources: paths.map((path) => parameterArn(`${path}/*`)),
      }),
    )
    keeper.addToRolePolicy(new PolicyStatement({ sid: 'RewriteSnapshot', actions: ['s3:GetObject', 's3:PutObject'], resources: [bucket.arnForObjects(key)] }))
    // Without it, S3 answers a document not written yet with AccessDenied, not NoSuchKey.
    keeper.addToRolePolicy(
      new PolicyStatement({
        sid: 'ListSnapshotKey',
        actions: ['s3:ListBucket'],
        resources: [bucket.bucketArn],
        conditions: { StringEquals: { 's3:prefix': key } },
      }),
    )
    return bucket
  }
}
