package dev.atrium.leader.election;

import io.kubernetes.client.extended.leaderelection.LeaderElectionConfig;
import io.kubernetes.client.extended.leaderelection.LeaderElector;
import io.kubernetes.client.extended.leaderelection.resourcelock.LeaseLock;
import io.kubernetes.client.openapi.ApiClient;
import java.time.Duration;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Leader election for the controllers, on client-java-extended's {@link LeaderElector} with a
 * {@link LeaseLock}. The replica moves between non-leader mode (no term) and leader mode (a
 * running {@link LeaderTerm}) without restarting.
 *
 * <p>A {@code LeaderElector} cannot acquire again once it lost the lease, so each campaign uses
 * a fresh one. Losing the lease stops the term synchronously: the elector gives up after the
 * renew deadline, before the lease duration lets another replica in. {@link #close()} stops the
 * term first and then releases the lease ({@link LeaseRelease}), so a successor can take over at once.
 *
 * <p>A term that fails to start (its {@link LeaderTerm#start()} throws, e.g. the controllers'
 * caches did not sync) is stopped, the lease is released so another replica can lead, and after
 * one lease duration this replica campaigns again with a new term.
 */
public final class LeaderElection implements Leadership {

    private static final Logger LOG = LoggerFactory.getLogger(LeaderElection.class);

    private final ApiClient client;
    private final LeaseWatch leaseWatch;
    private final LeaseSettings settings;
    private final Supplier<LeaderTerm> terms;
    private final Thread campaigner;
    private volatile boolean closed;
    private volatile LeaderElector elector;
    private LeaderTerm term;
    private long termsStarted;
    private long termFailures;
    private volatile boolean termFailed;

    /**
     * @param client      for the Lease updates; its timeouts should be well below the renew deadline
     * @param watchClient for the watch on the Lease; without read timeout
     */
    public LeaderElection(ApiClient client, ApiClient watchClient, LeaseSettings settings, Supplier<LeaderTerm> terms) {
        this.client = client;
        this.leaseWatch = new LeaseWatch(watchClient, client, settings, this::campaignNow);
        this.settings = settings;
        this.terms = terms;
        this.campaigner = Thread.ofPlatform().name("leader-election").daemon().unstarted(this::campaign);
    }

    public LeaderElection start() {
        campaigner.start();
        leaseWatch.start();
        return this;
    }

    /**
     * The lease was released: a candidate starts a fresh campaign now instead of at its next
     * retry. Interrupting the elector while it waits to acquire ends its run(); the campaign
     * loop then starts a new elector, whose first attempt is immediate.
     */
    private synchronized void campaignNow() {
        LeaderElector current = elector;
        if (closed || term != null || current == null || termFailed) {
            return;
        }
        LOG.debug("lease {}/{} released; campaigning now", settings.namespace(), settings.name());
        current.close();
        campaigner.interrupt();
    }

    @Override
    public synchronized boolean isLeader() {
        return term != null;
    }

    @Override
    public synchronized long termsStarted() {
        return termsStarted;
    }

    @Override
    public synchronized long termFailures() {
        return termFailures;
    }

    public String identity() {
        return settings.identity();
    }

    private void campaign() {
        while (!closed) {
            Thread.interrupted(); // a campaignNow() that arrived between two electors
            LeaderElector current = new LeaderElector(new LeaderElectionConfig(
                    new LeaseLock(settings.namespace(), settings.name(), settings.identity(), client),
                    settings.leaseDuration(), settings.renewDeadline(), settings.retryPeriod()),
                    error -> LOG.warn("lease {}/{}: {}", settings.namespace(), settings.name(), error.toString()));
            elector = current;
            current.run(this::startTerm, this::stopTerm);
            if (!closed) {
                current.close();
            }
            if (termFailed) {
                Thread.interrupted(); // startTerm() interrupted this thread to end the renew loop
                LeaseRelease.releaseIfHeld(client, settings);
                backOff();
            }
        }
    }

    /** After a failed term, others get one lease duration to take over before this replica campaigns again. */
    private void backOff() {
        elector = null; // no campaignNow() while backing off
        termFailed = false;
        long until = System.nanoTime() + settings.leaseDuration().toNanos();
        while (!closed && System.nanoTime() < until) {
            try {
                Thread.sleep(Duration.ofNanos(until - System.nanoTime()));
            } catch (InterruptedException e) {
                // close() ends the wait through the loop's condition
            }
        }
    }

    /** On the elector's hook thread, while its campaign thread renews the lease. */
    private synchronized void startTerm() {
        if (closed || term != null) {
            return;
        }
        LOG.info("{} acquired lease {}/{}: leader mode", settings.identity(), settings.namespace(), settings.name());
        term = terms.get();
        termsStarted++;
        try {
            term.start();
        } catch (RuntimeException e) {
            termFailures++;
            LOG.error("{}: the term failed to start; stopping it and giving up lease {}/{}", settings.identity(),
                    settings.namespace(), settings.name(), e);
            stopTerm();
            // Ends the elector's renew loop; the campaign loop then closes the elector, which
            // releases the lease, and campaigns again after backing off.
            termFailed = true;
            campaigner.interrupt();
        }
    }

    private synchronized void stopTerm() {
        if (term == null) {
            return;
        }
        LOG.info("{} stops leading: non-leader mode", settings.identity());
        term.stop();
        term = null;
    }

    /** Stops the term (waiting for its in-flight work), then releases the lease if held. */
    @Override
    public void close() {
        closed = true;
        leaseWatch.close();
        stopTerm();
        LeaderElector current = elector;
        if (current != null) {
            current.close();
        }
        campaigner.interrupt();
        try {
            campaigner.join(settings.retryPeriod().multipliedBy(3).toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return;
        }
        LeaseRelease.releaseIfHeld(client, settings);
    }
}
