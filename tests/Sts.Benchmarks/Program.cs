// Run all benchmarks:   dotnet run -c Release --project tests/Sts.Benchmarks -- --filter '*'
// Run one subject:      dotnet run -c Release --project tests/Sts.Benchmarks -- --filter '*PolicyParse*'
// Gateway load test (HTTP on loopback, gateway vs moto): dotnet run -c Release --project tests/Sts.Benchmarks -- gateway-load
// Fleet load test (PostgreSQL role lookups, AssumeRole on one and two gateways): dotnet run -c Release --project tests/Sts.Benchmarks -- fleet-load
using BenchmarkDotNet.Running;
using Sts.Benchmarks.Gateway;

if (args.Length > 0 && args[0] == "gateway-load")
{
    // The load generator must not burn the shared cores spinning for work (the servers measured keep their defaults).
    AppContext.SetData("System.Threading.ThreadPool.UnfairSemaphoreSpinLimit", 0);
    return await GatewayLoad.RunAsync(args[1..]);
}

if (args.Length > 0 && args[0] == "fleet-load")
{
    AppContext.SetData("System.Threading.ThreadPool.UnfairSemaphoreSpinLimit", 0);
    return await FleetLoad.RunAsync(args[1..]);
}

BenchmarkSwitcher.FromAssembly(typeof(GatewayLoad).Assembly).Run(args);
return 0;
