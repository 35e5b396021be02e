// Run all benchmarks:   dotnet run -c Release --project tests/Sts.Benchmarks -- --filter '*'
// Run one subject:      dotnet run -c Release --project tests/Sts.Benchmarks -- --filter '*PolicyParse*'
using BenchmarkDotNet.Running;

BenchmarkSwitcher.FromAssembly(typeof(Program).Assembly).Run(args);
