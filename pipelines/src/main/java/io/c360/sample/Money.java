package io.c360.sample;

import java.math.BigDecimal;

/** Amounts are kept in cents and written with two decimals and a dot. */
final class Money {

    private Money() {
    }

    static BigDecimal decimal(long cents) {
        return BigDecimal.valueOf(cents, 2);
    }

    static String text(long cents) {
        return decimal(cents).toPlainString();
    }
}
