using System.Text;
using Sts.Core.Protocol;

namespace Sts.Core.Tests.Protocol;

public sealed class QueryProtocolTests
{
    private const string AssumeRole = "Action=AssumeRole&Version=2011-06-15&RoleArn=arn%3Aaws%3Aiam%3A%3A123456789012%3Arole%2FR";
    private static readonly QueryProtocol Protocol = new();

    private static QueryParseResult Parse(string body, string? hint = null) => Protocol.Parse(Encoding.UTF8.GetBytes(body), default, hint);

    private static StsError ParseError(string body)
    {
        var result = Parse(body);
        Assert.That(result.IsSuccess, Is.False, "the request should have been rejected");
        return result.Error!;
    }

    [Test]
    public void Models_Embedded_HaveEveryOperation()
    {
        Assert.That(QueryServiceModel.Sts.Operations, Has.Count.EqualTo(11));
        Assert.That(QueryServiceModel.Iam.Operations, Has.Count.EqualTo(176));
        Assert.That(QueryServiceModel.Sts.XmlNamespace, Is.EqualTo("https://sts.amazonaws.com/doc/2011-06-15/"));
        Assert.That(QueryServiceModel.Iam.FindErrorStatus("NoSuchEntity"), Is.EqualTo(404));
        Assert.That(QueryServiceModel.Iam.FindErrorStatus("EntityAlreadyExists"), Is.EqualTo(409));
    }

    [TestCase("AssumeRoleWithWebIdentity", true)]
    [TestCase("AssumeRoleWithSAML", true)]
    [TestCase("AssumeRole", false)]
    [TestCase("GetCallerIdentity", false)]
    public void Operation_NoAuthInModel_IsUnauthenticated(string operation, bool unauthenticated) =>
        Assert.That(QueryServiceModel.Sts.FindOperation(operation)!.IsUnauthenticated, Is.EqualTo(unauthenticated));

    [Test]
    public void Parse_UnknownAction_ReturnsInvalidAction()
    {
        var error = ParseError("Action=AssumeRol&Version=2011-06-15");
        Assert.That(error.Code, Is.EqualTo("InvalidAction"));
        Assert.That(error.Message, Is.EqualTo("Could not find operation AssumeRol for version 2011-06-15."));
        Assert.That(error.HttpStatus, Is.EqualTo(400));
    }

    [Test]
    public void Parse_StsActionWithIamVersion_ReturnsInvalidActionInIamNamespace()
    {
        var result = Parse("Action=AssumeRole&Version=2010-05-08");
        Assert.That(result.Error!.Code, Is.EqualTo("InvalidAction"));
        Assert.That(result.Service, Is.SameAs(QueryServiceModel.Iam));
    }

    [Test]
    public void Parse_UnknownVersion_ReturnsInvalidActionForTheHintedService()
    {
        var result = Parse("Action=CreateRole&Version=2099-01-01", "iam");
        Assert.That(result.Error!.Code, Is.EqualTo("InvalidAction"));
        Assert.That(result.Error.Message, Does.Contain("2099-01-01"));
        Assert.That(result.Service, Is.SameAs(QueryServiceModel.Iam));
    }

    [Test]
    public void Parse_NoVersion_ReturnsMissingParameter()
    {
        var error = ParseError("Action=GetCallerIdentity");
        Assert.That(error.Code, Is.EqualTo("MissingParameter"));
        Assert.That(error.Message, Does.Contain("Version"));
    }

    [Test]
    public void Parse_NoAction_ReturnsMissingAction() =>
        Assert.That(ParseError("Version=2011-06-15").Code, Is.EqualTo("MissingAction"));

    [Test]
    public void Parse_MissingRequiredMember_ReturnsMissingParameterNamingIt()
    {
        var error = ParseError(AssumeRole);
        Assert.That(error.Code, Is.EqualTo("MissingParameter"));
        Assert.That(error.Message, Is.EqualTo("The request must contain the parameter RoleSessionName."));
    }

    [Test]
    public void Parse_TagWithoutKey_ReturnsMissingParameterWithTheWireName()
    {
        var error = ParseError(AssumeRole + "&RoleSessionName=s1&Tags.member.1.Value=v");
        Assert.That(error.Code, Is.EqualTo("MissingParameter"));
        Assert.That(error.Message, Does.Contain("Tags.member.1.Key"));
    }

    [TestCase("abc", "an integer")]
    [TestCase("3600.0", "an integer")]
    [TestCase("99999999999", "an integer")]
    public void Parse_DurationNotAnInteger_ReturnsInvalidParameterValue(string value, string expected)
    {
        var error = ParseError(AssumeRole + "&RoleSessionName=s1&DurationSeconds=" + value);
        Assert.That(error.Code, Is.EqualTo("InvalidParameterValue"));
        Assert.That(error.Message, Does.Contain($"'{value}'").And.Contain("DurationSeconds").And.Contain(expected));
    }

    [Test]
    public void Parse_BooleanNotTrueOrFalse_ReturnsInvalidParameterValue()
    {
        var error = ParseError("Action=CreatePolicyVersion&Version=2010-05-08&PolicyArn=arn%3Aaws%3Aiam%3A%3A1%3Apolicy%2Fp&PolicyDocument=%7B%7D&SetAsDefault=yes");
        Assert.That(error.Code, Is.EqualTo("InvalidParameterValue"));
        Assert.That(error.Message, Does.Contain("SetAsDefault").And.Contain("true or false"));
    }

    [Test]
    public void Parse_DurationBelowMinimum_ReturnsValidationErrorInAwsWording()
    {
        var error = ParseError(AssumeRole + "&RoleSessionName=s1&DurationSeconds=899");
        Assert.That(error.Code, Is.EqualTo("ValidationError"));
        Assert.That(error.Message, Is.EqualTo("1 validation error detected: Value '899' at 'durationSeconds' failed to satisfy constraint: Member must have value greater than or equal to 900"));
    }

    [Test]
    public void Parse_SessionNameTooShortAndBadPattern_ReportsBothInOneValidationError()
    {
        var error = ParseError(AssumeRole + "&RoleSessionName=%21");
        Assert.That(error.Code, Is.EqualTo("ValidationError"));
        Assert.That(error.Message, Does.StartWith("2 validation errors detected: Value '!' at 'roleSessionName' failed to satisfy constraint: Member must have length greater than or equal to 2; "));
        Assert.That(error.Message, Does.Contain(@"Member must satisfy regular expression pattern: [\w+=,.@-]*"));
    }

    [Test]
    public void Parse_NonAsciiLetterInSessionName_FailsTheAsciiOnlyJavaPattern()
    {
        var error = ParseError(AssumeRole + "&RoleSessionName=caf%C3%A9");
        Assert.That(error.Code, Is.EqualTo("ValidationError"));
        Assert.That(error.Message, Does.Contain("regular expression"));
    }

    [Test]
    public void Parse_EnumValueNotInSet_ReturnsValidationError()
    {
        var error = ParseError("Action=UpdateAccessKey&Version=2010-05-08&AccessKeyId=AKIAIOSFODNN7EXAMPLE&Status=Disabled");
        Assert.That(error.Code, Is.EqualTo("ValidationError"));
        Assert.That(error.Message, Does.Contain("Value 'Disabled' at 'status' failed to satisfy constraint: Member must satisfy enum value set: [Active, Inactive, Expired]"));
    }

    [Test]
    public void Parse_FiftyOneTags_ReturnsValidationErrorOnTheListLength()
    {
        var tags = string.Concat(Enumerable.Range(1, 51).Select(i => $"&Tags.member.{i}.Key=k{i}&Tags.member.{i}.Value=v"));
        var error = ParseError(AssumeRole + "&RoleSessionName=s1" + tags);
        Assert.That(error.Code, Is.EqualTo("ValidationError"));
        Assert.That(error.Message, Does.Contain("at 'tags' failed to satisfy constraint: Member must have length less than or equal to 50"));
    }

    [Test]
    public void Parse_NestedTagValueTooLong_NamesTheNestedPath()
    {
        var error = ParseError(AssumeRole + "&RoleSessionName=s1&Tags.member.1.Key=k&Tags.member.1.Value=" + new string('v', 257));
        Assert.That(error.Code, Is.EqualTo("ValidationError"));
        Assert.That(error.Message, Does.Contain("at 'tags.1.member.value' failed to satisfy constraint: Member must have length less than or equal to 256"));
    }

    [Test]
    public void Parse_ListWithAGap_ReturnsInvalidParameterValue()
    {
        var error = ParseError(AssumeRole + "&RoleSessionName=s1&TransitiveTagKeys.member.1=a&TransitiveTagKeys.member.3=c");
        Assert.That(error.Code, Is.EqualTo("InvalidParameterValue"));
        Assert.That(error.Message, Does.Contain("TransitiveTagKeys.member.3"));
    }

    [TestCase("0")]
    [TestCase("01")]
    [TestCase("x")]
    public void Parse_ListIndexNotOneBasedDecimal_ReturnsInvalidParameterValue(string index)
    {
        var error = ParseError(AssumeRole + $"&RoleSessionName=s1&TransitiveTagKeys.member.{index}=a");
        Assert.That(error.Code, Is.EqualTo("InvalidParameterValue"));
    }

    [Test]
    public void Parse_EmptyListMarker_ReadsAnEmptyList()
    {
        var result = Parse(AssumeRole + "&RoleSessionName=s1&Tags=");
        Assert.That(result.IsSuccess, Is.True, () => result.Error!.ToString());
        Assert.That(result.Request!.Input.GetList("Tags"), Is.Empty);
        Assert.That(result.Request.Input.GetList("TransitiveTagKeys"), Is.Null);
    }

    [Test]
    public void Parse_ListGivenAsAScalar_ReturnsInvalidParameterValue()
    {
        var error = ParseError(AssumeRole + "&RoleSessionName=s1&TransitiveTagKeys=a");
        Assert.That(error.Code, Is.EqualTo("InvalidParameterValue"));
        Assert.That(error.Message, Does.Contain("TransitiveTagKeys.member.1"));
    }

    [Test]
    public void Parse_LowerCaseArnOfPolicyArns_ReadsTheStructure()
    {
        var result = Parse(AssumeRole + "&RoleSessionName=s1&PolicyArns.member.1.arn=arn%3Aaws%3Aiam%3A%3Aaws%3Apolicy%2FReadOnlyAccess");
        Assert.That(result.IsSuccess, Is.True, () => result.Error!.ToString());
        Assert.That(result.Request!.Input.GetStructureList("PolicyArns")!.Single().GetString("arn"), Is.EqualTo("arn:aws:iam::aws:policy/ReadOnlyAccess"));
    }

    [Test]
    public void Parse_UnknownParametersSuchAsPresignedQueryAuth_AreIgnored()
    {
        var result = Parse(AssumeRole + "&RoleSessionName=s1&X-Amz-Signature=abc&X-Amz-Date=20240101T000000Z");
        Assert.That(result.IsSuccess, Is.True, () => result.Error!.ToString());
        Assert.That(result.Request!.Input.Names, Is.EquivalentTo(new[] { "RoleArn", "RoleSessionName" }));
    }

    [Test]
    public void Parse_PlusAndPercentEncoding_DecodeAsForms()
    {
        var result = Parse(AssumeRole + "&RoleSessionName=a%2Bb&ExternalId=x%2By%3Dz");
        Assert.That(result.Request!.Input.GetString("RoleSessionName"), Is.EqualTo("a+b"));
        Assert.That(result.Request.Input.GetString("ExternalId"), Is.EqualTo("x+y=z"));
        result = Parse(AssumeRole + "&RoleSessionName=ab&Policy=%7B+%22a%22%3A1%7D");
        Assert.That(result.Request!.Input.GetString("Policy"), Is.EqualTo("{ \"a\":1}"));
    }

    [TestCase("%ZZ")]
    [TestCase("%4")]
    [TestCase("%C3%28")]
    [TestCase("%FF")]
    public void Parse_BadEncoding_ReturnsMalformedQueryString(string value)
    {
        var error = ParseError(AssumeRole + "&RoleSessionName=" + value);
        Assert.That(error.Code, Is.EqualTo("MalformedQueryString"));
    }

    [Test]
    public void Parse_ParameterTwice_ReturnsInvalidParameterValue()
    {
        var error = ParseError(AssumeRole + "&RoleSessionName=a1&RoleSessionName=b2");
        Assert.That(error.Code, Is.EqualTo("InvalidParameterValue"));
        Assert.That(error.Message, Does.Contain("RoleSessionName").And.Contain("more than once"));
    }

    [Test]
    public void Parse_BodyOverTheCap_ReturnsRequestEntityTooLargeBeforeDecoding()
    {
        var protocol = new QueryProtocol(new QueryProtocolOptions { MaxRequestBytes = 1024 });
        var result = protocol.Parse(Encoding.UTF8.GetBytes(AssumeRole + "&RoleSessionName=s1&Policy=" + new string('%', 2000)));
        Assert.That(result.Error!.Code, Is.EqualTo("RequestEntityTooLarge"));
        Assert.That(result.Error.HttpStatus, Is.EqualTo(413));
    }

    [Test]
    public void Parse_TooManyParameters_ReturnsInvalidParameterValue()
    {
        var protocol = new QueryProtocol(new QueryProtocolOptions { MaxParameters = 10 });
        var many = string.Concat(Enumerable.Range(1, 20).Select(i => $"&p{i}=1"));
        var result = protocol.Parse(Encoding.UTF8.GetBytes(AssumeRole + many));
        Assert.That(result.Error!.Code, Is.EqualTo("InvalidParameterValue"));
        Assert.That(result.Error.Message, Does.Contain("more than 10 parameters"));
    }

    [Test]
    public void Parse_DefaultCap_AcceptsAMaximalIamPolicyDocumentFullyEncoded()
    {
        var document = new string('"', 131072);
        var body = "Action=PutRolePolicy&Version=2010-05-08&RoleName=r&PolicyName=p&PolicyDocument=" + Uri.EscapeDataString(document);
        var result = Parse(body);
        Assert.That(result.IsSuccess, Is.True, () => result.Error!.ToString());
        Assert.That(result.Request!.Input.GetString("PolicyDocument"), Has.Length.EqualTo(131072));
    }

    [Test]
    public void Parse_SensitiveValueInvalid_IsNotQuotedInTheMessage()
    {
        var error = ParseError("Action=AssumeRoleWithWebIdentity&Version=2011-06-15&RoleArn=arn%3Aaws%3Aiam%3A%3A123456789012%3Arole%2FR&RoleSessionName=s1&WebIdentityToken=eyJ");
        Assert.That(error.Code, Is.EqualTo("ValidationError"));
        Assert.That(error.Message, Does.Contain("at 'webIdentityToken'").And.Not.Contain("eyJ"));
    }

    [Test]
    public void Parse_NestedContextEntries_ReadsListsInsideLists()
    {
        var result = Parse("Action=SimulateCustomPolicy&Version=2010-05-08&PolicyInputList.member.1=%7B%7D&ActionNames.member.1=s3%3AGetObject"
            + "&ContextEntries.member.1.ContextKeyName=aws%3ATagKeys&ContextEntries.member.1.ContextKeyType=stringList"
            + "&ContextEntries.member.1.ContextKeyValues.member.1=a&ContextEntries.member.1.ContextKeyValues.member.2=b"
            + "&ContextEntries.member.2.ContextKeyName=aws%3Ausername&ContextEntries.member.2.ContextKeyValues.member.1=bob");
        Assert.That(result.IsSuccess, Is.True, () => result.Error!.ToString());
        var entries = result.Request!.Input.GetStructureList("ContextEntries")!;
        Assert.That(entries[0].GetStringList("ContextKeyValues"), Is.EqualTo(new[] { "a", "b" }));
        Assert.That(entries[1].GetString("ContextKeyName"), Is.EqualTo("aws:username"));
    }

    [Test]
    public void WriteResult_MemberNotInTheModel_ThrowsForTheProgrammingError()
    {
        var operation = QueryServiceModel.Sts.FindOperation("GetCallerIdentity")!;
        var output = new QueryStructure([new("UserId", "u"), new("Account", "1"), new("Arn", "a"), new("AssumeRoleId", "x")]);
        var act = () => QueryResponseWriter.WriteResult(operation, output, "r");
        act.Should().Throw<ArgumentException>().WithMessage("*AssumeRoleId*");
    }

    [Test]
    public void WriteResult_RequiredMemberMissing_Throws()
    {
        var operation = QueryServiceModel.Sts.FindOperation("AssumeRole")!;
        var user = new QueryStructure([new("Arn", "arn:aws:sts:::assumed-role/R/s")]);
        var act = () => QueryResponseWriter.WriteResult(operation, new QueryStructure([new("AssumedRoleUser", user)]), "r");
        act.Should().Throw<ArgumentException>().WithMessage("*AssumedRoleId*");
    }

    [Test]
    public void WriteResult_OperationWithoutOutput_WritesOnlyResponseMetadata()
    {
        var xml = QueryResponseWriter.WriteResult(QueryServiceModel.Iam.FindOperation("PutRolePolicy")!, null, "r-1");
        Assert.That(xml, Is.EqualTo("<PutRolePolicyResponse xmlns=\"https://iam.amazonaws.com/doc/2010-05-08/\"><ResponseMetadata><RequestId>r-1</RequestId></ResponseMetadata></PutRolePolicyResponse>"));
    }

    [Test]
    public void WriteResult_IamPolicyDocument_IsUrlEncodedAsIamWritesIt()
    {
        var operation = QueryServiceModel.Iam.FindOperation("GetRolePolicy")!;
        var output = new QueryStructure([new("RoleName", "R"), new("PolicyName", "P"), new("PolicyDocument", "{\"Version\": \"2012-10-17\"}")]);
        var xml = QueryResponseWriter.WriteResult(operation, output, "r");
        Assert.That(xml, Does.Contain("<PolicyDocument>%7B%22Version%22%3A%20%222012-10-17%22%7D</PolicyDocument>"));
    }

    [TestCase(@"[\w+=,.@-]*", "a-b_c", true)]
    [TestCase(@"[\w+=,.@-]*", "é", false)]
    [TestCase(@"[\d]*", "123456", true)]
    [TestCase(@"[\d]*", "١٢٣", false)]
    [TestCase(@"[\p{L}\p{Z}\p{N}_.:/=+\-@]+", "Département 1", true)]
    [TestCase(@"[\u0009\u000A\u000D\u0020-\u00FF]+", "{\"a\":\"ÿ\"}", true)]
    [TestCase(@"[\u0009\u000A\u000D\u0020-\u00FF]+", "{\"a\":\"Ā\"}", false)]
    [TestCase(@"[\w]+", "ab\n", false)]
    public void Pattern_JavaSemantics_MatchWholeAsciiWordClass(string pattern, string value, bool matches) =>
        Assert.That(QueryPattern.Compile(pattern).IsMatch(value), Is.EqualTo(matches));
}
