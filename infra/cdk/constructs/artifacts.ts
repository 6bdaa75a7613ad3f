/**
 * The bucket for what the browser workers keep of each application attempt (screenshots, step
 * captures): private, encrypted, TLS only, expired after the stage's retention, and its access
 * logged to a second bucket, since these images show users' personal data.
 */
import { Duration, Validations } from 'aws-cdk-lib';
import { PolicyStatement } from 'aws-cdk-lib/aws-iam';
import { BlockPublicAccess, Bucket, BucketEncryption, ObjectOwnership } from 'aws-cdk-lib/aws-s3';
import { Construct } from 'constructs';
import type { StageConfig } from '../stages';
import { type AppFunction, logicalIdOf } from './functions';

export interface ArtifactsConstructProps {
  stage: StageConfig;
}

export class ArtifactsConstruct extends Construct {
  readonly bucket: Bucket;
  readonly accessLogs: Bucket;

  constructor(scope: Construct, id: string, props: ArtifactsConstructProps) {
    super(scope, id);
    const { artifacts } = props.stage;

    this.accessLogs = new Bucket(this, 'AccessLogs', {
      encryption: BucketEncryption.S3_MANAGED,
      blockPublicAccess: BlockPublicAccess.BLOCK_ALL,
      objectOwnership: ObjectOwnership.BUCKET_OWNER_ENFORCED,
      enforceSSL: true,
      lifecycleRules: [{ expiration: Duration.days(Math.max(artifacts.expireAfterDays, 90)) }],
      removalPolicy: artifacts.removalPolicy,
    });
    Validations.of(this.accessLogs).acknowledge({
      id: 'AwsSolutions-S1',
      reason: 'This bucket receives the artifacts bucket access logs; logging it in turn would only log the log delivery.',
    });

    this.bucket = new Bucket(this, 'Bucket', {
      encryption: BucketEncryption.S3_MANAGED,
      blockPublicAccess: BlockPublicAccess.BLOCK_ALL,
      objectOwnership: ObjectOwnership.BUCKET_OWNER_ENFORCED,
      enforceSSL: true,
      serverAccessLogsBucket: this.accessLogs,
      serverAccessLogsPrefix: 'artifacts/',
      lifecycleRules: [
        { expiration: Duration.days(artifacts.expireAfterDays), abortIncompleteMultipartUploadAfter: Duration.days(1) },
      ],
      removalPolicy: artifacts.removalPolicy,
    });
  }

  /** Reading and writing objects (the browser workers' screenshots); no delete, no listing of keys. */
  grantReadWrite(target: AppFunction): void {
    this.grant(target, ['s3:GetObject', 's3:PutObject']);
  }

  /** Reading and deleting objects (the API hands out what an attempt captured, and deletes it with its application). */
  grantReadDelete(target: AppFunction): void {
    this.grant(target, ['s3:GetObject', 's3:DeleteObject']);
  }

  private grant(target: AppFunction, objectActions: string[]): void {
    target.role.addToPrincipalPolicy(new PolicyStatement({ actions: objectActions, resources: [this.bucket.arnForObjects('*')] }));
    // Without ListBucket, S3 answers a missing key with AccessDenied instead of NoSuchKey, and the
    // store (shared/artifacts/store.ts) could not tell "no screenshot" from a broken grant.
    target.role.addToPrincipalPolicy(new PolicyStatement({ actions: ['s3:ListBucket'], resources: [this.bucket.bucketArn] }));
    target.fn.addEnvironment('ARTIFACTS_BUCKET', this.bucket.bucketName);
    Validations.of(target.role).acknowledge({
      id: `AwsSolutions-IAM5[Resource::<${logicalIdOf(this.bucket)}.Arn>/*]`,
      reason: 'Object keys are made per application attempt at run time; the grant is object read/write on this one bucket.',
    });
  }
}
