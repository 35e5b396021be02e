using System.Text;
using System.Text.Json.Nodes;
using Sts.Core.Protocol;

namespace Sts.Core.Tests.Protocol;

/// <summary>
/// Differential tests against botocore (the python3 on PATH): botocore's QuerySerializer writes the
/// requests of query-requests.json, our parser must read back exactly the parameters botocore was given;
/// our writer answers the outputs of query-responses.json, botocore's QueryParser must read them back.
/// </summary>
public sealed class QueryProtocolBotocoreTests
{
    private static readonly Lazy<JsonArray> Requests = new(() => Botocore.LoadCorpus("query-requests.json"));
    private static readonly Lazy<JsonArray> Responses = new(() => Botocore.LoadCorpus("query-responses.json"));
    private static readonly Lazy<JsonArray> SerializedBodies = new(() => Botocore.Run("serialize", (JsonArray)Requests.Value.DeepClone()));
    private static readonly QueryProtocol Protocol = new();

    private static IEnumerable<TestCaseData> RequestCases() =>
        Botocore.LoadCorpus("query-requests.json").Select((c, i) => new TestCaseData(i).SetName("Parse_BotocoreSerialized_" + c!["name"]!.GetValue<string>()));

    private static IEnumerable<TestCaseData> ResponseCases() =>
        Botocore.LoadCorpus("query-responses.json").Select((c, i) => new TestCaseData(i).SetName("WriteResult_BotocoreParses_" + c!["name"]!.GetValue<string>()));

    [TestCaseSource(nameof(RequestCases))]
    public void Parse_BotocoreSerializedBody_ReadsTheParametersBotocoreWasGiven(int index)
    {
        var testCase = Requests.Value[index]!;
        var body = SerializedBodies.Value[index]!.GetValue<string>();

        var result = Protocol.Parse(Encoding.UTF8.GetBytes(body));

        Assert.That(result.IsSuccess, Is.True, () => result.Error!.ToString());
        var request = result.Request!;
        Assert.That(request.Operation.Name, Is.EqualTo(testCase["operation"]!.GetValue<string>()));
        Assert.That(request.Service.EndpointPrefix, Is.EqualTo(testCase["service"]!.GetValue<string>()));
        var parsed = request.Operation.Input is null ? new JsonObject() : QueryJson.ToJson(request.Input, request.Operation.Input);
        if (request.Operation.Input is not null)
        {
            QueryJson.AssertEquivalent(testCase["params"], parsed, request.Operation.Input, request.Operation.Name);
        }
    }

    [TestCaseSource(nameof(RequestCases))]
    public void Parse_BotocoreParametersReorderedInAQueryString_ReadsTheSameInput(int index)
    {
        var body = SerializedBodies.Value[index]!.GetValue<string>();
        var reordered = string.Join('&', body.Split('&').Reverse());

        var fromBody = Protocol.Parse(Encoding.UTF8.GetBytes(body));
        var fromQuery = Protocol.Parse(default, Encoding.UTF8.GetBytes(reordered));

        Assert.That(fromQuery.IsSuccess, Is.True, () => fromQuery.Error!.ToString());
        var shape = fromBody.Request!.Operation.Input;
        if (shape is not null)
        {
            Assert.That(QueryJson.ToJson(fromQuery.Request!.Input, shape).ToJsonString(), Is.EqualTo(QueryJson.ToJson(fromBody.Request.Input, shape).ToJsonString()));
        }
    }

    /// <summary>Every response of the corpus written by us, then read by botocore in one python3 run.</summary>
    private static readonly Lazy<(string[] Xml, JsonArray Parsed)> WrittenResponses = new(() =>
    {
        var xml = new string[Responses.Value.Count];
        var batch = new JsonArray();
        for (var i = 0; i < xml.Length; i++)
        {
            var (model, operation, output) = ResponseCase(i);
            xml[i] = QueryResponseWriter.WriteResult(operation, output, "c6104cbe-af31-11e0-8154-cbc7ccf896c7");
            batch.Add(new JsonObject { ["service"] = model.EndpointPrefix, ["operation"] = operation.Name, ["status"] = 200, ["xml"] = xml[i] });
        }

        return (xml, Botocore.Run("parse", batch));
    });

    private static (QueryServiceModel Model, QueryOperation Operation, QueryStructure Output) ResponseCase(int index)
    {
        var testCase = Responses.Value[index]!;
        var model = testCase["service"]!.GetValue<string>() == "sts" ? QueryServiceModel.Sts : QueryServiceModel.Iam;
        var operation = model.FindOperation(testCase["operation"]!.GetValue<string>())!;
        return (model, operation, QueryJson.ToStructure(testCase["output"]!.AsObject(), operation.Output!));
    }

    [TestCaseSource(nameof(ResponseCases))]
    public void WriteResult_Output_BotocoreReadsItBack(int index)
    {
        var (_, operation, _) = ResponseCase(index);
        var xml = WrittenResponses.Value.Xml[index];
        var parsed = WrittenResponses.Value.Parsed[index]!.AsObject();

        xml.Should().StartWith($"<{operation.Name}Response xmlns=\"{operation.Service.XmlNamespace}\"><{operation.ResultWrapper}>");
        QueryJson.AssertEquivalent(Responses.Value[index]!["output"], parsed, operation.Output!, operation.Name);
        Assert.That(parsed["ResponseMetadata"]!["RequestId"]!.GetValue<string>(), Is.EqualTo("c6104cbe-af31-11e0-8154-cbc7ccf896c7"));
    }

    [TestCase("sts", "AccessDenied", "User: arn:aws:iam:::user/TESTER2 is not authorized to perform: sts:AssumeRole", 403, "Sender")]
    [TestCase("iam", "NoSuchEntity", "The role with name S3Access cannot be found.", 404, "Sender")]
    [TestCase("iam", "ServiceFailure", "The request processing has failed because of an unknown error.", 500, "Receiver")]
    [TestCase("sts", "ValidationError", "1 validation error detected: Value 'a' at 'roleSessionName' <&> failed", 400, "Sender")]
    public void WriteError_Error_BotocoreReadsCodeMessageTypeAndRequestId(string service, string code, string message, int status, string type)
    {
        var model = service == "sts" ? QueryServiceModel.Sts : QueryServiceModel.Iam;
        var xml = QueryResponseWriter.WriteError(model, new StsError(code, message, status), "req-1");

        var parsed = Botocore.Run("parse", [new JsonObject { ["service"] = service, ["operation"] = service == "sts" ? "AssumeRole" : "GetRole", ["status"] = status, ["xml"] = xml }])[0]!;

        Assert.That(parsed["Error"]!["Code"]!.GetValue<string>(), Is.EqualTo(code));
        Assert.That(parsed["Error"]!["Message"]!.GetValue<string>(), Is.EqualTo(message));
        Assert.That(parsed["Error"]!["Type"]!.GetValue<string>(), Is.EqualTo(type));
        Assert.That(parsed["ResponseMetadata"]!["RequestId"]!.GetValue<string>(), Is.EqualTo("req-1"));
        xml.Should().StartWith($"<ErrorResponse xmlns=\"{model.XmlNamespace}\"><Error><Type>{type}</Type>");
    }
}
