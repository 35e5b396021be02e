// Run: dotnet run -c Release --project tests/Sts.Benchmarks -- --filter '*TelemetryBenchmarks*' --job short
using System.Diagnostics;
using System.Diagnostics.Metrics;
using BenchmarkDotNet.Attributes;
using Sts.Core.S3;

namespace Sts.Benchmarks.Core;

/// <summary>
/// The cost of the telemetry at one boundary, S3 authorization of a GetObject (one check): the same loop without any
/// telemetry (baseline), <see cref="S3Authorization.Authorize"/> with nobody listening (target: within a few
/// nanoseconds of the baseline and no extra allocation), and with a MeterListener and an ActivityListener on <c>Sts</c>
/// attached (what OpenTelemetry costs when enabled).
/// </summary>
[MemoryDiagnoser]
[MedianColumn]
public class TelemetryBenchmarks
{
    private readonly Func<S3AuthorizationCheck, bool> _allow = static _ => true;
    private S3Operation _operation = null!;
    private S3RequestFacts _facts = null!;
    private MeterListener? _meters;
    private ActivityListener? _activities;

    [Params(false, true)]
    public bool Listening { get; set; }

    [GlobalSetup]
    public void Setup()
    {
        _operation = S3RequestParser.Parse("GET", "/bucket/photos/cat.jpg", [], [new("Host", "localhost")]).Value;
        _facts = new S3RequestFacts { Time = new DateTimeOffset(2026, 11, 27, 12, 0, 0, TimeSpan.Zero), IsSecureTransport = true };
        if (!Listening)
        {
            return;
        }

        _meters = new MeterListener
        {
            InstrumentPublished = (instrument, listener) =>
            {
                if (instrument.Meter.Name == "Sts")
                {
                    listener.EnableMeasurementEvents(instrument);
                }
            },
        };
        _meters.SetMeasurementEventCallback<long>(static (_, _, _, _) => { });
        _meters.SetMeasurementEventCallback<double>(static (_, _, _, _) => { });
        _meters.Start();
        _activities = new ActivityListener
        {
            ShouldListenTo = static source => source.Name == "Sts",
            Sample = static (ref ActivityCreationOptions<ActivityContext> _) => ActivitySamplingResult.AllDataAndRecorded,
        };
        ActivitySource.AddActivityListener(_activities);
    }

    [GlobalCleanup]
    public void Cleanup()
    {
        _meters?.Dispose();
        _activities?.Dispose();
    }

    [Benchmark(Baseline = true)]
    public bool ChecksWithoutTelemetry()
    {
        foreach (var check in S3Authorization.Checks(_operation, _facts))
        {
            if (!_allow(check))
            {
                return false;
            }
        }

        return true;
    }

    [Benchmark]
    public bool Authorize() => S3Authorization.Authorize(_operation, _facts, _allow) is null;
}
