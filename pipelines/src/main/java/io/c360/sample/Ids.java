package io.c360.sample;

import java.util.Locale;
import java.util.SplittableRandom;
import java.util.UUID;

/** Identifier formats: seeded version-4-looking UUIDs and zero-padded sequences with random gaps. */
final class Ids {

    private Ids() {
    }

    static String uuid(SplittableRandom r) {
        long msb = (r.nextLong() & ~0xF000L) | 0x4000L;
        long lsb = (r.nextLong() & 0x3FFFFFFFFFFFFFFFL) | 0x8000000000000000L;
        return new UUID(msb, lsb).toString();
    }

    /** A counter rendered as {@code prefix + zero-padded number}; {@code next(r, gap)} skips up to gap-1 numbers. */
    static final class Sequence {
        private final String format;
        private long value;

        Sequence(String prefix, int width, long start) {
            this.format = prefix + "%0" + width + "d";
            this.value = start - 1;
        }

        String next() {
            return String.format(Locale.ROOT, format, ++value);
        }

        String next(SplittableRandom r, int maxGap) {
            value += 1 + r.nextInt(maxGap);
            return String.format(Locale.ROOT, format, value);
        }
    }
}
