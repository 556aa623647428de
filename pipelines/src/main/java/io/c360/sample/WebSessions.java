package io.c360.sample;

import com.fasterxml.jackson.core.JsonGenerator;

import java.io.IOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;

/**
 * Simulates visits to the web shop and records them as Segment (analytics.js) events: people browse anonymously,
 * may log in (identify, the first time also alias), add to cart and check out (Order Completed + an order).
 * A browser remembers a login; a shop kiosk does not, so several people log in on the same kiosk anonymousId.
 */
final class WebSessions {

    static final String SITE = "https://shop.example.com";
    static final double DUPLICATE_RATE = 0.01;

    private static final List<String> CATEGORIES = List.of("apparel", "footwear", "electronics", "home", "kitchen", "sports");
    private static final List<String> REFERRERS = List.of("", "https://www.google.com/", "https://www.bing.com/",
            "https://www.facebook.com/", "https://www.instagram.com/", "");
    private static final List<List<String>> CAMPAIGNS = List.of(
            List.of("autumn_sale", "newsletter", "email"),
            List.of("autumn_sale", "google", "cpc"),
            List.of("brand_awareness", "facebook", "social"),
            List.of("winback", "newsletter", "email"));

    private final SplittableRandom r;
    private final Timeline timeline;
    private final DayBuckets web;
    private final Orders orders;
    private final ConsentLog consent;
    private final List<Device> kiosks;
    /** Per person: bit i set when device i remembers the login. */
    private final int[] rememberedLogins;
    private final boolean[] everLoggedIn;

    WebSessions(SplittableRandom r, Timeline timeline, DayBuckets web, Orders orders, ConsentLog consent,
                List<Device> kiosks, int people) {
        this.r = r;
        this.timeline = timeline;
        this.web = web;
        this.orders = orders;
        this.consent = consent;
        this.kiosks = kiosks;
        this.rememberedLogins = new int[people];
        this.everLoggedIn = new boolean[people];
    }

    void simulateDay(int day, List<Person> people) {
        for (int i = 0; i < people.size(); i++) {
            Person p = people.get(i);
            if (p.kioskDay() == day) {
                long start = timeline.dayStart(day) + Timeline.HOUR * 9 + r.nextLong(9 * Timeline.HOUR);
                visit(new Session(i, p, day, Names.pick(kiosks, r), true, start));
            }
            if (r.nextDouble() < p.activity()) {
                int device = r.nextInt(p.devices().size());
                long start = timeline.dayStart(day) + Timeline.HOUR * 6 + r.nextLong(17 * Timeline.HOUR);
                Session s = new Session(i, p, day, p.devices().get(device), false, start);
                if ((rememberedLogins[i] & (1 << device)) != 0) {
                    s.userId = p.userId();
                }
                s.deviceBit = 1 << device;
                visit(s);
            }
        }
    }

    /** Mutable state of one visit. */
    private static final class Session {
        final int index;
        final Person person;
        final int day;
        final Device device;
        final boolean kiosk;
        long now;
        int deviceBit;
        String userId;
        Map<String, Object> page;
        Map<String, Object> campaign;

        Session(int index, Person person, int day, Device device, boolean kiosk, long start) {
            this.index = index;
            this.person = person;
            this.day = day;
            this.device = device;
            this.kiosk = kiosk;
            this.now = start;
        }
    }

    private void visit(Session s) {
        Person p = s.person;
        land(s);
        int views = 1 + r.nextInt(5);
        boolean logsIn = p.registered() && s.userId == null && (s.kiosk || r.nextDouble() < 0.35);
        int loginBefore = logsIn ? r.nextInt(views) : -1;
        List<Orders.Item> cart = new ArrayList<>();
        for (int v = 0; v < views; v++) {
            if (v == loginBefore) {
                logIn(s);
            }
            Product product = Product.random(r);
            goTo(s, product.path(), product.name() + " | Example Shop");
            long price = product.priceCents(p.country().currency);
            track(s, "Product Viewed", productProperties(product, price, null, p.country().currency));
            if (r.nextDouble() < 0.3) {
                int quantity = r.nextDouble() < 0.8 ? 1 : 2 + r.nextInt(2);
                track(s, "Product Added", productProperties(product, price, quantity, p.country().currency));
                cart.add(new Orders.Item(product, quantity, price));
            }
        }
        if (!cart.isEmpty() && !p.anonymousOnly() && r.nextDouble() < 0.45) {
            if (p.registered() && s.userId == null && r.nextDouble() < 0.85) {
                logIn(s);
            }
            checkOut(s, cart);
        }
    }

    private void land(Session s) {
        double roll = r.nextDouble();
        String path;
        String title;
        if (roll < 0.5) {
            path = "/";
            title = "Example Shop";
        } else if (roll < 0.7) {
            String category = Names.pick(CATEGORIES, r);
            path = "/category/" + category;
            title = category + " | Example Shop";
        } else {
            Product product = Product.random(r);
            path = product.path();
            title = product.name() + " | Example Shop";
        }
        String referrer = Names.pick(REFERRERS, r);
        String query = "";
        if (r.nextDouble() < 0.25) {
            List<String> c = Names.pick(CAMPAIGNS, r);
            s.campaign = new LinkedHashMap<>();
            s.campaign.put("name", c.get(0));
            s.campaign.put("source", c.get(1));
            s.campaign.put("medium", c.get(2));
            query = "?utm_source=" + c.get(1) + "&utm_medium=" + c.get(2) + "&utm_campaign=" + c.get(0);
        }
        s.page = pageContext(path + query, path, referrer, title);
        page(s, title.equals("Example Shop") ? "Home" : title.substring(0, title.indexOf(" | ")));
    }

    private void goTo(Session s, String path, String title) {
        String referrer = (String) s.page.get("url");
        s.campaign = null;
        s.page = pageContext(path, path, referrer, title);
        page(s, title.substring(0, title.indexOf(" | ")));
    }

    private void logIn(Session s) {
        Person p = s.person;
        goTo(s, "/login", "Log in | Example Shop");
        s.userId = p.userId();
        Map<String, Object> traits = new LinkedHashMap<>();
        traits.put("email", Noise.email(p.email(), 0.1, r));
        List<IdFact> ids = new ArrayList<>();
        ids.add(IdFact.of(IdFact.EMAIL, p.email(), p.personId()));
        if (r.nextDouble() < 0.6) {
            traits.put("phone", PhoneNumbers.noisy(p.phone(), p.country(), r));
            ids.add(IdFact.of(IdFact.PHONE, p.phone(), p.personId()));
        }
        traits.put("firstName", p.firstName());
        traits.put("lastName", p.lastName());
        emit(s, "identify", g -> {
            g.writeFieldName("traits");
            Json.value(g, traits);
        }, ids);
        if (!everLoggedIn[s.index] && !s.kiosk && r.nextDouble() < 0.6) {
            emit(s, "alias", g -> g.writeStringField("previousId", s.device.anonymousId()), List.of());
        }
        if (!s.kiosk) {
            rememberedLogins[s.index] |= s.deviceBit;
        }
        if (!everLoggedIn[s.index]) {
            everLoggedIn[s.index] = true;
            consent.decide(s.now, IdFact.USER_ID, p.userId(), p.personId(), "analytics", "web", consent.grants(0.85));
            consent.decide(s.now + 1, IdFact.USER_ID, p.userId(), p.personId(), "personalisation", "web", consent.grants(0.65));
        }
    }

    private void checkOut(Session s, List<Orders.Item> cart) {
        goTo(s, "/checkout", "Checkout | Example Shop");
        Orders.Placed order = orders.place(s.person, s.userId, s.now, cart);
        List<Object> products = new ArrayList<>();
        for (Orders.Item item : order.items()) {
            products.add(productProperties(item.product(), item.unitCents(), item.quantity(), null));
        }
        Map<String, Object> properties = new LinkedHashMap<>();
        properties.put("order_id", order.orderId());
        properties.put("revenue", Money.decimal(order.totalCents()));
        properties.put("currency", order.currency());
        properties.put("products", products);
        track(s, "Order Completed", properties);
    }

    private static Map<String, Object> productProperties(Product p, long priceCents, Integer quantity, String currency) {
        Map<String, Object> properties = new LinkedHashMap<>();
        properties.put("product_id", p.productId());
        properties.put("sku", p.sku());
        properties.put("category", p.category());
        properties.put("name", p.name());
        properties.put("price", Money.decimal(priceCents));
        if (quantity != null) {
            properties.put("quantity", quantity);
        }
        if (currency != null) {
            properties.put("currency", currency);
        }
        return properties;
    }

    private static Map<String, Object> pageContext(String pathAndQuery, String path, String referrer, String title) {
        Map<String, Object> page = new LinkedHashMap<>();
        page.put("path", path);
        page.put("referrer", referrer);
        page.put("title", title);
        page.put("url", SITE + pathAndQuery);
        return page;
    }

    private void page(Session s, String name) {
        emit(s, "page", g -> {
            g.writeStringField("name", name);
            g.writeFieldName("properties");
            Json.value(g, s.page);
        }, List.of());
    }

    private void track(Session s, String event, Map<String, Object> properties) {
        emit(s, "track", g -> {
            g.writeStringField("event", event);
            g.writeFieldName("properties");
            Json.value(g, properties);
        }, List.of());
    }

    private void emit(Session s, String type, Json.Fields specific, List<IdFact> extraIds) {
        Person p = s.person;
        String messageId = Ids.uuid(r);
        long timestamp = s.now;
        long sentAt = timestamp + r.nextInt(2_000);
        long receivedAt = sentAt + 40 + r.nextInt(1_500);
        String userId = s.userId;
        Map<String, Object> campaign = s.campaign;
        Map<String, Object> page = s.page;
        byte[] json = Json.object(g -> {
            g.writeStringField("messageId", messageId);
            g.writeStringField("type", type);
            g.writeStringField("anonymousId", s.device.anonymousId());
            if (userId != null) {
                g.writeStringField("userId", userId);
            }
            specific.write(g);
            writeContext(g, s, page, campaign);
            g.writeStringField("timestamp", Timeline.iso(timestamp));
            g.writeStringField("sentAt", Timeline.iso(sentAt));
            g.writeStringField("receivedAt", Timeline.iso(receivedAt));
        });
        List<IdFact> ids = new ArrayList<>(extraIds.size() + 2);
        ids.add(s.kiosk ? IdFact.shared(IdFact.ANONYMOUS_ID, s.device.anonymousId())
                : IdFact.of(IdFact.ANONYMOUS_ID, s.device.anonymousId(), p.personId()));
        if (userId != null) {
            ids.add(IdFact.of(IdFact.USER_ID, userId, p.personId()));
        }
        ids.addAll(extraIds);
        OutputLine line = new OutputLine(receivedAt, json, messageId, p.personId(), List.copyOf(ids));
        web.add(s.day, line);
        if (r.nextDouble() < DUPLICATE_RATE) {
            long retriedAt = Math.min(receivedAt + Timeline.MINUTE * (1 + r.nextInt(120)), timeline.dayEnd(s.day));
            web.add(s.day, line.repeatedAt(retriedAt));
        }
        s.now = timestamp + Timeline.SECOND * (5 + r.nextInt(85));
    }

    private static void writeContext(JsonGenerator g, Session s, Map<String, Object> page, Map<String, Object> campaign)
            throws IOException {
        g.writeObjectFieldStart("context");
        g.writeStringField("ip", s.device.ip());
        g.writeStringField("userAgent", s.device.userAgent());
        g.writeStringField("locale", s.person.country().locale);
        g.writeFieldName("page");
        Json.value(g, page);
        if (campaign != null) {
            g.writeFieldName("campaign");
            Json.value(g, campaign);
        }
        g.writeObjectFieldStart("library");
        g.writeStringField("name", "analytics.js");
        g.writeStringField("version", "5.2.1");
        g.writeEndObject();
        g.writeEndObject();
    }
}
