using System.Net;
using System.Text.Json.Nodes;
using Microsoft.Extensions.DependencyInjection;
using Sts.Core;

namespace Sts.Gateway.Tests;

/// <summary>The Query surface's plumbing (routing, parsing, XML, errors) with boto3 as the client. The STS and IAM
/// services behind it are test doubles here; see the report for the wiring of the real ones.</summary>
public sealed class GatewayQueryTests
{
    [Test]
    public async Task QuerySurface_Boto3Clients_ReadOurXmlAndErrors()
    {
        var dispatcher = new TestQueryDispatcher(new StsError("NoSuchEntity", "The role with name S3Access cannot be found.", 404));
        await using var host = await GatewayHost.StartAsync(services =>
        {
            services.AddSingleton<IRequestAuthorizer>(new TestRootAuthorizer());
            services.AddSingleton<IQueryDispatcher>(dispatcher);
        });

        var (exit, output, errors) = await Python.RunAsync("query_plumbing.py", host.Url);

        Assert.That(exit, Is.EqualTo(0), errors);
        var result = JsonNode.Parse(output)!;
        Assert.That(result["identity"]!["Arn"]!.GetValue<string>(), Is.EqualTo("arn:aws:iam:::root"));
        Assert.That(Guid.TryParse(result["requestId"]!.GetValue<string>(), out _), Is.True);
        Assert.That(result["getRole"]!["code"]!.GetValue<string>(), Is.EqualTo("NoSuchEntity"));
        Assert.That(result["getRole"]!["status"]!.GetValue<int>(), Is.EqualTo(404));
        Assert.That(result["getRole"]!["type"]!.GetValue<string>(), Is.EqualTo("Sender"));
        Assert.That(dispatcher.Received.Select(r => r.Operation.Name), Is.EqualTo(new[] { "GetCallerIdentity", "GetRole", "AssumeRole" }));
        var assumeRole = dispatcher.Received[2].Input;
        Assert.That(assumeRole.GetList("Tags"), Is.Empty);
        Assert.That(assumeRole.GetStructureList("PolicyArns")!.Single().GetString("arn"), Does.StartWith("arn:aws:iam::aws:policy/X"));
    }

    [TestCase("Action=AssumeRol&Version=2011-06-15", "InvalidAction", "https://sts.amazonaws.com/doc/2011-06-15/")]
    [TestCase("Action=CreateRole&Version=2010-05-08&RoleName=r", "MissingParameter", "https://iam.amazonaws.com/doc/2010-05-08/")]
    [TestCase("Action=AssumeRole&Version=2011-06-15&RoleArn=arn%3Aaws%3Aiam%3A%3A1%3Arole%2Fr&RoleSessionName=s&DurationSeconds=60", "ValidationError", "https://sts.amazonaws.com/doc/2011-06-15/")]
    public async Task QuerySurface_BadRequest_AnswersErrorResponseInTheServiceNamespace(string body, string code, string ns)
    {
        await using var host = await GatewayHost.StartAsync(services =>
        {
            services.AddSingleton<IRequestAuthorizer>(new TestRootAuthorizer());
            services.AddSingleton<IQueryDispatcher>(new TestQueryDispatcher(new StsError("AccessDenied", "no", 403)));
        });
        using var http = new HttpClient();

        var response = await http.PostAsync(host.Url + "/", new StringContent(body, System.Text.Encoding.UTF8, "application/x-www-form-urlencoded"));
        var xml = await response.Content.ReadAsStringAsync();

        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.BadRequest));
        Assert.That(xml, Does.StartWith($"<ErrorResponse xmlns=\"{ns}\"><Error><Type>Sender</Type><Code>{code}</Code>"));
        Assert.That(response.Content.Headers.ContentType!.MediaType, Is.EqualTo("text/xml"));
    }
}
