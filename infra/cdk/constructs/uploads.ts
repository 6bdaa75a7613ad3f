/**
 * The users' uploads bucket: the resumes profiles keep (`resumes/<userId>/…`, written only by the
 * platform) and the files users PUT through the presigned URLs the API hands out (`uploads/<userId>/…`,
 * expired after a day: a profile save copies what it keeps out of there). Its own bucket rather than
 * a prefix of the artifacts bucket: a resume lives as long as the profile naming it, while screenshots
 * expire. Private, encrypted, TLS only, access logged beside the artifacts bucket's, no versions (a
 * deleted resume is gone), and CORS for the stage's browser origins so a web client can PUT an upload.
 */
import { Duration, type RemovalPolicy, Validations } from 'aws-cdk-lib';
import { PolicyStatement } from 'aws-cdk-lib/aws-iam';
import { BlockPublicAccess, Bucket, BucketEncryption, HttpMethods, type IBucket, ObjectOwnership } from 'aws-cdk-lib/aws-s3';
import { Construct } from 'constructs';
import type { FunctionSpec } from '../../../shared/tables/types';
import { type AppFunction, logicalIdOf } from './functions';

export interface UploadsConstructProps {
  removalPolicy: RemovalPolicy;
  /** Browser origins allowed to PUT uploads (the API's CORS origins); none turns CORS off. */
  corsOrigins: string[];
  /** Where the bucket's access logs go. */
  accessLogs: IBucket;
}

/** How long an upload no profile kept stays (the API's upload URLs last 15 minutes). */
export const UNKEPT_UPLOAD_DAYS = 1;

type Access = NonNullable<FunctionSpec['uploads']>;

/** Object actions per prefix for each kind of access a FunctionSpec can ask for. */
const GRANTS: Record<Access, { actions: string[]; prefixes: string[] }[]> = {
  // The applier attaches a kept resume.
  read: [{ actions: ['s3:GetObject'], prefixes: ['resumes/'] }],
  // A deleted account's files go.
  remove: [{ actions: ['s3:DeleteObject'], prefixes: ['uploads/', 'resumes/'] }],
  // Upload URLs are signed with the function's role (PutObject on uploads/); a save reads the upload
  // and copies it to resumes/ (GetObject on the source, PutObject on the copy); both are deleted.
  manage: [{ actions: ['s3:DeleteObject', 's3:GetObject', 's3:PutObject'], prefixes: ['uploads/', 'resumes/'] }],
};

export class UploadsConstruct extends Construct {
  readonly bucket: Bucket;

  constructor(scope: Construct, id: string, props: UploadsConstructProps) {
    super(scope, id);
    this.bucket = new Bucket(this, 'Bucket', {
      encryption: BucketEncryption.S3_MANAGED,
      blockPublicAccess: BlockPublicAccess.BLOCK_ALL,
      objectOwnership: ObjectOwnership.BUCKET_OWNER_ENFORCED,
      enforceSSL: true,
      serverAccessLogsBucket: props.accessLogs,
      serverAccessLogsPrefix: 'uploads/',
      lifecycleRules: [
        { prefix: 'uploads/', expiration: Duration.days(UNKEPT_UPLOAD_DAYS) },
        { abortIncompleteMultipartUploadAfter: Duration.days(1) },
      ],
      cors: props.corsOrigins.length
        ? [{ allowedMethods: [HttpMethods.PUT], allowedOrigins: props.corsOrigins, allowedHeaders: ['content-type'], exposedHeaders: ['etag'], maxAge: 600 }]
        : undefined,
      removalPolicy: props.removalPolicy,
    });
  }

  grant(target: AppFunction, access: Access): void {
    const resources = new Set<string>();
    for (const { actions, prefixes } of GRANTS[access]) {
      const arns = prefixes.map((prefix) => this.bucket.arnForObjects(`${prefix}*`));
      target.role.addToPrincipalPolicy(new PolicyStatement({ actions, resources: arns }));
      for (const prefix of prefixes) resources.add(prefix);
    }
    // Without ListBucket, S3 answers a missing key with AccessDenied instead of NoSuchKey, and a save
    // could not tell "not uploaded yet" from a broken grant; removing a user's files lists them.
    target.role.addToPrincipalPolicy(new PolicyStatement({ actions: ['s3:ListBucket'], resources: [this.bucket.bucketArn] }));
    target.fn.addEnvironment('UPLOADS_BUCKET', this.bucket.bucketName);
    for (const prefix of resources) {
      Validations.of(target.role).acknowledge({
        id: `AwsSolutions-IAM5[Resource::<${logicalIdOf(this.bucket)}.Arn>/${prefix}*]`,
        reason: 'Object keys are made per user and upload at run time; the grant is on one prefix of this one bucket, every key of which is under a user id.',
      });
    }
  }
}
