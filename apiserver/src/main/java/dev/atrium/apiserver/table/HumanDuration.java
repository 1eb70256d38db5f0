package dev.atrium.apiserver.table;

import java.time.Duration;

/**
 * Ages as kubectl shows them ("70s", "3m10s", "2d1h", "2y1d"): the rules of
 * k8s.io/apimachinery's duration.HumanDuration, about two to three significant figures.
 */
public final class HumanDuration {

    private HumanDuration() {
    }

    public static String format(Duration duration) {
        // Whole seconds, truncated toward zero as Go's int(d.Seconds()) does.
        long seconds = duration.isNegative() ? -duration.negated().getSeconds() : duration.getSeconds();
        // Up to two seconds in the future count as now: clocks of the replicas and etcd differ a little.
        if (seconds < -1) {
            return "<invalid>";
        } else if (seconds < 0) {
            return "0s";
        } else if (seconds < 60 * 2) {
            return seconds + "s";
        }
        long minutes = seconds / 60;
        if (minutes < 10) {
            long s = seconds % 60;
            return s == 0 ? minutes + "m" : minutes + "m" + s + "s";
        } else if (minutes < 60 * 3) {
            return minutes + "m";
        }
        long hours = minutes / 60;
        if (hours < 8) {
            long m = minutes % 60;
            return m == 0 ? hours + "h" : hours + "h" + m + "m";
        } else if (hours < 48) {
            return hours + "h";
        } else if (hours < 24 * 8) {
            long h = hours % 24;
            return h == 0 ? hours / 24 + "d" : hours / 24 + "d" + h + "h";
        } else if (hours < 24 * 365 * 2) {
            return hours / 24 + "d";
        } else if (hours < 24 * 365 * 8) {
            long dy = hours / 24 % 365;
            return dy == 0 ? hours / 24 / 365 + "y" : hours / 24 / 365 + "y" + dy + "d";
        }
        return hours / 24 / 365 + "y";
    }
}
