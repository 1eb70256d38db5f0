package dev.atrium.leader.election;

import java.time.Duration;

/**
 * The Lease a replica competes for, and its timing (defaults as kube-controller-manager's:
 * 15 s lease, 10 s renew deadline, 2 s retry).
 */
public record LeaseSettings(String namespace, String name, String identity, Duration leaseDuration,
        Duration renewDeadline, Duration retryPeriod) {

    public LeaseSettings {
        if (leaseDuration.compareTo(renewDeadline) <= 0 || renewDeadline.compareTo(retryPeriod) <= 0
                || retryPeriod.isNegative() || retryPeriod.isZero()) {
            throw new IllegalArgumentException(
                    "need lease duration > renew deadline > retry period > 0, got %s, %s, %s"
                            .formatted(leaseDuration, renewDeadline, retryPeriod));
        }
    }
}
