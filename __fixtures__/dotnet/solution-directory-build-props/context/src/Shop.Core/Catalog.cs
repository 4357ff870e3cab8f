namespace Shop.Core;

public record Product(int Id, string Name, decimal Price);

public class Catalog
{
    private readonly List<Product> _products = [new(1, "Kettle", 29.90m), new(2, "Teapot", 19.50m)];

    public IReadOnlyList<Product> All() => _products;
}
