package io.c360.config;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The columns c360 types from a Segment / RudderStack spec event. Anything else the event carries
 * stays in the bronze table's {@code _raw} column.
 */
final class SegmentSpec {
  private SegmentSpec() {}

  static Map<String, String> columns() {
    Map<String, String> c = new LinkedHashMap<>();
    c.put("messageId", "string");
    c.put("type", "string");
    c.put("event", "string");
    c.put("name", "string");
    c.put("userId", "string");
    c.put("anonymousId", "string");
    c.put("previousId", "string");
    c.put("groupId", "string");
    c.put("timestamp", "string");
    c.put("originalTimestamp", "string");
    c.put("sentAt", "string");
    c.put("receivedAt", "string");
    c.put("context", "struct<ip:string,userAgent:string,locale:string,timezone:string,"
        + "page:struct<url:string,path:string,referrer:string,title:string,search:string>,"
        + "campaign:struct<name:string,source:string,medium:string,term:string,content:string>,"
        + "library:struct<name:string,version:string>,"
        + "device:struct<id:string,type:string,manufacturer:string,model:string>,"
        + "os:struct<name:string,version:string>,"
        + "traits:struct<email:string,phone:string>>");
    c.put("traits", "struct<email:string,phone:string,firstName:string,lastName:string,name:string,"
        + "birthday:string,address:struct<street:string,city:string,postalCode:string,country:string>>");
    c.put("properties", "string");
    return c;
  }
}
