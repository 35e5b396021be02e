using Sts.Core.Stores;
using Sts.Core.Stores.InMemory;

namespace Sts.Core.Tests.Stores;

[TestFixture]
public sealed class InMemoryIamStoreContractTests : IamStoreContractTests
{
    protected override IIamStore CreateStore() => new InMemoryIamStore();
}
