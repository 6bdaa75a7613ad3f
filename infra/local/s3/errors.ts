/** S3's REST errors as the SDK reads them: an HTTP status and an XML body naming the code. */
import { xmlDocument, xmlElement } from './xml';

export class S3Error extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    /** More elements of the error body (Key, BucketName, HeadersNotSigned…). */
    readonly details: Record<string, string> = {},
  ) {
    super(message);
  }

  toXml(requestId: string): string {
    return xmlDocument(
      xmlElement('Error', [
        xmlElement('Code', this.code),
        xmlElement('Message', this.message),
        ...Object.entries(this.details).map(([name, value]) => xmlElement(name, value)),
        xmlElement('RequestId', requestId),
      ]),
    );
  }
}

export const s3Errors = {
  accessDenied: (message = 'Access Denied') => new S3Error(403, 'AccessDenied', message),
  expired: (expires: string, now: string) =>
    new S3Error(403, 'AccessDenied', 'Request has expired', { Expires: expires, ServerTime: now }),
  signatureMismatch: (canonicalRequest: string) =>
    new S3Error(403, 'SignatureDoesNotMatch', 'The request signature we calculated does not match the signature you provided. Check your key and signing method.', {
      CanonicalRequest: canonicalRequest,
    }),
  invalidAccessKey: (id: string) =>
    new S3Error(403, 'InvalidAccessKeyId', 'The AWS Access Key Id you provided does not exist in our records.', { AWSAccessKeyId: id }),
  authorizationMalformed: (message: string) => new S3Error(400, 'AuthorizationHeaderMalformed', message),
  authorizationQueryError: (message: string) => new S3Error(400, 'AuthorizationQueryParametersError', message),
  timeSkewed: () => new S3Error(403, 'RequestTimeTooSkewed', 'The difference between the request time and the current time is too large.'),
  unsignedHeaders: (headers: string[]) =>
    new S3Error(403, 'AccessDenied', 'There were headers present in the request which were not signed', { HeadersNotSigned: headers.join(', ') }),
  noSuchBucket: (bucket: string) => new S3Error(404, 'NoSuchBucket', 'The specified bucket does not exist', { BucketName: bucket }),
  noSuchKey: (key: string) => new S3Error(404, 'NoSuchKey', 'The specified key does not exist.', { Key: key }),
  preconditionFailed: (condition: string) =>
    new S3Error(412, 'PreconditionFailed', 'At least one of the pre-conditions you specified did not hold', { Condition: condition }),
  invalidRange: () => new S3Error(416, 'InvalidRange', 'The requested range is not satisfiable'),
  missingContentLength: () => new S3Error(411, 'MissingContentLength', 'You must provide the Content-Length HTTP header.'),
  incompleteBody: () => new S3Error(400, 'IncompleteBody', 'You did not provide the number of bytes specified by the Content-Length HTTP header'),
  entityTooLarge: () => new S3Error(400, 'EntityTooLarge', 'Your proposed upload exceeds the maximum allowed size'),
  badDigest: (what: string) => new S3Error(400, 'BadDigest', `The ${what} you specified did not match the calculated checksum.`),
  contentSha256Mismatch: () => new S3Error(400, 'XAmzContentSHA256Mismatch', 'The provided x-amz-content-sha256 header does not match what was computed.'),
  invalidArgument: (message: string) => new S3Error(400, 'InvalidArgument', message),
  invalidRequest: (message: string) => new S3Error(400, 'InvalidRequest', message),
  malformedXml: () => new S3Error(400, 'MalformedXML', 'The XML you provided was not well-formed or did not validate against our published schema'),
  keyTooLong: () => new S3Error(400, 'KeyTooLongError', 'Your key is too long'),
  methodNotAllowed: (method: string) => new S3Error(405, 'MethodNotAllowed', `The specified method is not allowed against this resource.`, { Method: method }),
  /** What S3 has and this endpoint does not: said plainly, never answered wrongly. */
  notImplemented: (what: string) => new S3Error(501, 'NotImplemented', `${what} is not implemented by the local S3 endpoint`),
  internal: () => new S3Error(500, 'InternalError', 'We encountered an internal error. Please try again.'),
};
