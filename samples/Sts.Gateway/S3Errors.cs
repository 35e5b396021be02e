using Sts.Core;

namespace Sts.Gateway;

/// <summary>S3's error codes with their statuses and S3's own messages.</summary>
internal static class S3Errors
{
    public static StsError AccessDenied() => new("AccessDenied", "Access Denied", 403);

    public static StsError NoSuchBucket() => new("NoSuchBucket", "The specified bucket does not exist", 404);

    public static StsError NoSuchKey() => new("NoSuchKey", "The specified key does not exist.", 404);

    public static StsError BucketAlreadyExists() => new("BucketAlreadyExists", "The requested bucket name is not available. The bucket namespace is shared by all users of the system. Please select a different name and try again.", 409);

    public static StsError BucketAlreadyOwnedByYou() => new("BucketAlreadyOwnedByYou", "Your previous request to create the named bucket succeeded and you already own it.", 409);

    public static StsError BucketNotEmpty() => new("BucketNotEmpty", "The bucket you tried to delete is not empty", 409);

    public static StsError NoSuchBucketPolicy() => new("NoSuchBucketPolicy", "The bucket policy does not exist", 404);

    public static StsError NoSuchTagSet() => new("NoSuchTagSet", "The TagSet does not exist", 404);

    public static StsError MalformedXml() => new("MalformedXML", "The XML you provided was not well-formed or did not validate against our published schema", 400);

    public static StsError MalformedPolicy(string message) => new("MalformedPolicy", message, 400);

    public static StsError BadDigest() => new("BadDigest", "The Content-MD5 you specified did not match what we received.", 400);

    public static StsError InvalidDigest() => new("InvalidDigest", "The Content-MD5 you specified was invalid.", 400);

    public static StsError InvalidArgument(string message) => new("InvalidArgument", message, 400);

    public static StsError InternalError() => new("InternalError", "We encountered an internal error. Please try again.", 500);

    public static StsError EntityTooLarge(long max) => new("EntityTooLarge", $"Your proposed upload exceeds the maximum allowed size of {max} bytes.", 400);
}
