using System.IO.Compression;
using System.Reflection;
using System.Reflection.Metadata;
using System.Text;
using System.Xml.Linq;

namespace Sts.Packaging.Tests;

/// <summary>
/// Packs Sts.Policy, Sts.SigV4, Sts.Core and the sts tool once (from their built output) into a local folder feed,
/// then checks what a consumer gets: the nuspec metadata, the symbols packages with SourceLink, a console project
/// that restores the libraries from that feed only and runs, and the tool run from its package.
/// </summary>
[TestFixture]
[NonParallelizable]
public sealed class PackagingTests
{
    private const string RepositoryUrl = "https://github.com/sts-dotnet/sts";
    private static readonly TimeSpan Timeout = TimeSpan.FromMinutes(8);
    private static readonly string[] Projects = ["Sts.Policy", "Sts.SigV4", "Sts.Core", "Sts.Cli"];

    private string _root = null!;
    private string _work = null!;
    private string _feed = null!;
    private string _version = null!;
    private string _commit = null!;

    [OneTimeSetUp]
    public void PackOnce()
    {
        _root = FindRepositoryRoot();
        _work = Directory.CreateTempSubdirectory("sts-packaging-").FullName;
        _feed = Path.Combine(_work, "feed");
        _version = "1.0.0-packtest." + Guid.NewGuid().ToString("N")[..12];
        var configuration = typeof(PackagingTests).Assembly.GetCustomAttributes<AssemblyMetadataAttribute>()
            .Single(a => a.Key == "Configuration").Value!;

        var git = ProcessRunner.Run("git", ["rev-parse", "HEAD"], _root, TimeSpan.FromSeconds(30));
        Assert.That(git.ExitCode, Is.Zero, "git rev-parse HEAD failed (the tests need git and a clone): " + git.Output);
        _commit = git.Output.Trim();

        // One MSBuild process packs the four projects from the output their build (this project's references) left.
        var items = string.Concat(Projects.Select(p => $"<PackProject Include=\"{Path.Combine(_root, "src", p, p + ".csproj")}\" />"));
        var properties = $"Configuration={configuration};NoBuild=true;_IsPacking=true;Version={_version};PackageOutputPath={_feed}";
        File.WriteAllText(Path.Combine(_work, "pack.proj"), $"""
            <Project>
              <ItemGroup>{items}</ItemGroup>
              <Target Name="PackAll">
                <MSBuild Projects="@(PackProject)" Targets="Pack" Properties="{properties}" />
              </Target>
            </Project>
            """);
        var pack = ProcessRunner.Run("dotnet", ["msbuild", "pack.proj", "-t:PackAll", "-nologo", "-v:m", "-nodeReuse:false"], _work, Timeout);
        Assert.That(pack.ExitCode, Is.Zero, "packing failed:\n" + pack.Output);
    }

    [OneTimeTearDown]
    public void DeleteWorkDirectory()
    {
        if (_work is not null && Directory.Exists(_work))
        {
            Directory.Delete(_work, recursive: true);
        }
    }

    [TestCase("Sts.Policy")]
    [TestCase("Sts.SigV4")]
    [TestCase("Sts.Core")]
    [TestCase("Sts.Cli")]
    public void Pack_Nuspec_HasLicenceReadmeRepositoryAndCommit(string id)
    {
        using var package = ZipFile.OpenRead(PackagePath(id, "nupkg"));
        var metadata = Nuspec(package, id);
        XNamespace ns = metadata.Name.Namespace;

        var license = metadata.Element(ns + "license");
        license.Should().NotBeNull();
        license!.Attribute("type")!.Value.Should().Be("expression");
        license.Value.Should().Be("Apache-2.0");

        metadata.Element(ns + "readme")!.Value.Should().Be("README.md");
        using (var reader = new StreamReader(package.GetEntry("README.md")!.Open(), Encoding.UTF8))
        {
            reader.ReadToEnd().Should().StartWith("# Sts");
        }

        var repository = metadata.Element(ns + "repository");
        repository.Should().NotBeNull();
        repository!.Attribute("type")!.Value.Should().Be("git");
        repository.Attribute("url")!.Value.Should().Be(RepositoryUrl);
        repository.Attribute("commit")!.Value.Should().Be(_commit);
        metadata.Element(ns + "projectUrl")!.Value.Should().Be(RepositoryUrl);
        metadata.Element(ns + "version")!.Value.Should().Be(_version);
        metadata.Element(ns + "description")!.Value.Should().NotBeNullOrWhiteSpace();
    }

    [TestCase("Sts.Policy", "lib/net10.0/Sts.Policy.pdb")]
    [TestCase("Sts.SigV4", "lib/net10.0/Sts.SigV4.pdb")]
    [TestCase("Sts.Core", "lib/net10.0/Sts.Core.pdb")]
    [TestCase("Sts.Cli", "tools/net10.0/any/sts.pdb")]
    public void Pack_SymbolsPackage_HoldsPortablePdbWithSourceLinkToTheCommit(string id, string pdbPath)
    {
        using var symbols = ZipFile.OpenRead(PackagePath(id, "snupkg"));
        var entry = symbols.GetEntry(pdbPath);
        entry.Should().NotBeNull($"the symbols package of {id} holds {pdbPath}");

        using var pdb = new MemoryStream();
        using (var stream = entry!.Open())
        {
            stream.CopyTo(pdb);
        }

        pdb.Position = 0;
        using var provider = MetadataReaderProvider.FromPortablePdbStream(pdb);
        var reader = provider.GetMetadataReader();
        var sourceLinkKind = new Guid("CC110556-A091-4D38-9FEC-25AB9A351A6A");
        var sourceLink = reader.CustomDebugInformation
            .Select(reader.GetCustomDebugInformation)
            .Where(info => reader.GetGuid(info.Kind) == sourceLinkKind)
            .Select(info => Encoding.UTF8.GetString(reader.GetBlobBytes(info.Value)))
            .SingleOrDefault();
        sourceLink.Should().NotBeNull($"the PDB of {id} carries a SourceLink document");
        sourceLink.Should().Contain($"https://raw.githubusercontent.com/sts-dotnet/sts/{_commit}/*");
    }

    [Test]
    public void Pack_Libraries_ConsumerRestoresFromTheLocalFeedBuildsAndRuns()
    {
        var consumer = Path.Combine(_work, "consumer");
        Directory.CreateDirectory(consumer);
        foreach (var file in Directory.GetFiles(Path.Combine(TestContext.CurrentContext.TestDirectory, "Consumer")))
        {
            File.Copy(file, Path.Combine(consumer, Path.GetFileName(file)));
        }

        var packages = Path.Combine(_work, "packages");
        File.WriteAllText(Path.Combine(consumer, "nuget.config"), NuGetConfig(packages, consumer));

        var build = ProcessRunner.Run(
            "dotnet",
            ["build", "Consumer.csproj", "-c", "Release", "--disable-build-servers", "-nodeReuse:false", "-v:m", $"-p:StsPackageVersion={_version}"],
            consumer,
            Timeout);
        Assert.That(build.ExitCode, Is.Zero, "the consumer did not build:\n" + build.Output);

        // Sts.Core came from the feed, and brought Sts.Policy and Sts.SigV4 as package dependencies.
        foreach (var id in new[] { "sts.core", "sts.policy", "sts.sigv4" })
        {
            Directory.Exists(Path.Combine(packages, id, _version)).Should().BeTrue($"{id} {_version} was restored from the local feed");
        }

        var run = ProcessRunner.Run("dotnet", [Path.Combine(consumer, "bin", "Release", "net10.0", "Consumer.dll")], consumer, TimeSpan.FromMinutes(1));
        Assert.That(run.ExitCode, Is.Zero, run.Output);
        run.Output.Should().Contain("policy: own=Allow other=ImplicitDeny")
            .And.Contain("sigv4: default region us-east-1")
            .And.Contain("core: key ring with 1 key");
    }

    [Test]
    public void Pack_Tool_IsADotnetToolNamedStsThatRunsFromThePackage()
    {
        var tool = Path.Combine(_work, "tool");
        using (var package = ZipFile.OpenRead(PackagePath("Sts.Cli", "nupkg")))
        {
            var metadata = Nuspec(package, "Sts.Cli");
            metadata.Descendants(metadata.Name.Namespace + "packageType").Select(e => e.Attribute("name")!.Value)
                .Should().Equal("DotnetTool");
            package.ExtractToDirectory(tool);
        }

        var toolDirectory = Path.Combine(tool, "tools", "net10.0", "any");
        var command = XDocument.Load(Path.Combine(toolDirectory, "DotnetToolSettings.xml")).Descendants("Command").Single();
        command.Attribute("Name")!.Value.Should().Be("sts");
        command.Attribute("EntryPoint")!.Value.Should().Be("sts.dll");

        var sample = Path.Combine(_root, "samples", "policies", "s3-read-own-prefix.json");
        var run = ProcessRunner.Run(
            "dotnet", [Path.Combine(toolDirectory, "sts.dll"), "policy", "validate", "--type", "identity", sample], _work, TimeSpan.FromMinutes(1));
        Assert.That(run.ExitCode, Is.Zero, run.Output);
    }

    private string PackagePath(string id, string extension)
    {
        var path = Path.Combine(_feed, $"{id}.{_version}.{extension}");
        File.Exists(path).Should().BeTrue($"dotnet pack produced {Path.GetFileName(path)}");
        return path;
    }

    private static XElement Nuspec(ZipArchive package, string id)
    {
        var entry = package.GetEntry(id + ".nuspec");
        entry.Should().NotBeNull($"the package holds {id}.nuspec");
        using var stream = entry!.Open();
        var document = XDocument.Load(stream);
        return document.Root!.Elements().Single(e => e.Name.LocalName == "metadata");
    }

    /// <summary>
    /// Sts packages come from the local feed only (package source mapping); everything else from this machine's own
    /// enabled sources. Packages extract into the work directory, with the machine's package folder as a fallback
    /// so nothing already restored is downloaded again and nothing is added to it.
    /// </summary>
    private string NuGetConfig(string packagesFolder, string workingDirectory)
    {
        var list = ProcessRunner.Run("dotnet", ["nuget", "list", "source", "--format", "short"], workingDirectory, TimeSpan.FromMinutes(1));
        Assert.That(list.ExitCode, Is.Zero, list.Output);
        var sources = list.Output.Split('\n', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries)
            .Where(line => line.StartsWith("E ", StringComparison.Ordinal))
            .Select(line => line[2..].Trim())
            .ToList();
        Assert.That(sources, Is.Not.Empty, "this machine has no enabled NuGet source for the consumer's third-party dependencies:\n" + list.Output);

        var machinePackages = Environment.GetEnvironmentVariable("NUGET_PACKAGES") is { Length: > 0 } configured
            ? configured
            : Path.Combine(Environment.GetFolderPath(Environment.SpecialFolder.UserProfile), ".nuget", "packages");
        var config = new XElement("configuration",
            new XElement("config", Add("globalPackagesFolder", packagesFolder)),
            new XElement("packageSources", new XElement("clear"), Add("sts-local", _feed), sources.Select((s, i) => Add($"machine{i}", s))),
            new XElement("fallbackPackageFolders", new XElement("clear"), Add("machine", machinePackages)),
            new XElement("packageSourceMapping",
                new XElement("packageSource", new XAttribute("key", "sts-local"), Pattern("Sts.*")),
                sources.Select((_, i) => new XElement("packageSource", new XAttribute("key", $"machine{i}"), Pattern("*")))));
        return config.ToString();

        static XElement Add(string key, string value) => new("add", new XAttribute("key", key), new XAttribute("value", value));
        static XElement Pattern(string pattern) => new("package", new XAttribute("pattern", pattern));
    }

    private static string FindRepositoryRoot()
    {
        for (var directory = new DirectoryInfo(TestContext.CurrentContext.TestDirectory); directory is not null; directory = directory.Parent)
        {
            if (File.Exists(Path.Combine(directory.FullName, "Sts.sln")))
            {
                return directory.FullName;
            }
        }

        throw new InvalidOperationException("Sts.sln was not found above " + TestContext.CurrentContext.TestDirectory);
    }
}
