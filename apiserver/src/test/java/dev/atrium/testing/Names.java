package dev.atrium.testing;

import java.util.concurrent.ThreadLocalRandom;

/** Unique object names, so tests sharing one control plane never see each other's objects. */
public final class Names {
    private Names() {}

    public static String unique(String prefix) {
        return prefix + "-" + Long.toString(ThreadLocalRandom.current().nextLong(1L << 40, 1L << 41), 36);
    }
}
