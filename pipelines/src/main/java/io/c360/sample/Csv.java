package io.c360.sample;

/** RFC 4180 rendering of one row (no line ending). Fields with comma, quote, CR/LF or edge spaces are quoted. */
final class Csv {

    private Csv() {
    }

    static String row(Object... values) {
        StringBuilder b = new StringBuilder();
        for (int i = 0; i < values.length; i++) {
            if (i > 0) {
                b.append(',');
            }
            b.append(field(values[i]));
        }
        return b.toString();
    }

    static String field(Object value) {
        if (value == null) {
            return "";
        }
        String s = value.toString();
        boolean quote = s.indexOf(',') >= 0 || s.indexOf('"') >= 0 || s.indexOf('\n') >= 0 || s.indexOf('\r') >= 0
                || (!s.isEmpty() && (s.charAt(0) == ' ' || s.charAt(s.length() - 1) == ' '));
        return quote ? '"' + s.replace("\"", "\"\"") + '"' : s;
    }
}
