package io.c360.sample;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

/**
 * The shop's order system: writes the order and its items on the day it is placed, and re-exports the order
 * on a later day when it is cancelled or refunded.
 */
final class Orders {

    static final double JUNK_EMAIL = 0.01;
    static final double CANCELLED = 0.05;
    static final double REFUNDED = 0.03;

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
    private final Ids.Sequence orderIds = new Ids.Sequence("ORD-", 7, 1);

    Orders(SplittableRandom r, Timeline timeline, DayBuckets orders, DayBuckets orderItems) {
        this.r = r;
        this.timeline = timeline;
        this.orders = orders;
        this.orderItems = orderItems;
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
        scheduleStatusChange(orderId, userId, email, currency, total, at, ids);
        return new Placed(orderId, currency, total, List.copyOf(items));
    }

    private void scheduleStatusChange(String orderId, String userId, String email, String currency, long total,
                                      long orderedAt, List<IdFact> ids) {
        double roll = r.nextDouble();
        String status;
        long changedAt;
        if (roll < CANCELLED) {
            status = "cancelled";
            changedAt = orderedAt + Timeline.HOUR * (2 + r.nextInt(30));
        } else if (roll < CANCELLED + REFUNDED) {
            status = "refunded";
            changedAt = orderedAt + Timeline.DAY * (2 + r.nextInt(5)) + Timeline.MINUTE * r.nextInt(600);
        } else {
            return;
        }
        orders.add(timeline.dayOf(changedAt), OutputLine.text(changedAt,
                orderRow(orderId, userId, email, status, currency, total, orderedAt, changedAt), null, null, ids));
    }

    private static String orderRow(String orderId, String userId, String email, String status, String currency,
                                   long totalCents, long orderedAt, long updatedAt) {
        return Csv.row(orderId, userId, email, status, currency, Money.text(totalCents), Timeline.iso(orderedAt),
                Timeline.iso(updatedAt));
    }
}
