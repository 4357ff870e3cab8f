using Shop.Core;
using Xunit;

public class CatalogTests
{
    [Fact]
    public void ListsProducts() => Assert.Equal(2, new Catalog().All().Count);
}
