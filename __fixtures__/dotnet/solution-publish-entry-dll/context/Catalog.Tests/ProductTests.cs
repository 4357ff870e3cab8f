namespace Catalog.Tests;

public class ProductTests
{
    [Fact]
    public void Truth() => Assert.True(true);
}
