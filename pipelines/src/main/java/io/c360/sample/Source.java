package io.c360.sample;

import java.nio.file.Path;
import java.util.Locale;

/** The landing folders, their file names and CSV headers, in the order summaries list them. */
enum Source {
    WEB_EVENTS("web_events", null),
    CRM_CONTACTS("crm_contacts", "crm_id,email,phone,first_name,last_name,birth_date,street,city,postal_code,country,updated_at,is_deleted"),
    ORDERS("orders", "order_id,user_id,email,status,currency,total_amount,ordered_at,updated_at"),
    ORDER_ITEMS("order_items", "order_id,line_number,sku,product_name,category,quantity,unit_price,currency"),
    ORDER_CHANGES("order_changes", null),
    EMAIL_ENGAGEMENT("email_engagement", "event_id,email,campaign_id,event_type,occurred_at,url"),
    CONSENT("consent", null);

    /** Summary key for web_events lines that are not valid JSON objects. */
    static final String WEB_EVENTS_MALFORMED = "web_events_malformed";

    final String folder;
    /** CSV header, null for JSON sources. */
    final String header;

    Source(String folder, String header) {
        this.folder = folder;
        this.header = header;
    }

    /** The file of a day; {@code part} numbers web_events files within the day (1-based). */
    Path file(Path outDir, String date, int part) {
        Path dir = outDir.resolve(folder);
        return switch (this) {
            case WEB_EVENTS -> dir.resolve(date).resolve(String.format(Locale.ROOT, "events-%03d.json.gz", part));
            case CRM_CONTACTS -> dir.resolve("contacts-" + date + ".csv");
            case ORDERS -> dir.resolve("orders-" + date + ".csv");
            case ORDER_ITEMS -> dir.resolve("order_items-" + date + ".csv");
            case ORDER_CHANGES -> dir.resolve("changes-" + date + ".json");
            case EMAIL_ENGAGEMENT -> dir.resolve("engagement-" + date + ".csv");
            case CONSENT -> dir.resolve("consent-" + date + ".json");
        };
    }
}
