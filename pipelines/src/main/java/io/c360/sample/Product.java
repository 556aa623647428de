package io.c360.sample;

import java.util.List;
import java.util.Locale;
import java.util.SplittableRandom;

/** Something the shop sells; prices are per currency, in cents. */
record Product(String productId, String sku, String name, String category, long priceEurCents) {

    static final List<Product> CATALOG = List.of(
            of(1001, "Classic T-Shirt", "apparel", 1999),
            of(1002, "Socks, 3-pack", "apparel", 1299),
            of(1003, "Denim Jacket", "apparel", 7999),
            of(1004, "Running Shoes", "footwear", 8999),
            of(1005, "Leather Boots", "footwear", 12999),
            of(1006, "Canvas Sneakers", "footwear", 4999),
            of(1007, "12\" Vinyl Record", "music", 2499),
            of(1008, "Wireless Earbuds", "electronics", 5999),
            of(1009, "USB-C Charger", "electronics", 1999),
            of(1010, "Smart Watch", "electronics", 19999),
            of(1011, "Coffee Mug", "home", 999),
            of(1012, "Scented Candle", "home", 1499),
            of(1013, "Throw Blanket", "home", 3999),
            of(1014, "Crème Brûlée Set", "kitchen", 2999),
            of(1015, "Chef's Knife", "kitchen", 4999),
            of(1016, "Espresso Beans, 1kg", "grocery", 2499),
            of(1017, "Yoga Mat", "sports", 2999),
            of(1018, "Water Bottle", "sports", 1499),
            of(1019, "Backpack", "accessories", 5499),
            of(1020, "Sunglasses", "accessories", 8999));

    private static Product of(int number, String name, String category, long priceEurCents) {
        return new Product("prod_" + number, "SKU-" + number, name, category, priceEurCents);
    }

    static Product random(SplittableRandom r) {
        return CATALOG.get(r.nextInt(CATALOG.size()));
    }

    long priceCents(String currency) {
        double rate = switch (currency) {
            case "GBP" -> 0.86;
            case "USD" -> 1.08;
            default -> 1.0;
        };
        return Math.max(99, Math.round(priceEurCents * rate / 100.0) * 100 - 1);
    }

    String path() {
        return "/products/" + sku.toLowerCase(Locale.ROOT);
    }
}
