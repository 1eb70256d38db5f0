package dev.atrium.leader;

import dev.atrium.controllers.Controllers;
import dev.atrium.leader.election.LeaderTerm;
import io.kubernetes.client.openapi.ApiClient;
import java.time.Duration;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** One leadership term: a fresh set of controllers, started on winning the lease, stopped on losing it. */
final class ControllersTerm implements LeaderTerm {

    private static final Logger LOG = LoggerFactory.getLogger(ControllersTerm.class);

    private final Controllers controllers;
    private final Duration syncTimeout;
    private final Duration stopTimeout;
    private final TermJournal journal;

    /**
     * @param syncTimeout how long the controllers' caches may take to fill before the term fails
     * @param stopTimeout how long in-flight reconciles may take after the term ends; below
     *                    lease duration minus renew deadline, so a deposed leader has stopped
     *                    before a successor can hold the lease
     * @param journal     records when this term's controllers start and when they have stopped
     */
    ControllersTerm(ApiClient client, Duration syncTimeout, Duration stopTimeout, TermJournal journal) {
        this.controllers = new Controllers(client);
        this.syncTimeout = syncTimeout;
        this.stopTimeout = stopTimeout;
        this.journal = journal;
    }

    Controllers controllers() {
        return controllers;
    }

    /** Throws when the controllers' caches do not sync within the sync timeout. */
    @Override
    public void start() {
        journal.started();
        try {
            controllers.start(syncTimeout);
        } catch (InterruptedException e) {
            // The term is being stopped (lease lost, or shutdown) while the caches synced.
            Thread.currentThread().interrupt();
        }
    }

    @Override
    public void stop() {
        try {
            if (!controllers.stop(stopTimeout)) {
                LOG.warn("reconciles still in flight after {}; abandoned", stopTimeout);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } finally {
            // Also after abandoned reconciles: they are cut off by the stop timeout, which is
            // below lease duration minus renew deadline.
            journal.stopped();
        }
    }
}
