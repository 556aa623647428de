package io.c360.sample;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;

/**
 * The shop's order system: exports the order and its items on the day it is placed. Its database is also
 * captured by Debezium (order_changes): the order's creation, its cancellation or refund on a later day,
 * and the deletion of a few orders (test orders removed by staff). Like Debezium after a restart, some
 * changes are delivered twice, now and then a day late.
 */
final class Orders {

    static final double JUNK_EMAIL = 0.01;
    static final double CANCELLED = 0.05;
    static final double REFUNDED = 0.03;
    static final double DELETED = 0.01;
    static final double REDELIVERED = 0.02;

    /** One product in a cart. */
    record Item(Product product, int quantity, long unitCents) {
    }

    /** An order as the web shop sees it at checkout. */
    record Placed(String orderId, String currency, long totalCents, List<Item> items) {
    }

    private final SplittableRandom r;
    private final Timeline timeline;
    private final DayBuckets orders;
    private final DayBuckets orderItems;
    private final DayBuckets changes;
    private final Ids.Sequence orderIds = new Ids.Sequence("ORD-", 7, 1);
    private long lsn = 1_000_000L;

    Orders(SplittableRandom r, Timeline timeline, DayBuckets orders, DayBuckets orderItems, DayBuckets changes) {
        this.r = r;
        this.timeline = timeline;
        this.orders = orders;
        this.orderItems = orderItems;
        this.changes = changes;
    }

    /**
     * Places an order at {@code at}. A logged-in buyer ({@code userId} set) usually leaves the e-mail on the order
     * too; a guest checkout carries only the e-mail.
     */
    Placed place(Person buyer, String userId, long at, List<Item> items) {
        String orderId = orderIds.next();
        String currency = buyer.country().currency;
        long total = 0;
        for (Item item : items) {
            total += item.quantity() * item.unitCents();
        }
        List<IdFact> ids = new ArrayList<>();
        if (userId != null) {
            ids.add(IdFact.of(IdFact.USER_ID, userId, buyer.personId()));
        }
        String email = null;
        if (r.nextDouble() < JUNK_EMAIL) {
            email = Names.pick(Noise.JUNK_EMAILS, r);
            ids.add(IdFact.junk(IdFact.EMAIL, email));
        } else if (userId == null || r.nextDouble() < 0.8) {
            email = Noise.email(buyer.email(), 0.1, r);
            ids.add(IdFact.of(IdFact.EMAIL, buyer.email(), buyer.personId()));
        }
        int day = timeline.dayOf(at);
        long updated = at + Timeline.SECOND * (1 + r.nextInt(30));
        orders.add(day, OutputLine.text(at, orderRow(orderId, userId, email, "completed", currency, total, at, updated),
                orderId, buyer.personId(), ids));
        for (int i = 0; i < items.size(); i++) {
            Item item = items.get(i);
            Product p = item.product();
            orderItems.add(day, OutputLine.text(at, Csv.row(orderId, i + 1, p.sku(), p.name(), p.category(),
                    item.quantity(), Money.text(item.unitCents()), currency), null, null, List.of()));
        }
        Map<String, Object> row = changeRow(orderId, userId, email, "completed", currency, total, at, updated);
        change("c", null, row, updated, ids);
        scheduleStatusChange(row, at, ids);
        return new Placed(orderId, currency, total, List.copyOf(items));
    }

    private void scheduleStatusChange(Map<String, Object> placed, long orderedAt, List<IdFact> ids) {
        double roll = r.nextDouble();
        String status;
        long changedAt;
        if (roll < CANCELLED) {
            status = "cancelled";
            changedAt = orderedAt + Timeline.HOUR * (2 + r.nextInt(30));
        } else if (roll < CANCELLED + REFUNDED) {
            status = "refunded";
            changedAt = orderedAt + Timeline.DAY * (2 + r.nextInt(5)) + Timeline.MINUTE * r.nextInt(600);
        } else if (roll < CANCELLED + REFUNDED + DELETED) {
            change("d", placed, null, orderedAt + Timeline.HOUR * (1 + r.nextInt(5)), ids);
            return;
        } else {
            return;
        }
        Map<String, Object> after = new LinkedHashMap<>(placed);
        after.put("status", status);
        after.put("updated_at", Timeline.iso(changedAt));
        change("u", placed, after, changedAt, ids);
    }

    /** A Debezium change event of the orders table: the row before and after, operation, commit time, log position. */
    private void change(String op, Map<String, Object> before, Map<String, Object> after, long at, List<IdFact> ids) {
        long position = lsn++;
        byte[] event = Json.object(g -> {
            g.writeFieldName("before");
            Json.value(g, before);
            g.writeFieldName("after");
            Json.value(g, after);
            g.writeStringField("op", op);
            g.writeNumberField("ts_ms", at + 150);
            g.writeFieldName("source");
            Map<String, Object> source = new LinkedHashMap<>();
            source.put("connector", "postgresql");
            source.put("table", "orders");
            source.put("ts_ms", at);
            source.put("lsn", position);
            Json.value(g, source);
        });
        changes.add(timeline.dayOf(at), new OutputLine(at, event, null, null, List.copyOf(ids)));
        if (r.nextDouble() < REDELIVERED) {
            long again = at + (r.nextBoolean() ? Timeline.MINUTE : Timeline.DAY);
            changes.add(timeline.dayOf(again), new OutputLine(again, event, null, null, List.copyOf(ids)));
        }
    }

    private static Map<String, Object> changeRow(String orderId, String userId, String email, String status,
                                                 String currency, long totalCents, long orderedAt, long updatedAt) {
        Map<String, Object> row = new LinkedHashMap<>();
        row.put("order_id", orderId);
        row.put("user_id", userId);
        row.put("email", email);
        row.put("status", status);
        row.put("currency", currency);
        row.put("total_amount", new java.math.BigDecimal(Money.text(totalCents)));
        row.put("ordered_at", Timeline.iso(orderedAt));
        row.put("updated_at", Timeline.iso(updatedAt));
        return row;
    }

    private static String orderRow(String orderId, String userId, String email, String status, String currency,
                                   long totalCents, long orderedAt, long updatedAt) {
        return Csv.row(orderId, userId, email, status, currency, Money.text(totalCents), Timeline.iso(orderedAt),
                Timeline.iso(updatedAt));
    }
}
